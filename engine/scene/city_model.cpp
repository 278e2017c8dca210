#include "scene/city_model.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <random>

namespace ts::scene {

const CameraBookmark* CityModel::findBookmark(const std::string& n) const {
  for (const CameraBookmark& b : bookmarks)
    if (b.name == n) return &b;
  return nullptr;
}

uint32_t CityModel::addBuilding(Building b) {
  b.id = uint32_t(buildings.size());
  buildings.push_back(std::move(b));
  return buildings.back().id;
}

uint32_t CityModel::addBox(Building b, glm::vec2 c, glm::vec2 half, float rot, const ExtrudeStyle& style) {
  const glm::dvec2 ax(std::cos(rot), std::sin(rot)), ay(-std::sin(rot), std::cos(rot));
  Polygon2 p;
  for (glm::dvec2 s : {glm::dvec2(-1, -1), glm::dvec2(1, -1), glm::dvec2(1, 1), glm::dvec2(-1, 1)})
    p.outer.push_back(glm::dvec2(c) + ax * (s.x * half.x) + ay * (s.y * half.y));
  float base = b.minHeightM, top = b.heightM;
  b.footprintAreaM2 = 4.0 * half.x * half.y;
  uint32_t id = addBuilding(std::move(b));
  geometry.beginBuilding(id);
  extrude(geometry, id, p, *triangulate(p), base, top, style);  // a rectangle always triangulates
  geometry.endBuilding(id);
  return id;
}

void CityModel::addGroundCover(const Polygon2& p, uint32_t color, float heightM) {
  auto tris = triangulate(p);
  if (!tris) return;
  for (size_t t = 0; t + 2 < tris->size(); t += 3) {
    uint32_t a = groundCover.addVertex({(*tris)[t].x, (*tris)[t].y, heightM}, {0, 0, 1}, color, kGroundCoverId);
    uint32_t b = groundCover.addVertex({(*tris)[t + 1].x, (*tris)[t + 1].y, heightM}, {0, 0, 1}, color, kGroundCoverId);
    uint32_t c = groundCover.addVertex({(*tris)[t + 2].x, (*tris)[t + 2].y, heightM}, {0, 0, 1}, color, kGroundCoverId);
    groundCover.addTriangle(a, b, c);
  }
}

void CityModel::finalize() {
  boundsEnu = Aabb{};
  for (Building& b : buildings) {
    // Loaders that already know a building's bounds (models, while placing) set them.
    if (!b.boundsEnu.valid() && b.id < geometry.ranges.size()) {
      const BuildingRange& r = geometry.ranges[b.id];
      for (uint32_t i = r.firstIndex; i < r.firstIndex + r.indexCount; ++i)
        b.boundsEnu.extend(geometry.vertices[geometry.indices[i]].posEnu);
    }
    if (b.boundsEnu.valid()) {
      b.heightM = std::max(b.heightM, b.boundsEnu.max.z);
      boundsEnu.extend(b.boundsEnu);
    }
  }
  index.indexUpTo(geometry, uint32_t(geometry.triangleCount()));
}

CityModel makeBenchGrid(uint32_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> U(0.f, 1.f);
  CityModel city;
  city.name = "Benchmark grid of " + std::to_string(count) + " buildings";
  const uint32_t side = (uint32_t)std::ceil(std::sqrt((double)count));
  const float pitch = 20.f;
  const uint32_t palette[] = {rgb(214, 210, 200), rgb(170, 186, 200), rgb(226, 204, 170), rgb(190, 190, 186)};
  city.buildings.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Building b;
    b.use = "bench";
    glm::vec2 c = {(float(i % side) - side * 0.5f) * pitch, (float(i / side) - side * 0.5f) * pitch};
    float half = pitch * 0.5f * (0.55f + 0.35f * U(rng));
    float r = U(rng);
    b.heightM = 10.f * (1.f + 14.f * r * r * r);
    ExtrudeStyle style;
    style.wallColor = style.roofColor = palette[i % 4];
    style.floor = true;  // the floor's 2 triangles make the 12 the benchmark is defined with
    city.addBox(std::move(b), c, {half, half}, 0.f, style);
  }
  city.finalize();
  // The view used by the raw-Vulkan floor benchmark: eye at (0.55, 0.75, 0.42) x extent.
  float extent = side * pitch;
  glm::vec3 eye(0.55f * extent, 0.75f * extent, 0.42f * extent);
  glm::vec3 d = -eye;
  double range = glm::length(d);
  CameraBookmark bm;
  bm.name = "bench";
  bm.rangeM = range;
  bm.pitchDeg = std::asin(d.z / range) * 180.0 / 3.14159265358979;
  bm.headingDeg = std::atan2(d.x, d.y) * 180.0 / 3.14159265358979;
  city.bookmarks.push_back(bm);
  return city;
}

}  // namespace ts::scene
