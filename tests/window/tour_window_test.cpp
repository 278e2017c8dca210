// `view --tour`: a scenario's tour playing in a real window under Xvfb, and the tours
// that must fail before a window opens.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "../support/image_diff.h"
#include "../support/process.h"
#include "../support/temp_dir.h"
#include "io/png.h"

namespace fs = std::filesystem;

namespace {

fs::path tempDir() { return testTempDir("tour-window"); }

std::string app() { return TS_TWINSCAPE_BIN; }

// Under its own X server, HOME in the test folder (the remembered window size stays out
// of the user's).
std::string underXvfb(const std::string& args) {
  // -f: no temporary folder for xvfb-run to fail to remove (see window_test.cpp).
  return "env HOME=" + tempDir().string() + " xvfb-run -a -f " + (tempDir() / ".Xauthority").string() +
         " -s '-screen 0 1280x800x24' " + app() + " " + args;
}

// A scenario file with one tour, `stops` its JSON list of stops.
fs::path scenarioWithTour(const std::string& name, const std::string& stops) {
  const fs::path path = tempDir() / (name + ".json");
  std::ofstream(path) << R"({"version": 1, "name": "tour test",
    "start": "2026-06-01T00:00:00+07:00", "end": "2026-06-02T00:00:00+07:00",
    "tours": {"short": {"title": "Two stops", "stops": )"
                      << stops << "}, \"other\": {\"stops\": [{\"camera\": \"top\"}]}}}";
  return path;
}

// Two stops a fraction of a second apart, so that both pass within a few frames even at
// lavapipe's pace; only the caption shows, and no live layer, so the picture is the
// camera's and the caption's alone.
const std::string kTwoStops = R"([
  {"camera": "overview", "time": "10:00", "hold_s": 0.1, "caption": "First stop", "layers": "none",
   "panels": ["caption"]},
  {"camera": "cbd", "time": "11:00", "flight_s": 0.2, "hold_s": 600, "caption": "Second stop: the centre",
   "layers": "none", "panels": ["caption"]}])";

ts::io::RgbaImage readShot(const fs::path& path) {
  auto img = ts::io::readPng(path);
  EXPECT_TRUE(img) << (img ? "" : img.error().message);
  return img ? *img : ts::io::RgbaImage{};
}

}  // namespace

TEST(TourWindow, TheTourPlaysInTheKioskWindowStopByStopWithItsCaption) {
  const fs::path scenario = scenarioWithTour("two-stops", kTwoStops);
  const fs::path tourShot = tempDir() / "tour.png", plainShot = tempDir() / "plain.png";
  ProcessRun tour = runCommand(underXvfb("view demo --scenario " + scenario.string() +
                                         " --tour short --kiosk --size 640x360 --frames 40 --validation --screenshot " +
                                         tourShot.string()));
  ASSERT_EQ(tour.exitCode, 0) << tour.output;
  EXPECT_EQ(tour.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << tour.output;
  // One line per stop reached, at the sim time it was reached.
  const size_t first = tour.output.find("tour: stop 1/2 \"First stop\" at 2026-06-01T10:00:00+07:00");
  const size_t second = tour.output.find("tour: stop 2/2 \"Second stop: the centre\" at 2026-06-01T11:00:00+07:00");
  ASSERT_NE(first, std::string::npos) << tour.output;
  ASSERT_NE(second, std::string::npos) << tour.output;
  EXPECT_LT(first, second);
  // The same view without the tour: the second stop's camera, no layers, no overlays.
  ProcessRun plain =
      runCommand(underXvfb("view demo --camera cbd --layers none --kiosk --size 640x360 --frames 3 "
                           "--at 2026-06-01T11:00:00+07:00 --speed 0 --screenshot " +
                           plainShot.string()));
  ASSERT_EQ(plain.exitCode, 0) << plain.output;
  const ts::io::RgbaImage withTour = readShot(tourShot), without = readShot(plainShot);
  ASSERT_EQ(withTour.width, 640u);
  ASSERT_EQ(without.width, 640u);
  EXPECT_GT(differing(withTour, without, 260, 332, 380, 346), 0.5) << "the caption band, lower centre";
  EXPECT_LT(differing(withTour, without, 0, 0, 640, 240), 0.01) << "above it, the second stop's view of the city";
}

TEST(TourWindow, AnUnknownTourIsAUsageErrorListingTheScenariosTours) {
  const fs::path scenario = scenarioWithTour("unknown", kTwoStops);
  ProcessRun r = runCommand(app() + " view demo --scenario " + scenario.string() + " --tour nope --frames 1");
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("no tour 'nope' (its tours: other, short)"), std::string::npos) << r.output;
}

TEST(TourWindow, ABadStopFailsBeforeTheWindowOpensNamingTheStop) {
  // No display: an error about the window would mean the tour was not checked first.
  const std::string noDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY " + app() + " view demo --frames 1 --scenario ";
  const std::string good = R"({"camera": "cbd", "time": "11:00", "hold_s": 5})";
  for (auto [stop2, why] : {std::pair{R"({"camera": "nowhere", "hold_s": 5})", "camera"},
                            {R"({"camera": "cbd", "kpis": ["coverage6g"]})", "'coverage6g'"},
                            {R"({"camera": "cbd", "layers": ["traffic"]})", "no layer 'traffic'"}}) {
    const fs::path scenario = scenarioWithTour("bad", "[" + good + ", " + stop2 + "]");
    ProcessRun r = runCommand(noDisplay + scenario.string() + " --tour short");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("tour 'short', stop 2: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(why), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("cannot open a window"), std::string::npos) << r.output;
  }
}
