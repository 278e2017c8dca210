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
      double expected = sectorRsrpDbm(s, grid.cellCentre(ix, iy), 1.5, true, Penetration::Outdoor);
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
  EXPECT_NEAR(rsrpAt(300, 0), sectorRsrpDbm(s, cellCentre(300, 0), 1.5, false, Penetration::Outdoor), 0.05);
  EXPECT_NEAR(rsrpAt(150, 0), sectorRsrpDbm(s, cellCentre(150, 0), 1.5, true, Penetration::Outdoor), 0.05);
  glm::dvec2 open = cellCentre(212, 212);
  EXPECT_NEAR(rsrpAt(212, 212), sectorRsrpDbm(s, open, 1.5, true, Penetration::Outdoor), 0.05);
  EXPECT_LT(sectorRsrpDbm(s, cellCentre(300, 0), 1.5, false, Penetration::Outdoor),
            sectorRsrpDbm(s, cellCentre(300, 0), 1.5, true, Penetration::Outdoor) - 10);
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

// One open-ground and one indoor cell worked out by hand from the TR 38.901 formulas: a
// 3.5 GHz macro sector (46 dBm, 17 dBi, 65 x 10 degrees, tilt 6, 25 m) at the origin looking
// north, a 20 m office block at y 135..165 m, cells of 5 m.
struct HandWorkedScene {
  scene::CityModel city;
  GroundGrid grid = GroundGrid::covering({-100, -100}, {100, 300}, 5);
  scene::Site5G site = macro({0, 0}, 0);
  HandWorkedScene() {
    scene::Building b = named("office block");
    b.use = "office";
    b.heightM = 20;
    city.addBox(b, {0, 150}, {15, 15}, 0, {});
    city.finalize();
    site.maxGainDbi = 17;
  }
  float rsrpAt(O2iModel o2i, uint32_t ix, uint32_t iy) {
    CoverageOptions o;
    o.o2i = o2i;
    if (o2i == O2iModel::ByUse) o.highLossCells = highLossCells(city, grid);
    CoverageModel model(heightsOf(city, grid), {site}, {}, o);
    model.computeAll();
    return model.rsrpDbm()[size_t(iy) * grid.width + ix];
  }
};

TEST(Coverage, AnOpenAndAnIndoorCellWorkedOutByHand) {
  HandWorkedScene scene;
  // Power per resource element: 46 dBm over 273 PRBs x 12 subcarriers: 46 - 35.153.
  const double pre = 46 - 10 * std::log10(273.0 * 12);
  EXPECT_NEAR(pre, 10.8466, 1e-4);
  auto gain = [](double azDeg, double elDeg) {  // Table 7.3-1, tilt 6, 17 dBi at boresight
    double h = std::min(12 * std::pow(azDeg / 65, 2), 30.0), v = std::min(12 * std::pow((elDeg - 6) / 10, 2), 30.0);
    return 17 - std::min(h + v, 30.0);
  };
  // Open ground, cell (22, 40), centre (12.5, 102.5): d2D 103.259 m, d3D 105.900 m (25 - 1.5
  // = 23.5 m up), azimuth 6.953 deg, elevation 12.821 deg: gain 11.279 dBi. d'BP = 4 x 24 x 0.5 x
  // 3.5e9 / 3e8 = 560 m, so UMa LOS PL1 = 28 + 22 log10(105.900) + 20 log10(3.5) = 83.429 dB.
  const double openGain = gain(6.9530, 12.8211), openPl = 28 + 22 * std::log10(105.900) + 20 * std::log10(3.5);
  EXPECT_NEAR(openGain, 11.279, 1e-3);
  EXPECT_NEAR(openPl, 83.429, 1e-3);
  const double open = pre + openGain - openPl;  // -61.303 dBm
  EXPECT_NEAR(open, -61.303, 1e-3);
  EXPECT_NEAR(scene.rsrpAt(O2iModel::Low, 22, 40), open, 0.1);

  // Inside the office block, cell (20, 50), centre (2.5, 152.5): d2D 152.520 m, d3D 154.320 m,
  // azimuth 0.939, elevation 8.759 deg: gain 16.084 dBi. The outdoor path is NLOS: UMa PL'NLOS =
  // 13.54 + 39.08 log10(154.320) + 20 log10(3.5) = 109.945 dB (above PL_LOS 87.027).
  const double inGain = gain(0.9392, 8.7591), inPl = 13.54 + 39.08 * std::log10(154.320) + 20 * std::log10(3.5);
  EXPECT_NEAR(inGain, 16.084, 1e-3);
  EXPECT_NEAR(inPl, 109.945, 1e-3);
  // O2I (7.4.3) at 3.5 GHz: glass 2 + 0.2 fc = 2.7 dB, IRR glass 23 + 0.3 fc = 24.05 dB, concrete
  // 5 + 4 fc = 19 dB; indoor 0.5 dB/m over the mean d2D-in, 25/3 m = 4.167 dB.
  const double lowO2i =
      5 - 10 * std::log10(0.3 * std::pow(10, -2.7 / 10) + 0.7 * std::pow(10, -19.0 / 10)) + 0.5 * 25 / 3;
  const double highO2i =
      5 - 10 * std::log10(0.7 * std::pow(10, -24.05 / 10) + 0.3 * std::pow(10, -19.0 / 10)) + 0.5 * 25 / 3;
  EXPECT_NEAR(lowO2i, 16.864, 1e-3);
  EXPECT_NEAR(highO2i, 31.016, 1e-3);
  EXPECT_NEAR(indoorLossDb(3.5), lowO2i, 1e-9);
  EXPECT_NEAR(indoorLossDb(3.5, true), highO2i, 1e-9);
  EXPECT_NEAR(scene.rsrpAt(O2iModel::Low, 20, 50), pre + inGain - inPl - lowO2i, 0.1);    // -99.879 dBm
  EXPECT_NEAR(scene.rsrpAt(O2iModel::High, 20, 50), pre + inGain - inPl - highO2i, 0.1);  // -114.031 dBm
  // By use: an office is glass and concrete.
  EXPECT_NEAR(scene.rsrpAt(O2iModel::ByUse, 20, 50), scene.rsrpAt(O2iModel::High, 20, 50), 0.01f);
}

