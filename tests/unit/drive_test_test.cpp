// Drive tests: the CSV reader (positions through the georeference, bad rows named by
// file:line while the rest load), the comparison with the coverage model, and the
// per-site calibration recovering offsets injected into a synthetic drive test made with
// the engine's own link function plus Gaussian noise.
#include "layers/drive_test.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "../support/temp_dir.h"
#include "io/drive_test_csv.h"
#include "io/scene_file.h"
#include "io/scene_loader.h"
#include "layers/live_layers.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

fs::path write(const std::string& name, const std::string& text) {
  fs::path p = testTempDir("drivetest") / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

bool anyWarningHas(const io::LayerReport& r, const std::string& text) {
  for (const std::string& w : r.warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

TEST(DriveTestCsv, PointsGoThroughTheGeoreference) {
  scene::CityModel city;
  city.origin = {10.78, 106.70, 0};
  // 0.001 degrees of latitude is about 110.6 m; of longitude at 10.78 N about 109.3 m.
  auto r = io::loadDriveTestCsv(write("ok.csv",
                                      "time,lat,lon,rsrp_dbm,cell_id\n"
                                      "t0,10.78,106.70,-80.5,gnb-1-1\n"
                                      "t1,10.781,106.70,-95,\n"
                                      "t2,10.78,106.701,-101.25, gnb-2-3 \n"),
                                std::nullopt, city);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->items, 3u);
  EXPECT_EQ(r->skipped, 0u);
  const auto& p = city.driveTest.points;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_NEAR(p[0].posEnu.x, 0, 0.01);
  EXPECT_NEAR(p[0].posEnu.y, 0, 0.01);
  EXPECT_NEAR(p[1].posEnu.y, 110.6, 0.5);
  EXPECT_NEAR(p[2].posEnu.x, 109.3, 0.5);
  EXPECT_FLOAT_EQ(p[0].rsrpDbm, -80.5f);
  EXPECT_EQ(p[0].cellId, "gnb-1-1");
  EXPECT_EQ(p[1].cellId, "");
  EXPECT_EQ(p[2].cellId, "gnb-2-3");
  EXPECT_EQ(p[2].source, "ok.csv:4");
}

TEST(DriveTestCsv, BadRowsAreNamedByLineAndTheRestLoad) {
  scene::CityModel city;
  auto r = io::loadDriveTestCsv(write("bad.csv",
                                      "lat,lon,rsrp_dbm\n"
                                      "10.78,106.70,-90\n"
                                      "10.78,106.70,strong\n"
                                      "10.78,106.70,-5\n"
                                      "10.78,106.70\n"
                                      "north,106.70,-90\n"
                                      "95,106.70,-90\n"
                                      "10.78,106.70,nan\n"
                                      "\n"
                                      "10.781,106.70,-91\n"),
                                std::nullopt, city);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(city.driveTest.points.size(), 2u);
  EXPECT_EQ(r->skipped, 6u);
  EXPECT_TRUE(anyWarningHas(*r, "bad.csv:3: rsrp_dbm 'strong' is not a number")) << r->warnings[0];
  EXPECT_TRUE(anyWarningHas(*r, "bad.csv:4: rsrp_dbm -5 is outside [-160, -20] dBm"));
  EXPECT_TRUE(anyWarningHas(*r, "bad.csv:5: 2 columns, the header has 3"));
  EXPECT_TRUE(anyWarningHas(*r, "bad.csv:6: lat 'north' is not a number"));
  EXPECT_TRUE(anyWarningHas(*r, "bad.csv:7: lat 95, lon 106.70 is not a position"));
  EXPECT_TRUE(anyWarningHas(*r, "bad.csv:8: rsrp_dbm 'nan' is not a number"));
}

TEST(DriveTestCsv, AFileWithoutTheNeededColumnsIsAnError) {
  scene::CityModel city;
  auto noRsrp = io::loadDriveTestCsv(write("norsrp.csv", "lat,lon,rsrp\n10.78,106.70,-90\n"), std::nullopt, city);
  ASSERT_FALSE(noRsrp);
  EXPECT_NE(noRsrp.error().message.find("norsrp.csv"), std::string::npos);
  EXPECT_NE(noRsrp.error().message.find("rsrp_dbm"), std::string::npos);
  auto noPos = io::loadDriveTestCsv(write("nopos.csv", "latitude,lon,rsrp_dbm\n"), std::nullopt, city);
  ASSERT_FALSE(noPos);
  EXPECT_NE(noPos.error().message.find("lat and lon"), std::string::npos);
  auto empty = io::loadDriveTestCsv(write("empty.csv", ""), std::nullopt, city);
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("empty"), std::string::npos);
  auto missing = io::loadDriveTestCsv(testTempDir("drivetest") / "missing.csv", std::nullopt, city);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("missing.csv"), std::string::npos);
  EXPECT_TRUE(city.driveTest.points.empty());
}

