#include <gtest/gtest.h>

#include <cmath>
#include <glm/geometric.hpp>

#include "render/orbit_controller.h"

using ts::render::Camera;
using ts::render::OrbitController;

TEST(Orbit, NeverGoesUnderTheGround) {
  OrbitController o;
  o.targetEnu = {0, 0, 0};
  o.hpr = {0, -30, 500};
  o.rotate(0, -10000);  // drag far up: tilt towards the horizon and beyond
  EXPECT_LE(o.hpr.pitchDeg, OrbitController::kMaxPitchDeg);
  EXPECT_GT(o.camera().eyeEnu.z, 0.f);
  o.rotate(0, 10000);  // and straight down
  EXPECT_GE(o.hpr.pitchDeg, OrbitController::kMinPitchDeg);
  // A target below ground (picked in a cellar) still keeps the eye above it.
  o.targetEnu = {0, 0, -50};
  o.hpr = {0, -3, 100};
  o.clamp();
  EXPECT_GE(o.camera().eyeEnu.z, 0.99f);
}

TEST(Orbit, ZoomPanAndHeadingWrap) {
  OrbitController o;
  o.hpr = {350, -30, 1000};
  o.zoom(1);
  EXPECT_NEAR(o.hpr.rangeM, 850, 1e-9);
  o.zoom(-1000);
  EXPECT_EQ(o.hpr.rangeM, OrbitController::kMaxRangeM);
  o.zoom(1000);
  EXPECT_EQ(o.hpr.rangeM, OrbitController::kMinRangeM);
  o.rotate(100, 0);  // +30 degrees
  EXPECT_NEAR(o.hpr.headingDeg, 20, 1e-9);
  // Dragging the ground to the left (dx < 0) moves the view east when looking north.
  OrbitController p;
  p.hpr = {0, -45, 1000};
  p.pan(-100, 0, 1000);
  EXPECT_GT(p.targetEnu.x, 10.f);
  EXPECT_NEAR(p.targetEnu.y, 0.f, 1e-3);
  p.pan(0, 100, 1000);  // dragging down moves the view forward (north)
  EXPECT_GT(p.targetEnu.y, 10.f);
}

TEST(Orbit, ZoomsTowardsTheCursorAndRetargetsWithoutAJump) {
  OrbitController o;
  o.targetEnu = {0, 0, 0};
  o.hpr = {0, -45, 1000};
  glm::vec3 point(200, 100, 0);
  float before = glm::length(point - o.camera().eyeEnu);
  o.zoomTowards(point, 2);
  EXPECT_LT(glm::length(point - o.camera().eyeEnu), before * 0.8f) << "the point under the cursor came closer";
  EXPECT_GT(o.targetEnu.x, 10.f);

  glm::vec3 eye = o.camera().eyeEnu;
  o.retarget({150, 300, 0});
  EXPECT_LT(glm::length(o.camera().eyeEnu - eye), 0.05f) << "retargeting must not move the eye";
  EXPECT_NEAR(o.targetEnu.y, 300.f, 1e-2);
}

TEST(Orbit, RoundTripsACamera) {
  Camera c = Camera::fromHeadingPitchRange({100, 200, 0}, {45, -30, 800});
  Camera back = OrbitController::from(c).camera();
  EXPECT_NEAR(back.eyeEnu.x, c.eyeEnu.x, 1e-2);
  EXPECT_NEAR(back.eyeEnu.y, c.eyeEnu.y, 1e-2);
  EXPECT_NEAR(back.eyeEnu.z, c.eyeEnu.z, 1e-2);
}
