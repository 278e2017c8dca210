// Render tests: headless frames on the Vulkan device (lavapipe in CI) compared with
// golden PNGs, validation on.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "../support/demo_scenario.h"
#include "../support/golden.h"
#include "../support/gpu_test.h"
#include "../support/process.h"
#include "../support/temp_dir.h"
#include "gpu/frame_ring.h"
#include "io/cityjson.h"
#include "io/geojson.h"
#include "io/model_import.h"
#include "layers/live_layers.h"
#include "render/building_style.h"
#include "render/camera_spec.h"
#include "render/city_mesh.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/city_model.h"
#include "twin/sim_clock.h"
#include "ui/presentation_renderer.h"

using namespace ts;

class RenderTest : public GpuTest {
 protected:
  io::RgbaImage renderCity(const scene::CityModel& city, const render::Camera& camera, VkExtent2D size, uint32_t msaa,
                           const render::Lighting* lighting = nullptr) {
    render::RendererOptions ro;
    ro.msaaSamples = msaa;
    render::Renderer renderer(*ctx, ro);
    if (lighting) renderer.lighting() = *lighting;
    render::CityMesh mesh = render::buildCityMesh(city);
    renderer.setCity(mesh, city.textures);
    gpu::FrameRing ring(*ctx);
    render::OffscreenTarget target(*ctx, size, ro.colorFormat);
    // Two frames through the ring: the second one exercises frame-to-frame barriers.
    target.renderFrame(ring, renderer, camera, false);
    auto frame = target.renderFrame(ring, renderer, camera, true);
    ctx->waitSerial(frame.serial);
    EXPECT_EQ(frame.stats.triangles, mesh.triangleCount() + 3);  // + ground and sky
    return io::RgbaImage{size.width, size.height, target.pixels().release()};
  }
};

TEST_F(RenderTest, DemoCityOverview) {
  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("overview", city);
  ASSERT_TRUE(cam);
  EXPECT_TRUE(matchesGolden("demo_overview", renderCity(city, *cam, {480, 270}, 4)));
}

TEST_F(RenderTest, DemoCityCbdWithMsaa) {
  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("cbd", city);
  ASSERT_TRUE(cam);
  EXPECT_TRUE(matchesGolden("demo_cbd", renderCity(city, *cam, {480, 270}, 4)));
}

TEST_F(RenderTest, DemoCityCampusesWithProposedBuildings) {
  scene::CityModel city = scene::makeDemoCity();
  for (const char* bookmark : {"it-park", "dc-campus"}) {
    auto cam = render::parseCameraSpec(bookmark, city);
    ASSERT_TRUE(cam);
    EXPECT_TRUE(matchesGolden(std::string("demo_") + bookmark, renderCity(city, *cam, {400, 240}, 4)));
  }
}

TEST_F(RenderTest, DemoCityStreetLevelWithoutMsaa) {
  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("street", city);
  ASSERT_TRUE(cam);
  EXPECT_TRUE(matchesGolden("demo_street_nomsaa", renderCity(city, *cam, {400, 300}, 1)));
}

