// Render tests: headless frames on the Vulkan device (lavapipe in CI) compared with
// golden PNGs, validation on.
#include <set>

#include "../support/golden.h"
#include "../support/gpu_test.h"
#include "gpu/frame_ring.h"
#include "render/camera_spec.h"
#include "render/city_mesh.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/city_model.h"

using namespace ts;

class RenderTest : public GpuTest {
 protected:
  io::RgbaImage renderCity(const scene::CityModel& city, const render::Camera& camera, VkExtent2D size, uint32_t msaa,
                           const render::Lighting* lighting = nullptr) {
    render::RendererOptions ro;
    ro.msaaSamples = msaa;
    render::Renderer renderer(*ctx, ro);
    if (lighting) renderer.lighting() = *lighting;
    renderer.setCity(render::buildCityMesh(city));
    gpu::FrameRing ring(*ctx);
    render::OffscreenTarget target(*ctx, size, ro.colorFormat);
    // Two frames through the ring: the second one exercises frame-to-frame barriers.
    target.renderFrame(ring, renderer, camera, false);
    auto frame = target.renderFrame(ring, renderer, camera, true);
    ctx->waitSerial(frame.serial);
    EXPECT_EQ(frame.stats.triangles, city.geometry.triangleCount() + city.groundCover.triangleCount() + 3);
    return io::RgbaImage{size.width, size.height, target.pixels()};
  }
};

TEST_F(RenderTest, DemoCityOverview) {
  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("overview", city);
  ASSERT_TRUE(cam);
  EXPECT_TRUE(matchesGolden("demo_overview", renderCity(city, *cam, {480, 270}, 4),
                            {.maxChannelDelta = 6, .maxDifferingFraction = 0.005}));  // thousands of tiny facades
}

TEST_F(RenderTest, DemoCityCbdWithMsaa) {
  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("cbd", city);
  ASSERT_TRUE(cam);
  EXPECT_TRUE(matchesGolden("demo_cbd", renderCity(city, *cam, {480, 270}, 4),
                            {.maxChannelDelta = 6, .maxDifferingFraction = 0.005}));
}

TEST_F(RenderTest, DemoCityCampusesWithProposedBuildings) {
  scene::CityModel city = scene::makeDemoCity();
  for (const char* bookmark : {"it-park", "dc-campus"}) {
    auto cam = render::parseCameraSpec(bookmark, city);
    ASSERT_TRUE(cam);
    EXPECT_TRUE(matchesGolden(std::string("demo_") + bookmark, renderCity(city, *cam, {400, 240}, 4),
                              {.maxChannelDelta = 6, .maxDifferingFraction = 0.003}));
  }
}

TEST_F(RenderTest, DemoCityStreetLevelWithoutMsaa) {
  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("street", city);
  ASSERT_TRUE(cam);
  EXPECT_TRUE(matchesGolden("demo_street_nomsaa", renderCity(city, *cam, {400, 300}, 1),
                            {.maxChannelDelta = 6, .maxDifferingFraction = 0.002}));
}

TEST_F(RenderTest, BenchGridLowSun) {
  scene::CityModel city = scene::makeBenchGrid(400);
  render::Lighting evening;
  evening.sunAzimuthDeg = 270;
  evening.sunElevationDeg = 12;
  evening.sunColor = {1.0f, 0.75f, 0.5f};
  EXPECT_TRUE(matchesGolden("bench_grid_low_sun",
                            renderCity(city, render::cameraFromBookmark(city.bookmarks[0]), {320, 240}, 4, &evening),
                            {.maxChannelDelta = 8, .maxDifferingFraction = 0.002}));
}

// Not a golden: properties any correct frame has.
TEST_F(RenderTest, SkyAboveGroundBelowAndSunlitWallsBrighter) {
  scene::CityModel city;
  scene::Building b;
  b.heightM = 60;
  scene::ExtrudeStyle grey;
  grey.wallColor = grey.roofColor = 0xffc0c0c0;
  city.addBox(b, {0, 0}, {20, 20}, 0.f, grey);
  city.finalize();
  render::Lighting light;
  light.sunAzimuthDeg = 90;  // sun in the east
  light.sunElevationDeg = 20;
  // Looking north-east-ish from the south-west corner: the east wall is on the right.
  render::Camera cam = render::Camera::fromHeadingPitchRange({0, 0, 30}, {0, -5, 200});
  io::RgbaImage img = renderCity(city, cam, {256, 256}, 1, &light);
  auto px = [&](int x, int y) {
    const uint8_t* p = &img.pixels[(size_t(y) * img.width + x) * 4];
    return int(p[0]) + p[1] + p[2];
  };
  auto blue = [&](int x, int y) { return int(img.pixels[(size_t(y) * img.width + x) * 4 + 2]); };
  auto red = [&](int x, int y) { return int(img.pixels[(size_t(y) * img.width + x) * 4]); };
  EXPECT_GT(blue(128, 2), red(128, 2)) << "sky at the top should be blue";
  // The south wall faces the camera; the sun is low in the east, so it is lit only by the sky.
  int southWall = px(128, 128);
  render::Lighting south = light;
  south.sunAzimuthDeg = 180;  // now the sun is behind the camera, on the wall
  io::RgbaImage lit = renderCity(city, cam, {256, 256}, 1, &south);
  const uint8_t* p = &lit.pixels[(size_t(128) * 256 + 128) * 4];
  EXPECT_GT(int(p[0]) + p[1] + p[2], southWall + 60) << "a wall facing the sun must be brighter";
}

TEST_F(RenderTest, MsaaSmoothsEdges) {
  scene::CityModel city = scene::makeBenchGrid(100);
  render::Camera cam = render::cameraFromBookmark(city.bookmarks[0]);
  auto distinct = [](const io::RgbaImage& img) {
    std::set<uint32_t> colours;
    for (size_t i = 0; i < img.pixels.size(); i += 4)
      colours.insert(img.pixels[i] | img.pixels[i + 1] << 8 | img.pixels[i + 2] << 16);
    return colours.size();
  };
  size_t aliased = distinct(renderCity(city, cam, {256, 256}, 1));
  size_t smooth = distinct(renderCity(city, cam, {256, 256}, 4));
  EXPECT_GT(smooth, aliased + aliased / 4) << "4x MSAA should add blended edge colours";
}
