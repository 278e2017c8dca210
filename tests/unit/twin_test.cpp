#include <gtest/gtest.h>

#include <thread>

#include "twin/pathloss.h"
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
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 125), 6.0);     // between 4 and 8
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 175), 7.0);     // between 8 and 6
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 500), 6.0);     // after the last: hold
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
  const AttrId power = s.attribute("power_w");
  std::vector<EntityId> sites;
  for (int i = 0; i < 10; ++i) sites.push_back(s.entity("site-" + std::to_string(i)));
  std::thread feed([&] {
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(q.push({sites[i % 10], power, double(i), double(i)}));
  });
  feed.join();
  EXPECT_EQ(q.drainInto(s), 1000u);
  EXPECT_EQ(s.seriesCount(), 10u);
  EXPECT_EQ(q.drainInto(s), 0u);
  EXPECT_DOUBLE_EQ(*s.valueAt("site-3", "power_w", 993), 993.0);
}

TEST(UpdateQueue, IsBoundedAndCountsWhatDidNotFit) {
  StateStore s;
  UpdateQueue q(100);
  std::vector<Update> batch(150, Update{s.entity("cam-1"), s.attribute("detections"), 1, 2});
  EXPECT_EQ(q.push(batch), 50u) << "150 pushed into room for 100";
  EXPECT_FALSE(q.push(Update{}));
  EXPECT_EQ(q.drainInto(s), 100u);
  EXPECT_TRUE(q.push(Update{}));
}

TEST(StateStore, FeedValuesTakePrecedenceAndSurviveTheSimulatorsWindow) {
  auto names = std::make_shared<Registry>();
  StateStore s(names);
  s.write("dc-1", "load_mw", 100, 4.0);
  s.write("dc-1", "load_mw", 200, 5.0);
  Update u{s.entity("dc-1"), s.attribute("load_mw"), 150, 9.0};
  u.staleAfter = 30;
  s.apply(u);
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 120), 4.0) << "before the feed's first sample: simulated";
  auto r = s.readingAt("dc-1", "load_mw", 170);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->value, 9.0);
  EXPECT_EQ(r->source, Source::Feed);
  EXPECT_DOUBLE_EQ(r->sampleTime, 150);
  EXPECT_FALSE(r->stale) << "20 s old, stale after 30";
  EXPECT_TRUE(s.readingAt("dc-1", "load_mw", 181)->stale) << "31 s old";
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 250), 9.0) << "a feed value holds until the next";
  // The simulator's window moves: a fresh simulated tier comes in, the feed's sample stays.
  StateStore fresh(names);
  fresh.write("dc-1", "load_mw", 100, 7.0);
  s.takeSimulated(std::move(fresh));
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 120), 7.0);
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 170), 9.0);
  EXPECT_EQ(s.history("dc-1", "load_mw", 0, 1000).size(), 2u) << "the simulated sample before the feed, the feed's";
}

TEST(StateStore, TextAttributesAndBoundedFeedSeries) {
  StateStore s;
  Update reason{s.entity("cam-9"), s.attribute("alert_reason"), 10, 0, "loitering", true};
  s.apply(reason);
  reason.t = 20, reason.text = "crowd";
  s.apply(reason);
  EXPECT_FALSE(s.textAt("cam-9", "alert_reason", 5));
  EXPECT_EQ(*s.textAt("cam-9", "alert_reason", 15), "loitering");
  EXPECT_EQ(*s.textAt("cam-9", "alert_reason", 25), "crowd");
  EXPECT_FALSE(s.valueAt("cam-9", "alert_reason", 25)) << "text is not a number";
  for (int i = 0; i < 10000; ++i) s.apply({s.entity("cam-9"), s.attribute("detections"), double(i), double(i)});
  EXPECT_EQ(s.feedSampleCount(), StateStore::kMaxFeedSamples) << "a flood keeps the newest samples only";
  EXPECT_DOUBLE_EQ(*s.valueAt("cam-9", "detections", 9999), 9999);
}