TEST_F(RenderTest, BenchGridLowSun) {
  scene::CityModel city = scene::makeBenchGrid(400);
  render::Lighting evening;
  evening.sunAzimuthDeg = 270;
  evening.sunElevationDeg = 12;
  evening.sunColor = {1.0f, 0.75f, 0.5f};
  EXPECT_TRUE(matchesGolden("bench_grid_low_sun",
                            renderCity(city, render::cameraFromBookmark(city.bookmarks[0]), {320, 240}, 4, &evening)));
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

namespace {
std::filesystem::path contentDir() { return testTempDir("render"); }
void writeFile(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
}  // namespace

// `twinscape render`, run as a user runs it, writes the frame the library renders for the
// same city, camera, size and MSAA: nothing is lost or added on the way to the PNG.
TEST_F(RenderTest, CliRenderEqualsTheLibraryRender) {
  const std::filesystem::path out = contentDir() / "cli_cbd.png";
  std::filesystem::remove(out);
  ProcessRun cli = runCommand(std::string(TS_TWINSCAPE_BIN) +
                              " render --validation --log-level warn --scene demo --camera cbd --size 320x200 "
                              "--msaa 4 --out " +
                              out.string());
  ASSERT_EQ(cli.exitCode, 0) << cli.output;
  auto written = io::readPng(out);
  ASSERT_TRUE(written) << written.error().message;

  scene::CityModel city = scene::makeDemoCity();
  auto cam = render::parseCameraSpec("cbd", city);
  ASSERT_TRUE(cam);
  io::RgbaImage library = renderCity(city, *cam, {320, 200}, 4);
  ASSERT_EQ(written->width, library.width);
  ASSERT_EQ(written->height, library.height);
  ImageComparison c = compareImages(library, *written, 1);
  EXPECT_LE(c.differingFraction, 0.0005) << c.differingPixels << " pixels differ by more than 1 (largest "
                                         << c.largestChannelDelta << ")";
  EXPECT_LE(c.largestChannelDelta, 8);
}

TEST_F(RenderTest, GltfSamplesWithTextures) {
  const std::string corpus = std::string(TS_CORPUS_DIR) + "/gltf/";
  scene::CityModel city;
  io::ModelOptions truck;
  truck.placement.scale = 3;
  ASSERT_TRUE(io::loadModel(corpus + "CesiumMilkTruck/glTF/CesiumMilkTruck.gltf", truck, city));
  io::ModelOptions box;
  box.placement.scale = 4;
  box.placement.positionEnu = {9, -3, 2};
  box.placement.headingDeg = 30;
  ASSERT_TRUE(io::loadModel(corpus + "BoxTextured/glTF/BoxTextured.gltf", box, city));
  city.finalize();
  render::Camera cam = render::Camera::fromHeadingPitchRange({3, 0, 3}, {-20, -15, 30});
  EXPECT_TRUE(matchesGolden("gltf_truck_box", renderCity(city, cam, {400, 240}, 4)));
}

TEST_F(RenderTest, ExtrudedGeoJsonFootprints) {
  // A courtyard block, an L-shaped tower on a podium footprint, a proposed building.
  writeFile(contentDir() / "blocks.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"height": 24, "building": "residential"}, "geometry": {"type": "Polygon", "coordinates": [
      [[106.7000, 10.7800], [106.7006, 10.7800], [106.7006, 10.7805], [106.7000, 10.7805], [106.7000, 10.7800]],
      [[106.7002, 10.7802], [106.7002, 10.7803], [106.7004, 10.7803], [106.7004, 10.7802], [106.7002, 10.7802]]]}},
    {"type": "Feature", "properties": {"building:levels": 30, "building": "office"}, "geometry": {"type": "Polygon", "coordinates": [
      [[106.7009, 10.7800], [106.7013, 10.7800], [106.7013, 10.7802], [106.7011, 10.7802], [106.7011, 10.7805],
       [106.7009, 10.7805], [106.7009, 10.7800]]]}},
    {"type": "Feature", "properties": {"height": 40, "status": "proposed"}, "geometry": {"type": "Polygon", "coordinates": [
      [[106.7001, 10.7808], [106.7005, 10.7808], [106.7005, 10.7811], [106.7001, 10.7811], [106.7001, 10.7808]]]}}]})");
  scene::CityModel city;
  city.origin = {10.78, 106.70, 0};
  auto r = io::loadGeoJsonFootprints(contentDir() / "blocks.geojson", {}, city);
  ASSERT_TRUE(r) << r.error().message;
  city.finalize();
  render::Camera cam = render::Camera::fromHeadingPitchRange({70, 60, 10}, {35, -35, 260});
  EXPECT_TRUE(matchesGolden("geojson_blocks", renderCity(city, cam, {400, 240}, 4)));
}

