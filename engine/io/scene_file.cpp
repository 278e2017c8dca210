#include "io/scene_file.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/json_parse.h"
#include "core/json_type.h"
#include "io/georef.h"
#include "io/json_file.h"

namespace ts::io {

using nlohmann::json;

namespace {

// Walks the document, remembering the JSON path for messages; the first type error
// is fatal, unknown keys become warnings.
struct Reader {
  std::string file;
  std::vector<std::string>* warnings;
  std::optional<std::string> error;

  bool failType(const std::string& path, const char* expected, const json& got) {
    if (!error) error = file + ": '" + path + "' must be " + expected + ", not " + jsonTypeName(got);
    return false;
  }
  void checkKeys(const json& obj, const std::string& path, std::initializer_list<const char*> known) {
    std::set<std::string> k(known.begin(), known.end());
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (!k.count(it.key()))
        warnings->push_back(file + ": unknown key '" + (path.empty() ? "" : path + ".") + it.key() + "' (ignored)");
  }
  template <class T>
  bool get(const json& obj, const char* key, const std::string& path, T& out, bool required = false) {
    std::string p = path.empty() ? key : path + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required && !error) error = file + ": '" + p + "' is missing";
      return !required;
    }
    if constexpr (std::is_same_v<T, std::string>) {
      if (!it->is_string()) return failType(p, "a string", *it);
      out = it->template get<std::string>();
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!it->is_boolean()) return failType(p, "true or false", *it);
      out = it->template get<bool>();
    } else if constexpr (std::is_same_v<T, int>) {
      if (!it->is_number_integer()) return failType(p, "an integer", *it);
      out = it->template get<int>();
    } else {
      if (!it->is_number()) return failType(p, "a number", *it);
      out = it->template get<double>();
    }
    return true;
  }
  bool getVec3(const json& obj, const char* key, const std::string& path, glm::dvec3& out) {
    std::string p = path + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_array() || it->size() != 3 || !(*it)[0].is_number() || !(*it)[1].is_number() || !(*it)[2].is_number())
      return failType(p, "an array of three numbers [east, north, up]", *it);
    out = {(*it)[0].get<double>(), (*it)[1].get<double>(), (*it)[2].get<double>()};
    return true;
  }
  bool getStatus(const json& obj, const std::string& path, scene::BuildingStatus& out) {
    std::string s = "existing";
    if (!get(obj, "status", path, s)) return false;
    if (s == "existing")
      out = scene::BuildingStatus::Existing;
    else if (s == "proposed")
      out = scene::BuildingStatus::Proposed;
    else {
      if (!error) error = file + ": '" + path + ".status' must be \"existing\" or \"proposed\", not \"" + s + "\"";
      return false;
    }
    return true;
  }
  bool getGeo(const json& obj, const std::string& path, scene::GeoOrigin& out) {
    if (!obj.is_object()) return failType(path, "an object", obj);
    checkKeys(obj, path, {"lat", "lon", "height", "crs", "x", "y"});
    if (obj.contains("crs")) {
      std::string crs;
      double x = 0, y = 0;
      if (!get(obj, "crs", path, crs) || !get(obj, "x", path, x, true) || !get(obj, "y", path, y, true)) return false;
      if (!get(obj, "height", path, out.heightM)) return false;
      auto lonLat = projectedToLonLat(crs, x, y);
      if (!lonLat) {
        if (!error) error = file + ": '" + path + "': " + lonLat.error().message;
        return false;
      }
      out.lonDeg = lonLat->first;
      out.latDeg = lonLat->second;
      return true;
    }
    if (!get(obj, "lat", path, out.latDeg, true) || !get(obj, "lon", path, out.lonDeg, true) ||
        !get(obj, "height", path, out.heightM))
      return false;
    if (out.latDeg < -90 || out.latDeg > 90 || out.lonDeg < -180 || out.lonDeg > 180) {
      if (!error) error = file + ": '" + path + "' latitude must be within ±90 and longitude within ±180 degrees";
      return false;
    }
    return true;
  }
};