TEST(DriveTestCsv, ASceneLayerLoadsThePointsAndItsCalibrateFlag) {
  write("scene-dt.csv", "lat,lon,rsrp_dbm\n10.78,106.70,-90\n10.781,106.70,-91\n");
  fs::path scene = write("dt-scene.json", R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "drive_test", "path": "scene-dt.csv", "calibrate": true}]})");
  auto spec = io::readSceneFile(scene);
  ASSERT_TRUE(spec) << spec.error().message;
  ASSERT_EQ(spec->layers.size(), 1u);
  EXPECT_EQ(spec->layers[0].type, io::LayerSpec::Type::DriveTest);
  EXPECT_TRUE(spec->layers[0].calibrate);
  EXPECT_TRUE(spec->warnings.empty());
  auto loaded = io::loadScene(*spec, {});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->city.driveTest.points.size(), 2u);
  EXPECT_TRUE(loaded->city.driveTest.calibrate);
  auto bad = io::parseSceneJson(R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "drive_test", "path": "x.csv", "calibrate": "yes"}]})",
                                "s.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("layers[0].calibrate' must be true or false"), std::string::npos)
      << bad.error().message;
}

// A small city: 5 x 5 blocks 60 m square (12 to 40 m tall) with 40 m streets between
// them, and three masts of three sectors each at street crossings.
scene::CityModel syntheticCity() {
  scene::CityModel city;
  for (int ix = 0; ix < 5; ++ix)
    for (int iy = 0; iy < 5; ++iy) {
      scene::Building b;
      b.name = "block";
      b.heightM = float(12 + (ix * 7 + iy * 11) % 29);
      city.addBox(b, {50.f + 100.f * ix, 50.f + 100.f * iy}, {30, 30}, 0, {});
    }
  const glm::vec2 masts[] = {{100, 100}, {400, 200}, {200, 400}};
  for (int m = 0; m < 3; ++m)
    for (int k = 0; k < 3; ++k) {
      scene::Site5G s;
      s.id = "gnb-" + std::to_string(m + 1) + "-" + std::to_string(k + 1);
      s.posEnu = glm::vec3(masts[m], 0);
      s.azimuthDeg = float(30 + 120 * k);
      s.antennaHeightM = 30;
      city.entities.sites5g.push_back(s);
    }
  city.finalize();
  return city;
}

// Points every 2.5 m along the streets (x or y a multiple of 100 m, 0 to 500 m).
std::vector<glm::dvec2> streetPoints() {
  std::vector<glm::dvec2> out;
  for (int line = 0; line <= 5; ++line)
    for (double t = 0; t <= 500; t += 2.5) out.push_back({100.0 * line, t}), out.push_back({t, 100.0 * line});
  return out;
}

// The injected truth: each mast's sectors transmit this much more than the model says.
const double kInjectedDb[3] = {3.0, -2.5, 1.5};
constexpr double kNoiseDb = 4.0;

std::vector<scene::Site5G> withOffsets(std::vector<scene::Site5G> sectors) {
  for (size_t s = 0; s < sectors.size(); ++s) sectors[s].txPowerDbm += float(kInjectedDb[s / 3]);
  return sectors;
}

struct Synthetic {
  scene::CityModel city = syntheticCity();
  std::shared_ptr<const layers::HeightRaster> heights;
  std::unique_ptr<layers::CoverageModel> truth;  // the sectors with the injected offsets
  std::vector<std::vector<uint32_t>> masts;