TEST_F(RenderTest, CityJsonBuildingWithSemantics) {
  // An LoD2 house: walls, a gabled roof (RoofSurface) and its ground surface, in UTM 48N.
  writeFile(contentDir() / "house.city.json", R"({"type": "CityJSON", "version": "2.0",
    "transform": {"scale": [0.01, 0.01, 0.01], "translate": [686000, 1192000, 2.0]},
    "metadata": {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/32648"},
    "CityObjects": {"house": {"type": "Building", "attributes": {"name": "Nhà mẫu"},
      "geometry": [{"type": "Solid", "lod": "2.2", "boundaries": [[
        [[0, 3, 2, 1]], [[0, 1, 5, 4]], [[1, 2, 8, 6, 5]], [[2, 3, 7, 8]], [[3, 0, 4, 9, 7]],
        [[4, 5, 6, 9]], [[9, 6, 8, 7]]]],
        "semantics": {"surfaces": [{"type": "GroundSurface"}, {"type": "WallSurface"}, {"type": "RoofSurface"}],
                      "values": [[0, 1, 1, 1, 1, 2, 2]]}}]}},
    "vertices": [[0, 0, 0], [1200, 0, 0], [1200, 800, 0], [0, 800, 0], [0, 0, 600], [1200, 0, 600],
                 [1200, 400, 1000], [0, 800, 600], [1200, 800, 600], [0, 400, 1000]]})");
  scene::CityModel city;
  city.origin = {10.78, 106.70, 0};
  auto r = io::loadCityJson(contentDir() / "house.city.json", {}, city);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->warnings.empty()) << r->warnings.front();
  city.finalize();
  glm::vec3 c = city.buildings.at(0).boundsEnu.centre();
  render::Camera cam = render::Camera::fromHeadingPitchRange({c.x, c.y, 4}, {30, -20, 40});
  EXPECT_TRUE(matchesGolden("cityjson_house", renderCity(city, cam, {320, 240}, 4)));
}

// Each building stays addressable in the merged mesh: hide one, recolour and highlight
// others, frame to frame, without rebuilding anything.
TEST_F(RenderTest, BuildingsCanBeHiddenRecolouredAndHighlighted) {
  scene::CityModel city;
  scene::ExtrudeStyle grey;
  grey.wallColor = grey.roofColor = 0xffc0c0c0;
  for (int i = 0; i < 3; ++i) {
    scene::Building b;
    b.heightM = 30;
    city.addBox(b, {float(i - 1) * 40.f, 0.f}, {12, 12}, 0.f, grey);
  }
  city.finalize();
  render::Renderer renderer(*ctx, {});
  renderer.setCity(render::buildCityMesh(city), city.textures);
  gpu::FrameRing ring(*ctx);
  render::OffscreenTarget target(*ctx, {240, 120}, renderer.colorFormat());
  render::Camera cam = render::Camera::fromHeadingPitchRange({0, 0, 15}, {0, -10, 160});
  auto frame = [&] {
    auto f = target.renderFrame(ring, renderer, cam, true);
    ctx->waitSerial(f.serial);
    return target.pixels();
  };
  auto at = [](const render::ReadbackImage& px, int x, int y) { return glm::ivec3(px.texel(x, y)); };
  // Screen columns of the three buildings' south walls (left, middle, right).
  const int xs[3] = {84, 120, 156}, y = 62;
  const render::ReadbackImage before = frame();
  for (int x : xs) EXPECT_LT(std::abs(at(before, x, y).r - at(before, x, y).b), 12) << "grey wall at x " << x;

  renderer.setBuildingStyle(0, {0xff0000ffu, 0});  // solid red override
  renderer.setBuildingStyle(1, {0, BUILDING_FLAG_HIDDEN});
  renderer.setBuildingStyle(2, {0, BUILDING_FLAG_HIGHLIGHT});
  const render::ReadbackImage after = frame();
  EXPECT_GT(at(after, xs[0], y).r, at(after, xs[0], y).g + 60) << "recoloured red";
  glm::ivec3 hidden = at(after, xs[1], y);
  EXPECT_NE(hidden, at(before, xs[1], y)) << "the hidden building no longer covers its pixels";
  glm::ivec3 beside = at(after, 20, y);  // bare ground on the same row (haze differs by a shade)
  EXPECT_LE(std::max({std::abs(hidden.r - beside.r), std::abs(hidden.g - beside.g), std::abs(hidden.b - beside.b)}), 3)
      << "where it stood, the ground shows";
  EXPECT_GT(at(after, xs[2], y).b, at(after, xs[2], y).r + 30) << "highlighted cyan";

  renderer.setBuildingStyle(1, {0, 0});  // back again, one frame later
  const render::ReadbackImage restored = frame();
  EXPECT_EQ(at(restored, xs[1], y), at(before, xs[1], y));
}