// The keys of a model layer: placement and axes.
Result<> readModelLayer(Reader& r, const json& l, const std::string& p, LayerSpec& layer) {
  const std::string& file = r.file;
  layer.type = LayerSpec::Type::Model;
  r.checkKeys(l, p, {"type", "path", "name", "status", "anchor", "position", "heading_deg", "scale", "up_axis"});
  if (l.contains("anchor")) {
    scene::GeoOrigin a;
    if (!r.getGeo(l["anchor"], p + ".anchor", a)) return fail(*r.error);
    layer.placement.anchor = a;
  }
  std::string up = "y";
  if (!r.getVec3(l, "position", p, layer.placement.positionEnu) ||
      !r.get(l, "heading_deg", p, layer.placement.headingDeg) || !r.get(l, "scale", p, layer.placement.scale) ||
      !r.get(l, "up_axis", p, up))
    return fail(*r.error);
  if (up != "y" && up != "z") return fail(file + ": '" + p + ".up_axis' must be \"y\" or \"z\", not \"" + up + "\"");
  layer.upIsY = up == "y";
  if (!(layer.placement.scale > 0)) return fail(file + ": '" + p + ".scale' must be positive");
  return {};
}

// The keys of a footprints layer: which attributes give heights and names.
Result<> readFootprintsLayer(Reader& r, const json& l, const std::string& p, LayerSpec& layer) {
  layer.type = LayerSpec::Type::Footprints;
  r.checkKeys(l, p,
              {"type", "path", "name", "status", "crs", "height_attribute", "levels_attribute", "min_height_attribute",
               "name_attribute", "storey_height_m", "default_height_m"});
  if (!r.get(l, "height_attribute", p, layer.heightAttribute) ||
      !r.get(l, "levels_attribute", p, layer.levelsAttribute) ||
      !r.get(l, "min_height_attribute", p, layer.minHeightAttribute) ||
      !r.get(l, "name_attribute", p, layer.nameAttribute) || !r.get(l, "storey_height_m", p, layer.storeyHeightM) ||
      !r.get(l, "default_height_m", p, layer.defaultHeightM))
    return fail(*r.error);
  if (!(layer.storeyHeightM > 0) || !(layer.defaultHeightM > 0))
    return fail(r.file + ": '" + p + "' storey_height_m and default_height_m must be positive");
  return {};
}

// The keys of a CityJSON layer: the level of detail, a number or a string such as "2.2".
Result<> readCityJsonLayer(Reader& r, const json& l, const std::string& p, LayerSpec& layer) {
  layer.type = LayerSpec::Type::CityJson;
  r.checkKeys(l, p, {"type", "path", "name", "status", "crs", "lod"});
  if (!l.contains("lod")) return {};
  double lod = 0;
  if (l["lod"].is_string()) {
    try {
      lod = std::stod(l["lod"].get<std::string>());
    } catch (...) {
      return fail(r.file + ": '" + p + ".lod' must be a level of detail such as 1, 2 or \"2.2\"");
    }
  } else if (!r.get(l, "lod", p, lod)) {
    return fail(*r.error);
  }
  layer.lod = lod;
  return {};
}

// The keys of an entities layer: which kind of entity it lists.
Result<> readEntitiesLayer(Reader& r, const json& l, const std::string& p, LayerSpec& layer) {
  layer.type = LayerSpec::Type::Entities;
  r.checkKeys(l, p, {"type", "path", "name", "status", "crs", "kind"});
  if (!r.get(l, "kind", p, layer.entityKind, true)) return fail(*r.error);
  if (layer.entityKind != "5g_sites" && layer.entityKind != "ai_cameras" && layer.entityKind != "data_centres")
    return fail(r.file + ": '" + p + ".kind' must be \"5g_sites\", \"ai_cameras\" or \"data_centres\", not \"" +
                layer.entityKind + "\"");
  return {};
}

// The keys of a drive-test layer: whether to calibrate the sites by it.
Result<> readDriveTestLayer(Reader& r, const json& l, const std::string& p, LayerSpec& layer) {
  layer.type = LayerSpec::Type::DriveTest;
  r.checkKeys(l, p, {"type", "path", "name", "crs", "calibrate"});
  if (!r.get(l, "calibrate", p, layer.calibrate)) return fail(*r.error);
  return {};
}

