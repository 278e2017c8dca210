// `twinscape kpi` on a scene with a drive test: the statistics per site and overall, and
// with --calibrate the fitted offsets and the coverage KPI after them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../support/process.h"
#include "../support/temp_dir.h"
#include "io/png.h"
#include "kpi_output.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

ProcessRun run(const std::string& args) { return runCommand(std::string(TS_TWINSCAPE_BIN) + " " + args); }

constexpr double kLat0 = 10.78, kLon0 = 106.70;
constexpr double kDegPerMLat = 1.0 / 110600, kDegPerMLon = 1.0 / 109300;  // at 10.78 N

// lon/lat of a point east/north of the origin, as a GeoJSON or CSV pair.
std::string lonLat(double eastM, double northM, const char* sep = ",") {
  std::ostringstream s;
  s.precision(10);
  s << kLon0 + eastM * kDegPerMLon << sep << kLat0 + northM * kDegPerMLat;
  return s.str();
}

// Four 40 m blocks, two masts of three sectors, and a drive test along two streets whose
// measured values are made up (the test checks the statistics' consistency, not the
// model): 120 points naming their sector, one naming no sector, one bad row.
fs::path writeScene() {
  fs::path dir = testTempDir("drivetest-cli");
  std::ofstream geo(dir / "blocks.geojson");
  geo << R"({"type": "FeatureCollection", "features": [)";
  const double blocks[][2] = {{-60, -60}, {60, -60}, {-60, 60}, {60, 60}};
  for (int b = 0; b < 4; ++b) {
    double x = blocks[b][0], y = blocks[b][1];
    geo << (b ? "," : "") << R"({"type": "Feature", "properties": {"height": 20}, "geometry": {"type": "Polygon",
      "coordinates": [[[)"
        << lonLat(x - 20, y - 20) << "],[" << lonLat(x + 20, y - 20) << "],[" << lonLat(x + 20, y + 20) << "],["
        << lonLat(x - 20, y + 20) << "],[" << lonLat(x - 20, y - 20) << "]]]}}";
  }
  geo << "]}";
  std::ofstream sites(dir / "sites.csv");
  sites << "id,name,lon,lat,azimuth_deg,antenna_height_m\n";
  for (int k = 0; k < 3; ++k) {
    sites << "gnb-a-" << k + 1 << ",A," << lonLat(0, -100) << "," << 120 * k << ",30\n";
    sites << "gnb-b-" << k + 1 << ",B," << lonLat(0, 100) << "," << 120 * k << ",30\n";
  }
  std::ofstream dt(dir / "dt.csv");
  dt << "time,lon,lat,rsrp_dbm,cell_id\n";
  for (int i = 0; i < 60; ++i) {
    dt << "t," << lonLat(0, -150 + 5 * i) << "," << -70 - (i % 9) * 2.5 << ",gnb-a-" << 1 + i % 3 << "\n";
    dt << "t," << lonLat(-150 + 5 * i, 0) << "," << -95 + (i % 7) * 1.5 << ",gnb-b-" << 1 + i % 3 << "\n";
  }
  dt << "t," << lonLat(0, 0) << ",-90,gnb-z-9\n";
  dt << "t," << lonLat(0, 0) << ",loud,gnb-a-1\n";
  std::ofstream(dir / "scene.json") << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70}, "layers": [
    {"type": "footprints", "path": "blocks.geojson"},
    {"type": "entities", "kind": "5g_sites", "path": "sites.csv"},
    {"type": "drive_test", "path": "dt.csv"}]})";
  return dir / "scene.json";
}

const fs::path& scene() {
  static const fs::path path = writeScene();
  return path;
}

json driveTestOf(const std::string& extra) {
  ProcessRun r = run("kpi --log-level warn --scene " + scene().string() + " --at 2026-06-01T12:00:00+07:00 " + extra);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  json j = kpiOutputJson(r.output);
  EXPECT_TRUE(j.is_object()) << r.output;
  if (!j.is_object() || !j["layers"].contains("drive_test")) {
    ADD_FAILURE() << "no drive_test in:\n" << r.output;
    return json::object();
  }
  return j["layers"]["drive_test"];
}

