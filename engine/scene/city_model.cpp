#include "scene/city_model.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <glm/common.hpp>
#include <glm/geometric.hpp>

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

void CityModel::finalize() {
  boundsEnu = Aabb{};
  for (Building& b : buildings) {
    b.boundsEnu = Aabb{};
    if (b.id < geometry.ranges.size()) {
      const BuildingRange& r = geometry.ranges[b.id];
      for (uint32_t i = r.firstIndex; i < r.firstIndex + r.indexCount; ++i)
        b.boundsEnu.extend(geometry.vertices[geometry.indices[i]].posEnu);
    }
    if (b.boundsEnu.valid()) {
      b.heightM = std::max(b.heightM, b.boundsEnu.max.z);
      boundsEnu.extend(b.boundsEnu);
    }
  }
  bvh = Bvh(geometry);
}

namespace {

// Roofs a little darker than walls, so the city reads from above.
uint32_t darker(uint32_t c) {
  auto ch = [&](int s) { return uint8_t(((c >> s) & 0xff) * 0.82f); };
  return rgb(ch(0), ch(8), ch(16));
}

// Varies a palette colour slightly so neighbours do not look cloned.
uint32_t jitter(uint32_t c, std::mt19937& rng, int amount) {
  std::uniform_int_distribution<int> d(-amount, amount);
  int shift = d(rng);
  auto ch = [&](int s) { return (uint8_t)std::clamp(int((c >> s) & 0xff) + shift, 0, 255); };
  return rgb(ch(0), ch(8), ch(16));
}

}  // namespace

CityModel makeDemoDistrict(uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> U(0.f, 1.f);
  CityModel city;
  city.name = "Demo district (procedural, seed " + std::to_string(seed) + ")";

  // Saigon-like palette: pastel shophouses, pale concrete mid-rise, blue-grey glass towers.
  const uint32_t shophouse[] = {rgb(236, 214, 160), rgb(226, 170, 140), rgb(200, 214, 222), rgb(238, 232, 214),
                                rgb(214, 226, 180), rgb(240, 196, 120), rgb(222, 200, 214)};
  const uint32_t midrise[] = {rgb(222, 222, 216), rgb(206, 202, 194), rgb(232, 228, 218), rgb(188, 192, 196)};
  const uint32_t tower[] = {rgb(120, 150, 176), rgb(96, 128, 150), rgb(150, 170, 186), rgb(176, 186, 190), rgb(92, 140, 140)};

  const int blocksX = 16, blocksY = 14;
  const float blockW = 110.f, blockD = 90.f, street = 22.f;
  const float pitchX = blockW + street, pitchY = blockD + street;
  const glm::vec2 origin(-blocksX * pitchX * 0.5f, -blocksY * pitchY * 0.5f);
  const float cbdRadius = 420.f;

  auto add = [&](glm::vec2 c, glm::vec2 half, float h, uint32_t color, const char* use) {
    Building b;
    b.use = use;
    b.name = std::string(use) + " " + std::to_string(city.buildings.size());
    b.sourceId = "demo/" + std::to_string(city.buildings.size());
    b.heightM = h;
    ExtrudeStyle style;
    style.wallColor = color;
    style.roofColor = darker(color);
    city.addBox(std::move(b), c, half, 0.f, style);
  };

  for (int by = 0; by < blocksY; ++by) {
    for (int bx = 0; bx < blocksX; ++bx) {
      glm::vec2 lo = origin + glm::vec2(bx * pitchX + street * 0.5f, by * pitchY + street * 0.5f);
      glm::vec2 centre = lo + glm::vec2(blockW, blockD) * 0.5f;
      float d = glm::length(centre);
      if (d < cbdRadius) {
        // CBD block: a podium and one to three towers, taller towards the centre.
        float podiumH = 12.f + 10.f * U(rng);
        add(centre, glm::vec2(blockW, blockD) * 0.46f, podiumH, jitter(midrise[rng() % 4], rng, 8), "podium");
        int towers = 1 + int(U(rng) * 3);
        for (int t = 0; t < towers; ++t) {
          glm::vec2 half(12.f + 10.f * U(rng), 12.f + 8.f * U(rng));
          glm::vec2 c = centre + glm::vec2((U(rng) - 0.5f) * (blockW - 2 * half.x), (U(rng) - 0.5f) * (blockD - 2 * half.y));
          float peak = 90.f + 170.f * (1.f - d / cbdRadius);
          add(c, half, podiumH + peak * (0.55f + 0.45f * U(rng)), jitter(tower[rng() % 5], rng, 10), "tower");
        }
        continue;
      }
      // Ordinary block: shophouse rows on the two long edges, mid-rise in the middle.
      float x = lo.x;
      while (x < lo.x + blockW - 4.f) {
        float w = std::min(4.f + 2.5f * U(rng), lo.x + blockW - x);
        for (int side = 0; side < 2; ++side) {
          float depth = 14.f + 8.f * U(rng);
          float y = side == 0 ? lo.y + depth * 0.5f : lo.y + blockD - depth * 0.5f;
          int floors = 2 + int(U(rng) * U(rng) * 6);
          add({x + w * 0.5f, y}, {w * 0.5f - 0.15f, depth * 0.5f}, 3.6f * floors + 1.f, jitter(shophouse[rng() % 7], rng, 12),
              "shophouse");
        }
        x += w;
      }
      int inner = 1 + int(U(rng) * 3);
      float innerW = blockW / inner;
      for (int k = 0; k < inner; ++k) {
        if (U(rng) < 0.2f) continue;  // courtyards and small parks
        glm::vec2 c(lo.x + innerW * (k + 0.5f), lo.y + blockD * 0.5f);
        glm::vec2 half(innerW * 0.5f - 4.f - 4.f * U(rng), 14.f + 6.f * U(rng));
        float h = 12.f + 45.f * U(rng) * U(rng) * std::clamp(1.6f - d / 1400.f, 0.3f, 1.f);
        add(c, half, h, jitter(midrise[rng() % 4], rng, 10), "residential");
      }
    }
  }
  city.finalize();
  glm::vec3 centre(0, 0, 0);
  city.bookmarks = {
      {"overview", centre, 30, -35, 2600},
      {"cbd", {0, 0, 60}, 215, -22, 900},
      {"street", {-200, -180, 15}, 60, -8, 420},
      {"top", centre, 0, -89.9, 3000},
  };
  return city;
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