// A layer shown at half opacity lets the building behind it show through.
TEST_F(RenderTest, TranslucentBuildingsBlendOverWhatIsBehind) {
  scene::CityModel city;
  scene::ExtrudeStyle red, blue;
  red.wallColor = red.roofColor = 0xff2020e0u;    // R in the low byte: (224, 32, 32)
  blue.wallColor = blue.roofColor = 0xffe02020u;  // (32, 32, 224)
  scene::Building front, back;
  front.heightM = 30;
  back.heightM = 60;
  city.addBox(front, {0, 0}, {15, 5}, 0.f, red);    // nearer the camera
  city.addBox(back, {0, 40}, {30, 10}, 0.f, blue);  // behind it, taller and wider
  city.finalize();
  render::Renderer renderer(*ctx, {});
  renderer.setCity(render::buildCityMesh(city), city.textures);
  gpu::FrameRing ring(*ctx);
  render::OffscreenTarget target(*ctx, {200, 150}, renderer.colorFormat());
  render::Camera cam = render::Camera::fromHeadingPitchRange({0, 10, 15}, {0, -5, 120});
  auto frame = [&] {
    auto f = target.renderFrame(ring, renderer, cam, true);
    ctx->waitSerial(f.serial);
    return target.pixels();
  };
  auto at = [](const render::ReadbackImage& px, int x, int y) { return glm::ivec3(px.texel(x, y)); };
  const int x = 100, y = 95;  // on the front building, with the back one behind
  glm::ivec3 opaque = at(frame(), x, y);
  EXPECT_GT(opaque.r, opaque.b + 40) << "the red front building covers the pixel";
  renderer.setBuildingStyle(0, {0, 128u << BUILDING_TRANSPARENCY_SHIFT});
  glm::ivec3 half = at(frame(), x, y);
  EXPECT_GT(half.b, opaque.b + 25) << "the blue building shows through";
  EXPECT_GT(half.r, half.b - 60) << "and the red one is still there";
  renderer.setBuildingStyle(0, {0, 0});
  EXPECT_EQ(at(frame(), x, y), opaque) << "opaque again";
}

// A layer whose raster changes size many times (the cell-size slider dragged back and
// forth) keeps drawing its newest image: replaced descriptor sets are freed once the
// frames that sample them are done (validation checks that none is freed too early).
TEST_F(RenderTest, DrapedRasterFollowsManySizeChanges) {
  scene::CityModel city;
  scene::Building b;
  b.heightM = 10;
  city.addBox(b, {400.f, 400.f}, {10, 10}, 0.f, {});  // out of view
  city.finalize();
  render::Renderer renderer(*ctx, {});
  renderer.setCity(render::buildCityMesh(city), city.textures);
  gpu::FrameRing ring(*ctx);
  render::OffscreenTarget target(*ctx, {64, 64}, renderer.colorFormat());
  const render::Camera cam = render::Camera::fromHeadingPitchRange({0, 0, 0}, {0, -89, 150});
  const uint32_t kBlue = 0xffff2020u, kRed = 0xff2020ffu;  // R in the low byte
  const int kFrames = 80;                                  // more than the descriptor pool holds at once
  glm::ivec3 centre{};
  for (int i = 0; i < kFrames; ++i) {
    auto image = std::make_shared<scene::DrapedImage>();
    const uint32_t n = 4 + uint32_t(i);
    image->grid.minEnu = {-60, -60};
    image->grid.cellM = 120.0 / n;
    image->grid.width = image->grid.height = n;
    image->rgba.assign(image->grid.cellCount(), i + 1 == kFrames ? kRed : kBlue);
    scene::OverlayDraw draw;
    draw.draped.push_back({"test", image, 1.f});
    auto f = target.renderFrame(ring, renderer, render::SceneView{cam, {}, &draw}, i + 1 == kFrames);
    if (i + 1 == kFrames) {
      ctx->waitSerial(f.serial);
      centre = glm::ivec3(target.pixels().texel(32, 32));
    }
  }
  EXPECT_GT(centre.r, centre.b + 60) << "the last raster (red) is drawn: " << centre.r << "," << centre.g << ","
                                     << centre.b;
}

