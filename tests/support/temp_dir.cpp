#include "temp_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <system_error>

namespace fs = std::filesystem;

namespace {

// Owns the process's scratch folders; its destructor runs at exit.
struct Folders {
  std::map<std::string, fs::path> byKind;
  ~Folders() {
    if (std::getenv("TWINSCAPE_KEEP_TEST_FILES")) return;
    for (const auto& [kind, path] : byKind) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

}  // namespace

fs::path testTempDir(const std::string& kind) {
  static Folders folders;
  auto it = folders.byKind.find(kind);
  if (it != folders.byKind.end()) {
    fs::create_directories(it->second);  // a test may have removed it
    return it->second;
  }
  fs::path d = fs::temp_directory_path() / ("twinscape-" + kind + "-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(d, ec);
  fs::create_directories(d);
  folders.byKind.emplace(kind, d);
  return d;
}
