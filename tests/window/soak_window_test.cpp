// A short soak as bench/soak.sh runs it (its own Xvfb, a real mosquitto, a feed-sim flood,
// the kiosk viewer at high speed with --stats): the samples come, with every series; the
// sim clock moved at the speed asked for; the feeds arrived; the verdict is "bounded".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/process.h"
#include "../support/temp_dir.h"

namespace fs = std::filesystem;

namespace {

const std::string kBin = TS_TWINSCAPE_BIN;
const std::string kSoak = TS_SOAK_SCRIPT;

std::vector<nlohmann::json> readSamples(const fs::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << file << ": " << line;
    if (!j.is_discarded()) lines.push_back(j);
  }
  return lines;
}

TEST(WindowSoak, AShortSoakSamplesEverySeriesAndFindsNothingGrowing) {
  const fs::path out = testTempDir("window-soak");
  const double speed = 600;
  // No DISPLAY: the script starts its own Xvfb, as a headless CI machine would. Every
  // entity once a second: the feeds' history (capped per series) fills slowly enough not
  // to look like growth in 45 s.
  ProcessRun r = runCommand("env -u DISPLAY HOME=" + out.string() + " " + kSoak + " --bin " + kBin +
                            " --minutes 0.75 --stats-interval 2 --publish-interval 1 --size 640x400 --speed " +
                            std::to_string(speed) + " --out " + out.string() + " 2>&1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("rss_bytes"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("GROWS"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("frame p99:"), std::string::npos) << r.output;

  const auto samples = readSamples(out / "stats.jsonl");
  ASSERT_GE(samples.size(), 10u) << r.output;  // 45 s at one every 2 s, less the start-up
  for (const char* key : {"wall_s", "sim_time_s", "sim_elapsed_s", "rss_bytes", "vk_allocations", "vk_bytes",
                          "descriptor_sets", "frame_ms_p50", "frame_ms_p99", "feed_messages", "state_feed_samples"})
    EXPECT_TRUE(samples.back().contains(key)) << key;
  const auto& first = samples.front();
  const auto& last = samples.back();
  EXPECT_GT(last["rss_bytes"].get<double>(), 50e6);
  EXPECT_GT(last["vk_allocations"].get<int>(), 0);
  EXPECT_GT(last["descriptor_sets"].get<int>(), 0);
  EXPECT_GT(last["feed_messages"].get<double>(), first["feed_messages"].get<double>());  // the flood arrived

  // The clock plays at --speed, each frame advancing it by at most 0.25 s of wall time.
  const double wallS = last["wall_s"].get<double>() - first["wall_s"].get<double>();
  const double frames = last["frames"].get<double>() - first["frames"].get<double>();
  const double simS = last["sim_elapsed_s"].get<double>() - first["sim_elapsed_s"].get<double>();
  const double expected = speed * std::min(wallS, 0.25 * frames);
  EXPECT_GT(simS, 0.5 * expected) << "wall " << wallS << " s, " << frames << " frames";
  EXPECT_LT(simS, 1.1 * expected + speed) << "wall " << wallS << " s, " << frames << " frames";
}

}  // namespace