// The live layers on the demo at 2026-06-01T15:00+07:00 (heat wave, gnb-39 offline),
// one layer at a time, with the alert pulse at a fixed phase, as `twinscape render --at
// --layers` draws them.
class LiveLayerRenderTest : public RenderTest {
 protected:
  void SetUp() override {
    RenderTest::SetUp();
    if (HasFatalFailure()) return;
    auto t = twin::parseIsoTime("2026-06-01T15:00:00+07:00");
    ASSERT_TRUE(t) << t.error().message;
    time = *t;
    layers::LiveLayersOptions options;
    options.simulator.scenario = ts::tests::demoScenario();  // the demo day: outage, heat wave, cameras
    live = std::make_unique<layers::LiveLayers>(city, options);
    live->finish(time);
  }
  void TearDown() override {
    live.reset();
    RenderTest::TearDown();
  }
  // What `layer` alone draws.
  scene::OverlayDraw drawOnly(const std::string& layer) {
    for (auto& l : live->layers()) l->visible = l->id() == layer;
    return live->draw(0.25);
  }
  // One frame without MSAA from `camera` (a bookmark or spec) with `overlays` and their
  // building tints; nullptr: the plain city.
  io::RgbaImage render(const std::string& camera, const scene::OverlayDraw* overlays) {
    auto cam = render::parseCameraSpec(camera, city);
    EXPECT_TRUE(cam) << camera;
    if (!cam) return {};
    render::RendererOptions ro;
    ro.msaaSamples = 1;
    render::Renderer renderer(*ctx, ro);
    render::CityMesh mesh = render::buildCityMesh(city);
    renderer.setCity(mesh, city.textures);
    // The layers' tints go through the style pipeline, as in `render --at` and the window.
    render::StyleInputs inputs;
    if (overlays) inputs.tints = overlays->tints;
    const std::vector<render::BuildingStyle> styles = render::buildingStyles(city, mesh.markerCount(), inputs);
    gpu::FrameRing ring(*ctx);
    const VkExtent2D size{400, 300};
    render::OffscreenTarget target(*ctx, size, ro.colorFormat);
    auto frame = target.renderFrame(ring, renderer, render::SceneView{*cam, styles, overlays}, true);
    ctx->waitSerial(frame.serial);
    return io::RgbaImage{size.width, size.height, target.pixels().release()};
  }
  // The share of pixels whose (r, g, b) satisfy `pred`.
  template <class Pred>
  static double fractionOf(const io::RgbaImage& img, Pred pred) {
    size_t n = 0;
    for (size_t i = 0; i < img.pixels.size(); i += 4)
      n += pred(int(img.pixels[i]), int(img.pixels[i + 1]), int(img.pixels[i + 2]));
    return img.pixels.empty() ? 0.0 : double(n) / double(img.pixels.size() / 4);
  }
  // The share of pixels that differ by more than `delta` in some channel.
  static double fractionDiffering(const io::RgbaImage& a, const io::RgbaImage& b, int delta) {
    if (a.pixels.size() != b.pixels.size() || a.pixels.empty()) return 0.0;
    size_t n = 0;
    for (size_t i = 0; i < a.pixels.size(); i += 4) {
      int d = 0;
      for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])));
      n += d > delta;
    }
    return double(n) / double(a.pixels.size() / 4);
  }
  static bool isRed(int r, int g, int b) { return r > g + 50 && r > b + 50; }
  static bool isGreen(int r, int g, int b) { return g > r + 25 && g > b + 25; }
  static bool isYellow(int r, int g, int b) { return r > b + 60 && g > b + 60 && std::abs(r - g) < 60; }

  scene::CityModel city = scene::makeDemoCity();
  twin::SimTime time{};
  std::unique_ptr<layers::LiveLayers> live;
};