// layers[i]: the keys every layer has, then those of its type. Relative paths resolve
// against `base`, the scene file's folder.
Result<LayerSpec> readLayer(Reader& r, const json& l, size_t i, const std::filesystem::path& base) {
  const std::string& file = r.file;
  std::string p = "layers[" + std::to_string(i) + "]";
  if (!l.is_object()) return fail(file + ": '" + p + "' must be an object, not " + jsonTypeName(l));
  LayerSpec layer;
  std::string type, relPath, crs;
  if (!r.get(l, "type", p, type, true) || !r.get(l, "path", p, relPath, true) || !r.get(l, "name", p, layer.name))
    return fail(*r.error);
  layer.path = std::filesystem::path(relPath).is_absolute() ? std::filesystem::path(relPath) : base / relPath;
  if (layer.name.empty()) layer.name = std::filesystem::path(relPath).filename().string();
  if (l.contains("crs")) {
    if (!r.get(l, "crs", p, crs)) return fail(*r.error);
    layer.crs = crs;
  }
  if (!r.getStatus(l, p, layer.status)) return fail(*r.error);
  Result<> typed;
  if (type == "model")
    typed = readModelLayer(r, l, p, layer);
  else if (type == "footprints")
    typed = readFootprintsLayer(r, l, p, layer);
  else if (type == "cityjson")
    typed = readCityJsonLayer(r, l, p, layer);
  else if (type == "entities")
    typed = readEntitiesLayer(r, l, p, layer);
  else if (type == "drive_test")
    typed = readDriveTestLayer(r, l, p, layer);
  else
    return fail(file + ": '" + p +
                ".type' must be \"model\", \"footprints\", \"cityjson\", \"entities\" or \"drive_test\", not \"" +
                type + "\"");
  if (!typed) return std::unexpected(typed.error());
  return layer;
}

Result<> readLayers(Reader& r, const json& doc, SceneSpec& spec) {
  if (!doc.contains("layers")) return {};
  const json& layers = doc["layers"];
  if (!layers.is_array()) return fail(r.file + ": 'layers' must be an array, not " + jsonTypeName(layers));
  const std::filesystem::path base = spec.file.parent_path();
  for (size_t i = 0; i < layers.size(); ++i) {
    Result<LayerSpec> layer = readLayer(r, layers[i], i, base);
    if (!layer) return std::unexpected(layer.error());
    spec.layers.push_back(std::move(*layer));
  }
  return {};
}

Result<> readDistrict(Reader& r, const json& doc, SceneSpec& spec) {
  if (!doc.contains("district")) return {};
  const std::string& file = r.file;
  const json& d = doc["district"];
  if (!d.is_object()) return fail(file + ": 'district' must be an object, not " + jsonTypeName(d));
  r.checkKeys(d, "district", {"name", "ring"});
  if (!r.get(d, "name", "district", spec.districtName)) return fail(*r.error);
  if (!d.contains("ring") || !d["ring"].is_array() || d["ring"].size() < 3)
    return fail(file + ": 'district.ring' must be an array of at least 3 [lon, lat] points");
  for (size_t i = 0; i < d["ring"].size(); ++i) {
    const json& pt = d["ring"][i];
    if (!pt.is_array() || pt.size() < 2 || !pt[0].is_number() || !pt[1].is_number() ||
        std::abs(pt[1].get<double>()) > 90 || std::abs(pt[0].get<double>()) > 180)
      return fail(file + ": 'district.ring[" + std::to_string(i) + "]' must be [lon, lat] in degrees (WGS 84)");
    spec.districtLonLat.emplace_back(pt[0].get<double>(), pt[1].get<double>());
  }
  return {};
}

// "coverage": {"o2i": "low" | "high" | "by_use", "model": "tr38901" | "free_space" | "cost231"}.
Result<> readCoverage(Reader& r, const json& doc, SceneSpec& spec) {
  if (!doc.contains("coverage")) return {};
  const json& c = doc["coverage"];
  if (!c.is_object()) return fail(r.file + ": 'coverage' must be an object, not " + jsonTypeName(c));
  r.checkKeys(c, "coverage", {"o2i", "model"});
  const std::pair<const char*, std::vector<std::string>> known[] = {{"o2i", {"low", "high", "by_use"}},
                                                                    {"model", {"tr38901", "free_space", "cost231"}}};
  for (const auto& [key, choices] : known) {
    std::string choice;
    if (!r.get(c, key, "coverage", choice)) return fail(*r.error);
    if (choice.empty()) continue;
    if (std::find(choices.begin(), choices.end(), choice) == choices.end())
      return fail(
          fmt::format("{}: 'coverage.{}' is '{}', not one of: {}", r.file, key, choice, fmt::join(choices, ", ")));
    spec.coverageChoices.emplace_back(key, choice);
  }
  return {};
}

