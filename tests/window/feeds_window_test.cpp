// The viewer with live feeds and replays, in a real window under Xvfb: a dead broker
// leaves the viewer running on the simulator; a replayed recording shows in the window
// exactly as `render --replay` draws it, and differently from the simulator alone.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>

#include "../support/broker.h"
#include "../support/process.h"
#include "../support/temp_dir.h"
#include "io/png.h"
#include "io/scene_loader.h"

namespace fs = std::filesystem;

namespace {

const std::string kBin = TS_TWINSCAPE_BIN;
fs::path dir() { return testTempDir("window-feeds"); }

std::string xvfb(const std::string& args) {
  // -f: no temporary folder for xvfb-run to fail to remove (see window_test.cpp).
  return "env HOME=" + dir().string() + " xvfb-run -a -f " + (dir() / ".Xauthority").string() +
         " -s '-screen 0 1280x800x24' " + kBin + " " + args + " 2>&1";
}

// Now, to the second, as ISO 8601 UTC; and in epoch milliseconds.
std::string isoUtc(std::time_t t) {
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

double share(const ts::io::RgbaImage& a, const ts::io::RgbaImage& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.empty()) return 1.0;
  size_t n = 0;
  for (size_t i = 0; i < a.pixels.size(); i += 4)
    n += std::abs(a.pixels[i] - b.pixels[i]) > 12 || std::abs(a.pixels[i + 1] - b.pixels[i + 1]) > 12 ||
         std::abs(a.pixels[i + 2] - b.pixels[i + 2]) > 12;
  return double(n) / double(a.pixels.size() / 4);
}

ts::io::RgbaImage png(const fs::path& p) {
  auto img = ts::io::readPng(p);
  EXPECT_TRUE(img) << p;
  return img ? *img : ts::io::RgbaImage{};
}

}  // namespace

TEST(WindowFeeds, WithTheBrokerDownTheViewerRunsAndKeepsTrying) {
  TestBroker broker;  // never started: its port refuses
  // With the panels (the Live panel's Feeds section draws the feed's state) and validation.
  ProcessRun r = runCommand(xvfb("view demo --size 640x400 --frames 20 --validation --broker mqtt://127.0.0.1:" +
                                 std::to_string(broker.port())));
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << r.output;
  EXPECT_NE(r.output.find("feed 'demo': mqtt://127.0.0.1:" + std::to_string(broker.port())), std::string::npos)
      << r.output;
}

// A recording in which every 5G sector reported offline: the replay in the window is the
// replay `render` draws (no coverage left), not the simulator's picture.
TEST(WindowFeeds, AReplayShowsInTheWindowAsRenderDrawsIt) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
  const fs::path rec = dir() / "all-down.twinrec";
  BackgroundProcess record(kBin + " record --scene demo --broker " + url + " --out " + rec.string(),
                           (dir() / "record.log").string());
  ASSERT_TRUE(waitUntil([&] { return broker.log().find("New client connected") != std::string::npos; }, 60))
      << record.output();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // subscribed
  auto demo = ts::io::loadScene("demo");
  ASSERT_TRUE(demo);
  const std::time_t now = std::time(nullptr);
  TestPublisher pub(broker.port());
  ASSERT_TRUE(pub.connected());
  for (const auto& s : demo->city.entities.sites5g)
    pub.publish("twinscape/demo/5g/" + s.id + "/state",
                "{\"ts\": " + std::to_string(int64_t(now) * 1000) + ", \"state\": \"offline\"}");
  ASSERT_TRUE(pub.waitSent());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  record.signal(SIGINT);
  ASSERT_EQ(record.wait(60), 0) << record.output();

  // After the recorder stopped, so every message had arrived by then (the replay answers
  // with what had arrived by the time asked; publishing can take seconds on a loaded machine).
  const std::string at = isoUtc(std::time(nullptr) + 1),
                    view = " --camera cbd --size 480x270 --layers coverage5g --at " + at;
  const fs::path shown = dir() / "replay-window.png", drawn = dir() / "replay-render.png",
                 simulated = dir() / "simulated-render.png";
  ProcessRun w = runCommand(xvfb("view demo --kiosk --frames 4 --speed 0 --sync-layers --replay " + rec.string() +
                                 view + " --screenshot " + shown.string()));
  ASSERT_EQ(w.exitCode, 0) << w.output;
  ProcessRun r =
      runCommand(kBin + " render --scene demo --replay " + rec.string() + view + " --out " + drawn.string() + " 2>&1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  ProcessRun s = runCommand(kBin + " render --scene demo" + view + " --out " + simulated.string() + " 2>&1");
  ASSERT_EQ(s.exitCode, 0) << s.output;
  EXPECT_LT(share(png(shown), png(drawn)), 0.01) << "the window draws the replay as render does";
  EXPECT_GT(share(png(drawn), png(simulated)), 0.05) << "with every sector down the coverage raster is gone";
}