// Straight down over the district: the "top" and "overview" bookmarks frame the whole
// city from 9-12 km, where the district is a few percent of the frame.
TEST_F(LiveLayerRenderTest, CoverageOverTheDistrict) {
  const std::string view = "hpr:0,-89.9,4000/0,300,0";
  scene::OverlayDraw draw = drawOnly("coverage5g");
  ASSERT_EQ(draw.draped.size(), 1u);
  EXPECT_EQ(draw.draped[0].layer, "coverage5g");
  EXPECT_TRUE(draw.tints.empty());
  io::RgbaImage withLayer = render(view, &draw);
  io::RgbaImage plain = render(view, nullptr);
  EXPECT_GT(fractionDiffering(withLayer, plain, 12), 0.20)
      << "the coverage raster should colour the district's streets";
  // At -110 dBm every street is covered: good signal in green, fair in yellow.
  EXPECT_GT(fractionOf(withLayer, isGreen), fractionOf(plain, isGreen) + 0.03);
  EXPECT_GT(fractionOf(withLayer, isYellow), fractionOf(plain, isYellow) + 0.01);
  EXPECT_TRUE(matchesGolden("live_coverage5g_district", withLayer));
}

TEST_F(LiveLayerRenderTest, CamerasFromStreet) {
  scene::OverlayDraw draw = drawOnly("cameras");
  ASSERT_EQ(draw.draped.size(), 1u);
  EXPECT_TRUE(draw.tints.empty());
  EXPECT_EQ(draw.boxes.size(), city.entities.cameras.size()) << "one icon per camera";
  io::RgbaImage img = render("street", &draw);
  io::RgbaImage plain = render("street", nullptr);
  EXPECT_GT(fractionOf(img, isRed), 0.01) << "street blind spots (red)";
  EXPECT_LT(fractionOf(plain, isRed), 0.002) << "no red without the layer";
  EXPECT_GT(fractionOf(img, isYellow), fractionOf(plain, isYellow) + 0.01) << "street seen by one camera (yellow)";
  EXPECT_GT(fractionOf(img, isGreen), fractionOf(plain, isGreen) + 0.001)
      << "seen by two or more, camera icons (green)";
  EXPECT_TRUE(matchesGolden("live_cameras_street", img));
}

TEST_F(LiveLayerRenderTest, DataCentresFromCampus) {
  scene::OverlayDraw draw = drawOnly("datacentres");
  EXPECT_TRUE(draw.draped.empty());
  // Each DC above 90 % has an alert-red tint and a pulse (the one emissive box kind).
  const int alerts = int(live->dataCentres().summary().alerts);
  EXPECT_GE(alerts, 1);
  size_t redTints = 0, pulses = 0;
  for (const scene::BuildingTint& t : draw.tints)
    redTints += (t.colorSrgb & 0xff) > 200 && ((t.colorSrgb >> 8) & 0xff) < 60;
  for (const scene::OverlayBox& b : draw.boxes) pulses += b.flags != 0;
  EXPECT_EQ(redTints, size_t(alerts));
  EXPECT_EQ(pulses, size_t(alerts));
  io::RgbaImage img = render("dc-campus", &draw);
  io::RgbaImage plain = render("dc-campus", nullptr);
  auto alertRed = [](int r, int g, int b) { return r > 150 && r > g + 90 && r > b + 90; };
  EXPECT_GT(fractionOf(img, alertRed), 0.004) << "columns, pulses and tints of the DCs in alert, in red";
  EXPECT_LT(fractionOf(plain, alertRed), 0.0005) << "the plain campus has no alert red";
  EXPECT_TRUE(matchesGolden("live_datacentres_dc-campus", img));
}