TEST(Coverage, ByUseGivesOfficesAndDataCentresTheHighLossModel) {
  scene::CityModel city;
  for (auto [use, x] : {std::pair{"office", -50.f}, {"residential", 0.f}, {"data_centre", 50.f}}) {
    scene::Building b = named(use);
    b.use = use;
    b.heightM = 12;
    city.addBox(b, {x, 100}, {10, 10}, 0, {});
  }
  city.finalize();
  GroundGrid grid = GroundGrid::covering({-100, 0}, {100, 200}, 5);
  CoverageOptions o;
  o.o2i = O2iModel::ByUse;
  o.highLossCells = highLossCells(city, grid);
  CoverageModel model(heightsOf(city, grid), {macro({0, 0}, 0)}, {}, o);
  auto at = [&](glm::dvec2 p) {
    glm::dvec2 g = grid.toGrid(p);
    return model.penetration()[size_t(g.y) * grid.width + size_t(g.x)];
  };
  EXPECT_EQ(at({-50, 100}), Penetration::HighLoss);
  EXPECT_EQ(at({0, 100}), Penetration::LowLoss);
  EXPECT_EQ(at({50, 100}), Penetration::HighLoss);
  EXPECT_EQ(at({0, 150}), Penetration::Outdoor);
}

TEST(Coverage, ReliabilityTakesZSigmaOffEachCell) {
  EXPECT_NEAR(reliabilityZ(90), 1.2816, 1e-4);
  EXPECT_NEAR(reliabilityZ(95), 1.6449, 1e-4);
  using enum twin::PropagationScenario;
  EXPECT_DOUBLE_EQ(shadowFadingSigmaDb(UrbanMacro, true, Penetration::Outdoor), 4);
  EXPECT_DOUBLE_EQ(shadowFadingSigmaDb(UrbanMacro, false, Penetration::Outdoor), 6);
  EXPECT_DOUBLE_EQ(shadowFadingSigmaDb(UrbanMicroStreetCanyon, false, Penetration::Outdoor), 7.82);
  EXPECT_NEAR(shadowFadingSigmaDb(UrbanMacro, false, Penetration::HighLoss), std::hypot(6, 6.5), 1e-9);

  // Open ground, all in line of sight of a UMa sector, and a building's inside (NLOS +
  // low-loss O2I): the 90 % share at T is the median share at T + z sigma.
  HandWorkedScene scene;
  scene::CityModel empty;
  empty.finalize();
  CoverageModel open(heightsOf(empty, scene.grid), {scene.site}),
      built(heightsOf(scene.city, scene.grid), {scene.site});
  open.computeAll(), built.computeAll();
  for (double t : {-85.0, -75.0, -65.0}) {
    CoverageKpis k = open.kpis(t, 90);
    EXPECT_EQ(k.reliabilityPct, 90);
    EXPECT_NEAR(k.reliableOutdoorCoveredPct, open.kpis(t + 1.2816 * 4).outdoorCoveredPct, 0.3) << t;
    EXPECT_LT(k.reliableCoveredPct, k.coveredPct) << t;
    k = built.kpis(t - 20, 95);
    EXPECT_NEAR(k.reliableIndoorCoveredPct, built.kpis(t - 20 + 1.6449 * std::hypot(6, 4.4)).indoorCoveredPct, 0.3)
        << t;
  }
  EXPECT_EQ(open.kpis(-100).reliableCoveredPct, 0);  // without a reliability: the median only
}

