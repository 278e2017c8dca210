#include "render/camera.h"

#include <gtest/gtest.h>

#include <glm/glm.hpp>

#include "render/camera_spec.h"

using namespace ts::render;

TEST(Camera, HeadingPitchRangeRoundTrips) {
  for (double h : {0.0, 30.0, 135.0, 270.0, 359.0})
    for (double p : {-89.0, -35.0, -5.0, 10.0}) {
      Camera c = Camera::fromHeadingPitchRange({100, -50, 20}, {h, p, 1234});
      HeadingPitchRange back = c.headingPitchRange();
      EXPECT_NEAR(back.headingDeg, h, 1e-2) << h << " " << p;
      EXPECT_NEAR(back.pitchDeg, p, 1e-3);
      EXPECT_NEAR(back.rangeM, 1234, 1e-2);
    }
}

TEST(Camera, HeadingZeroLooksNorthFromTheSouth) {
  Camera c = Camera::fromHeadingPitchRange({0, 0, 0}, {0, -45, 100});
  EXPECT_NEAR(c.eyeEnu.x, 0, 1e-4);
  EXPECT_LT(c.eyeEnu.y, 0);  // south of the target
  EXPECT_GT(c.eyeEnu.z, 0);  // above it
  Camera east = Camera::fromHeadingPitchRange({0, 0, 0}, {90, 0, 100});
  EXPECT_NEAR(east.eyeEnu.x, -100, 1e-3);  // looking east means standing west
}

TEST(Camera, ReversedZMapsNearToOneAndFarTowardsZero) {
  Camera c = Camera::lookAt({0, 0, 0}, {0, 100, 0});
  c.nearM = 2.0f;
  glm::mat4 vp = c.viewProjection(16.f / 9.f);
  auto depthAt = [&](float y) {
    glm::vec4 clip = vp * glm::vec4(0, y, 0, 1);
    return clip.z / clip.w;
  };
  EXPECT_NEAR(depthAt(2.0f), 1.0f, 1e-5);
  EXPECT_NEAR(depthAt(20000.0f), 1e-4f, 1e-5);
  EXPECT_GT(depthAt(10.0f), depthAt(11.0f));  // nearer is larger
}

TEST(Camera, TargetProjectsToScreenCentreAndUpIsUp) {
  Camera c = Camera::fromHeadingPitchRange({50, 60, 10}, {40, -30, 500});
  glm::mat4 vp = c.viewProjection(1.5f);
  glm::vec4 t = vp * glm::vec4(c.targetEnu, 1);
  EXPECT_NEAR(t.x / t.w, 0, 1e-4);
  EXPECT_NEAR(t.y / t.w, 0, 1e-4);
  glm::vec4 above = vp * glm::vec4(c.targetEnu + glm::vec3(0, 0, 50), 1);
  EXPECT_LT(above.y / above.w, 0);  // Vulkan clip y points down: higher in the world is smaller y
}

TEST(Camera, StraightDownViewIsWellDefined) {
  Camera c = Camera::fromHeadingPitchRange({0, 0, 0}, {0, -90, 1000});
  glm::mat4 v = c.view();
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_TRUE(std::isfinite(v[i][j]));
}

TEST(CameraSpec, BookmarkEyeTargetAndHeadingPitchRange) {
  ts::scene::CityModel city;
  city.bookmarks.push_back({"overview", {1, 2, 3}, 30, -35, 2600});
  auto bm = parseCameraSpec("overview", city);
  ASSERT_TRUE(bm);
  EXPECT_NEAR(glm::length(bm->eyeEnu - bm->targetEnu), 2600, 1e-2);
  auto et = parseCameraSpec("10,20,30/0,0,0", city);
  ASSERT_TRUE(et);
  EXPECT_EQ(et->eyeEnu, glm::vec3(10, 20, 30));
  auto hpr = parseCameraSpec("hpr:90,-10,500/5,5,5", city);
  ASSERT_TRUE(hpr);
  EXPECT_NEAR(hpr->headingPitchRange().headingDeg, 90, 1e-3);
}

TEST(CameraSpec, BadSpecsExplainThemselves) {
  ts::scene::CityModel city;
  city.bookmarks.push_back({"overview", {}, 0, -30, 100});
  auto unknown = parseCameraSpec("nowhere", city);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("no such bookmark"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("overview"), std::string::npos);  // lists what exists
  EXPECT_FALSE(parseCameraSpec("1,2/0,0,0", city));
  EXPECT_FALSE(parseCameraSpec("1,2,x/0,0,0", city));
  EXPECT_FALSE(parseCameraSpec("0,0,0/0,0,0", city));
  EXPECT_FALSE(parseCameraSpec("hpr:0,-95,100/0,0,0", city));
  EXPECT_FALSE(parseCameraSpec("hpr:0,-30,-1/0,0,0", city));
}
