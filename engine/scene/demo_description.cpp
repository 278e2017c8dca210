#include "scene/demo_description.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "assets/embedded.h"
#include "core/json_type.h"

namespace ts::scene {

using nlohmann::json;

namespace {

// Thrown inside the parser only: the first problem ends the parse, and
// parseDemoDescription turns it into an Error.
struct DescriptionError {
  std::string message;
};

// A value of the document with its JSON path, so every message can say where it is.
class Node {
 public:
  Node(const json& value, std::string path, const std::string& file)
      : m_value(value), m_path(std::move(path)), m_file(file) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw DescriptionError{m_file + ": '" + (m_path.empty() ? "(top level)" : m_path) + "' " + what};
  }
  void expect(bool ok, const char* expected) const {
    if (!ok) fail(std::string("must be ") + expected + ", not " + jsonTypeName(m_value));
  }
  // Checks that this is an object with exactly these keys: all are required, and any
  // other key is most likely a typo that would otherwise be silently ignored.
  void keys(std::initializer_list<const char*> known) const {
    expect(m_value.is_object(), "an object");
    for (const char* k : known)
      if (!m_value.contains(k)) fail(std::string("needs the key '") + k + "'");
    std::set<std::string_view> allowed(known.begin(), known.end());
    for (auto it = m_value.begin(); it != m_value.end(); ++it)
      if (!allowed.count(it.key())) fail("has an unknown key '" + it.key() + "'");
  }
  Node operator[](const char* key) const {
    expect(m_value.is_object(), "an object");
    auto it = m_value.find(key);
    if (it == m_value.end()) fail(std::string("needs the key '") + key + "'");
    return Node(*it, m_path.empty() ? key : m_path + "." + key, m_file);
  }
  std::vector<Node> items(size_t minCount = 0) const {
    expect(m_value.is_array(), "an array");
    if (m_value.size() < minCount) fail("must have at least " + std::to_string(minCount) + " entries");
    std::vector<Node> out;
    for (size_t i = 0; i < m_value.size(); ++i)
      out.emplace_back(m_value[i], m_path + "[" + std::to_string(i) + "]", m_file);
    return out;
  }
  double number() const {
    expect(m_value.is_number(), "a number");
    return m_value.get<double>();
  }
  float real() const { return float(number()); }
  float positive() const {
    float v = real();
    if (!(v > 0)) fail("must be greater than 0");
    return v;
  }
  int integer(int min, int max) const {
    expect(m_value.is_number_integer(), "an integer");
    auto v = m_value.get<int64_t>();
    if (v < min || v > max) fail("must be between " + std::to_string(min) + " and " + std::to_string(max));
    return int(v);
  }
  std::string text() const {
    expect(m_value.is_string(), "a string");
    return m_value.get<std::string>();
  }
  // A name with placeholders: each "{…}" must be one of `allowed`; ids need every one
  // of them (`all`) so that they stay unique.
  std::string pattern(std::initializer_list<std::string_view> allowed, bool all = false) const {
    std::string s = text();
    std::set<std::string_view> used;
    for (size_t open = s.find('{'); open != std::string::npos; open = s.find('{', open + 1)) {
      size_t close = s.find('}', open);
      std::string_view key = std::string_view(s).substr(open + 1, close == std::string::npos ? 0 : close - open - 1);
      if (close == std::string::npos || std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        fail("has an unknown placeholder at character " + std::to_string(open) + " (known: " + list(allowed) + ")");
      used.insert(key);
    }
    if (all && used.size() != allowed.size()) fail("must contain every one of " + list(allowed) + " (ids are unique)");
    return s;
  }
  glm::vec2 vec2() const {
    expect(m_value.is_array() && m_value.size() == 2 && m_value[0].is_number() && m_value[1].is_number(),
           "an array of two numbers");
    return {float(m_value[0].get<double>()), float(m_value[1].get<double>())};
  }
  glm::vec2 size() const {
    glm::vec2 v = vec2();
    if (!(v.x > 0 && v.y > 0)) fail("must be two sizes greater than 0");
    return v;
  }
  glm::ivec2 ivec2(int min, int max) const {
    std::vector<Node> v = items(2);
    if (v.size() != 2) fail("must be an array of two integers");
    return {v[0].integer(min, max), v[1].integer(min, max)};
  }
  uint32_t colour() const {
    expect(m_value.is_array() && m_value.size() == 3 &&
               std::all_of(m_value.begin(), m_value.end(),
                           [](const json& c) { return c.is_number_integer() && c >= 0 && c <= 255; }),
           "a colour [red, green, blue], each 0 to 255");
    return rgb(uint8_t(m_value[0].get<int>()), uint8_t(m_value[1].get<int>()), uint8_t(m_value[2].get<int>()));
  }
  DemoRange range() const {
    glm::vec2 v = vec2();
    if (v.x > v.y) fail("must be [min, max] with min <= max");
    return {v.x, v.y};
  }

 private:
  static std::string list(std::initializer_list<std::string_view> keys) {
    std::string out;
    for (std::string_view k : keys) out += (out.empty() ? "{" : ", {") + std::string(k) + "}";
    return out;
  }

  const json& m_value;
  std::string m_path;
  const std::string& m_file;
};

DemoFrame frame(const Node& n) {
  n.keys({"origin", "angle_deg"});
  return {n["origin"].vec2(), n["angle_deg"].real()};
}

DemoPlotGrid plotGrid(const Node& n) {
  n.keys({"columns", "rows", "first", "pitch_m"});
  return {n["columns"].integer(0, 1000), n["rows"].integer(0, 1000), n["first"].vec2(), n["pitch_m"].vec2()};
}

DemoBuilding building(const Node& n) {
  n.keys({"name", "use", "centre", "half_size_m", "height_m", "colour"});
  return {n["name"].text(),        n["use"].text(),          n["centre"].vec2(),
          n["half_size_m"].size(), n["height_m"].positive(), n["colour"].colour()};
}

std::vector<uint32_t> palette(const Node& n) {
  std::vector<uint32_t> out;
  for (const Node& c : n.items(1)) out.push_back(c.colour());
  return out;
}

GeoOrigin origin(const Node& n) {
  n.keys({"lat", "lon"});
  GeoOrigin o;
  o.latDeg = n["lat"].number();
  o.lonDeg = n["lon"].number();
  if (std::abs(o.latDeg) > 90 || std::abs(o.lonDeg) > 180)
    n.fail("latitude must be within ±90 and longitude within ±180 degrees");
  return o;
}

DemoPalettes palettes(const Node& n) {
  n.keys({"shophouse", "midrise", "tower", "pavement", "park", "lawn", "water"});
  return {palette(n["shophouse"]), palette(n["midrise"]), palette(n["tower"]), n["pavement"].colour(),
          n["park"].colour(),      n["lawn"].colour(),    n["water"].colour()};
}

DemoRiver river(const Node& n) {
  n.keys({"half_width_m", "centre_line"});
  DemoRiver r;
  r.halfWidthM = n["half_width_m"].positive();
  for (const Node& p : n["centre_line"].items(2)) r.centreLineEnu.push_back(glm::dvec2(p.vec2()));
  return r;
}

DemoDistrict district(const Node& n) {
  n.keys({"name", "frame", "blocks", "block_size_m", "street_width_m", "cbd_radius_m", "river_clearance_m",
          "shophouse_name"});
  DemoDistrict d;
  d.name = n["name"].text();
  d.frame = frame(n["frame"]);
  d.blocks = n["blocks"].ivec2(1, 1000);
  d.blockSizeM = n["block_size_m"].size();
  d.streetWidthM = n["street_width_m"].positive();
  d.cbdRadiusM = n["cbd_radius_m"].real();
  d.riverClearanceM = n["river_clearance_m"].real();
  d.shophouseName = n["shophouse_name"].pattern({"n"});
  return d;
}

DemoSoftwarePark softwarePark(const Node& n) {
  n.keys({"building_name", "frame", "lawn_half_size_m", "plots", "open_plots", "colour"});
  DemoSoftwarePark s;
  s.buildingName = n["building_name"].pattern({"n"});
  s.frame = frame(n["frame"]);
  s.lawnHalfSizeM = n["lawn_half_size_m"].size();
  s.plots = plotGrid(n["plots"]);
  for (const Node& p : n["open_plots"].items()) s.openPlots.push_back(p.ivec2(0, 1000));
  s.colorSrgb = n["colour"].colour();
  return s;
}

DemoItPark itPark(const Node& n) {
  n.keys({"building_name", "proposed_building_name", "frame", "lawn_half_size_m", "plots", "proposed_from_row",
          "unbuilt_share", "colour"});
  DemoItPark p;
  p.buildingName = n["building_name"].pattern({"n"});
  p.proposedBuildingName = n["proposed_building_name"].pattern({"n"});
  p.frame = frame(n["frame"]);
  p.lawnHalfSizeM = n["lawn_half_size_m"].size();
  p.plots = plotGrid(n["plots"]);
  p.proposedFromRow = n["proposed_from_row"].integer(0, 1000);
  p.unbuiltShare = n["unbuilt_share"].real();
  if (p.unbuiltShare < 0 || p.unbuiltShare > 1) n["unbuilt_share"].fail("must be between 0 and 1");
  p.colorSrgb = n["colour"].colour();
  return p;
}

DemoDataHall dataHall(const Node& n) {
  n.keys({"id", "name", "capacity_mw", "centre", "height_m"});
  DemoDataHall h{n["id"].text(), n["name"].text(), n["capacity_mw"].real(), n["centre"].vec2(),
                 n["height_m"].positive()};
  if (h.capacityMW < 0) n["capacity_mw"].fail("must not be negative");
  return h;
}

DemoDataCentreCampus dataCentreCampus(const Node& n) {
  n.keys({"frame", "pavement_half_size_m", "hall_half_size_m", "colour", "pue_range", "data_centres", "substation"});
  DemoDataCentreCampus c;
  c.frame = frame(n["frame"]);
  c.pavementHalfSizeM = n["pavement_half_size_m"].size();
  c.hallHalfSizeM = n["hall_half_size_m"].size();
  c.colorSrgb = n["colour"].colour();
  c.pue = n["pue_range"].range();
  if (c.pue.min < 1) n["pue_range"].fail("must not go below 1 (a PUE is total power over IT power)");
  for (const Node& h : n["data_centres"].items()) c.halls.push_back(dataHall(h));
  c.substation = building(n["substation"]);
  return c;
}

DemoProposedDataCentre proposedDataCentre(const Node& n) {
  n.keys({"id", "name", "capacity_mw", "pue", "frame", "pavement_half_size_m", "half_size_m", "height_m"});
  DemoProposedDataCentre p;
  p.id = n["id"].text();
  p.name = n["name"].text();
  p.capacityMW = n["capacity_mw"].positive();
  p.pue = n["pue"].real();
  if (p.pue < 1) n["pue"].fail("must not be below 1 (a PUE is total power over IT power)");
  p.frame = frame(n["frame"]);
  p.pavementHalfSizeM = n["pavement_half_size_m"].size();
  p.halfSizeM = n["half_size_m"].size();
  p.heightM = n["height_m"].positive();
  return p;
}

// The radio keys macro sectors and small cells share.
void radio(const Node& n, Site5G& s) {
  s.txPowerDbm = n["tx_power_dbm"].real();
  s.maxGainDbi = n["max_gain_dbi"].real();
  s.downtiltDeg = n["downtilt_deg"].real();
  s.hBeamwidthDeg = n["h_beamwidth_deg"].positive();
  s.vBeamwidthDeg = n["v_beamwidth_deg"].positive();
}

DemoMacroSites macroSites(const Node& n) {
  n.keys({"id", "name", "band", "frequency_ghz", "tx_power_dbm", "max_gain_dbi", "downtilt_deg", "h_beamwidth_deg",
          "v_beamwidth_deg", "sectors", "azimuth_stagger_deg", "grid", "antenna_height_m", "campus_sites"});
  DemoMacroSites m;
  m.id = n["id"].pattern({"site", "sector"}, true);
  m.name = n["name"].pattern({"site", "sector"});
  m.sector.band = n["band"].text();
  m.sector.frequencyGHz = n["frequency_ghz"].positive();
  radio(n, m.sector);
  m.sectorsPerSite = n["sectors"].integer(1, 12);
  m.azimuthStaggerDeg = n["azimuth_stagger_deg"].real();
  const Node grid = n["grid"];
  grid.keys({"pitches_from_centre", "pitch_m", "odd_row_offset_m", "max_radius_m", "river_clearance_m"});
  m.pitchesFromCentre = grid["pitches_from_centre"].ivec2(0, 1000);
  m.pitchM = grid["pitch_m"].size();
  m.oddRowOffsetM = grid["odd_row_offset_m"].real();
  m.maxRadiusM = grid["max_radius_m"].real();
  m.riverClearanceM = grid["river_clearance_m"].real();
  m.antennaHeightM = n["antenna_height_m"].range();
  for (const Node& s : n["campus_sites"].items()) {
    s.keys({"position", "antenna_height_m"});
    m.campusSites.push_back({s["position"].vec2(), s["antenna_height_m"].positive()});
  }
  return m;
}

DemoMmWave mmWave(const Node& n) {
  n.keys({"id", "name", "bands", "tx_power_dbm", "max_gain_dbi", "antenna_height_m", "downtilt_deg", "h_beamwidth_deg",
          "v_beamwidth_deg", "azimuth_step_deg", "ring", "row"});
  DemoMmWave m;
  m.id = n["id"].pattern({"n"}, true);
  m.name = n["name"].pattern({"n"});
  for (const Node& b : n["bands"].items(1)) {
    b.keys({"band", "frequency_ghz"});
    m.bands.emplace_back(b["band"].text(), b["frequency_ghz"].positive());
  }
  radio(n, m.cell);
  m.cell.antennaHeightM = n["antenna_height_m"].positive();
  m.azimuthStepDeg = n["azimuth_step_deg"].real();
  const Node ring = n["ring"], row = n["row"];
  ring.keys({"centre", "count", "radius_m", "angle_step_rad"});
  m.ringCentreEnu = ring["centre"].vec2();
  m.ringCount = ring["count"].integer(0, 1000);
  m.ringRadiusM = ring["radius_m"].real();
  m.ringAngleStepRad = ring["angle_step_rad"].real();
  row.keys({"first", "count", "step_m"});
  m.rowFirstEnu = row["first"].vec2();
  m.rowCount = row["count"].integer(0, 1000);
  m.rowStepM = row["step_m"].vec2();
  return m;
}

// Mounting and optics of a group of cameras; the group's own keys are read by the caller.
AiCamera camera(const Node& n) {
  AiCamera c;
  c.heightM = n["height_m"].positive();
  c.tiltDeg = n["tilt_deg"].real();
  c.hFovDeg = n["h_fov_deg"].positive();
  c.vFovDeg = n["v_fov_deg"].positive();
  c.rangeM = n["range_m"].positive();
  return c;
}

DemoCameras cameras(const Node& n) {
  n.keys({"total", "id", "intersection", "gate", "gates"});
  DemoCameras c;
  c.total = n["total"].integer(0, 1000000);
  c.id = n["id"].pattern({"n"}, true);
  const Node corner = n["intersection"], gate = n["gate"];
  corner.keys(
      {"name", "height_m", "tilt_deg", "h_fov_deg", "v_fov_deg", "range_m", "corner_offset_m", "river_clearance_m"});
  c.intersectionName = corner["name"].pattern({"n"});
  c.intersection = camera(corner);
  c.cornerOffsetM = corner["corner_offset_m"].real();
  c.riverClearanceM = corner["river_clearance_m"].real();
  gate.keys({"name", "height_m", "tilt_deg", "h_fov_deg", "v_fov_deg", "range_m", "spacing_m", "per_row"});
  c.gateName = gate["name"].pattern({"gate", "n"});
  c.gate = camera(gate);
  c.gateSpacingM = gate["spacing_m"].real();
  c.gateCamerasPerRow = gate["per_row"].integer(1, 1000);
  int gateCameras = 0;
  for (const Node& g : n["gates"].items()) {
    g.keys({"name", "position", "cameras"});
    c.gates.push_back({g["name"].text(), g["position"].vec2(), g["cameras"].integer(1, 1000)});
    gateCameras += c.gates.back().cameras;
  }
  if (gateCameras > c.total) n["total"].fail("must be at least the gates' " + std::to_string(gateCameras) + " cameras");
  return c;
}

std::vector<CameraBookmark> bookmarks(const Node& n) {
  std::vector<CameraBookmark> out;
  for (const Node& b : n.items()) {
    b.keys({"name", "target", "heading_deg", "pitch_deg", "range_m"});
    std::vector<Node> t = b["target"].items(3);
    if (t.size() != 3) b["target"].fail("must be [east, north, up] in metres");
    CameraBookmark bm{b["name"].text(),
                      {t[0].real(), t[1].real(), t[2].real()},
                      b["heading_deg"].number(),
                      b["pitch_deg"].number(),
                      b["range_m"].number()};
    if (!(bm.rangeM > 0) || std::abs(bm.pitchDeg) > 90) b.fail("needs range_m > 0 and pitch_deg within ±90");
    out.push_back(std::move(bm));
  }
  return out;
}

DemoDescription description(const Node& top) {
  top.keys({"version", "city", "palettes", "river", "district", "landmarks", "software_park", "it_park",
            "data_centre_campus", "proposed_data_centre", "sites_5g", "cameras", "bookmarks"});
  if (int v = top["version"].integer(0, 1000); v != 1)
    top["version"].fail("is " + std::to_string(v) + "; this build reads version 1");
  DemoDescription d;
  const Node city = top["city"], sites = top["sites_5g"];
  city.keys({"name", "origin"});
  d.cityName = city["name"].pattern({"seed"});
  d.origin = origin(city["origin"]);
  d.palettes = palettes(top["palettes"]);
  d.river = river(top["river"]);
  d.district = district(top["district"]);
  for (const Node& l : top["landmarks"].items()) d.landmarks.push_back(building(l));
  d.softwarePark = softwarePark(top["software_park"]);
  d.itPark = itPark(top["it_park"]);
  d.dataCentres = dataCentreCampus(top["data_centre_campus"]);
  d.proposedDataCentre = proposedDataCentre(top["proposed_data_centre"]);
  sites.keys({"macro", "mmwave"});
  d.macroSites = macroSites(sites["macro"]);
  d.mmWave = mmWave(sites["mmwave"]);
  d.cameras = cameras(top["cameras"]);
  d.bookmarks = bookmarks(top["bookmarks"]);
  return d;
}

}  // namespace

Result<DemoDescription> parseDemoDescription(std::string_view text, const std::string& file) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return fail(file + " is not valid JSON: " + e.what());
  }
  try {
    DemoDescription d = description(Node(doc, "", file));
    d.file = file;
    return d;
  } catch (const DescriptionError& e) {
    return fail(e.message);
  }
}

Result<DemoDescription> embeddedDemoDescription() {
  const std::string name = "demo/demo-city.json";
  std::optional<std::string_view> text = assets::text(name);
  if (!text) return fail("assets/" + name + " is not embedded in this build");
  return parseDemoDescription(*text, "assets/" + name);
}

std::string fillName(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t open = pattern.find('{', i);
    size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out += pattern.substr(i, open - i);
    std::string_view key = pattern.substr(open + 1, close - open - 1);
    auto v = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == key; });
    out += v != values.end() ? std::string_view(v->second) : pattern.substr(open, close - open + 1);
    i = close + 1;
  }
  if (i < pattern.size()) out += pattern.substr(i);
  return out;
}

}  // namespace ts::scene
