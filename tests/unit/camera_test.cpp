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

namespace {
// The projected extent (NDC, -1..1) of a box's corners seen by `cam` in a frame of `aspect`.
struct Extent {
  glm::vec2 lo{1e9f}, hi{-1e9f};
};
Extent projected(const Camera& cam, double aspect, const ts::scene::Aabb& box) {
  Extent e;
  for (int k = 0; k < 8; ++k) {
    glm::vec3 c((k & 1) ? box.max.x : box.min.x, (k & 2) ? box.max.y : box.min.y, (k & 4) ? box.max.z : box.min.z);
    glm::vec4 clip = cam.viewProjection(float(aspect)) * glm::vec4(c, 1);
    glm::vec2 ndc = glm::vec2(clip) / clip.w;
    e.lo = glm::min(e.lo, ndc), e.hi = glm::max(e.hi, ndc);
  }
  return e;
}
}  // namespace

// "fit" frames the scene: every corner of its bounds inside the frame, and the bounds
// filling it along one axis (a 2 m model is not a dot; a district fills the frame).
TEST(CameraSpec, FitFramesTheSceneWhateverItsSizeAndShape) {
  for (float sizeM : {2.f, 60.f, 3000.f})
    for (double aspect : {16.0 / 9.0, 1.0, 9.0 / 16.0}) {
      ts::scene::CityModel city;
      ts::scene::Building b;
      b.heightM = sizeM;
      city.addBox(b, {500.f, -200.f}, {sizeM / 2, sizeM / 4}, 0.f, {});
      city.finalize();
      auto fit = parseCameraSpec("fit", city, aspect);
      ASSERT_TRUE(fit);
      Extent e = projected(*fit, aspect, city.boundsEnu);
      EXPECT_GE(e.lo.x, -1.f) << sizeM << " " << aspect;
      EXPECT_GE(e.lo.y, -1.f);
      EXPECT_LE(e.hi.x, 1.f);
      EXPECT_LE(e.hi.y, 1.f);
      const float filled = std::max(e.hi.x - e.lo.x, e.hi.y - e.lo.y) / 2.f;
      EXPECT_GT(filled, 0.8f) << sizeM << " m at aspect " << aspect << " fills only " << filled;
      EXPECT_LT(fit->nearM, 0.1f * glm::length(fit->eyeEnu - fit->targetEnu)) << "the near plane does not clip it";
      // Without an "overview" bookmark, "overview" is the same framing.
      auto overview = parseCameraSpec("overview", city, aspect);
      ASSERT_TRUE(overview);
      EXPECT_EQ(overview->eyeEnu, fit->eyeEnu);
    }
}

TEST(CameraSpec, FitTakesInTheEquipmentAndTheDistrict) {
  ts::scene::CityModel city;
  city.district.outer = {{-1000, -800}, {1000, -800}, {1000, 800}, {-1000, 800}};
  ts::scene::AiCamera cam;
  cam.posEnu = {1500, 0, 0};
  city.entities.cameras.push_back(cam);
  city.finalize();  // no buildings at all
  ts::scene::Aabb bounds = sceneBounds(city);
  ASSERT_TRUE(bounds.valid());
  EXPECT_EQ(bounds.min.x, -1000.f);
  EXPECT_EQ(bounds.max.x, 1500.f);
  EXPECT_EQ(bounds.max.z, cam.heightM);
  Camera fit = fitCamera(city, 16.0 / 9.0);
  Extent e = projected(fit, 16.0 / 9.0, bounds);
  EXPECT_GE(e.lo.x, -1.f);
  EXPECT_LE(e.hi.x, 1.f);
  EXPECT_GT(std::max(e.hi.x - e.lo.x, e.hi.y - e.lo.y) / 2.f, 0.8f);
}