  Synthetic() {
    layers::GroundGrid grid = layers::analysisGrid(city, 5);
    heights = std::make_shared<layers::HeightRaster>(layers::rasterizeHeights(city, grid, layers::isBuilt));
    truth = std::make_unique<layers::CoverageModel>(heights, withOffsets(city.entities.sites5g));
    truth->computeAll();
    masts = scene::mastGroups(city.entities.sites5g);
  }
  size_t cellOf(glm::dvec2 p) const {
    glm::dvec2 g = heights->grid.toGrid(p);
    return size_t(g.y) * heights->grid.width + size_t(g.x);
  }
  // The drive test as measured: with cell ids, the true best server's RSRP by the link
  // function; without, the true raster's. Plus Gaussian noise (fixed seed).
  std::vector<scene::DriveTestPoint> measure(bool cellIds) const {
    std::mt19937 rng(1234);
    std::normal_distribution<double> noise(0.0, kNoiseDb);
    std::vector<scene::DriveTestPoint> out;
    for (glm::dvec2 p : streetPoints()) {
      const size_t cell = cellOf(p);
      const int best = truth->bestServer()[cell];
      if (best < 0) continue;
      scene::DriveTestPoint d;
      d.posEnu = p;
      double rsrp = truth->rsrpDbm()[cell];
      if (cellIds) {
        const scene::Site5G& s = truth->sectors()[size_t(best)];
        d.cellId = s.id;
        const bool indoor = heights->heightM[cell] > 1.5f;
        const bool los =
            !indoor && !city.segmentBlocked({s.posEnu.x, s.posEnu.y, s.antennaHeightM}, {float(p.x), float(p.y), 1.5f});
        rsrp = layers::sectorRsrpDbm(s, p, 1.5, los, truth->penetration()[cell]);
      }
      d.rsrpDbm = float(rsrp + noise(rng));
      out.push_back(d);
    }
    return out;
  }
  // A model of the city as configured (without the offsets).
  std::unique_ptr<layers::CoverageModel> nominal() const {
    auto m = std::make_unique<layers::CoverageModel>(heights, city.entities.sites5g);
    m->computeAll();
    return m;
  }
};

// The mean |difference| of two rasters over the cells where both have a signal, dB.
double meanAbsRasterDiffDb(const layers::CoverageModel& a, const layers::CoverageModel& b) {
  double sum = 0;
  size_t n = 0;
  for (size_t c = 0; c < a.rsrpDbm().size(); ++c) {
    if (a.rsrpDbm()[c] <= layers::kNoSignal || b.rsrpDbm()[c] <= layers::kNoSignal) continue;
    sum += std::abs(double(a.rsrpDbm()[c]) - double(b.rsrpDbm()[c])), ++n;
  }
  return n ? sum / double(n) : 0.0;
}

void expectRecovered(bool cellIds) {
  Synthetic syn;
  const auto points = syn.measure(cellIds);
  auto model = syn.nominal();
  const double rasterErrorBefore = meanAbsRasterDiffDb(*model, *syn.truth);
  const auto compared = layers::compareDriveTest(*model, syn.city, *syn.heights, points, syn.masts);
  ASSERT_EQ(compared.perMast.size(), 3u);
  for (size_t m = 0; m < 3; ++m) {
    ASSERT_GE(compared.perMast[m].count, 150u) << "mast " << m << " serves too few points to test with";
    // Before calibration each mast's mean error is about its injected offset.
    EXPECT_NEAR(compared.perMast[m].meanErrorDb, kInjectedDb[m], 1.5) << m;
  }
  const auto cal = layers::calibrateDriveTest(*model, syn.city, *syn.heights, points, syn.masts);
  for (size_t m = 0; m < 3; ++m)
    EXPECT_NEAR(cal.mastOffsetDb[m], kInjectedDb[m], 0.5) << "mast " << m << ", cell ids " << cellIds;
  const auto after = layers::compareDriveTest(*model, syn.city, *syn.heights, points, syn.masts);
  EXPECT_NEAR(after.overall.meanErrorDb, 0, 0.2);
  EXPECT_NEAR(after.overall.rmseDb, kNoiseDb, 0.5);  // what is left is the noise
  EXPECT_LT(after.overall.rmseDb, compared.overall.rmseDb);
  // The calibrated model's raster is the truth's, not the nominal one's.
  EXPECT_GT(rasterErrorBefore, 1.5);
  EXPECT_LT(meanAbsRasterDiffDb(*model, *syn.truth), 0.5);
  EXPECT_NEAR(model->kpis().coveredPct, syn.truth->kpis().coveredPct, 0.5);
}

