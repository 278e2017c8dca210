#include "scene/geometry.h"

#include <gtest/gtest.h>

#include <glm/geometric.hpp>

#include "scene/bvh.h"
#include "scene/city_model.h"

using namespace ts::scene;

namespace {
double triangleArea(const std::vector<glm::dvec2>& tris) {
  double a = 0;
  for (size_t i = 0; i + 2 < tris.size(); i += 3) a += signedArea({tris[i], tris[i + 1], tris[i + 2]});
  return a;
}
Polygon2 square(double x0, double y0, double size) {
  return {{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}}, {}};
}
}  // namespace

TEST(Footprint, ConcavePolygonWithHoleTriangulatesToItsArea) {
  // An L-shape (concave) with a square courtyard.
  Polygon2 p;
  p.outer = {{0, 0}, {30, 0}, {30, 10}, {10, 10}, {10, 30}, {0, 30}};
  p.holes = {{{2, 2}, {2, 6}, {6, 6}, {6, 2}}};  // clockwise
  EXPECT_DOUBLE_EQ(area(p), 500.0 - 16.0);
  auto tris = triangulate(p);
  ASSERT_TRUE(tris) << tris.error().message;
  EXPECT_NEAR(triangleArea(*tris), area(p), 1e-6);  // all counter-clockwise, nothing outside
  for (size_t i = 0; i < tris->size(); i += 3) EXPECT_GT(signedArea({(*tris)[i], (*tris)[i + 1], (*tris)[i + 2]}), 0.0);
}

TEST(Footprint, ClockwiseConvexRingIsFannedCounterClockwise) {
  Polygon2 p{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, {}};
  auto tris = triangulate(p);
  ASSERT_TRUE(tris);
  EXPECT_EQ(tris->size(), 6u);
  EXPECT_NEAR(triangleArea(*tris), 100.0, 1e-9);
}

TEST(Footprint, SelfIntersectingPolygonIsRepaired) {
  Polygon2 bowtie{{{0, 0}, {10, 10}, {10, 0}, {0, 10}}, {}};
  bool repaired = false;
  auto fixed = makeValid(bowtie, &repaired);
  ASSERT_TRUE(fixed) << fixed.error().message;
  EXPECT_TRUE(repaired);
  ASSERT_EQ(fixed->size(), 2u);  // two triangles meeting at the crossing
  double total = 0;
  for (const Polygon2& q : *fixed) total += area(q);
  EXPECT_NEAR(total, 50.0, 1e-6);

  bool untouched = true;
  auto same = makeValid(square(0, 0, 5), &untouched);
  ASSERT_TRUE(same);
  EXPECT_FALSE(untouched);
  EXPECT_FALSE(makeValid(Polygon2{{{0, 0}, {1, 1}}, {}}, nullptr));
}

TEST(Footprint, ExtrudedWallsFaceOutwardAndRoofUp) {
  Polygon2 p;
  p.outer = {{0, 0}, {20, 0}, {20, 20}, {0, 20}};
  p.holes = {{{5, 5}, {15, 5}, {15, 15}, {5, 15}}};  // counter-clockwise on purpose: extrude must cope
  GeometryBuffer g;
  g.beginBuilding(0);
  size_t n = extrude(g, 0, p, *triangulate(p), 0.f, 12.f, {});
  g.endBuilding(0);
  EXPECT_EQ(n, g.triangleCount());
  EXPECT_EQ(g.ranges[0].indexCount, n * 3);
  for (size_t t = 0; t < g.triangleCount(); ++t) {
    const SceneVertex& a = g.vertices[g.indices[3 * t]];
    const SceneVertex& b = g.vertices[g.indices[3 * t + 1]];
    const SceneVertex& c = g.vertices[g.indices[3 * t + 2]];
    glm::vec3 geometric = glm::cross(b.posEnu - a.posEnu, c.posEnu - a.posEnu);
    EXPECT_GT(glm::dot(geometric, a.normal), 0.f) << "winding disagrees with the normal (culled from outside)";
    if (a.normal.z > 0.5f) continue;  // roof
    glm::vec3 mid = (a.posEnu + b.posEnu + c.posEnu) / 3.f;
    bool onHole = mid.x > 4 && mid.x < 16 && mid.y > 4 && mid.y < 16;
    glm::vec2 fromCentre(mid.x - 10.f, mid.y - 10.f);
    float outward = glm::dot(fromCentre, glm::vec2(a.normal));
    if (onHole)
      EXPECT_LT(outward, 0.f) << "courtyard walls face into the courtyard";
    else
      EXPECT_GT(outward, 0.f);
  }
}

