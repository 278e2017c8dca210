#include "io/cityjson.h"

#include <chrono>
#include <cmath>
#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>

#include "core/json_type.h"
#include "io/georef.h"
#include "io/json_file.h"
#include "scene/geometry.h"

namespace ts::io {

using nlohmann::json;

namespace {

using scene::rgb;
constexpr uint32_t kWall = rgb(226, 218, 204), kRoof = rgb(172, 96, 80), kFlatRoof = rgb(178, 178, 172),
                   kProposedWall = rgb(236, 238, 242), kProposedRoof = rgb(214, 218, 226);

double lodOf(const json& g) {
  const json& l = g.contains("lod") ? g["lod"] : json();
  if (l.is_number()) return l.get<double>();
  if (l.is_string()) try {
      return std::stod(l.get<std::string>());
    } catch (...) {
    }
  return 0;
}

struct Context {
  const std::vector<glm::dvec3>* vertices;  // ENU x, y and source z
  scene::GeometryBuffer* geometry;
  uint32_t building;
  bool proposed;
  size_t triangles = 0;
  size_t badSurfaces = 0;
};

// One surface (outer ring and holes, as vertex indices) triangulated in its own plane.
void addSurface(Context& c, const json& surface, const std::string& semantic, double baseZ) {
  if (!surface.is_array() || surface.empty()) return void(++c.badSurfaces);
  std::vector<std::vector<glm::dvec3>> rings;
  for (const json& ring : surface) {
    if (!ring.is_array()) return void(++c.badSurfaces);
    std::vector<glm::dvec3> pts;
    for (const json& v : ring) {
      if (!v.is_number_integer() || v.get<int64_t>() < 0 || size_t(v.get<int64_t>()) >= c.vertices->size())
        return void(++c.badSurfaces);
      glm::dvec3 p = (*c.vertices)[size_t(v.get<int64_t>())];
      p.z -= baseZ;
      pts.push_back(p);
    }
    if (pts.size() < 3) return void(++c.badSurfaces);
    rings.push_back(std::move(pts));
  }
  // Newell's method: the outer ring's normal (CityJSON orders rings counter-clockwise
  // seen from outside, so it points out of the solid).
  glm::dvec3 n(0), centre(0);
  const auto& outer = rings[0];
  for (size_t i = 0; i < outer.size(); ++i) {
    const glm::dvec3 &a = outer[i], &b = outer[(i + 1) % outer.size()];
    n += glm::dvec3((a.y - b.y) * (a.z + b.z), (a.z - b.z) * (a.x + b.x), (a.x - b.x) * (a.y + b.y));
    centre += a;
  }
  centre /= double(outer.size());
  if (glm::length(n) < 1e-9) return void(++c.badSurfaces);
  n = glm::normalize(n);
  glm::dvec3 u =
      glm::normalize(std::abs(n.z) < 0.9 ? glm::cross(glm::dvec3(0, 0, 1), n) : glm::cross(glm::dvec3(1, 0, 0), n));
  glm::dvec3 v = glm::cross(n, u);
  scene::Polygon2 poly;
  auto flatten = [&](const std::vector<glm::dvec3>& r) {
    std::vector<glm::dvec2> out;
    for (const auto& p : r) out.push_back({glm::dot(p - centre, u), glm::dot(p - centre, v)});
    return out;
  };
  poly.outer = flatten(rings[0]);
  for (size_t i = 1; i < rings.size(); ++i) poly.holes.push_back(flatten(rings[i]));
  auto tris = scene::triangulate(poly);
  if (!tris) {
    bool repaired = false;
    auto valid = scene::makeValid(poly, &repaired);
    if (!valid || valid->empty()) return void(++c.badSurfaces);
    tris = std::vector<glm::dvec2>{};
    for (const auto& q : *valid)
      if (auto t = scene::triangulate(q)) tris->insert(tris->end(), t->begin(), t->end());
  }
  bool roof = semantic == "RoofSurface" || (semantic.empty() && n.z > 0.7);
  if (semantic == "GroundSurface" || (semantic.empty() && n.z < -0.7)) return;  // faces the ground: never seen
  uint32_t color = c.proposed ? (roof ? kProposedRoof : kProposedWall)
                   : roof     ? (n.z > 0.97 ? kFlatRoof : kRoof)
                              : kWall;
  glm::vec3 nf(n);
  for (size_t t = 0; t + 2 < tris->size(); t += 3) {
    uint32_t idx[3];
    for (int k = 0; k < 3; ++k) {
      glm::dvec2 q = (*tris)[t + k];
      idx[k] = c.geometry->addVertex(glm::vec3(centre + u * q.x + v * q.y), nf, color, c.building);
    }
    c.geometry->addTriangle(idx[0], idx[1], idx[2]);  // counter-clockwise in (u, v) = facing n
    ++c.triangles;
  }
}

// The semantic surface type of surface `i` (or of shell s, surface i for solids).
std::string semanticOf(const json& g, const std::vector<size_t>& path) {
  if (!g.contains("semantics")) return {};
  const json& sem = g["semantics"];
  const json* values = sem.contains("values") ? &sem["values"] : nullptr;
  for (size_t p : path) {
    if (!values || !values->is_array() || p >= values->size()) return {};
    values = &(*values)[p];
  }
  if (!values || !values->is_number_integer() || !sem.contains("surfaces")) return {};
  size_t s = values->get<size_t>();
  const json& surfaces = sem["surfaces"];
  if (!surfaces.is_array() || s >= surfaces.size()) return {};
  return stringMember(surfaces[s], "type");
}

void addGeometry(Context& c, const json& g, double baseZ) {
  std::string type = stringMember(g, "type");
  const json& b = g.contains("boundaries") ? g["boundaries"] : json::array();
  if (!b.is_array()) return void(++c.badSurfaces);
  if (type == "MultiSurface" || type == "CompositeSurface") {
    for (size_t i = 0; i < b.size(); ++i) addSurface(c, b[i], semanticOf(g, {i}), baseZ);
  } else if (type == "Solid") {
    for (size_t s = 0; s < b.size(); ++s)
      for (size_t i = 0; b[s].is_array() && i < b[s].size(); ++i) addSurface(c, b[s][i], semanticOf(g, {s, i}), baseZ);
  } else if (type == "MultiSolid" || type == "CompositeSolid") {
    for (size_t d = 0; d < b.size(); ++d)
      for (size_t s = 0; b[d].is_array() && s < b[d].size(); ++s)
        for (size_t i = 0; b[d][s].is_array() && i < b[d][s].size(); ++i)
          addSurface(c, b[d][s][i], semanticOf(g, {d, s, i}), baseZ);
  }
}

// The geometry of `obj` to draw: the highest LoD not above `maxLod`.
const json* pickGeometry(const json& obj, std::optional<double> maxLod) {
  const json* best = nullptr;
  double bestLod = -1;
  auto list = obj.find("geometry");
  if (list == obj.end() || !list->is_array()) return nullptr;
  for (const json& g : *list) {
    if (!g.is_object() || stringMember(g, "type") == "GeometryInstance") continue;
    double lod = lodOf(g);
    if (maxLod && lod > *maxLod + 1e-9) continue;
    if (lod > bestLod) best = &g, bestLod = lod;
  }
  return best;
}

void collectVertexZ(const json& node, const std::vector<glm::dvec3>& verts, double& minZ) {
  if (node.is_number_integer()) {
    int64_t i = node.get<int64_t>();
    if (i >= 0 && size_t(i) < verts.size()) minZ = std::min(minZ, verts[size_t(i)].z);
  } else if (node.is_array()) {
    for (const json& n : node) collectVertexZ(n, verts, minZ);
  }
}

// The document type and version, and the two members everything else needs.
Result<> checkDocument(const json& doc, const std::filesystem::path& path, const InputLimits& limits) {
  if (stringMember(doc, "type") != "CityJSON")
    return fail("'" + path.string() + "' is not CityJSON (expected \"type\": \"CityJSON\")");
  std::string version = stringMember(doc, "version");
  if (version != "1.1" && version != "2.0" && version.rfind("1.1.", 0) != 0 && version.rfind("2.0.", 0) != 0)
    return fail("'" + path.string() + "': CityJSON version '" + version + "' is not supported (1.1 and 2.0 are)");
  if (!doc.contains("CityObjects") || !doc["CityObjects"].is_object() || !doc.contains("vertices") ||
      !doc["vertices"].is_array())
    return fail("'" + path.string() + "': CityJSON needs \"CityObjects\" (an object) and \"vertices\" (an array)");
  auto over = [&](size_t count, size_t limit, const char* what) {
    return fail("'" + path.string() + "' has " + std::to_string(count) + " " + what + ", over the limit of " +
                std::to_string(limit) + " (split the file)");
  };
  if (doc["CityObjects"].size() > limits.maxItems)
    return over(doc["CityObjects"].size(), limits.maxItems, "CityObjects");
  if (doc["vertices"].size() > limits.maxVertices) return over(doc["vertices"].size(), limits.maxVertices, "vertices");
  return {};
}

// The layer's CRS: the options', else the file's metadata.referenceSystem.
Result<std::string> crsNameOf(const json& doc, const CityJsonOptions& opt, const std::filesystem::path& path) {
  std::string crsName;
  if (opt.crs)
    crsName = *opt.crs;
  else if (doc.contains("metadata") && doc["metadata"].is_object() && doc["metadata"].contains("referenceSystem") &&
           doc["metadata"]["referenceSystem"].is_string())
    crsName = doc["metadata"]["referenceSystem"].get<std::string>();
  if (crsName.empty())
    return fail("'" + path.string() + "' has no metadata.referenceSystem; give the layer a \"crs\" in the scene file");
  return crsName;
}

// CityJSON stores vertices as integers: source = vertex * scale + translate.
struct VertexTransform {
  glm::dvec3 scale{1}, translate{0};
};

Result<VertexTransform> readTransform(const json& doc, const std::filesystem::path& path) {
  VertexTransform tr;
  if (!doc.contains("transform")) return tr;
  const json& t = doc["transform"];
  auto vec3 = [&](const char* key, glm::dvec3& out) {
    const json& a = t.value(key, json());
    if (!a.is_array() || a.size() != 3 || !a[0].is_number() || !a[1].is_number() || !a[2].is_number()) return false;
    out = {a[0].get<double>(), a[1].get<double>(), a[2].get<double>()};
    return true;
  };
  if (!t.is_object() || !vec3("scale", tr.scale) || !vec3("translate", tr.translate))
    return fail("'" + path.string() + "': \"transform\" needs \"scale\" and \"translate\" arrays of three numbers");
  return tr;
}

// Vertices in ENU x/y; z stays in the source's height system and is made relative to
// each building's lowest point later, so buildings stand on the scene's ground plane.
// Counts the vertices that are malformed or cannot be converted (left at 0).
std::vector<glm::dvec3> readVertices(const json& rawVerts, const VertexTransform& tr, const CrsToEnu& crs,
                                     size_t& badVerts) {
  std::vector<glm::dvec3> verts(rawVerts.size());
  for (size_t i = 0; i < rawVerts.size(); ++i) {
    const json& v = rawVerts[i];
    if (!v.is_array() || v.size() != 3 || !v[0].is_number() || !v[1].is_number() || !v[2].is_number()) {
      ++badVerts;
      continue;
    }
    glm::dvec3 p = glm::dvec3(v[0].get<double>(), v[1].get<double>(), v[2].get<double>()) * tr.scale + tr.translate;
    glm::dvec3 enu;
    if (!crs.toEnu(p.x, p.y, 0, enu)) {
      ++badVerts;
      continue;
    }
    verts[i] = {enu.x, enu.y, p.z};
  }
  return verts;
}

// The building and its parts (children that are BuildingParts, recursively).
std::vector<const json*> buildingMembers(const json& objects, const json& building) {
  std::vector<const json*> members{&building};
  for (size_t m = 0; m < members.size(); ++m)
    for (const json& child : members[m]->value("children", json::array()))
      if (child.is_string() && objects.contains(child.get<std::string>()) &&
          stringMember(objects[child.get<std::string>()], "type") == "BuildingPart")
        members.push_back(&objects[child.get<std::string>()]);
  return members;
}

// The building's record: its id, use, name and status from its attributes (all kept).
scene::Building buildingOf(const std::string& key, const json& obj, const CityJsonOptions& opt) {
  scene::Building b;
  b.layer = opt.layer;
  b.sourceId = key;
  b.use = "building";
  b.status = opt.status;
  const json attrs = obj.value("attributes", json::object());
  for (auto a = attrs.begin(); attrs.is_object() && a != attrs.end(); ++a)
    b.attributes.push_back(attributeFromJson(a.key(), *a));
  if (attrs.is_object()) {
    b.name = stringMember(attrs, "name");
    if (attrs.contains("function") && attrs["function"].is_string()) b.use = attrs["function"].get<std::string>();
    std::string status = stringMember(attrs, "status");
    if (status == "proposed" || status == "planned") b.status = scene::BuildingStatus::Proposed;
  }
  return b;
}

// Footprint area: everything facing up, seen from above, overlaps once.
double footprintArea(const scene::GeometryBuffer& g, const scene::BuildingRange& r) {
  std::vector<glm::dvec2> up;
  for (uint32_t i = r.firstIndex; i + 2 < r.firstIndex + r.indexCount; i += 3)
    if (g.vertices[g.indices[i]].normal.z > 0.01f)
      for (int k = 0; k < 3; ++k) up.push_back(glm::dvec2(g.vertices[g.indices[i + k]].posEnu));
  return scene::coveredArea(up);
}

// One Building city object with its parts, drawn at the highest LoD the options allow,
// or a warning why not.
void addBuilding(const json& objects, const std::string& key, const json& obj, const std::vector<glm::dvec3>& verts,
                 const CityJsonOptions& opt, const std::string& label, LayerReport& report, scene::CityModel& city) {
  std::vector<const json*> geoms;
  double minZ = INFINITY;
  for (const json* m : buildingMembers(objects, obj))
    if (const json* g = pickGeometry(*m, opt.lod)) {
      geoms.push_back(g);
      if (auto bnd = g->find("boundaries"); bnd != g->end()) collectVertexZ(*bnd, verts, minZ);
    }
  if (geoms.empty()) {
    report.warn(label + ": no geometry" + (opt.lod ? " at or below LoD " + std::to_string(*opt.lod) : std::string()) +
                ", skipped");
    ++report.skipped;
    return;
  }
  uint32_t id = city.addBuilding(buildingOf(key, obj, opt));
  city.geometry.beginBuilding(id);
  Context c{&verts, &city.geometry, id, city.buildings[id].status == scene::BuildingStatus::Proposed};
  for (const json* g : geoms) addGeometry(c, *g, minZ);
  city.geometry.endBuilding(id);
  if (c.badSurfaces) report.warn(label + ": " + std::to_string(c.badSurfaces) + " malformed surfaces skipped");
  city.buildings[id].footprintAreaM2 = footprintArea(city.geometry, city.geometry.ranges[id]);
  report.triangles += c.triangles;
  ++report.buildings;
}

}  // namespace

Result<LayerReport> loadCityJson(const std::filesystem::path& path, const CityJsonOptions& opt,
                                 scene::CityModel& city) {
  auto text = readFileText(path, "CityJSON file", opt.limits.maxFileBytes);
  if (!text) return std::unexpected(text.error());
  return loadCityJsonText(*text, path, opt, city);
}

Result<LayerReport> loadCityJsonText(std::string_view text, const std::filesystem::path& path,
                                     const CityJsonOptions& opt, scene::CityModel& city) {
  auto t0 = std::chrono::steady_clock::now();
  LayerReport report;
  report.source = path.string();
  report.kind = "cityjson";
  const std::string name = path.filename().string();
  auto parsed = parseJsonText(text, path);
  if (!parsed) return std::unexpected(parsed.error());
  const json& doc = *parsed;
  if (Result<> ok = checkDocument(doc, path, opt.limits); !ok) return std::unexpected(ok.error());
  Result<std::string> crsName = crsNameOf(doc, opt, path);
  if (!crsName) return std::unexpected(crsName.error());
  auto crs = makeCrsToEnu(*crsName, city.origin);
  if (!crs) return fail("'" + path.string() + "': " + crs.error().message);
  Result<VertexTransform> transform = readTransform(doc, path);
  if (!transform) return std::unexpected(transform.error());
  size_t badVerts = 0;
  const std::vector<glm::dvec3> verts = readVertices(doc["vertices"], *transform, *crs, badVerts);
  if (badVerts) report.warn(name + ": " + std::to_string(badVerts) + " vertices are malformed or outside " + *crsName);

  const json& objects = doc["CityObjects"];
  size_t seen = 0;
  for (auto it = objects.begin(); it != objects.end(); ++it) {
    const json& obj = it.value();
    if (opt.progress && seen++ % 1024 == 0) opt.progress(double(seen) / double(objects.size()));
    if (!obj.is_object()) continue;
    std::string type = stringMember(obj, "type");
    if (type != "Building") continue;  // parts are drawn with their building
    ++report.items;
    addBuilding(objects, it.key(), obj, verts, opt, name + ": CityObject '" + it.key() + "'", report, city);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace ts::io
