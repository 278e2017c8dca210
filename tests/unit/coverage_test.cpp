// Ground rasters, the line-of-sight sweep and the 5G coverage model.
#include "layers/coverage.h"

#include <gtest/gtest.h>

#include <cmath>

#include "layers/raster.h"

namespace ts::layers {
namespace {

scene::Building named(const char* name) {
  scene::Building b;
  b.name = name;
  return b;
}

scene::Site5G macro(glm::vec2 pos, float azimuthDeg, float heightM = 25) {
  scene::Site5G s;
  s.id = "s";
  s.posEnu = glm::vec3(pos, 0);
  s.azimuthDeg = azimuthDeg;
  s.antennaHeightM = heightM;
  return s;
}

std::shared_ptr<const HeightRaster> heightsOf(const scene::CityModel& city, const GroundGrid& grid) {
  return std::make_shared<HeightRaster>(rasterizeHeights(city, grid));
}

TEST(Raster, HeightsAreRoofsAtCellCentres) {
  scene::CityModel tall;
  scene::Building b = named("tower");
  b.heightM = 42;
  tall.addBox(b, {50, 50}, {10, 10}, 0, {});
  tall.finalize();
  GroundGrid grid = GroundGrid::covering({0, 0}, {100, 100}, 5);
  EXPECT_EQ(grid.width, 20u);
  EXPECT_EQ(grid.height, 20u);
  HeightRaster r = rasterizeHeights(tall, grid);
  const float roof = 42;
  // The box covers x, y in [40, 60]: cells 8..11 (centres 42.5 .. 57.5).
  for (uint32_t iy = 0; iy < 20; ++iy)
    for (uint32_t ix = 0; ix < 20; ++ix) {
      bool inside = ix >= 8 && ix <= 11 && iy >= 8 && iy <= 11;
      EXPECT_FLOAT_EQ(r.at(ix, iy), inside ? roof : 0.f) << ix << "," << iy;
    }
}

TEST(Raster, PolygonMaskCountsCentresInsideAndRespectsHoles) {
  GroundGrid grid = GroundGrid::covering({0, 0}, {100, 100}, 10);
  scene::Polygon2 p{{{0, 0}, {100, 0}, {100, 100}, {0, 100}}, {{{20, 20}, {40, 20}, {40, 40}, {20, 40}}}};
  auto mask = polygonMask(grid, p);
  size_t n = 0;
  for (uint8_t m : mask) n += m;
  EXPECT_EQ(n, 100u - 4u);
  EXPECT_EQ(mask[2 * 10 + 2], 0);
  EXPECT_EQ(mask[0], 1);
}

TEST(Raster, WithoutADistrictTheAreaIsTheBuildingsBounds) {
  scene::CityModel city;
  scene::Building b = named("a");
  b.heightM = 10;
  city.addBox(b, {10, 10}, {10, 10}, 0, {});  // [0, 20] x [0, 20]
  city.addBox(b, {90, 50}, {10, 10}, 0, {});  // [80, 100] x [40, 60]
  city.finalize();
  GroundGrid grid = analysisGrid(city, 5, 50);
  EXPECT_EQ(grid.width, (100u + 100u) / 5u);
  auto mask = analysisMask(city, grid);
  size_t n = 0;
  for (uint8_t m : mask) n += m;
  EXPECT_EQ(n, size_t(100 / 5) * size_t(60 / 5));  // the bounds [0, 100] x [0, 60], not the margin
  city.district = {{{0, 0}, {50, 0}, {50, 60}, {0, 60}}, {}};
  mask = analysisMask(city, grid);
  n = 0;
  for (uint8_t m : mask) n += m;
  EXPECT_EQ(n, size_t(50 / 5) * size_t(60 / 5));
}

TEST(Sweep, BuildingHidesWhatIsBehindIt) {
  scene::CityModel city;
  scene::Building b = named("block");
  b.heightM = 30;
  city.addBox(b, {150, 100}, {5, 40}, 0, {});  // a 10 m wide slab east of the observer
  city.finalize();
  GroundGrid grid = GroundGrid::covering({0, 0}, {300, 200}, 5);
  HeightRaster r = rasterizeHeights(city, grid);
  std::vector<int> los(grid.cellCount(), -1);
  SweepParams p;
  p.observerEnu = {100, 100};
  p.observerHeightM = 10;  // below the slab's roof
  p.maxRangeM = 400;
  p.nlosRangeM = 400;
  sweepLineOfSight(r, p, [&](size_t cell, double, bool l) { los[cell] = l; });
  auto at = [&](double x, double y) { return los[size_t(y / 5) * grid.width + size_t(x / 5)]; };
  EXPECT_EQ(at(120, 100), 1);  // in the open, in front of the slab
  EXPECT_EQ(at(250, 100), 0);  // behind it
  EXPECT_EQ(at(50, 100), 1);   // the other way
  EXPECT_EQ(at(200, 195), 1);  // past its end
}

TEST(Coverage, OpenGroundMatchesTheFormulas) {
  scene::CityModel city;
  city.finalize();
  GroundGrid grid = GroundGrid::covering({-500, -500}, {500, 500}, 10);
  scene::Site5G s = macro({3, -2}, 60);
  CoverageModel model(heightsOf(city, grid), {s});
  model.computeAll();
  int checked = 0;
  for (uint32_t iy = 0; iy < grid.height; iy += 7)
    for (uint32_t ix = 0; ix < grid.width; ix += 7) {
      size_t c = size_t(iy) * grid.width + ix;
      double expected = sectorRsrpDbm(s, grid.cellCentre(ix, iy), 1.5, true, false);
      if (expected < model.options().floorDbm + 0.1) continue;
      ASSERT_GT(model.rsrpDbm()[c], kNoSignal);
      EXPECT_NEAR(model.rsrpDbm()[c], expected, 0.05) << ix << "," << iy;
      EXPECT_EQ(model.bestServer()[c], 0);
      ++checked;
    }
  EXPECT_GT(checked, 150);
}

TEST(Coverage, ReceiverBehindATallBuildingIsNlosAndInTheOpenLos) {
  scene::CityModel city;
  scene::Building b = named("tower");
  b.heightM = 100;
  city.addBox(b, {200, 0}, {20, 60}, 0, {});
  city.finalize();
  GroundGrid grid = GroundGrid::covering({-100, -300}, {500, 300}, 5);
  auto heights = heightsOf(city, grid);
  ASSERT_NEAR(heights->at(uint32_t(grid.toGrid({200, 0}).x), uint32_t(grid.toGrid({200, 0}).y)), 100.f, 0.5f);
  scene::Site5G s = macro({0, 0}, 90);
  CoverageModel model(heights, {s});
  model.computeAll();
  auto rsrpAt = [&](double x, double y) {
    glm::dvec2 g = grid.toGrid({x, y});
    return model.rsrpDbm()[size_t(g.y) * grid.width + size_t(g.x)];
  };
  auto cellCentre = [&](double x, double y) {
    glm::dvec2 g = grid.toGrid({x, y});
    return grid.cellCentre(uint32_t(g.x), uint32_t(g.y));
  };
  // Behind the tower (300 m east): NLOS. In the open at the same distance (north-east, past
  // the tower's end): LOS.
  EXPECT_NEAR(rsrpAt(300, 0), sectorRsrpDbm(s, cellCentre(300, 0), 1.5, false, false), 0.05);
  EXPECT_NEAR(rsrpAt(150, 0), sectorRsrpDbm(s, cellCentre(150, 0), 1.5, true, false), 0.05);
  glm::dvec2 open = cellCentre(212, 212);
  EXPECT_NEAR(rsrpAt(212, 212), sectorRsrpDbm(s, open, 1.5, true, false), 0.05);
  EXPECT_LT(sectorRsrpDbm(s, cellCentre(300, 0), 1.5, false, false),
            sectorRsrpDbm(s, cellCentre(300, 0), 1.5, true, false) - 10);
}

// A hand-made district whose KPI is known exactly: 40 x 20 cells of 10 m; a mast 100 m
// west of a 200 m slab that fills column 20; the sector faces west. Every cell west of
// the slab is in line of sight within 150 m (RSRP above -100 dBm even off the beam);
// east of it, behind the slab and in the back lobe (-22 dBi), NLOS gives below -110 dBm.
struct HandMade {
  scene::CityModel city;
  GroundGrid grid = GroundGrid::covering({0, 0}, {400, 200}, 10);
  std::shared_ptr<const HeightRaster> heights;
  HandMade() {
    scene::Building b = named("slab");
    b.heightM = 200;
    city.addBox(b, {205, 100}, {5, 100}, 0, {});
    city.finalize();
    heights = heightsOf(city, grid);
  }
};

TEST(Coverage, KpisOnAHandMadeSceneAreExact) {
  HandMade scene;
  scene::Site5G s = macro({100, 100}, 270);
  CoverageModel model(scene.heights, {s}, std::vector<uint8_t>(scene.grid.cellCount(), 1));
  model.computeAll();
  CoverageKpis k = model.kpis(-110);
  EXPECT_DOUBLE_EQ(k.areaKm2, 0.08);
  EXPECT_DOUBLE_EQ(k.coveredPct, 50.0);  // the 400 cells west of the slab
  EXPECT_DOUBLE_EQ(k.outdoorCoveredPct, 100.0 * 400 / 780);
  EXPECT_DOUBLE_EQ(k.indoorCoveredPct, 0.0);
  EXPECT_EQ(k.sectorsOnline, 1u);
  // A lower threshold takes in more of the shadow; offline takes everything away.
  EXPECT_GT(model.kpis(-125).coveredPct, 50.0);
  model.setOnline({0});
  EXPECT_DOUBLE_EQ(model.kpis(-110).coveredPct, 0.0);
  EXPECT_EQ(model.kpis().sectorsOnline, 0u);
  model.setOnline({1});
  EXPECT_DOUBLE_EQ(model.kpis(-110).coveredPct, 50.0);
}

TEST(Coverage, KpisCountOnlyInsideTheArea) {
  HandMade scene;
  std::vector<uint8_t> westHalf(scene.grid.cellCount(), 0);
  for (uint32_t iy = 0; iy < 20; ++iy)
    for (uint32_t ix = 0; ix < 20; ++ix) westHalf[iy * 40 + ix] = 1;
  CoverageModel model(scene.heights, {macro({100, 100}, 270)}, westHalf);
  model.computeAll();
  EXPECT_DOUBLE_EQ(model.kpis(-110).coveredPct, 100.0);
  EXPECT_DOUBLE_EQ(model.kpis(-110).areaKm2, 0.04);
}

// A small city of boxes with several masts: the sweep against the per-cell ray-cast
// reference, and incremental updates against recomputing everything.
struct SmallCity {
  scene::CityModel city = scene::makeBenchGrid(900, 7);
  GroundGrid grid;
  std::shared_ptr<const HeightRaster> heights;
  std::vector<scene::Site5G> sectors;
  SmallCity() {
    grid = GroundGrid::covering(glm::dvec2(city.boundsEnu.min) - 50.0, glm::dvec2(city.boundsEnu.max) + 50.0, 5);
    heights = heightsOf(city, grid);
    glm::vec2 c(city.boundsEnu.centre());
    int id = 0;
    for (glm::vec2 off : {glm::vec2(-160, -150), glm::vec2(170, 90), glm::vec2(-40, 200)})
      for (float az : {0.f, 120.f, 240.f}) {
        // Masts on street corners of the 20 m grid.
        scene::Site5G s = macro(c + off + glm::vec2(0.5f), az + off.x * 0.1f, 35);
        s.id = "s" + std::to_string(id++);
        sectors.push_back(s);
      }
  }
};

TEST(Coverage, SweepAgreesWithPerCellRayCasting) {
  SmallCity sc;
  CoverageModel model(sc.heights, sc.sectors);
  model.computeAll();
  NaiveCoverage naive = computeCoverageNaive(sc.city, *sc.heights, sc.sectors, model.options(), 3);
  size_t compared = 0, close = 0, sameServer = 0;
  for (uint32_t iy = 0; iy < sc.grid.height; iy += 3)
    for (uint32_t ix = 0; ix < sc.grid.width; ix += 3) {
      size_t c = size_t(iy) * sc.grid.width + ix;
      if (sc.heights->heightM[c] > 1.5f) continue;  // indoors both take NLOS; compare the open ground
      ++compared;
      float a = model.rsrpDbm()[c], b = naive.rsrp[c];
      if ((a == kNoSignal) == (b == kNoSignal) && (a == kNoSignal || std::abs(a - b) < 1.0f)) ++close;
      if (model.bestServer()[c] == naive.best[c]) ++sameServer;
    }
  ASSERT_GT(compared, 300u);
  printf("open-ground cells within 1 dB: %zu of %zu; same best server: %zu\n", close, compared, sameServer);
  // Cells where the raster's 5 m roofs and the exact triangles disagree about a grazing
  // ray differ; everything else matches.
  EXPECT_GT(double(close) / compared, 0.93) << close << " of " << compared;
  EXPECT_GT(double(sameServer) / compared, 0.93) << sameServer << " of " << compared;
}

TEST(Coverage, IncrementalUpdatesEqualAFullRecompute) {
  SmallCity sc;
  CoverageModel model(sc.heights, sc.sectors);
  model.computeAll();
  std::vector<uint8_t> online(sc.sectors.size(), 1);
  online[1] = 0, online[4] = 0;
  EXPECT_GT(model.setOnline(online), 0u);
  EXPECT_EQ(model.setOnline(online), 0u);  // nothing changed
  CoverageModel fresh(sc.heights, sc.sectors);
  fresh.computeAll(online);
  EXPECT_EQ(model.rsrpDbm(), fresh.rsrpDbm());
  EXPECT_EQ(model.bestServer(), fresh.bestServer());

  scene::Site5G tilted = sc.sectors[6];
  tilted.downtiltDeg = 12, tilted.txPowerDbm = 40;
  model.updateSector(6, tilted);
  std::vector<scene::Site5G> changed = sc.sectors;
  changed[6] = tilted;
  CoverageModel fresh2(sc.heights, changed);
  fresh2.computeAll(online);
  EXPECT_EQ(model.rsrpDbm(), fresh2.rsrpDbm());
  EXPECT_EQ(model.bestServer(), fresh2.bestServer());
}

}  // namespace
}  // namespace ts::layers
