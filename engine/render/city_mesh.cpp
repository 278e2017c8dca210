#include "render/city_mesh.h"

#include <algorithm>
#include <cmath>

namespace ts::render {

namespace {
int8_t snorm8(float v) { return (int8_t)std::lround(std::clamp(v, -1.f, 1.f) * 127.f); }
}  // namespace

CityMesh buildCityMesh(const scene::CityModel& city) {
  CityMesh m;
  const scene::GeometryBuffer& g = city.geometry;
  m.vertices.resize(g.vertices.size());
  for (size_t i = 0; i < g.vertices.size(); ++i) {
    const scene::SceneVertex& v = g.vertices[i];
    m.vertices[i] = {{v.posEnu.x, v.posEnu.y, v.posEnu.z},
                     {snorm8(v.normal.x), snorm8(v.normal.y), snorm8(v.normal.z), 0},
                     v.colorSrgb,
                     v.buildingId};
  }
  m.indices = g.indices;
  m.styles.assign(city.buildings.size(), BuildingStyle{0, 0});
  return m;
}

}  // namespace ts::render