TEST(Coverage, FreeSpaceAndCost231FollowTheirFormulas) {
  scene::CityModel city;
  city.finalize();
  GroundGrid grid = GroundGrid::covering({-2000, -2000}, {2000, 2000}, 20);
  scene::Site5G s = macro({0, 0}, 0, 40);
  s.frequencyGHz = 1.8f;
  s.downtiltDeg = 2;
  s.maxGainDbi = 17;
  const uint32_t ix = 100, iy = 175;  // centre (10, 1510): 1.51 km north
  const double d2 = std::hypot(10.0, 1510.0), d3 = std::hypot(d2, 38.5);
  // Friis: 20 log10(4 pi d3D f / c).
  const double friis = 20 * std::log10(4 * 3.14159265358979 * d3 * 1.8e9 / 299792458.0);
  // COST-231 Hata, metropolitan: 46.3 + 33.9 log10 1800 - 13.82 log10 40 - a(1.5) + (44.9 - 6.55
  // log10 40) log10 1.51 + 3 = 143.67 dB, a(hm) = 3.2 (log10 (11.75 hm))^2 - 4.97 = -0.0009 dB.
  const double a = 3.2 * std::pow(std::log10(11.75 * 1.5), 2) - 4.97;
  const double hata = 46.3 + 33.9 * std::log10(1800.0) - 13.82 * std::log10(40.0) - a +
                      (44.9 - 6.55 * std::log10(40.0)) * std::log10(d2 / 1000) + 3;
  EXPECT_NEAR(hata, 143.67, 0.01);
  const double tr = twin::pathLossLosDb(twin::PropagationScenario::UrbanMacro, {d2, 40, 1.5, 1.8});
  for (auto [model, pl] : {std::pair{twin::PathLossModel::FreeSpace, friis},
                           {twin::PathLossModel::Cost231, hata},
                           {twin::PathLossModel::Tr38901, tr}}) {
    CoverageOptions o;
    o.model = model;
    CoverageModel m(heightsOf(city, grid), {s}, {}, o);
    m.computeAll();
    const double rsrpPlusPl = sectorRsrpDbm(s, grid.cellCentre(ix, iy), 1.5, true, Penetration::Outdoor) + tr;
    EXPECT_NEAR(m.rsrpDbm()[size_t(iy) * grid.width + ix], rsrpPlusPl - pl, 0.1) << twin::pathLossModelName(model);
    EXPECT_TRUE(modelValidityWarnings({s}, o).empty()) << twin::pathLossModelName(model);
  }
}

TEST(Coverage, SitesOutsideAModelsRangeAreNamedAndCost231FallsBack) {
  scene::Site5G n78 = macro({0, 0}, 0, 30), mmw = macro({50, 0}, 0, 8);
  n78.id = "gnb-1-1", mmw.id = "mmw-1", mmw.frequencyGHz = 28;
  CoverageOptions cost;
  cost.model = twin::PathLossModel::Cost231;
  auto w = modelValidityWarnings({n78, mmw}, cost);
  ASSERT_EQ(w.size(), 2u);
  const std::string both = w[0] + "\n" + w[1];
  EXPECT_NE(both.find("sector gnb-1-1 outside COST-231 Hata's range (carrier 3500 MHz is outside 150-2000 MHz): "
                      "computed with TR 38.901 instead"),
            std::string::npos)
      << both;
  EXPECT_NE(both.find("sector mmw-1 outside COST-231"), std::string::npos) << both;
  EXPECT_EQ(effectiveModel(n78, twin::PathLossModel::Cost231, 1.5), twin::PathLossModel::Tr38901);
  // The fallback: the same raster as TR 38.901's.
  scene::CityModel city;
  city.finalize();
  GroundGrid grid = GroundGrid::covering({-500, -500}, {500, 500}, 10);
  CoverageModel withCost(heightsOf(city, grid), {n78}, {}, cost), withTr(heightsOf(city, grid), {n78});
  withCost.computeAll(), withTr.computeAll();
  EXPECT_EQ(withCost.rsrpDbm(), withTr.rsrpDbm());

  // TR 38.901: a 3 m small cell and a 150 GHz carrier are extrapolated, with a warning.
  scene::Site5G low = macro({0, 0}, 0, 3), far = macro({0, 0}, 0, 25);
  low.id = "low", far.id = "far", far.frequencyGHz = 150;
  auto tw = modelValidityWarnings({low, far, n78}, CoverageOptions{});
  ASSERT_EQ(tw.size(), 2u);
  EXPECT_NE((tw[0] + tw[1]).find("sector low outside TR 38.901's range (UMi antenna height 3 m"), std::string::npos)
      << tw[0] << tw[1];
  EXPECT_NE((tw[0] + tw[1]).find("sector far outside TR 38.901's range (carrier 150 GHz"), std::string::npos);
}

}  // namespace
}  // namespace ts::layers