Result<> readBookmarks(Reader& r, const json& doc, SceneSpec& spec) {
  if (!doc.contains("bookmarks")) return {};
  const std::string& file = r.file;
  const json& bms = doc["bookmarks"];
  if (!bms.is_array()) return fail(file + ": 'bookmarks' must be an array, not " + jsonTypeName(bms));
  for (size_t i = 0; i < bms.size(); ++i) {
    std::string p = "bookmarks[" + std::to_string(i) + "]";
    const json& b = bms[i];
    if (!b.is_object()) return fail(file + ": '" + p + "' must be an object, not " + jsonTypeName(b));
    r.checkKeys(b, p, {"name", "target", "heading_deg", "pitch_deg", "range_m"});
    scene::CameraBookmark bm;
    glm::dvec3 target(0);
    if (!r.get(b, "name", p, bm.name, true) || !r.getVec3(b, "target", p, target) ||
        !r.get(b, "heading_deg", p, bm.headingDeg) || !r.get(b, "pitch_deg", p, bm.pitchDeg) ||
        !r.get(b, "range_m", p, bm.rangeM))
      return fail(*r.error);
    if (!(bm.rangeM > 0) || std::abs(bm.pitchDeg) > 90)
      return fail(file + ": '" + p + "' needs range_m > 0 and pitch_deg within ±90");
    bm.targetEnu = glm::vec3(target);
    spec.bookmarks.push_back(std::move(bm));
  }
  return {};
}

}  // namespace

Result<SceneSpec> parseSceneJson(const std::string& text, const std::filesystem::path& path) {
  SceneSpec spec;
  spec.file = path;
  const std::string file = path.string();
  if (text.size() > kMaxSceneFileBytes)
    return fail(file + " is " + std::to_string(text.size() / kMiB) + " MiB, over the 16 MiB limit for a scene file");
  auto parsed = parseJson(text);
  if (!parsed) return fail(file + " is not valid JSON: " + parsed.error().message);
  const json& doc = *parsed;
  Reader r{file, &spec.warnings, std::nullopt};
  if (!doc.is_object()) return fail(file + ": the top level must be an object, not " + jsonTypeName(doc));
  r.checkKeys(doc, "",
              {"version", "name", "origin", "layers", "bookmarks", "district", "coverage", "feeds", "scenario",
               "$schema", "description"});
  if (!r.get(doc, "version", "", spec.version, true)) return fail(*r.error);
  if (spec.version != 1)
    return fail(file + ": scene format version " + std::to_string(spec.version) +
                " is not supported (this build reads version 1)");
  if (!r.get(doc, "name", "", spec.name)) return fail(*r.error);
  if (!doc.contains("origin")) return fail(file + ": 'origin' is missing (give {\"lat\": …, \"lon\": …})");
  if (!r.getGeo(doc["origin"], "origin", spec.origin)) return fail(*r.error);
  if (Result<> ok = readLayers(r, doc, spec); !ok) return std::unexpected(ok.error());
  if (Result<> ok = readDistrict(r, doc, spec); !ok) return std::unexpected(ok.error());
  if (Result<> ok = readBookmarks(r, doc, spec); !ok) return std::unexpected(ok.error());
  if (Result<> ok = readCoverage(r, doc, spec); !ok) return std::unexpected(ok.error());
  std::string scenario;
  if (!r.get(doc, "scenario", "", scenario)) return fail(*r.error);
  if (!scenario.empty())
    spec.scenario = scenario == "demo" ? std::filesystem::path("demo") : path.parent_path() / scenario;
  if (auto f = doc.find("feeds"); f != doc.end()) {
    auto parsed = feeds::parseFeeds(*f, file, path.parent_path(), &spec.warnings);
    if (!parsed) return std::unexpected(parsed.error());
    spec.feeds = std::move(*parsed);
  }
  return spec;
}

Result<SceneSpec> readSceneFile(const std::filesystem::path& path) {
  auto text = readFileText(path, "scene file", kMaxSceneFileBytes);
  if (!text) return std::unexpected(text.error());
  return parseSceneJson(*text, path);
}

}  // namespace ts::io
