#include "scene/entity_markers.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <map>

namespace ts::scene {

std::vector<std::vector<uint32_t>> mastGroups(const std::vector<Site5G>& sectors) {
  std::vector<std::vector<uint32_t>> groups;
  std::map<std::pair<long, long>, size_t> byPosition;
  for (uint32_t i = 0; i < sectors.size(); ++i) {
    const glm::vec3& p = sectors[i].posEnu;
    auto [it, added] = byPosition.emplace(std::pair{std::lround(p.x * 10.0), std::lround(p.y * 10.0)}, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

std::vector<MarkerBox> entityMarkers(const EntitySet& e) {
  std::vector<MarkerBox> out;
  // One marker per mast; its first sector names it.
  for (const std::vector<uint32_t>& mast : mastGroups(e.sites5g)) {
    const uint32_t i = mast.front();
    const Site5G& s = e.sites5g[i];
    Aabb b;
    b.extend(s.posEnu + glm::vec3(-1.2f, -1.2f, 0));
    b.extend(s.posEnu + glm::vec3(1.2f, 1.2f, s.antennaHeightM));
    out.push_back({{EntityKind::Site5G, uint32_t(i)}, b, isMmWave(s) ? rgb(240, 120, 220) : rgb(200, 60, 200)});
  }
  for (size_t i = 0; i < e.cameras.size(); ++i) {
    const AiCamera& c = e.cameras[i];
    Aabb b;
    b.extend(c.posEnu + glm::vec3(-0.5f, -0.5f, 0));
    b.extend(c.posEnu + glm::vec3(0.5f, 0.5f, c.heightM));
    out.push_back({{EntityKind::Camera, uint32_t(i)}, b, rgb(250, 210, 40)});
  }
  return out;
}

void addMarkerGeometry(const std::vector<MarkerBox>& markers, GeometryBuffer& g, uint32_t firstStyleId) {
  for (size_t i = 0; i < markers.size(); ++i) {
    const MarkerBox& m = markers[i];
    const uint32_t styleId = firstStyleId + uint32_t(i);
    Polygon2 p{{{m.box.min.x, m.box.min.y},
                {m.box.max.x, m.box.min.y},
                {m.box.max.x, m.box.max.y},
                {m.box.min.x, m.box.max.y}},
               {}};
    std::vector<glm::dvec2> roof = {p.outer[0], p.outer[1], p.outer[2], p.outer[0], p.outer[2], p.outer[3]};
    ExtrudeStyle s;
    s.wallColor = s.roofColor = m.colorSrgb;
    extrude(g, styleId, p, roof, m.box.min.z, m.box.max.z, s);
  }
}

std::optional<EntityHit> pickEntity(const std::vector<MarkerBox>& markers, const glm::vec3& o, const glm::vec3& dir,
                                    float maxDistance) {
  glm::vec3 d = glm::normalize(dir), inv = 1.f / d;
  std::optional<EntityHit> best;
  for (const MarkerBox& m : markers) {
    glm::vec3 t0 = (m.box.min - o) * inv, t1 = (m.box.max - o) * inv;
    glm::vec3 lo = glm::min(t0, t1), hi = glm::max(t0, t1);
    float tmin = std::max(std::max(lo.x, lo.y), std::max(lo.z, 0.f));
    float tmax = std::min(std::min(hi.x, hi.y), std::min(hi.z, maxDistance));
    if (tmin <= tmax && (!best || tmin < best->distanceM)) best = EntityHit{m.entity, tmin};
  }
  return best;
}

std::optional<uint32_t> markerOf(const std::vector<MarkerBox>& markers, const EntityRef& entity) {
  for (size_t i = 0; i < markers.size(); ++i)
    if (markers[i].entity == entity) return uint32_t(i);
  return std::nullopt;
}

}  // namespace ts::scene