// The presentation overlays in a still, as `twinscape render` draws them (the path every
// tour frame takes): clock, KPI cards, caption, legend, scale bar and north arrow over
// the CBD at 15:00 on the demo's day. Each sits where the layout puts it (those corners
// differ from the plain still), and the middle of the view is the city, untouched.
TEST_F(RenderTest, PresentationOverlaysInAStill) {
  const std::string common = std::string(TS_TWINSCAPE_BIN) +
                             " render --validation --log-level warn --scene demo --camera cbd --size 960x540 "
                             "--at 2026-06-01T15:00:00+07:00 --out ";
  const std::filesystem::path plainOut = contentDir() / "overlays_plain.png", out = contentDir() / "overlays.png";
  ProcessRun plainRun = runCommand(common + plainOut.string());
  ASSERT_EQ(plainRun.exitCode, 0) << plainRun.output;
  ProcessRun run = runCommand(common + out.string() +
                              " --overlays --caption 'Quận 1 at 15:00: the heat wave meets a 5G outage' "
                              "--kpi-cards coverage5g,cameras,dc-load,temperature");
  ASSERT_EQ(run.exitCode, 0) << run.output;
  auto plain = io::readPng(plainOut);
  auto img = io::readPng(out);
  ASSERT_TRUE(plain && img);
  ASSERT_EQ(img->width, 960u);
  auto differing = [&](uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1) {
    size_t n = 0, total = 0;
    for (uint32_t y = y0; y < y1; ++y)
      for (uint32_t x = x0; x < x1; ++x, ++total) {
        const size_t i = (size_t(y) * img->width + x) * 4;
        int d = 0;
        for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(img->pixels[i + c]) - int(plain->pixels[i + c])));
        n += d > 6;
      }
    return double(n) / double(total);
  };
  EXPECT_GT(differing(24, 24, 120, 70), 0.6) << "the clock, top-left";
  EXPECT_GT(differing(480, 24, 930, 70), 0.6) << "four KPI cards, top-right";
  EXPECT_GT(differing(24, 330, 110, 515), 0.6) << "the legend of three layers, lower-left";
  EXPECT_GT(differing(850, 480, 935, 515), 0.6) << "the scale bar and north arrow, lower-right";
  EXPECT_GT(differing(330, 495, 630, 515), 0.6) << "the caption, lower-centre";
  EXPECT_LT(differing(200, 120, 760, 420), 0.01) << "the middle of the view is the city alone";
  EXPECT_TRUE(matchesGolden("overlays_cbd", *img));
}

// The tour's path: frames pipelined through two targets. A frame's pixels are the same
// whether it was read at once or after the next frame was submitted, the overlays are
// drawn on each, and a frame two submits old is gone (a logic error, not stale pixels).
TEST_F(RenderTest, PresentationRendererPipelinesFrames) {
  scene::CityModel city = scene::makeDemoCity();
  auto cbd = render::parseCameraSpec("cbd", city), top = render::parseCameraSpec("top", city);
  ASSERT_TRUE(cbd && top);
  ui::PresentationRenderer r(*ctx, city, {{320, 180}, 1});
  ui::PresentationFrame a{*cbd};
  a.presentation.caption = "Frame A";
  a.presentation.scaleBar = a.presentation.northArrow = true;
  ui::PresentationFrame b = a;
  b.camera = *top;
  b.presentation.caption = "Frame B";
  ui::PresentationFrame plain{*cbd};
  const auto alone = r.submit(a);
  const render::ReadbackImage aAlone = r.pixels(alone);
  const auto ta = r.submit(a);
  const auto tb = r.submit(b);  // drawn while A is still held
  EXPECT_EQ(r.pixels(ta), aAlone) << "A read after B was submitted";
  const render::ReadbackImage bPixels = r.pixels(tb);
  EXPECT_NE(bPixels, aAlone);
  const auto tp = r.submit(plain);
  EXPECT_THROW((void)r.pixels(ta), std::logic_error) << "two submits later, A's target holds another frame";
  const render::ReadbackImage plainPixels = r.pixels(tp);
  const std::vector<uint8_t>&plainBytes = plainPixels.rgba(), &aBytes = aAlone.rgba();
  ASSERT_EQ(plainBytes.size(), aBytes.size());
  size_t differing = 0;
  for (size_t i = 0; i < plainBytes.size(); ++i) differing += plainBytes[i] != aBytes[i];
  EXPECT_GT(differing, plainBytes.size() / 200) << "the overlays were drawn on A (caption, scale bar, arrow)";
}
