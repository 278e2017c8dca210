// main() of the render tests: GoogleTest's, plus the one channel that approves goldens.
//
//   render_tests                     compare every render with its golden (what ctest runs)
//   render_tests --approve-goldens   store every render as its golden (scripts/approve-goldens.sh)
//
// ctest runs the discovered tests with GoogleTest's own flags only, so a normal run never
// approves; no environment variable is read for it (a TWINSCAPE_UPDATE_GOLDENS left set
// in a shell from the old mechanism is ignored, with a note). Any other argument is an
// error, so a misspelt flag cannot quietly fall back to comparing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "golden.h"

namespace {

// After an approval run of every test: the goldens of the table that no test stored.
int reportGoldensNotApproved() {
  const std::vector<std::string>& approved = goldensApproved();
  int missing = 0;
  for (const GoldenEntry& e : goldenTable())
    if (std::find(approved.begin(), approved.end(), e.name) == approved.end()) {
      std::fprintf(stderr, "render_tests: golden '%.*s' was not re-rendered by any test\n", int(e.name.size()),
                   e.name.data());
      ++missing;
    }
  return missing;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);  // removes GoogleTest's flags from argv
  bool approve = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--approve-goldens") {
      approve = true;
      continue;
    }
    std::fprintf(stderr, "render_tests: unknown argument '%s' (GoogleTest's flags, or --approve-goldens)\n", argv[i]);
    return 2;
  }
  if (!approve && std::getenv("TWINSCAPE_UPDATE_GOLDENS"))
    std::fprintf(stderr,
                 "render_tests: note: TWINSCAPE_UPDATE_GOLDENS is ignored, renders are compared with their goldens; "
                 "scripts/approve-goldens.sh approves new ones\n");
  setGoldenApproval(approve);
  int result = RUN_ALL_TESTS();
  if (!approve || ::testing::GTEST_FLAG(list_tests)) return result;
  std::printf("render_tests: approved %zu golden(s) into %s\n", goldensApproved().size(),
              defaultGoldenPaths().goldens.c_str());
  // A filtered run approves what it ran; a full run must have stored every golden.
  if (::testing::GTEST_FLAG(filter) == "*" && reportGoldensNotApproved() > 0) return 1;
  return result;
}
