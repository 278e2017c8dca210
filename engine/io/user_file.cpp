#include "io/user_file.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/json_file.h"

namespace ts::io {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path configDir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return fs::path(x) / "twinscape";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".config" / "twinscape";
  return fs::temp_directory_path() / "twinscape-config";
}

fs::path userFileFor(const std::string& scene) {
  if (scene == "demo") return configDir() / "demo.user.json";
  fs::path p(scene);
  return p.parent_path() / (p.stem().string() + ".user.json");
}

Result<std::vector<scene::CameraBookmark>> readUserBookmarks(const fs::path& file) {
  std::vector<scene::CameraBookmark> out;
  if (!fs::exists(file)) return out;
  auto doc = readJsonFile(file, "user file");
  if (!doc) return std::unexpected(doc.error());
  const json& bms = doc->contains("bookmarks") ? (*doc)["bookmarks"] : json::array();
  if (!bms.is_array()) return fail("'" + file.string() + "': 'bookmarks' must be an array");
  for (size_t i = 0; i < bms.size(); ++i) {
    const json& b = bms[i];
    std::string where = "'" + file.string() + "': 'bookmarks[" + std::to_string(i) + "]'";
    if (!b.is_object() || !b.contains("name") || !b["name"].is_string())
      return fail(where + " needs a \"name\" string");
    scene::CameraBookmark bm;
    bm.name = b["name"].get<std::string>();
    const json& t = b.value("target", json::array({0, 0, 0}));
    if (!t.is_array() || t.size() != 3 || !t[0].is_number() || !t[1].is_number() || !t[2].is_number())
      return fail(where + ": 'target' must be [east, north, up]");
    bm.targetEnu = {t[0].get<float>(), t[1].get<float>(), t[2].get<float>()};
    for (auto [key, dst] : {std::pair{"heading_deg", &bm.headingDeg}, std::pair{"pitch_deg", &bm.pitchDeg},
                            std::pair{"range_m", &bm.rangeM}}) {
      if (!b.contains(key)) continue;
      if (!b[key].is_number()) return fail(where + ": '" + key + "' must be a number");
      *dst = b[key].get<double>();
    }
    if (!(bm.rangeM > 0) || std::abs(bm.pitchDeg) > 90) return fail(where + " needs range_m > 0 and |pitch_deg| <= 90");
    out.push_back(std::move(bm));
  }
  return out;
}

Result<> writeUserBookmarks(const fs::path& file, const std::vector<scene::CameraBookmark>& bookmarks) {
  json doc = {{"version", 1}, {"bookmarks", json::array()}};
  for (const auto& b : bookmarks)
    doc["bookmarks"].push_back({{"name", b.name},
                                {"target", {b.targetEnu.x, b.targetEnu.y, b.targetEnu.z}},
                                {"heading_deg", b.headingDeg},
                                {"pitch_deg", b.pitchDeg},
                                {"range_m", b.rangeM}});
  std::error_code ec;
  fs::create_directories(file.parent_path().empty() ? fs::path(".") : file.parent_path(), ec);
  fs::path tmp = file;
  tmp += ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << doc.dump(2) << "\n";
    if (!out) return fail("cannot write '" + file.string() + "'");
  }
  fs::rename(tmp, file, ec);
  if (ec) return fail("cannot write '" + file.string() + "': " + ec.message());
  return {};
}

}  // namespace ts::io