TEST(CliDriveTest, KpiReportsTheStatisticsPerSiteAndOverall) {
  json dt = driveTestOf("");
  ASSERT_FALSE(dt.empty());
  EXPECT_EQ(dt.value("points", 0), 121);  // the bad row is not a point
  EXPECT_EQ(dt.value("count", 0), 120);
  EXPECT_EQ(dt.value("unknown_cell", 0), 1);
  ASSERT_TRUE(dt["sites"].is_array());
  ASSERT_EQ(dt["sites"].size(), 2u);
  double weighted = 0;
  for (const json& s : dt["sites"]) {
    EXPECT_EQ(s.value("count", 0), 60) << s.dump();
    EXPECT_EQ(s["sectors"].size(), 3u);
    EXPECT_GE(s.value("rmse_db", 0.0), std::abs(s.value("mean_error_db", 0.0)));
    weighted += s.value("mean_error_db", 0.0) * s.value("count", 0);
  }
  EXPECT_EQ(dt["sites"][0].value("site", ""), "gnb-a");
  EXPECT_NEAR(dt.value("mean_error_db", 0.0), weighted / 120, 1e-6);
  EXPECT_TRUE(dt["coverage"].contains("covered_pct"));
  EXPECT_FALSE(dt.contains("calibration"));
}

TEST(CliDriveTest, CalibrateFitsOffsetsAndReportsTheCoverageAfter) {
  json before = driveTestOf(""), dt = driveTestOf("--calibrate");
  ASSERT_FALSE(dt.empty());
  ASSERT_TRUE(dt.contains("calibration")) << dt.dump(2);
  const json& c = dt["calibration"];
  EXPECT_NEAR(c["after"].value("mean_error_db", 99.0), 0, 0.01);
  EXPECT_LT(c["after"].value("rmse_db", 99.0), dt.value("rmse_db", 0.0));
  for (const json& s : dt["sites"]) {
    // With every point naming its sector, a site's offset is its mean error.
    EXPECT_NEAR(s.value("offset_db", 0.0), s.value("mean_error_db", 1.0), 0.01) << s.dump();
    EXPECT_NEAR(s["calibrated"].value("mean_error_db", 99.0), 0, 0.01) << s.dump();
  }
  EXPECT_NE(c["coverage_after"].value("mean_rsrp_dbm", 0.0), dt["coverage"].value("mean_rsrp_dbm", 0.0));
  EXPECT_EQ(dt["coverage"], before["coverage"]);
}

// Pixels of the drive test's saturated ends: red (measured well above the model; most
// of this made-up drive test) or blue.
size_t saturatedPixels(const ts::io::RgbaImage& image) {
  size_t n = 0;
  for (size_t i = 0; i + 3 < image.pixels.size(); i += 4) {
    int r = image.pixels[i], g = image.pixels[i + 1], b = image.pixels[i + 2];
    n += (r > 140 && g < 70 && b < 80) || (b > 140 && r < 80 && g < 130);
  }
  return n;
}

TEST(CliDriveTest, RenderDrawsThePointsColouredByError) {
  const fs::path dir = scene().parent_path();
  auto render = [&](const std::string& layers) {
    fs::path out = dir / ("render-" + layers + ".png");
    ProcessRun r = run("render --log-level warn --scene " + scene().string() +
                       " --at 2026-06-01T12:00:00+07:00 --size 320x200 --layers " + layers + " --out " + out.string());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    auto image = ts::io::readPng(out);
    EXPECT_TRUE(image) << out;
    return image ? saturatedPixels(*image) : size_t(0);
  };
  const size_t without = render("none"), with = render("drive_test");
  EXPECT_GT(with, without + 200) << "the drive-test markers add red and blue pixels";
}

TEST(CliDriveTest, CalibrateWithoutADriveTestIsAUsageError) {
  ProcessRun r = run("kpi --at 2026-06-01T12:00:00+07:00 --calibrate");
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("--calibrate needs a drive_test layer"), std::string::npos) << r.output;
}

}  // namespace
