#include "render/city_mesh.h"

#include <algorithm>
#include <cmath>

namespace ts::render {

namespace {
int8_t snorm8(float v) { return (int8_t)std::lround(std::clamp(v, -1.f, 1.f) * 127.f); }
}  // namespace

CityMesh buildCityMesh(const scene::CityModel& city) {
  CityMesh m;
  // Land cover shares the buffers (and the one draw); its style is the slot after the
  // last building's.
  const uint32_t groundStyle = uint32_t(city.buildings.size());
  auto append = [&](const scene::GeometryBuffer& g, bool ground) {
    uint32_t base = uint32_t(m.vertices.size());
    for (const scene::SceneVertex& v : g.vertices)
      m.vertices.push_back({{v.posEnu.x, v.posEnu.y, v.posEnu.z},
                            {snorm8(v.normal.x), snorm8(v.normal.y), snorm8(v.normal.z), 0},
                            v.colorSrgb,
                            ground ? groundStyle : v.buildingId});
    for (uint32_t i : g.indices) m.indices.push_back(base + i);
  };
  m.vertices.reserve(city.geometry.vertices.size() + city.groundCover.vertices.size());
  m.indices.reserve(city.geometry.indices.size() + city.groundCover.indices.size());
  append(city.geometry, false);
  append(city.groundCover, true);
  m.styles.assign(city.buildings.size() + 1, BuildingStyle{0, 0});
  return m;
}

}  // namespace ts::render
