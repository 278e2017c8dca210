#include "io/geojson.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/json_type.h"
#include "io/georef.h"
#include "io/json_file.h"
#include "scene/geometry.h"

namespace ts::io {

using nlohmann::json;

std::optional<double> parseMetres(const std::string& text) {
  std::string s;
  for (char c : text) s += c == ',' ? '.' : c;
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    std::string rest = s.substr(used);
    while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
    if (!(rest.empty() || rest == "m") || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

namespace {

std::optional<double> numberProperty(const json& props, const std::string& key) {
  if (!props.is_object()) return std::nullopt;
  auto it = props.find(key);
  if (it == props.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) return parseMetres(it->get<std::string>());
  return std::nullopt;
}

std::string stringProperty(const json& props, const std::string& key) {
  if (!props.is_object()) return {};
  auto it = props.find(key);
  if (it == props.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

// A muted palette by use, so a footprint layer reads as a city rather than one grey mass.
scene::ExtrudeStyle styleFor(const std::string& use, scene::BuildingStatus status) {
  using scene::rgb;
  scene::ExtrudeStyle s;
  if (status == scene::BuildingStatus::Proposed) {
    s.wallColor = rgb(236, 238, 242);  // massing-model white
    s.roofColor = rgb(214, 218, 226);
  } else if (use == "commercial" || use == "office" || use == "retail") {
    s.wallColor = rgb(168, 184, 200);
    s.roofColor = rgb(150, 160, 172);
  } else if (use == "industrial" || use == "warehouse" || use == "data_centre") {
    s.wallColor = rgb(200, 196, 186);
    s.roofColor = rgb(176, 176, 170);
  } else {
    s.wallColor = rgb(222, 214, 196);
    s.roofColor = rgb(186, 170, 156);
  }
  return s;
}

bool readRing(const json& ring, const CrsToEnu& crs, std::vector<glm::dvec2>& out, std::string& why) {
  out.clear();
  if (!ring.is_array()) return why = "a ring is not an array of positions", false;
  for (const json& pos : ring) {
    if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
      return why = "a position is not [x, y]", false;
    double z = pos.size() > 2 && pos[2].is_number() ? pos[2].get<double>() : 0.0;
    glm::dvec3 enu;
    if (!crs.toEnu(pos[0].get<double>(), pos[1].get<double>(), z, enu))
      return why = "position [" + pos[0].dump() + ", " + pos[1].dump() + "] is outside " + crs.crs(), false;
    glm::dvec2 p(enu.x, enu.y);
    if (out.empty() || glm::dvec2(out.back() - p) != glm::dvec2(0)) out.push_back(p);
  }
  if (out.size() > 1 && out.front() == out.back()) out.pop_back();  // GeoJSON rings repeat the first point
  if (out.size() < 3) return why = "a ring has fewer than 3 distinct points", false;
  return true;
}

bool readPolygon(const json& rings, const CrsToEnu& crs, scene::Polygon2& out, std::string& why) {
  if (!rings.is_array() || rings.empty()) return why = "polygon has no rings", false;
  out = {};
  if (!readRing(rings[0], crs, out.outer, why)) return false;
  for (size_t i = 1; i < rings.size(); ++i) {
    std::vector<glm::dvec2> hole;
    if (!readRing(rings[i], crs, hole, why)) return false;
    out.holes.push_back(std::move(hole));
  }
  return true;
}

// The layer's CRS: the options', else the file's (an old-style "crs" member), else RFC 7946's.
std::string crsNameOf(const json& doc, const FootprintOptions& opt) {
  std::string crsName = "OGC:CRS84";  // RFC 7946: longitude, latitude on WGS 84
  if (auto c = doc.find("crs"); c != doc.end() && c->is_object() && c->contains("properties")) {
    std::string named = stringMember((*c)["properties"], "name");
    if (!named.empty()) crsName = named;
  }
  if (opt.crs) crsName = *opt.crs;
  return crsName;
}

// An item that cannot be used is both warned about and counted.
void skip(LayerReport& report, std::string warning) {
  report.warn(std::move(warning));
  ++report.skipped;
}

// The feature's polygons in ENU; false when it has none to use (warned and skipped).
bool readFootprint(const json& f, const CrsToEnu& crs, const std::string& label, LayerReport& report,
                   std::vector<scene::Polygon2>& polygons) {
  if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object())
    return skip(report, label + ": no geometry, skipped"), false;
  const json& geom = f["geometry"];
  std::string type = stringMember(geom, "type");
  const json& coords = geom.contains("coordinates") ? geom["coordinates"] : json();
  std::string why;
  bool ok = true;
  if (type == "Polygon") {
    scene::Polygon2 p;
    ok = readPolygon(coords, crs, p, why);
    if (ok) polygons.push_back(std::move(p));
  } else if (type == "MultiPolygon" && coords.is_array()) {
    for (const json& rings : coords) {
      scene::Polygon2 p;
      if (!(ok = readPolygon(rings, crs, p, why))) break;
      polygons.push_back(std::move(p));
    }
  } else {
    skip(report, label + ": geometry type '" + type + "' is not a footprint (Polygon or MultiPolygon), skipped");
    return false;
  }
  if (!ok) return skip(report, label + ": " + why + ", skipped"), false;
  return true;
}

// Repairs what GEOS finds invalid and keeps whatever valid parts come out; false when
// none do (warned and skipped).
bool repairFootprint(const std::vector<scene::Polygon2>& polygons, const std::string& label, LayerReport& report,
                     std::vector<scene::Polygon2>& valid) {
  std::string why;
  bool anyRepaired = false;
  for (const scene::Polygon2& p : polygons) {
    bool repaired = false;
    auto fixed = scene::makeValid(p, &repaired);
    if (!fixed) {
      why = fixed.error().message;
      continue;
    }
    anyRepaired |= repaired;
    for (auto& q : *fixed) valid.push_back(std::move(q));
  }
  if (valid.empty()) {
    skip(report,
         label + ": invalid polygon that could not be repaired" + (why.empty() ? "" : " (" + why + ")") + ", skipped");
    return false;
  }
  if (anyRepaired) {
    ++report.repaired;
    report.warn(label + ": invalid polygon (self-intersecting or badly nested) repaired");
  }
  return true;
}

// Height (the height attribute, else levels x storey height, else the default) and the
// height of the underside (min_height), warning about values that cannot be used.
void readHeights(const json& props, const FootprintOptions& opt, const std::string& label, LayerReport& report,
                 scene::Building& b) {
  std::optional<double> height = numberProperty(props, opt.heightAttribute);
  if (!height)
    if (auto levels = numberProperty(props, opt.levelsAttribute)) height = *levels * opt.storeyHeightM;
  if (!height || *height <= 0) {
    if (height)
      report.warn(label + ": non-positive height, using the default " + std::to_string(opt.defaultHeightM) + " m");
    height = opt.defaultHeightM;
  }
  b.heightM = float(*height);
  b.minHeightM = float(std::max(0.0, numberProperty(props, opt.minHeightAttribute).value_or(0.0)));
  if (b.minHeightM >= b.heightM) {
    report.warn(label + ": min_height is not below the height, ignored");
    b.minHeightM = 0;
  }
}

// The building a feature describes, from its id and properties (all kept as attributes).
scene::Building buildingOf(const json& f, size_t index, const FootprintOptions& opt, const std::string& label,
                           LayerReport& report) {
  const json props = f.contains("properties") && f["properties"].is_object() ? f["properties"] : json::object();
  scene::Building b;
  b.layer = opt.layer;
  b.sourceId = f.contains("id") ? (f["id"].is_string() ? f["id"].get<std::string>() : f["id"].dump())
                                : stringProperty(props, "id");
  if (b.sourceId.empty()) b.sourceId = std::to_string(index);
  b.name = stringProperty(props, opt.nameAttribute);
  b.use = stringProperty(props, "building");
  if (b.use.empty() || b.use == "yes") b.use = stringProperty(props, "use");
  std::string status = stringProperty(props, "status");
  b.status = (status == "proposed" || status == "planned") ? scene::BuildingStatus::Proposed
             : status == "existing"                        ? scene::BuildingStatus::Existing
                                                           : opt.status;
  readHeights(props, opt, label, report, b);
  for (auto it = props.begin(); it != props.end(); ++it) b.attributes.push_back(attributeFromJson(it.key(), *it));
  return b;
}

// features[index]: one building extruded from its footprint, or a warning why not.
void addFeature(const json& f, size_t index, const std::filesystem::path& path, const FootprintOptions& opt,
                const CrsToEnu& crs, LayerReport& report, scene::CityModel& city) {
  std::string label = path.filename().string() + ": feature " + std::to_string(index);
  if (f.is_object() && f.contains("id")) label += " (id " + f["id"].dump() + ")";
  std::vector<scene::Polygon2> polygons, valid;
  if (!readFootprint(f, crs, label, report, polygons) || !repairFootprint(polygons, label, report, valid)) return;
  scene::Building b = buildingOf(f, index, opt, label, report);
  for (const auto& p : valid) b.footprintAreaM2 += scene::area(p);
  scene::ExtrudeStyle style = styleFor(b.use, b.status);
  float base = b.minHeightM, top = b.heightM;
  uint32_t id = city.addBuilding(std::move(b));
  city.geometry.beginBuilding(id);
  for (const auto& p : valid) {
    auto roof = scene::triangulate(p);
    if (!roof) {
      report.warn(label + ": " + roof.error().message);
      continue;
    }
    report.triangles += scene::extrude(city.geometry, id, p, *roof, base, top, style);
  }
  city.geometry.endBuilding(id);
  ++report.buildings;
}

}  // namespace

Result<LayerReport> loadGeoJsonFootprints(const std::filesystem::path& path, const FootprintOptions& opt,
                                          scene::CityModel& city) {
  auto text = readFileText(path, "GeoJSON file", opt.limits.maxFileBytes);
  if (!text) return std::unexpected(text.error());
  return loadGeoJsonFootprintsText(*text, path, opt, city);
}

Result<LayerReport> loadGeoJsonFootprintsText(std::string_view text, const std::filesystem::path& path,
                                              const FootprintOptions& opt, scene::CityModel& city) {
  auto t0 = std::chrono::steady_clock::now();
  LayerReport report;
  report.source = path.string();
  report.kind = "footprints";
  auto parsed = parseJsonText(text, path);
  if (!parsed) return std::unexpected(parsed.error());
  const json& doc = *parsed;
  if (stringMember(doc, "type") != "FeatureCollection" || !doc.contains("features") || !doc["features"].is_array())
    return fail(
        "'" + path.string() +
        "' is not a GeoJSON FeatureCollection (expected \"type\": \"FeatureCollection\" and a \"features\" array)");
  const json& features = doc["features"];
  if (features.size() > opt.limits.maxItems)
    return fail("'" + path.string() + "' has " + std::to_string(features.size()) + " features, over the limit of " +
                std::to_string(opt.limits.maxItems) + " (split the layer)");
  auto crs = makeCrsToEnu(crsNameOf(doc, opt), city.origin);
  if (!crs) return fail("'" + path.string() + "': " + crs.error().message);
  for (size_t i = 0; i < features.size(); ++i) {
    ++report.items;
    if (opt.progress && i % 1024 == 0) opt.progress(double(i) / double(features.size()));
    addFeature(features[i], i, path, opt, *crs, report, city);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace ts::io