TEST(Bvh, RayPicksTheNearestBuildingAndSegmentsSeeThroughStreets) {
  CityModel city;
  Building tall;
  tall.heightM = 50;
  city.addBox(tall, {0, 0}, {10, 10}, 0.f, {});  // id 0 at the origin
  Building behind;
  behind.heightM = 80;
  city.addBox(behind, {0, 60}, {10, 10}, 0.f, {});  // id 1 north of it
  city.finalize();
  ASSERT_EQ(city.buildings.size(), 2u);
  EXPECT_FLOAT_EQ(city.buildings[1].heightM, 80.f);
  EXPECT_NEAR(city.buildings[0].boundsEnu.max.x, 10.f, 1e-4);

  // Looking north from the south at 20 m: the first building is hit on its south wall.
  auto hit = city.raycast({0, -100, 20}, {0, 1, 0});
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->buildingId, 0u);
  EXPECT_NEAR(hit->distanceM, 90.f, 1e-3);
  EXPECT_NEAR(hit->normal.y, -1.f, 1e-4);
  // At 60 m the first one is too low: the ray reaches the second.
  auto over = city.raycast({0, -100, 60}, {0, 1, 0});
  ASSERT_TRUE(over);
  EXPECT_EQ(over->buildingId, 1u);
  EXPECT_NEAR(over->distanceM, 150.f, 1e-3);
  EXPECT_FALSE(city.raycast({0, -100, 90}, {0, 1, 0}));
  EXPECT_FALSE(city.raycast({0, -100, 20}, {0, 1, 0}, 50.f));  // out of range

  EXPECT_TRUE(city.segmentBlocked({0, -50, 1.5f}, {0, 100, 1.5f}));     // through both
  EXPECT_FALSE(city.segmentBlocked({30, -50, 1.5f}, {30, 100, 1.5f}));  // along a street
  EXPECT_FALSE(city.segmentBlocked({0, -50, 1.5f}, {0, -10, 1.5f}));    // stops at the wall

  Aabb box;
  box.extend(glm::vec3(-5, 45, 0));  // straddles building 1's south wall
  box.extend(glm::vec3(5, 55, 10));
  EXPECT_EQ(city.buildingsInBox(box), std::vector<uint32_t>{1});
  Aabb inside;  // within building 1 but touching none of its surfaces
  inside.extend(glm::vec3(-5, 55, 0));
  inside.extend(glm::vec3(5, 65, 10));
  EXPECT_TRUE(city.buildingsInBox(inside).empty());
}

TEST(Bvh, ManyBuildingsAgreeWithBruteForce) {
  CityModel city = makeBenchGrid(900);
  for (int k = 0; k < 200; ++k) {
    glm::vec3 o(-400.f + k * 4.f, -400.f, 5.f + (k % 7) * 20.f);
    glm::vec3 d = glm::normalize(glm::vec3(0.3f + (k % 5) * 0.1f, 1.f, -0.05f));
    auto hit = city.raycast(o, d);
    // Brute force over every triangle.
    float best = 1e30f;
    const GeometryBuffer& g = city.geometry;
    for (size_t t = 0; t < g.triangleCount(); ++t) {
      glm::vec3 a = g.vertices[g.indices[3 * t]].posEnu, b = g.vertices[g.indices[3 * t + 1]].posEnu,
                c = g.vertices[g.indices[3 * t + 2]].posEnu;
      glm::vec3 e1 = b - a, e2 = c - a, p = glm::cross(d, e2);
      float det = glm::dot(e1, p);
      if (std::abs(det) < 1e-12f) continue;
      glm::vec3 s = o - a;
      float u = glm::dot(s, p) / det;
      glm::vec3 q = glm::cross(s, e1);
      float v = glm::dot(d, q) / det, tt = glm::dot(e2, q) / det;
      if (u >= 0 && v >= 0 && u + v <= 1 && tt > 1e-5f) best = std::min(best, tt);
    }
    if (best == 1e30f) {
      EXPECT_FALSE(hit) << k;
    } else {
      ASSERT_TRUE(hit) << k;
      EXPECT_NEAR(hit->distanceM, best, 1e-2) << k;
    }
  }
}
