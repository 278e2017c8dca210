#include "render/camera_modes.h"

#include <gtest/gtest.h>

#include <glm/geometric.hpp>

using namespace ts;
using namespace ts::render;

TEST(Walk, StopsAtAWallAndSlidesAlongIt) {
  scene::CityModel city;
  scene::Building b;
  b.heightM = 20;
  city.addBox(b, {0, 20}, {10, 5}, 0.f, {});  // south wall at y = 15
  city.finalize();
  WalkController w;
  w.feetEnu = {0, 0, 0};
  w.headingDeg = 0;                                            // north, towards the wall
  for (int i = 0; i < 200; ++i) w.move({1, 0, 0}, 0.1, city);  // 28 m of walking
  EXPECT_LT(w.feetEnu.y, 15.f) << "walked through the wall";
  EXPECT_GT(w.feetEnu.y, 14.f) << "stopped too early";
  EXPECT_FLOAT_EQ(w.camera().eyeEnu.z, 1.7f);
  // Walking diagonally into the wall slides east along it.
  w.headingDeg = 45;
  float x = w.feetEnu.x;
  for (int i = 0; i < 20; ++i) w.move({1, 0, 0}, 0.1, city);
  EXPECT_GT(w.feetEnu.x, x + 1.f);
  EXPECT_LT(w.feetEnu.y, 15.f);
}

TEST(Walk, OpenGroundIsFree) {
  scene::CityModel city;
  city.finalize();
  WalkController w;
  w.headingDeg = 90;  // east
  w.move({1, 0, 0}, 10.0, city);
  EXPECT_NEAR(w.feetEnu.x, 14.f, 1e-3);
  EXPECT_NEAR(w.feetEnu.y, 0.f, 1e-3);
}

TEST(Fly, SpeedGrowsWithHeightAndNeverGoesUnderground) {
  FlyController f;
  f.eyeEnu = {0, 0, 10};
  float low = f.speedMps(false);
  f.eyeEnu.z = 1500;
  EXPECT_GT(f.speedMps(false), low * 10);
  f.pitchDeg = -89;
  f.move({1, 0, 0}, 100.0);
  EXPECT_GE(f.eyeEnu.z, 1.f);
}

TEST(Transition, EndsExactlyOnTheBookmarkWhateverTheFrameTimes) {
  Camera from = Camera::fromHeadingPitchRange({0, 0, 0}, {350, -30, 2000});
  Camera to = Camera::fromHeadingPitchRange({500, 300, 20}, {20, -45, 600});
  for (double dt : {0.016, 0.033, 0.1, 0.7}) {
    CameraTransition t(from, to, 1.5);
    Camera c = from;
    int frames = 0;
    while (t.active()) {
      c = t.advance(dt);
      ++frames;
      // Turns the short way: through north, not round by the south.
      double h = c.headingPitchRange().headingDeg;
      EXPECT_TRUE(h >= 349.9 || h <= 20.1) << h;
    }
    EXPECT_EQ(c.eyeEnu, to.eyeEnu);
    EXPECT_EQ(c.targetEnu, to.targetEnu);
    EXPECT_GE(frames, int(1.5 / dt));
  }
  // Halfway it is between the two, not at either end (eased, time-based).
  CameraTransition t(from, to, 2.0);
  Camera mid = t.advance(1.0);
  EXPECT_GT(glm::length(mid.targetEnu - from.targetEnu), 100.f);
  EXPECT_GT(glm::length(mid.targetEnu - to.targetEnu), 100.f);
}
