#include "io/entities_io.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/json_type.h"
#include "io/geojson.h"
#include "io/georef.h"
#include "io/json_file.h"
#include "twin/pathloss.h"

namespace ts::io {

using nlohmann::json;

namespace {

// Properties of one entity as strings by name, whatever the source.
using Props = std::map<std::string, std::string>;

std::optional<double> num(const Props& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || it->second.empty()) return std::nullopt;
  return parseMetres(it->second);
}
std::string str(const Props& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

// Fills one entity of `kind` from its properties; returns an error text for bad values.
std::string addEntity(const std::string& kind, const Props& p, const glm::vec3& pos, scene::EntitySet& set) {
  auto range = [&](const char* key, double lo, double hi, auto& out) -> std::string {
    if (auto v = num(p, key)) {
      if (*v < lo || *v > hi)
        return std::string(key) + " " + p.at(key) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) +
               "]";
      out = float(*v);
    } else if (p.count(key) && !p.at(key).empty()) {
      return std::string(key) + " '" + p.at(key) + "' is not a number";
    }
    return {};
  };
  std::string err;
  if (kind == "5g_sites") {
    scene::Site5G s;
    s.id = str(p, "id");
    s.name = str(p, "name");
    s.posEnu = pos;
    if (!p.count("band") || str(p, "band").empty())
      s.band = "n78";
    else
      s.band = str(p, "band");
    s.frequencyGHz = s.band == "n78" ? 3.5f : s.band == "n257" ? 28.0f : s.band == "n258" ? 26.0f : 3.5f;
    if (s.band != "n78" && s.band != "n257" && s.band != "n258")
      return "band '" + s.band + "' is not n78, n257 or n258";
    for (auto e : {range("antenna_height_m", 1, 300, s.antennaHeightM), range("azimuth_deg", 0, 360, s.azimuthDeg),
                   range("downtilt_deg", -10, 45, s.downtiltDeg), range("h_beamwidth_deg", 1, 360, s.hBeamwidthDeg),
                   range("v_beamwidth_deg", 1, 180, s.vBeamwidthDeg), range("tx_power_dbm", 0, 70, s.txPowerDbm),
                   range("gain_dbi", -10, 40, s.maxGainDbi), range("frequency_ghz", 0.4, 100, s.frequencyGHz)})
      if (!e.empty()) return e;
    // Without a gain, the one its beam implies (a 30 x 8 degree mmWave beam: 21.4 dBi).
    if (!p.count("gain_dbi") || p.at("gain_dbi").empty())
      s.maxGainDbi = float(twin::gainFromBeamwidthsDbi(s.hBeamwidthDeg, s.vBeamwidthDeg));
    set.sites5g.push_back(std::move(s));
  } else if (kind == "ai_cameras") {
    scene::AiCamera c;
    c.id = str(p, "id");
    c.name = str(p, "name");
    c.posEnu = pos;
    for (auto e : {range("height_m", 0.5, 300, c.heightM), range("heading_deg", 0, 360, c.headingDeg),
                   range("tilt_deg", -10, 90, c.tiltDeg), range("h_fov_deg", 1, 360, c.hFovDeg),
                   range("v_fov_deg", 1, 180, c.vFovDeg), range("range_m", 1, 2000, c.rangeM)})
      if (!e.empty()) return e;
    set.cameras.push_back(std::move(c));
  } else {
    scene::DataCentre d;
    d.id = str(p, "id");
    d.name = str(p, "name");
    d.posEnu = pos;
    d.proposed = str(p, "status") == "proposed";
    for (auto e : {range("capacity_mw", 0, 5000, d.capacityMW), range("pue", 1, 5, d.pue)})
      if (!e.empty()) return e;
    set.dataCentres.push_back(std::move(d));
  }
  return err;
}

// An item that cannot be used is both warned about and counted.
void skip(LayerReport& report, std::string warning) {
  report.warn(std::move(warning));
  ++report.skipped;
}

// Adds the entity of one row or feature at `enu`, or warns why it is skipped.
void addOrSkip(const std::string& kind, const Props& p, const glm::dvec3& enu, const std::string& label,
               LayerReport& report, scene::CityModel& city) {
  if (std::string e = addEntity(kind, p, glm::vec3(enu.x, enu.y, 0), city.entities); !e.empty())
    skip(report, label + ": " + e + ", skipped");
}

Result<> tooMany(const std::filesystem::path& path, const InputLimits& limits, const char* what) {
  return fail("'" + path.string() + "' has more than " + std::to_string(limits.maxItems) + " " + what +
              ", the limit for an entity list (split it into layers)");
}

// A CSV file with a header row: positions from lat and lon columns, or x and y in the
// layer's CRS; every other column is a property.
Result<> loadCsvEntities(std::string_view text, const std::filesystem::path& path, const std::string& kind,
                         const std::optional<std::string>& crsOverride, const InputLimits& limits, LayerReport& report,
                         scene::CityModel& city) {
  const std::string name = path.filename().string();
  std::istringstream in{std::string(text)};
  std::string line;
  if (!std::getline(in, line)) return fail("'" + path.string() + "' is empty (expected a CSV header row)");
  if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // UTF-8 byte order mark
  std::vector<std::string> header = splitCsvLine(line);
  auto has = [&](const char* c) { return std::find(header.begin(), header.end(), c) != header.end(); };
  bool geographic = has("lat") && has("lon");
  if (!geographic && !(has("x") && has("y")))
    return fail("'" + path.string() +
                "': the header needs lat and lon columns, or x and y columns with the layer's crs");
  auto crs = makeCrsToEnu(geographic ? "OGC:CRS84" : crsOverride.value_or("OGC:CRS84"), city.origin);
  if (!crs) return fail("'" + path.string() + "': " + crs.error().message);
  for (size_t row = 2; std::getline(in, line); ++row) {
    if (line.empty() || line == "\r") continue;
    if (++report.items > limits.maxItems) return tooMany(path, limits, "rows");
    std::vector<std::string> cells = splitCsvLine(line);
    std::string label = name + ": row " + std::to_string(row);
    if (cells.size() != header.size()) {
      skip(report, label + ": " + std::to_string(cells.size()) + " columns, the header has " +
                       std::to_string(header.size()) + ", skipped");
      continue;
    }
    Props p;
    for (size_t c = 0; c < header.size(); ++c) p[header[c]] = cells[c];
    auto x = num(p, geographic ? "lon" : "x"), y = num(p, geographic ? "lat" : "y");
    glm::dvec3 enu;
    if (!x || !y || !crs->toEnu(*x, *y, 0, enu)) {
      skip(report, label + ": no usable position, skipped");
      continue;
    }
    addOrSkip(kind, p, enu, label, report, city);
  }
  return {};
}

// A GeoJSON FeatureCollection of Points; the properties (and the feature's id) are the
// entity's.
Result<> loadGeoJsonEntities(std::string_view text, const std::filesystem::path& path, const std::string& kind,
                             const std::optional<std::string>& crsOverride, const InputLimits& limits,
                             LayerReport& report, scene::CityModel& city) {
  const std::string name = path.filename().string();
  auto parsed = parseJsonText(text, path);
  if (!parsed) return std::unexpected(parsed.error());
  const json& doc = *parsed;
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array())
    return fail("'" + path.string() + "' is not a GeoJSON FeatureCollection");
  if (doc["features"].size() > limits.maxItems) return tooMany(path, limits, "features");
  std::string crsName = crsOverride.value_or("OGC:CRS84");
  if (!crsOverride)
    if (auto c = doc.find("crs"); c != doc.end() && c->is_object())
      if (c->contains("properties")) crsName = stringMember((*c)["properties"], "name", crsName);
  auto crs = makeCrsToEnu(crsName, city.origin);
  if (!crs) return fail("'" + path.string() + "': " + crs.error().message);
  const json& features = doc["features"];
  for (size_t i = 0; i < features.size(); ++i) {
    ++report.items;
    const json& f = features[i];
    std::string label = name + ": feature " + std::to_string(i);
    const json* g = f.is_object() && f.contains("geometry") ? &f["geometry"] : nullptr;
    const json* xy = g && g->is_object() && g->contains("coordinates") ? &(*g)["coordinates"] : nullptr;
    if (!g || stringMember(*g, "type") != "Point" || !xy || !xy->is_array() || xy->size() < 2 ||
        !(*xy)[0].is_number() || !(*xy)[1].is_number()) {
      skip(report, label + ": not a Point feature, skipped");
      continue;
    }
    glm::dvec3 enu;
    if (!crs->toEnu((*xy)[0].get<double>(), (*xy)[1].get<double>(), 0, enu)) {
      skip(report, label + ": position outside " + crsName + ", skipped");
      continue;
    }
    Props p;
    if (f.contains("properties") && f["properties"].is_object())
      for (auto it = f["properties"].begin(); it != f["properties"].end(); ++it)
        p[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    if (!p.count("id") && f.contains("id")) p["id"] = f["id"].is_string() ? f["id"].get<std::string>() : f["id"].dump();
    addOrSkip(kind, p, enu, label, report, city);
  }
  return {};
}

}  // namespace

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        cur += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

Result<LayerReport> loadEntities(const std::filesystem::path& path, const std::string& kind,
                                 const std::optional<std::string>& crsOverride, scene::CityModel& city,
                                 const InputLimits& limits) {
  auto text = readFileText(path, "entity file", limits.maxFileBytes);
  if (!text) return std::unexpected(text.error());
  return loadEntitiesText(*text, path, kind, crsOverride, city, limits);
}

Result<LayerReport> loadEntitiesText(std::string_view text, const std::filesystem::path& path, const std::string& kind,
                                     const std::optional<std::string>& crsOverride, scene::CityModel& city,
                                     const InputLimits& limits) {
  auto t0 = std::chrono::steady_clock::now();
  LayerReport report;
  report.source = path.string();
  report.kind = "entities (" + kind + ")";
  std::string ext = path.extension().string();
  for (char& c : ext) c = char(std::tolower(c));
  Result<> loaded = ext == ".csv" ? loadCsvEntities(text, path, kind, crsOverride, limits, report, city)
                                  : loadGeoJsonEntities(text, path, kind, crsOverride, limits, report, city);
  if (!loaded) return std::unexpected(loaded.error());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace ts::io
