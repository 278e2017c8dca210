// `twinscape tour` as a user runs it: a scenario's tour to an MP4 checked with the real
// ffprobe and ffmpeg, to PNG frames, and its errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/golden.h"
#include "../support/process.h"
#include "../support/temp_dir.h"
#include "../support/video_probe.h"
#include "io/png.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

ProcessRun run(const std::string& args) { return runCommand(std::string(TS_TWINSCAPE_BIN) + " " + args); }

// The demo scenario with a short tour: the overview at 13:50 with a caption and two cards
// (1 s), a 1 s flight to the CBD at 14:30 (the clock eased there), and 1 s held there with
// the clock stopped, no overlays, the coverage layer alone: what `render --at` draws.
fs::path writeShortTourScenario(const fs::path& dir) {
  std::ifstream in(fs::path(TS_SOURCE_DIR) / "assets/scenarios/demo-2026-06-01.json");
  json d = json::parse(in);
  d["tours"] = {{"short",
                 {{"speed", 60},
                  {"stops",
                   {{{"camera", "overview"},
                     {"time", "13:50"},
                     {"hold_s", 1},
                     {"caption", "Overview"},
                     {"kpis", {"coverage5g", "sectors"}}},
                    {{"camera", "cbd"},
                     {"time", "14:30"},
                     {"flight_s", 1},
                     {"hold_s", 1},
                     {"speed", 0},
                     {"panels", "none"},
                     {"layers", {"coverage5g"}}}}}}}};
  fs::path file = dir / "short-tour.json";
  std::ofstream(file) << d.dump(1);
  return file;
}

// The image averaged over 2x2 blocks: H.264 (yuv420p) keeps colour at that resolution,
// so what is left of a difference there is not the codec's chroma subsampling.
ts::io::RgbaImage halve(const ts::io::RgbaImage& in) {
  ts::io::RgbaImage out{in.width / 2, in.height / 2, {}};
  out.pixels.resize(size_t(out.width) * out.height * 4);
  for (uint32_t y = 0; y < out.height; ++y)
    for (uint32_t x = 0; x < out.width; ++x)
      for (int c = 0; c < 4; ++c) {
        int sum = 0;
        for (uint32_t dy = 0; dy < 2; ++dy)
          for (uint32_t dx = 0; dx < 2; ++dx) sum += in.pixels[((size_t(2 * y + dy) * in.width) + 2 * x + dx) * 4 + c];
        out.pixels[(size_t(y) * out.width + x) * 4 + c] = uint8_t((sum + 2) / 4);
      }
  return out;
}

constexpr const char* kSmall = " --size 320x180 --fps 10 --log-level info";

}  // namespace

TEST(CliTour, WritesAnMp4WhoseFramesAreTheToursMoments) {
  const fs::path dir = testTempDir("tour-mp4");
  const fs::path scenario = writeShortTourScenario(dir), mp4 = dir / "short.mp4";
  ProcessRun r = run("tour --scenario " + scenario.string() + " --tour short --out " + mp4.string() + kSmall);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("tour: stop 1/2 at 2026-06-01T13:50:00+07:00 \"Overview\""), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("tour: stop 2/2 at 2026-06-01T14:30:00+07:00"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("encoding"), std::string::npos) << r.output;
  // 3 s at 10 fps: frames at 0, 0.1, ..., 3.0 s.
  auto probe = probeVideo(mp4);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->codec, "h264");
  EXPECT_EQ(probe->pixFmt, "yuv420p");
  EXPECT_EQ(probe->width, 320u);
  EXPECT_EQ(probe->height, 180u);
  EXPECT_EQ(probe->rFrameRate, "10/1");
  EXPECT_EQ(probe->framesDecoded, 31);
  EXPECT_NEAR(probe->streamDurationS, 3.1, 0.1 + 1e-9);

  // Frame 25 (2.5 s: the CBD held at 14:30) is what `render --at` draws of that view,
  // within the goldens' tolerance widened for H.264's loss; frame 0 (the overview) is not.
  const fs::path still = dir / "cbd-1430.png";
  ProcessRun rr = run("render --scenario " + scenario.string() + " --camera cbd --at 2026-06-01T14:30:00+07:00 " +
                      "--layers coverage5g --size 320x180 --out " + still.string());
  ASSERT_EQ(rr.exitCode, 0) << rr.output;
  auto expected = ts::io::readPng(still);
  ASSERT_TRUE(expected) << expected.error().message;
  auto held = decodeFrame(mp4, 25), first = decodeFrame(mp4, 0);
  ASSERT_TRUE(held && first);
  const double heldDiff = meanAbsDiffRgb(halve(*expected), halve(*held));
  const double firstDiff = meanAbsDiffRgb(halve(*expected), halve(*first));
  const ImageComparison c = compareImages(halve(*expected), halve(*held), 24);
  std::printf("frame 25 vs render --at (2x2 blocks): mean %.2f levels, %.3f %% beyond 24; frame 0: mean %.2f\n",
              heldDiff, 100 * c.differingFraction, firstDiff);
  EXPECT_LT(heldDiff, 3.0);
  EXPECT_LT(c.differingFraction, 0.02);
  EXPECT_GT(firstDiff, 4 * heldDiff + 5) << "another moment of the tour looks different";
}

TEST(CliTour, WritesPngFramesToAFolder) {
  const fs::path dir = testTempDir("tour-png");
  const fs::path scenario = writeShortTourScenario(dir), frames = dir / "frames";
  ProcessRun r = run("tour --scenario " + scenario.string() + " --tour short --out " + frames.string() + "/" + kSmall);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(frames)) n += e.path().extension() == ".png";
  EXPECT_EQ(n, 31u);
  auto last = ts::io::readPng(frames / "frame-00031.png");
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_EQ(last->width, 320u);
}

TEST(CliTour, ErrorsNameWhatIsWrong) {
  const fs::path dir = testTempDir("tour-errors");
  const fs::path scenario = writeShortTourScenario(dir);
  ProcessRun r = run("tour --scenario " + scenario.string() + " --tour nowhere --out " + (dir / "x.mp4").string());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("has no tour 'nowhere'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("its tours: short"), std::string::npos) << r.output;
  r = run("tour --tour investor --out " + (dir / "x.avi").string());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("x.avi"), std::string::npos) << r.output;
  r = run("tour --tour investor --size 321x180 --out " + (dir / "x.mp4").string());
  EXPECT_NE(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("321x180"), std::string::npos) << r.output;
  std::ofstream(dir / "broken.json") << R"({"version": 1, "start": "2026-06-01T00:00:00+07:00"})";
  r = run("tour --scenario " + (dir / "broken.json").string() + " --tour t --out " + (dir / "x.mp4").string());
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("broken.json: '$.end' is missing"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "x.mp4"));
}
