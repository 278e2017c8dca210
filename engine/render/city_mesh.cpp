#include "render/city_mesh.h"

#include <algorithm>
#include <cmath>

namespace ts::render {

namespace {
int8_t snorm8(float v) { return (int8_t)std::lround(std::clamp(v, -1.f, 1.f) * 127.f); }
}

CityMesh buildCityMesh(const scene::CityModel& city) {
  CityMesh m;
  const size_t n = city.buildings.size();
  m.vertices.reserve(n * 24);
  m.indices.reserve(n * 36);
  m.styles.resize(n);
  m.ranges.resize(n);
  for (const scene::Building& b : city.buildings) {
    const float c = std::cos(b.rotationRad), s = std::sin(b.rotationRad);
    const glm::vec2 ax(c, s), ay(-s, c);  // footprint axes in ENU
    auto corner = [&](float sx, float sy, float z) {
      glm::vec2 p = b.centerEnu + ax * (sx * b.halfSizeM.x) + ay * (sy * b.halfSizeM.y);
      return glm::vec3(p, z);
    };
    const uint32_t firstIndex = (uint32_t)m.indices.size();
    auto quad = [&](glm::vec3 p0, glm::vec3 p1, glm::vec3 p2, glm::vec3 p3, glm::vec3 normal) {
      uint32_t base = (uint32_t)m.vertices.size();
      for (const glm::vec3& p : {p0, p1, p2, p3})
        m.vertices.push_back({{p.x, p.y, p.z}, {snorm8(normal.x), snorm8(normal.y), snorm8(normal.z), 0}, b.id});
      for (uint32_t k : {0u, 1u, 2u, 0u, 2u, 3u}) m.indices.push_back(base + k);
    };
    const float h = b.heightM;
    // Counter-clockwise seen from outside.
    quad(corner(-1, -1, 0), corner(1, -1, 0), corner(1, -1, h), corner(-1, -1, h), glm::vec3(-ay, 0));  // south
    quad(corner(1, -1, 0), corner(1, 1, 0), corner(1, 1, h), corner(1, -1, h), glm::vec3(ax, 0));      // east
    quad(corner(1, 1, 0), corner(-1, 1, 0), corner(-1, 1, h), corner(1, 1, h), glm::vec3(ay, 0));      // north
    quad(corner(-1, 1, 0), corner(-1, -1, 0), corner(-1, -1, h), corner(-1, 1, h), glm::vec3(-ax, 0)); // west
    quad(corner(-1, -1, h), corner(1, -1, h), corner(1, 1, h), corner(-1, 1, h), glm::vec3(0, 0, 1));  // roof
    quad(corner(-1, 1, 0), corner(1, 1, 0), corner(1, -1, 0), corner(-1, -1, 0), glm::vec3(0, 0, -1)); // floor
    m.ranges[b.id] = {firstIndex, (uint32_t)m.indices.size() - firstIndex};
    m.styles[b.id] = {b.colorSrgb, 0};
  }
  return m;
}

}  // namespace ts::render
