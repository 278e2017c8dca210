// AI-camera viewsheds (occlusion, fields of view, range), the fleet's coverage counts and
// KPIs, incremental updates, and the sweep against per-cell ray casting.
#include "layers/viewshed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>

#include "layers/raster.h"

namespace ts::layers {
namespace {

scene::Building tall(float heightM) {
  scene::Building b;
  b.name = "block";
  b.heightM = heightM;
  return b;
}

scene::AiCamera camera(glm::vec2 pos, float headingDeg, float rangeM = 60) {
  scene::AiCamera c;
  c.id = "cam";
  c.posEnu = glm::vec3(pos, 0);
  c.headingDeg = headingDeg;
  c.heightM = 6;
  c.tiltDeg = 15;
  c.hFovDeg = 90;
  c.vFovDeg = 55;  // depression -12.5 .. 42.5 degrees: ground from 6.55 m out
  c.rangeM = rangeM;
  return c;
}

std::shared_ptr<const HeightRaster> heightsOf(const scene::CityModel& city, const GroundGrid& grid) {
  return std::make_shared<HeightRaster>(rasterizeHeights(city, grid));
}

size_t cellAt(const GroundGrid& grid, double x, double y) {
  glm::dvec2 g = grid.toGrid({x, y});
  return size_t(g.y) * grid.width + size_t(g.x);
}

bool sees(const std::vector<uint32_t>& viewshed, const GroundGrid& grid, double x, double y) {
  return std::binary_search(viewshed.begin(), viewshed.end(), uint32_t(cellAt(grid, x, y)));
}

void expectSortedUnique(const std::vector<uint32_t>& v) {
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  EXPECT_EQ(std::adjacent_find(v.begin(), v.end()), v.end());
}

TEST(Viewshed, WallHidesWhatIsBehindIt) {
  scene::CityModel city;
  city.addBox(tall(30), {25, 0}, {5, 25}, 0, {});  // x 20..30, y -25..25: fills the whole field of view
  city.finalize();
  GroundGrid grid = GroundGrid::covering({-80, -80}, {80, 80}, 2);
  HeightRaster heights = rasterizeHeights(city, grid);
  auto east = cameraViewshed(heights, camera({0, 0}, 90, 70));
  expectSortedUnique(east);
  ASSERT_FALSE(east.empty());
  // In front of the wall (in the field of view, past the 6.55 m the tilt hides): seen.
  for (double x = 9; x <= 19; x += 2)
    for (double y = -5; y <= 5; y += 2) EXPECT_TRUE(sees(east, grid, x, y)) << x << "," << y;
  // Behind it at 40-60 m, anywhere in the field of view: hidden.
  for (double x = 41; x <= 59; x += 2)
    for (double y = -35; y <= 35; y += 2) EXPECT_FALSE(sees(east, grid, x, y)) << x << "," << y;
  // Nothing on the roof, nothing past the wall at all.
  for (uint32_t c : east) {
    EXPECT_LE(heights.heightM[c], kViewshedRoofM);
    EXPECT_LT(grid.cellCentre(c).x, 20.0);
  }
  // Facing west, the open side: the cells there are seen, none east.
  auto west = cameraViewshed(heights, camera({0, 0}, 270, 70));
  expectSortedUnique(west);
  for (double x = -61; x <= -9; x += 4) EXPECT_TRUE(sees(west, grid, x, 1)) << x;
  EXPECT_TRUE(sees(west, grid, -41, -31));
  for (uint32_t c : west) EXPECT_LT(grid.cellCentre(c).x, 0.0);
}

TEST(Viewshed, FieldsOfViewAndRange) {
  scene::CityModel open;
  open.finalize();
  GroundGrid grid = GroundGrid::covering({-100, -100}, {100, 100}, 1);
  HeightRaster heights = rasterizeHeights(open, grid);
  scene::AiCamera north = camera({0.2f, 0.1f}, 0, 50);
  auto v = cameraViewshed(heights, north);
  expectSortedUnique(v);
  auto polar = [](double azDeg, double d) {
    double a = azDeg / 57.29577951308232;
    return glm::dvec2(std::sin(a) * d, std::cos(a) * d);
  };
  auto seesPolar = [&](const std::vector<uint32_t>& vs, double azDeg, double d) {
    glm::dvec2 p = polar(azDeg, d) + glm::dvec2(0.2, 0.1);
    return sees(vs, grid, p.x, p.y);
  };
  EXPECT_TRUE(seesPolar(v, 0, 30));
  EXPECT_TRUE(seesPolar(v, 30, 30));
  EXPECT_TRUE(seesPolar(v, -30, 30));
  EXPECT_FALSE(seesPolar(v, 60, 30));
  EXPECT_FALSE(seesPolar(v, -60, 30));
  EXPECT_FALSE(seesPolar(v, 180, 30));
  EXPECT_FALSE(seesPolar(v, 100, 30));
  // Range.
  EXPECT_TRUE(seesPolar(v, 0, 45));
  EXPECT_TRUE(seesPolar(v, 20, 48));
  EXPECT_FALSE(seesPolar(v, 0, 55));
  EXPECT_FALSE(seesPolar(v, 20, 53));
  // Every cell seen is within range and the horizontal field of view.
  for (uint32_t c : v) {
    glm::dvec2 d = grid.cellCentre(c) - glm::dvec2(0.2, 0.1);
    EXPECT_LE(std::sqrt(d.x * d.x + d.y * d.y), 50.0);
    EXPECT_LE(std::abs(std::atan2(d.x, d.y) * 57.29577951308232), 45.0);
  }
  // With no buildings, everything the fields of view and range allow is seen: a quarter
  // disc of 50 m less the 6.55 m under the camera, about 1,930 m².
  EXPECT_NEAR(double(v.size()), 0.25 * 3.14159265 * (50.0 * 50.0 - 6.55 * 6.55), 60.0);

  // Vertical field of view: tilt 30, vFov 20 sees depressions of 20..40 degrees, ground
  // from 7.2 m to 16.5 m out at a height of 6 m.
  scene::AiCamera steep = north;
  steep.tiltDeg = 30, steep.vFovDeg = 20;
  auto s = cameraViewshed(heights, steep);
  EXPECT_FALSE(seesPolar(s, 0, 1.0));                    // right below: depression ~80
  EXPECT_FALSE(seesPolar(s, 0, 5.0));                    // 50
  EXPECT_TRUE(seesPolar(s, 0, 6.0 / std::tan(0.5236)));  // depression 30: 10.4 m
  EXPECT_TRUE(seesPolar(s, 20, 12.0));
  EXPECT_FALSE(seesPolar(s, 0, 25.0));  // 13.5: above the field of view
  EXPECT_FALSE(seesPolar(s, 0, 40.0));
  for (uint32_t c : s) {
    glm::dvec2 d = grid.cellCentre(c) - glm::dvec2(0.2, 0.1);
    double depression = std::atan2(6.0, std::sqrt(d.x * d.x + d.y * d.y)) * 57.29577951308232;
    EXPECT_GE(depression, 20.0);
    EXPECT_LE(depression, 40.0);
  }
  // A camera outside the raster sees nothing of it.
  EXPECT_TRUE(cameraViewshed(heights, camera({500, 0}, 270, 60)).empty());
}

// A street running east-west between two rows of buildings, a camera at each end looking
// along it: A at x = -40 facing east, B at x = 40 facing west, both with a 60 m range.
struct TwoCameraStreet {
  scene::CityModel city;
  GroundGrid grid = GroundGrid::covering({-100, -50}, {100, 50}, 2);
  std::shared_ptr<const HeightRaster> heights;
  std::vector<scene::AiCamera> cams{camera({-40, 0}, 90), camera({40, 0}, 270)};
  // The street mask: 4 cells wide (y -4..4), x -30..10 (20 columns, centres -29..9). A
  // sees all of it (11 to 49 m away); B sees the columns with centres -19..9 (within
  // 59.1 m) but not -21 and further (61 m and more): 15 of 20 columns.
  std::vector<uint8_t> strip;
  TwoCameraStreet() {
    city.addBox(tall(15), {0, 14}, {90, 6}, 0, {});   // y 8..20
    city.addBox(tall(15), {0, -14}, {90, 6}, 0, {});  // y -20..-8
    city.finalize();
    heights = heightsOf(city, grid);
    strip.assign(grid.cellCount(), 0);
    for (double y = -3; y <= 3; y += 2)
      for (double x = -29; x <= 9; x += 2) strip[cellAt(grid, x, y)] = 1;
  }
};

TEST(CameraFleet, TwoCamerasOnOneStreetCountTwice) {
  TwoCameraStreet sc;
  CameraFleetModel model(sc.heights, sc.cams, sc.strip);
  model.computeAll();
  const auto& n = model.counts();
  EXPECT_EQ(n[cellAt(sc.grid, 1, 1)], 2);
  EXPECT_EQ(n[cellAt(sc.grid, -15, -3)], 2);
  EXPECT_EQ(n[cellAt(sc.grid, 5, 3)], 2);
  EXPECT_EQ(n[cellAt(sc.grid, -25, 1)], 1);  // only A: 65 m from B
  EXPECT_EQ(n[cellAt(sc.grid, -29, 3)], 1);
  EXPECT_EQ(n[cellAt(sc.grid, 25, 1)], 1);   // only B: 65 m from A
  EXPECT_EQ(n[cellAt(sc.grid, -45, 1)], 0);  // behind A (which faces away), 85 m from B
  EXPECT_EQ(n[cellAt(sc.grid, -39, 1)], 0);  // right under A: below its vertical field of view
  EXPECT_EQ(n[cellAt(sc.grid, 1, 15)], 0);   // on the roofs
  EXPECT_EQ(n[cellAt(sc.grid, 1, 25)], 0);   // behind the buildings
  // The counts are the sum of the viewsheds.
  std::vector<uint16_t> sum(sc.grid.cellCount(), 0);
  for (uint32_t i = 0; i < 2; ++i)
    for (uint32_t c : model.viewshed(i)) ++sum[c];
  EXPECT_EQ(sum, n);

  CameraKpis k = model.kpis();
  EXPECT_EQ(k.total, 2u);
  EXPECT_EQ(k.online, 2u);
  EXPECT_EQ(k.offline, 0u);
  EXPECT_EQ(k.alert, 0u);
  EXPECT_DOUBLE_EQ(k.streetAreaKm2, 80 * 4 / 1e6);
  EXPECT_DOUBLE_EQ(k.streetSeen1Pct, 100.0);
  EXPECT_DOUBLE_EQ(k.streetSeen2Pct, 75.0);
  // B in alert still sees; B offline leaves A's view only.
  CameraKpis alert = model.kpis({1, 2});
  EXPECT_EQ(alert.online, 2u);
  EXPECT_EQ(alert.alert, 1u);
  EXPECT_DOUBLE_EQ(alert.streetSeen2Pct, 75.0);
  CameraKpis bOff = model.kpis({1, 0});
  EXPECT_EQ(bOff.online, 1u);
  EXPECT_EQ(bOff.offline, 1u);
  EXPECT_DOUBLE_EQ(bOff.streetSeen1Pct, 100.0);
  EXPECT_DOUBLE_EQ(bOff.streetSeen2Pct, 0.0);
  CameraKpis aOff = model.kpis({0, 1});
  EXPECT_DOUBLE_EQ(aOff.streetSeen1Pct, 75.0);
  EXPECT_DOUBLE_EQ(aOff.streetSeen2Pct, 0.0);
  // kpis() with a status leaves the model's counts alone.
  EXPECT_EQ(model.counts(), n);
  EXPECT_DOUBLE_EQ(model.kpis().streetSeen2Pct, 75.0);
}

TEST(CameraFleet, StreetMaskIsOpenGroundOutsideLandCoverInsideTheArea) {
  TwoCameraStreet sc;
  scene::Polygon2 pavement{{{-100, -8}, {-60, -8}, {-60, 8}, {-100, 8}}, {}};
  sc.city.addGroundCover(pavement, scene::rgb(150, 148, 140), 0.12f);
  std::vector<uint8_t> area(sc.grid.cellCount(), 1);
  area[cellAt(sc.grid, 51, 1)] = 0;
  auto m = streetMask(sc.city, *sc.heights, area);
  EXPECT_EQ(m[cellAt(sc.grid, 1, 1)], 1);
  EXPECT_EQ(m[cellAt(sc.grid, 1, 15)], 0);   // under a roof
  EXPECT_EQ(m[cellAt(sc.grid, -81, 1)], 0);  // land cover
  EXPECT_EQ(m[cellAt(sc.grid, 51, 1)], 0);   // outside the area
  EXPECT_EQ(m[cellAt(sc.grid, 95, 30)], 1);  // open ground in the area
  auto everywhere = streetMask(sc.city, *sc.heights, {});
  EXPECT_EQ(everywhere[cellAt(sc.grid, 51, 1)], 1);
}

// Cameras at street corners of a small grid of boxes (20 m pitch, 5.5..9 m half sizes:
// streets 2..9 m wide).
struct BenchCity {
  scene::CityModel city = scene::makeBenchGrid(400, 3);
  GroundGrid grid;
  std::shared_ptr<const HeightRaster> heights;
  std::vector<scene::AiCamera> cams;
  explicit BenchCity(double cellM) {
    grid = GroundGrid::covering(glm::dvec2(city.boundsEnu.min) - 30.0, glm::dvec2(city.boundsEnu.max) + 30.0, cellM);
    heights = heightsOf(city, grid);
    int id = 0;
    // Box centres lie on multiples of 20 m; corners between four boxes at 10 + 20k.
    for (glm::vec2 corner : {glm::vec2(10, 10), glm::vec2(-50, -30), glm::vec2(70, -90), glm::vec2(-130, 110),
                             glm::vec2(150, 150), glm::vec2(-190, -190), glm::vec2(30, -150), glm::vec2(-70, 70)})
      for (float heading : {0.f, 90.f, 180.f, 270.f}) {
        scene::AiCamera c = camera(corner, heading + (id % 3 == 2 ? 30.f : 0.f), 60);
        c.id = "cam-" + std::to_string(id++);
        cams.push_back(c);
      }
  }
};

struct Agreement {
  size_t both = 0, onlySweep = 0, onlyNaive = 0;
  double disagreement() const { return double(onlySweep + onlyNaive) / double(both + onlySweep + onlyNaive); }
};

Agreement compareWithRayCasting(double cellM) {
  BenchCity sc(cellM);
  Agreement r;
  for (const scene::AiCamera& c : sc.cams) {
    auto a = cameraViewshed(*sc.heights, c);
    auto b = cameraViewshedNaive(sc.city, *sc.heights, c);
    expectSortedUnique(b);
    std::vector<uint32_t> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    r.both += common.size(), r.onlySweep += a.size() - common.size(), r.onlyNaive += b.size() - common.size();
  }
  printf(
      "viewsheds of %zu cameras at %.1f m: %zu cells in both, %zu sweep only, %zu ray casting only; "
      "symmetric difference / union = %.2f %%\n",
      sc.cams.size(), cellM, r.both, r.onlySweep, r.onlyNaive, 100.0 * r.disagreement());
  return r;
}

// The bench grid's streets are 2..9 m wide: the raster's roofs are square cells, so the
// cells whose line of sight grazes a roof edge or corner differ from the exact triangles
// (and the sweep's rays sample one cell per step); the difference shrinks with the cell.
TEST(Viewshed, SweepAgreesWithPerCellRayCasting) {
  Agreement fine = compareWithRayCasting(0.5);
  ASSERT_GT(fine.both, 20000u);
  EXPECT_LT(fine.disagreement(), 0.05) << fine.both << " / " << fine.onlySweep << " / " << fine.onlyNaive;
  Agreement coarse = compareWithRayCasting(1.0);
  ASSERT_GT(coarse.both, 5000u);
  EXPECT_LT(coarse.disagreement(), 0.10) << coarse.both << " / " << coarse.onlySweep << " / " << coarse.onlyNaive;
}

TEST(CameraFleet, IncrementalUpdatesEqualAFullRecompute) {
  BenchCity sc(2.0);
  CameraFleetModel model(sc.heights, sc.cams, {});
  model.computeAll();
  std::vector<uint8_t> online(sc.cams.size(), 1);
  for (size_t i = 0; i < online.size(); i += 3) online[i] = 0;
  online[4] = 2;  // alert: still seeing
  size_t expectedTouched = 0;
  for (size_t i = 0; i < online.size(); i += 3) expectedTouched += model.viewshed(uint32_t(i)).size();
  EXPECT_EQ(model.setOnline(online), expectedTouched);
  EXPECT_GT(expectedTouched, 0u);
  EXPECT_EQ(model.setOnline(online), 0u);  // nothing changed
  CameraFleetModel fresh(sc.heights, sc.cams, {});
  fresh.computeAll(online);
  EXPECT_EQ(model.counts(), fresh.counts());

  // Some back on, others off.
  online[0] = 1, online[3] = 1, online[5] = 0, online[17] = 0, online[30] = 0;
  EXPECT_GT(model.setOnline(online), 0u);
  CameraFleetModel fresh2(sc.heights, sc.cams, {});
  fresh2.computeAll(online);
  EXPECT_EQ(model.counts(), fresh2.counts());
  EXPECT_EQ(model.kpis().streetSeen1Pct, fresh2.kpis().streetSeen1Pct);
  // kpis() for a status equals the model switched to it.
  std::vector<uint8_t> all(sc.cams.size(), 1);
  CameraKpis asked = model.kpis(all);
  model.setOnline(all);
  CameraKpis switched = model.kpis();
  EXPECT_DOUBLE_EQ(asked.streetSeen1Pct, switched.streetSeen1Pct);
  EXPECT_DOUBLE_EQ(asked.streetSeen2Pct, switched.streetSeen2Pct);
  CameraFleetModel fresh3(sc.heights, sc.cams, {});
  fresh3.computeAll();
  EXPECT_EQ(model.counts(), fresh3.counts());
}

TEST(CameraFleet, DemoCityKpis) {
  static const scene::CityModel city = scene::makeDemoCity();
  ASSERT_EQ(city.entities.cameras.size(), 1000u);
  const GroundGrid grid = analysisGrid(city, 5);
  auto heights = std::make_shared<HeightRaster>(rasterizeHeights(city, grid, isBuilt));
  std::vector<uint8_t> street = streetMask(city, *heights, analysisMask(city, grid));
  CameraFleetModel model(heights, city.entities.cameras, street);
  auto t0 = std::chrono::steady_clock::now();
  model.computeAll();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  CameraKpis k = model.kpis();
  EXPECT_EQ(k.online, 1000u);
  EXPECT_EQ(k.total, 1000u);
  EXPECT_EQ(k.offline, 0u);
  EXPECT_GT(k.streetAreaKm2, 0.5);
  EXPECT_GT(k.streetSeen1Pct, 1.0);
  EXPECT_LT(k.streetSeen1Pct, 100.0);
  EXPECT_GE(k.streetSeen1Pct, k.streetSeen2Pct);
  size_t empty = 0, cells = 0;
  for (uint32_t i = 0; i < 1000; ++i) empty += model.viewshed(i).empty(), cells += model.viewshed(i).size();
  printf(
      "demo: grid %ux%u at 5 m, street %.3f km², seen by >=1 camera %.2f %%, by >=2 %.2f %%; computeAll for "
      "%zu cameras %.1f ms; viewsheds %zu cells (%zu bytes), %zu empty\n",
      grid.width, grid.height, k.streetAreaKm2, k.streetSeen1Pct, k.streetSeen2Pct, city.entities.cameras.size(), ms,
      cells, model.viewshedBytes(), empty);
  // A cluster offline lowers what is seen.
  std::vector<uint8_t> status(1000, 1);
  for (size_t i = 0; i < 100; ++i) status[i] = 0;
  CameraKpis partial = model.kpis(status);
  EXPECT_EQ(partial.online, 900u);
  EXPECT_LT(partial.streetSeen1Pct, k.streetSeen1Pct);
}

}  // namespace
}  // namespace ts::layers
