// The soak's growth detector (bench/soak_report.h) on synthetic series: noise and a
// warm-up are bounded, a steady climb is a leak; and the report over a --stats file names
// the series that grows.
#include "bench/soak_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <random>

#include "../support/temp_dir.h"

namespace {

using ts::bench::detectGrowth;
using ts::bench::GrowthTolerance;

// A sample every 5 s for 20 minutes: `shape(t)` plus normal noise of `noise` (deterministic).
struct Series {
  std::vector<double> t, v;
};
template <class F>
Series sampled(F shape, double noise, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0.0, noise);
  Series s;
  for (double t = 0; t <= 1200; t += 5) s.t.push_back(t), s.v.push_back(shape(t) + n(rng));
  return s;
}

const GrowthTolerance kRss{0.05, 16.0 * 1024 * 1024};
constexpr double kMiB = 1024.0 * 1024.0;

TEST(SoakGrowth, AFlatNoisySeriesIsBounded) {
  // 400 MiB with 8 MiB of noise (more than a real RSS wobbles), over several seeds.
  for (unsigned seed = 1; seed <= 5; ++seed) {
    Series s = sampled([](double) { return 400 * kMiB; }, 8 * kMiB, seed);
    auto v = detectGrowth(s.t, s.v, kRss);
    EXPECT_FALSE(v.grows) << "seed " << seed << ": rise " << v.secondHalfRise / kMiB << " MiB";
  }
}

TEST(SoakGrowth, ASteadyLeakGrows) {
  // 100 KiB a second: 60 MiB over the second half, under the same noise.
  Series s = sampled([](double t) { return 400 * kMiB + t * 100 * 1024; }, 8 * kMiB);
  auto v = detectGrowth(s.t, s.v, kRss);
  EXPECT_TRUE(v.grows);
  EXPECT_NEAR(v.slopePerS, 100 * 1024, 20 * 1024);
}

TEST(SoakGrowth, AWarmUpThenFlatIsBounded) {
  // Climbs from 200 to 600 MiB over the first 4 minutes (caches, history filling up), then flat.
  Series s = sampled([](double t) { return 200 * kMiB + 400 * kMiB * std::min(1.0, t / 240); }, 4 * kMiB);
  EXPECT_FALSE(detectGrowth(s.t, s.v, kRss).grows);
  // The same climb lasting the whole run is not a warm-up.
  Series slow = sampled([](double t) { return 200 * kMiB + 400 * kMiB * t / 1200; }, 4 * kMiB);
  EXPECT_TRUE(detectGrowth(slow.t, slow.v, kRss).grows);
}

TEST(SoakGrowth, CountsThatCreepByOneGrow) {
  // Descriptor sets: one more every minute is a leak; one pending free now and then is not.
  const GrowthTolerance sets{0.0, 2};
  Series leak = sampled([](double t) { return 3 + std::floor(t / 60); }, 0);
  EXPECT_TRUE(detectGrowth(leak.t, leak.v, sets).grows);
  Series wobble = sampled([](double t) { return 3 + (int(t / 5) % 7 == 0 ? 1 : 0); }, 0);
  EXPECT_FALSE(detectGrowth(wobble.t, wobble.v, sets).grows);
}

// A --stats file with an RSS that climbs (or not); everything else flat.
std::filesystem::path statsFile(const std::string& name, double rssPerS) {
  auto path = testTempDir("soak-report") / name;
  std::ofstream out(path);
  out << std::setprecision(15);
  for (int i = 0; i < 100; ++i) {
    const double t = 5.0 * i;
    out << R"({"wall_s":)" << t << R"(,"sim_time_s":)" << 1.78e9 + 300 * t << R"(,"rss_bytes":)"
        << 400 * kMiB + rssPerS * t << R"(,"vk_allocations":12,"vk_bytes":134217728,"descriptor_sets":3,)"
        << R"("frame_ms_p99":)" << 40 + (i % 3) << R"(,"feed_messages":)" << 1000 * i << "}\n";
  }
  return path;
}

TEST(SoakReport, NamesTheSeriesThatGrows) {
  auto report = ts::bench::analyseSoak(statsFile("leak.jsonl", 200 * 1024));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->growing, std::vector<std::string>{"rss_bytes"});
  EXPECT_EQ(report->samples, 100u);
  EXPECT_NEAR(report->simS, 300 * 495.0, 1.0);

  auto flat = ts::bench::analyseSoak(statsFile("flat.jsonl", 0));
  ASSERT_TRUE(flat) << flat.error().message;
  EXPECT_TRUE(flat->growing.empty());
  EXPECT_NEAR(flat->frameP99StartMs, 41, 1.01);
}

TEST(SoakReport, BadFilesAreNamed) {
  auto path = testTempDir("soak-report") / "bad.jsonl";
  std::ofstream(path) << R"({"wall_s":0})"
                      << "\nnot json\n";
  auto r = ts::bench::analyseSoak(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("bad.jsonl:2"), std::string::npos) << r.error().message;

  std::ofstream(path) << R"({"wall_s":0})"
                      << "\n";
  r = ts::bench::analyseSoak(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("at least 8"), std::string::npos) << r.error().message;
  EXPECT_FALSE(ts::bench::analyseSoak(path.parent_path() / "missing.jsonl"));
}

}  // namespace