TEST(DriveTestCalibration, RecoversInjectedSiteOffsetsWithCellIds) { expectRecovered(true); }

TEST(DriveTestCalibration, RecoversInjectedSiteOffsetsFromBestServers) { expectRecovered(false); }

TEST(DriveTestCompare, ErrorsAreMeasuredMinusPredictedAndMissesAreCounted) {
  Synthetic syn;
  auto model = syn.nominal();
  std::vector<scene::DriveTestPoint> points(4);
  points[0].posEnu = {100, 250}, points[0].cellId = "gnb-1-1";
  points[1].posEnu = {100, 250}, points[1].cellId = "no-such-cell";
  points[2].posEnu = {-5000, 0};  // off the raster
  points[3].posEnu = {300, 100};
  const size_t cell3 = syn.cellOf(points[3].posEnu);
  ASSERT_GE(model->bestServer()[cell3], 0);
  const scene::Site5G& s = syn.city.entities.sites5g[0];
  const bool los = !syn.city.segmentBlocked({s.posEnu.x, s.posEnu.y, s.antennaHeightM}, {100, 250, 1.5f});
  points[0].rsrpDbm = float(layers::sectorRsrpDbm(s, points[0].posEnu, 1.5, los, layers::Penetration::Outdoor) + 6);
  points[3].rsrpDbm = model->rsrpDbm()[cell3] - 4;
  auto c = layers::compareDriveTest(*model, syn.city, *syn.heights, points, syn.masts);
  EXPECT_NEAR(c.errorDb[0], 6, 0.01);
  EXPECT_EQ(c.mast[0], 0);
  EXPECT_TRUE(std::isnan(c.errorDb[1]));
  EXPECT_EQ(c.unknownCell, 1u);
  EXPECT_EQ(c.outsideRaster, 1u);
  EXPECT_NEAR(c.errorDb[3], -4, 0.01);
  EXPECT_EQ(c.overall.count, 2u);
  EXPECT_NEAR(c.overall.meanErrorDb, 1, 0.01);
  EXPECT_NEAR(c.overall.rmseDb, std::sqrt((36.0 + 16.0) / 2), 0.01);
  EXPECT_EQ(layers::mastName(syn.city.entities.sites5g, syn.masts[1]), "gnb-2");
}

TEST(DriveTestLayer, ReportsBeforeAndAfterCalibrationAndDrawsEveryPoint) {
  Synthetic syn;
  syn.city.driveTest.points = syn.measure(true);
  syn.city.driveTest.calibrate = true;
  layers::LiveLayersOptions o;
  o.simulate = false;
  layers::LiveLayers live(syn.city, o);
  ASSERT_NE(live.driveTest(), nullptr);
  live.finish(0);
  auto k = live.kpis(0);
  ASSERT_TRUE(k.driveTest && k.driveTest->report) << (k.driveTest && k.driveTest->error ? *k.driveTest->error : "");
  const layers::DriveTestReport& r = *k.driveTest->report;
  ASSERT_TRUE(r.after && r.kpisAfter);
  for (size_t m = 0; m < 3; ++m) EXPECT_NEAR(r.mastOffsetDb[m], kInjectedDb[m], 0.5);
  EXPECT_NE(r.kpisBefore.coveredPct, r.kpisAfter->coveredPct);
  scene::OverlayDraw d = live.draw(0);
  size_t boxes = d.boxes.size();
  EXPECT_GE(boxes, syn.city.driveTest.points.size());
  // Without calibration (the panel's checkbox off) only the comparison is made.
  ASSERT_TRUE(live.driveTest()->setProp("calibrate", 0));
  live.finish(0);
  EXPECT_FALSE(live.driveTest()->report()->after);
}

TEST(DriveTestColors, DivergeFromWhite) {
  EXPECT_EQ(layers::driveTestErrorColor(0, 10), 0xfff7f7f7u);
  EXPECT_EQ(layers::driveTestErrorColor(25, 10), layers::driveTestErrorColor(10, 10));
  uint32_t red = layers::driveTestErrorColor(10, 10), blue = layers::driveTestErrorColor(-10, 10);
  EXPECT_GT(red & 0xff, (red >> 16) & 0xff);    // more red than blue
  EXPECT_GT((blue >> 16) & 0xff, blue & 0xff);  // more blue than red
}

}  // namespace
