#include <gtest/gtest.h>

#include <thread>

#include "twin/sim_clock.h"
#include "twin/state_store.h"

using namespace ts::twin;

TEST(StateStore, StepAndLinearValuesAtAnyTimeInTheWindow) {
  StateStore s;
  s.setInterpolation("load_mw", Interpolation::Linear);
  s.write("dc-1", "load_mw", 100, 4.0);
  s.write("dc-1", "load_mw", 200, 6.0);
  s.write("dc-1", "load_mw", 150, 8.0);  // out of order
  s.write("site-1", "status", 100, 1.0);
  s.write("site-1", "status", 200, 0.0);
  EXPECT_FALSE(s.valueAt("dc-1", "load_mw", 99));
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 125), 6.0);   // between 4 and 8
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 175), 7.0);   // between 8 and 6
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 500), 6.0);   // after the last: hold
  EXPECT_DOUBLE_EQ(*s.valueAt("site-1", "status", 199.9), 1.0);  // step
  EXPECT_DOUBLE_EQ(*s.valueAt("site-1", "status", 200), 0.0);
  s.write("site-1", "status", 200, 1.0);  // same time: replaced
  EXPECT_DOUBLE_EQ(*s.valueAt("site-1", "status", 200), 1.0);
  EXPECT_EQ(s.history("dc-1", "load_mw", 120, 200).size(), 2u);
  EXPECT_FALSE(s.valueAt("nobody", "load_mw", 150));
  auto range = s.timeRange();
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, 100);
  EXPECT_EQ(range->second, 200);
}

TEST(StateStore, KeepsABoundedWindow) {
  StateStore s(3600);  // one hour
  for (int i = 0; i <= 10; ++i) s.write("cam-1", "detections", i * 600.0, i);
  EXPECT_FALSE(s.valueAt("cam-1", "detections", 600)) << "dropped: older than an hour before the newest";
  EXPECT_DOUBLE_EQ(*s.valueAt("cam-1", "detections", 3000), 5.0);
}

TEST(UpdateQueue, FeedsOnOtherThreadsHandOverOncePerFrame) {
  StateStore s;
  UpdateQueue q;
  std::thread feed([&] {
    for (int i = 0; i < 1000; ++i) q.push({"site-" + std::to_string(i % 10), "power_w", double(i), double(i)});
  });
  feed.join();
  EXPECT_EQ(q.drainInto(s), 1000u);
  EXPECT_EQ(s.seriesCount(), 10u);
  EXPECT_EQ(q.drainInto(s), 0u);
  EXPECT_DOUBLE_EQ(*s.valueAt("site-3", "power_w", 993), 993.0);
}

TEST(SimClock, LivePlaybackBackwardsPauseJump) {
  SimClock c(1000);
  c.playback(60);  // a minute per second
  c.tick(2, 0);
  EXPECT_DOUBLE_EQ(c.now(), 1120);
  c.playback(-10);
  c.tick(1, 0);
  EXPECT_DOUBLE_EQ(c.now(), 1110);
  c.pause(true);
  c.tick(5, 0);
  EXPECT_DOUBLE_EQ(c.now(), 1110);
  c.jump(5000);
  EXPECT_DOUBLE_EQ(c.now(), 5000);
  c.goLive(9999);
  c.tick(1, 10001);
  EXPECT_DOUBLE_EQ(c.now(), 10001);
}

TEST(SimClock, IsoTimesWithOffsets) {
  auto t = parseIsoTime("2026-06-01T15:00:00+07:00");
  ASSERT_TRUE(t) << t.error().message;
  auto utc = parseIsoTime("2026-06-01T08:00:00Z");
  ASSERT_TRUE(utc);
  EXPECT_DOUBLE_EQ(*t, *utc);
  EXPECT_DOUBLE_EQ(*parseIsoTime("1970-01-02T00:00:00Z"), 86400.0);
  EXPECT_EQ(formatIsoTime(*t, 420), "2026-06-01T15:00:00+07:00");
  EXPECT_EQ(formatIsoTime(*t, 0), "2026-06-01T08:00:00+00:00");
  EXPECT_FALSE(parseIsoTime("2026-06-01 15:00"));
  EXPECT_FALSE(parseIsoTime("2026-02-30T10:00:00Z"));
  auto bad = parseIsoTime("yesterday");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("ISO 8601"), std::string::npos);
}