TEST(Names, InternOnceFindWithoutAdding) {
  Names n;
  EXPECT_EQ(n.intern("a"), 0u);
  EXPECT_EQ(n.intern("b"), 1u);
  EXPECT_EQ(n.intern("a"), 0u);
  EXPECT_FALSE(n.find("c"));
  EXPECT_EQ(n.size(), 2u);
  EXPECT_EQ(n.name(1), "b");
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

// Expected values worked out by hand from TR 38.901 Table 7.4.1-1 (fc 3.5 GHz, UT 1.5 m).
TEST(PathLoss, UrbanMacroLosAndNlosAroundTheBreakpoint) {
  using S = PropagationScenario;
  Link near{100, 25, 1.5, 3.5}, far{1000, 25, 1.5, 3.5};
  EXPECT_NEAR(breakpointDistanceM(near), 560.0, 1e-9);              // 4 x 24 x 0.5 x 3.5e9 / 3e8
  EXPECT_NEAR(pathLossLosDb(S::UrbanMacro, near), 83.138, 1e-3);    // PL1
  EXPECT_NEAR(pathLossLosDb(S::UrbanMacro, far), 109.412, 1e-3);    // PL2, beyond the breakpoint
  EXPECT_NEAR(pathLossNlosDb(S::UrbanMacro, near), 103.038, 1e-3);  // PL'_NLOS dominates
  EXPECT_GE(pathLossNlosDb(S::UrbanMacro, far), pathLossLosDb(S::UrbanMacro, far));
}

TEST(PathLoss, UrbanMicroStreetCanyon) {
  using S = PropagationScenario;
  Link near{50, 10, 1.5, 3.5}, far{400, 10, 1.5, 3.5};
  EXPECT_NEAR(breakpointDistanceM(near), 210.0, 1e-9);
  EXPECT_NEAR(pathLossLosDb(S::UrbanMicroStreetCanyon, near), 79.090, 1e-3);
  EXPECT_NEAR(pathLossLosDb(S::UrbanMicroStreetCanyon, far), 103.239, 1e-3);
  EXPECT_NEAR(pathLossNlosDb(S::UrbanMicroStreetCanyon, near), 94.181, 1e-3);
}

TEST(PathLoss, SectorAntennaPattern) {
  EXPECT_DOUBLE_EQ(sectorAntennaGainDbi(0, 0), 8.0);
  EXPECT_NEAR(sectorAntennaGainDbi(32.5, 0), 8.0 - 3.0, 1e-9);  // half the 65-degree beamwidth: -3 dB
  EXPECT_NEAR(sectorAntennaGainDbi(0, 5, 65, 10), 8.0 - 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(sectorAntennaGainDbi(180, 0), 8.0 - 30.0);  // behind: the 30 dB floor
  EXPECT_DOUBLE_EQ(sectorAntennaGainDbi(120, 40, 65, 10), 8.0 - 30.0);
}

TEST(IsoTime, AHugeStringIsRefusedBeforeTheRegex) {
  // libstdc++'s regex recurses per character: 60 kB from a feed would overflow the stack.
  auto r = parseIsoTime("2026-06-01T15:00:00." + std::string(60000, '1') + "Z");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too long"), std::string::npos);
  EXPECT_TRUE(parseIsoTime("2026-06-01T15:00:00.123456789+07:00")) << "nanoseconds still fit";
}

TEST(StateStore, AFeedSampleIsNotKnownBeforeItArrived) {
  StateStore s;
  Update early{s.entity("dc-1"), s.attribute("load_mw"), 90, 5.0};
  early.received = 91;
  Update late{s.entity("dc-1"), s.attribute("load_mw"), 100, 7.0};
  late.received = 150;  // measured at 100, delivered at 150 (a device that was offline)
  s.apply(early);
  s.apply(late);
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 120), 5.0) << "at 120 the sample of 100 had not come yet";
  EXPECT_DOUBLE_EQ(s.readingAt("dc-1", "load_mw", 120)->sampleTime, 90);
  EXPECT_DOUBLE_EQ(*s.valueAt("dc-1", "load_mw", 150), 7.0) << "from its arrival on, it is known";
}
