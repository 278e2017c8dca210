// The timeline's playback model (speed scale, transport, loop, steps, extent, live edge),
// its ticks in local time and the event lanes; and the live layers played backwards and
// jumped around ending in the same state as a fresh start at the same time.
#include "twin/timeline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "../support/demo_scenario.h"
#include "layers/live_layers.h"
#include "scene/city_model.h"

namespace ts::twin {
namespace {

SimTime at(const char* iso) { return *parseIsoTime(iso); }

const SimTime kNoon = at("2026-06-01T12:00:00+07:00");

TEST(TimelineSpeed, TheSliderSpansTheRangeOnALogScaleAndRoundTrips) {
  EXPECT_DOUBLE_EQ(speedAtSlider(0), kMinSpeed);
  EXPECT_DOUBLE_EQ(speedAtSlider(1), kMaxSpeed);
  EXPECT_DOUBLE_EQ(speedAtSlider(-5), kMinSpeed) << "positions past the ends are the ends";
  EXPECT_DOUBLE_EQ(speedAtSlider(7), kMaxSpeed);
  EXPECT_DOUBLE_EQ(sliderOfSpeed(1e9), 1.0);
  EXPECT_DOUBLE_EQ(sliderOfSpeed(0), 0.0) << "0 and negative speeds are the slowest";
  EXPECT_DOUBLE_EQ(sliderOfSpeed(-3), 0.0);
  EXPECT_NEAR(sliderOfSpeed(1), 3.0 / 7.0, 1e-12) << "1x: three decades of seven from the left";
  // Nice speeds survive the round trip exactly.
  for (double s : {0.001, 0.01, 0.5, 1.0, 2.0, 5.0, 10.0, 60.0, 100.0, 600.0, 1000.0, 3600.0, 10000.0})
    EXPECT_DOUBLE_EQ(speedAtSlider(sliderOfSpeed(s)), s) << s;
  // Any position comes back within the snap (a few pixels), and speed grows with position.
  double previous = 0;
  for (int i = 0; i <= 1000; ++i) {
    const double p = i / 1000.0, s = speedAtSlider(p);
    EXPECT_GE(s, kMinSpeed);
    EXPECT_LE(s, kMaxSpeed);
    EXPECT_GE(s, previous) << p;
    EXPECT_NEAR(sliderOfSpeed(s), p, 0.04 / 7 + 1e-9) << p;
    previous = s;
  }
  // Near a nice value it snaps; between them it does not.
  EXPECT_DOUBLE_EQ(speedAtSlider(sliderOfSpeed(58)), 60.0);
  EXPECT_DOUBLE_EQ(speedAtSlider(sliderOfSpeed(3500)), 3600.0);
  EXPECT_NEAR(speedAtSlider(sliderOfSpeed(30)), 30.0, 1e-9);
  EXPECT_EQ(formatSpeed(60), "60x");
  EXPECT_EQ(formatSpeed(3600), "3600x");
  EXPECT_EQ(formatSpeed(0.001), "0.001x");
  EXPECT_EQ(formatSpeed(0.5), "0.5x");
}

TEST(Timeline, PlaysPausesReversesAndChangesSpeed) {
  SimClock clock(kNoon);
  Timeline tl(clock, TimelineSource::Scenario);
  tl.setRange(kNoon - 86400, kNoon + 86400);
  tl.setSpeed(60);
  tl.play();
  tl.advance(2, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 120);
  tl.pause();
  tl.advance(5, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 120) << "paused";
  tl.togglePause();
  EXPECT_FALSE(tl.paused());
  tl.playBackwards();
  EXPECT_TRUE(tl.backwards());
  EXPECT_DOUBLE_EQ(tl.speed(), 60);
  tl.advance(3, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon - 60);
  tl.doubleSpeed();
  EXPECT_TRUE(tl.backwards()) << "a speed change keeps the direction";
  tl.advance(1, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon - 180);
  tl.halveSpeed(), tl.halveSpeed();
  EXPECT_DOUBLE_EQ(tl.speed(), 30);
  for (int i = 0; i < 40; ++i) tl.doubleSpeed();
  EXPECT_DOUBLE_EQ(tl.speed(), kMaxSpeed);
  for (int i = 0; i < 80; ++i) tl.halveSpeed();
  EXPECT_DOUBLE_EQ(tl.speed(), kMinSpeed);
  tl.pause();
  tl.setSpeed(600);
  EXPECT_TRUE(tl.paused()) << "a speed change keeps the pause";
  tl.playForwards();
  EXPECT_FALSE(tl.backwards());
  EXPECT_FALSE(tl.paused());
}

TEST(Timeline, AClockStartedAtSpeedZeroIsPausedAndPlaysAtOneX) {
  SimClock clock(kNoon);
  clock.playback(0);
  clock.pause(true);
  Timeline tl(clock, TimelineSource::Scenario);
  EXPECT_DOUBLE_EQ(tl.speed(), 1);
  tl.play();
  tl.advance(10, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 10);
  clock.playback(-1e-9);  // set elsewhere below the range: the slowest, backwards
  EXPECT_DOUBLE_EQ(tl.speed(), kMinSpeed);
  EXPECT_TRUE(tl.backwards());
}

TEST(Timeline, StepsByTheChosenIntervalEitherWay) {
  SimClock clock(kNoon);
  clock.pause(true);
  Timeline tl(clock, TimelineSource::Scenario);
  tl.setRange(kNoon - 86400, kNoon + 86400);
  EXPECT_DOUBLE_EQ(tl.stepSeconds(), 60) << "one minute by default";
  for (int i = 0; i < 5; ++i) tl.stepForward();
  tl.stepBack();
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 240);
  tl.setStepIndex(5);
  EXPECT_STREQ(kStepIntervals[tl.stepIndex()].name, "1 h");
  tl.stepBack();
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 240 - 3600);
  tl.setStepIndex(99);
  EXPECT_DOUBLE_EQ(tl.stepSeconds(), 86400) << "past the last interval: the last";
  EXPECT_TRUE(tl.paused()) << "stepping does not start playing";
}

TEST(Timeline, StopsAtTheExtentsEdgesWhenNotLooping) {
  SimClock clock(kNoon);
  Timeline tl(clock, TimelineSource::Replay);
  tl.setRange(kNoon - 600, kNoon + 600);
  tl.setSpeed(100);
  tl.play();
  tl.advance(10, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 600);
  tl.playBackwards();
  tl.advance(100, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon - 600);
  tl.setStepIndex(6);
  tl.stepBack();
  EXPECT_DOUBLE_EQ(tl.now(), kNoon - 600);
  tl.jump(kNoon + 1e6);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 600);
  EXPECT_FALSE(tl.canGoLive()) << "a recording has no live";
  tl.goLive(kNoon + 5000);
  EXPECT_FALSE(tl.live());
  // A clock put outside the extent by someone else (a tour, the state's window not there
  // yet) is not pulled back; it moves from where it is.
  clock.jump(kNoon + 5000);
  tl.playForwards();
  tl.advance(1, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 5100);
  // An empty range clamps nothing.
  tl.setRange(kNoon, kNoon);
  tl.jump(kNoon + 1e5);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 1e5);
}

TEST(Timeline, TheLoopWrapsForwardsPastOutAndBackwardsPastIn) {
  SimClock clock(kNoon);
  Timeline tl(clock, TimelineSource::Scenario);
  tl.setRange(kNoon - 86400, kNoon + 86400);
  tl.setLooping(true);
  EXPECT_FALSE(tl.looping()) << "no range, no loop";
  tl.setLoopRange(kNoon + 1000, kNoon);  // either order
  tl.setLooping(true);
  ASSERT_TRUE(tl.looping());
  EXPECT_EQ(tl.loopRange()->first, kNoon);
  tl.setSpeed(100);
  tl.play();
  tl.advance(9, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 900);
  tl.advance(3, 0);  // 1200: past out by 200
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 200);
  tl.playBackwards();
  tl.advance(5, 0);  // -300: before in by 300
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 700);
  tl.setStepIndex(4);  // 15 min
  tl.stepForward();    // 1600: wraps by 600
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 600);
  // Outside the loop the playhead plays freely until it enters it, then stays.
  tl.jump(kNoon - 500);
  tl.playForwards();
  tl.advance(4, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon - 100);
  tl.advance(12, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 100);
  // Looping off: past out it plays on.
  tl.setLooping(false);
  tl.advance(10, 0);
  EXPECT_DOUBLE_EQ(tl.now(), kNoon + 1100);
}

TEST(Timeline, LiveFeedsEndAtNowAndPlayingIntoNowGoesLiveAgain) {
  const SimTime wall = kNoon;
  SimClock clock(wall);
  Timeline tl(clock, TimelineSource::LiveFeeds);
  tl.setRange(wall - 86400, wall + 86400);  // the state's window reaches into the future
  tl.goLive(wall);
  ASSERT_TRUE(tl.live());
  EXPECT_DOUBLE_EQ(tl.speed(), 1);
  tl.advance(1, wall + 1);
  EXPECT_DOUBLE_EQ(tl.now(), wall + 1) << "live follows the wall clock";
  EXPECT_EQ(tl.extent(), (std::pair{wall - 86400, wall + 1})) << "the right edge is now";
  tl.stepBack();  // a minute behind, still playing
  EXPECT_FALSE(tl.live());
  EXPECT_FALSE(tl.paused());
  EXPECT_DOUBLE_EQ(tl.now(), wall + 1 - 60);
  tl.advance(1, wall + 2);
  EXPECT_DOUBLE_EQ(tl.now(), wall + 2 - 60) << "1x behind now";
  tl.jump(wall + 3600);  // into the future: now, live
  EXPECT_TRUE(tl.live());
  tl.pause();
  EXPECT_FALSE(tl.live());
  EXPECT_TRUE(tl.paused());
  tl.advance(30, wall + 32);
  EXPECT_DOUBLE_EQ(tl.now(), wall + 2);
  tl.setSpeed(10);
  tl.play();
  tl.advance(2, wall + 34);
  EXPECT_DOUBLE_EQ(tl.now(), wall + 22);
  EXPECT_FALSE(tl.live());
  tl.advance(2, wall + 36);  // would be wall + 42: caught up with now
  EXPECT_TRUE(tl.live());
  EXPECT_DOUBLE_EQ(tl.now(), wall + 36);
  // Backwards from live: leaves it at the left edge at most.
  tl.playBackwards();
  tl.advance(1e6, wall + 37);
  EXPECT_DOUBLE_EQ(tl.now(), wall - 86400);
}

TEST(TimelineTicks, MajorsAreNiceLocalTimesNeverCrowdedWithMinorsBetween) {
  const int offset = 7 * 60;  // +07:00
  const SimTime from = at("2026-06-01T09:10:00+07:00"), to = at("2026-06-01T17:50:00+07:00");
  const double width = 1000;
  std::vector<TimeTick> ticks = timeTicks(from, to, width, offset);
  std::vector<TimeTick> majors;
  for (const TimeTick& t : ticks)
    if (t.major) majors.push_back(t);
  ASSERT_GE(majors.size(), 4u);
  // 8 h 40 min over 1000 px with labels 90 px apart: every hour (the next nice interval up).
  EXPECT_EQ(majors[0].label, "10:00") << "local time, not UTC (03:00)";
  EXPECT_EQ(majors[1].label, "11:00");
  EXPECT_EQ(majors.back().label, "17:00");
  EXPECT_DOUBLE_EQ(majors[0].time, at("2026-06-01T10:00:00+07:00"));
  for (size_t i = 1; i < majors.size(); ++i) EXPECT_GE((majors[i].time - majors[i - 1].time) / (to - from) * width, 90);
  for (size_t i = 1; i < ticks.size(); ++i) {
    EXPECT_GT(ticks[i].time, ticks[i - 1].time);
    EXPECT_GE((ticks[i].time - ticks[i - 1].time) / (to - from) * width, 8) << "minors not crowded either";
    EXPECT_EQ(ticks[i].major, !ticks[i].label.empty());
  }
  EXPECT_GT(ticks.size(), majors.size()) << "minors between the majors";
  for (const TimeTick& t : ticks) {
    EXPECT_GE(t.time, from);
    EXPECT_LE(t.time, to);
  }
  // A narrower bar: fewer, wider-spaced majors; still aligned on local hours.
  std::vector<TimeTick> narrow = timeTicks(from, to, 300, offset);
  for (const TimeTick& t : narrow)
    if (t.major) {
      EXPECT_EQ(std::fmod(t.time + offset * 60, 3 * 3600.0), 0.0) << t.label;
    }
}

TEST(TimelineTicks, MidnightIsLabelledWithTheLocalDayAndSecondsShowWhenZoomedIn) {
  const int offset = 7 * 60;
  // 20:00 on Monday 1 June to 04:00 on Tuesday, local: midnight local is 17:00 UTC.
  std::vector<TimeTick> ticks =
      timeTicks(at("2026-06-01T20:00:00+07:00"), at("2026-06-02T04:00:00+07:00"), 800, offset);
  auto midnight = std::find_if(ticks.begin(), ticks.end(), [](const TimeTick& t) { return t.label == "Tue 2 Jun"; });
  ASSERT_NE(midnight, ticks.end());
  EXPECT_DOUBLE_EQ(midnight->time, at("2026-06-02T00:00:00+07:00"));
  EXPECT_TRUE(midnight->major);
  for (const TimeTick& t : ticks) EXPECT_NE(t.label, "00:00") << "midnight carries the date instead";
  // The same instants in UTC (13:00 to 21:00) hold no midnight.
  for (const TimeTick& t : timeTicks(at("2026-06-01T20:00:00+07:00"), at("2026-06-02T04:00:00+07:00"), 800, 0))
    EXPECT_EQ(t.label.find(' '), std::string::npos) << t.label;
  // A minute across 1000 px: majors every 10 s, labelled with seconds.
  std::vector<TimeTick> close = timeTicks(kNoon, kNoon + 60, 1000, offset);
  ASSERT_FALSE(close.empty());
  EXPECT_EQ(close[0].label, "12:00:00");
  EXPECT_EQ(std::count_if(close.begin(), close.end(), [](const TimeTick& t) { return t.major; }), 7);
  // A month across 600 px: days as labels, never crowded.
  std::vector<TimeTick> month = timeTicks(kNoon, kNoon + 30 * 86400.0, 600, offset);
  int majors = 0;
  for (const TimeTick& t : month)
    if (t.major) {
      ++majors;
      EXPECT_NE(t.label.find(' '), std::string::npos) << t.label;
    }
  EXPECT_GE(majors, 2);
  EXPECT_LE(majors, 600 / 90 + 1);
  EXPECT_TRUE(timeTicks(kNoon, kNoon, 600, offset).empty());
  EXPECT_TRUE(timeTicks(kNoon, kNoon + 10, 0, offset).empty());
  EXPECT_EQ(formatLocalDate(at("2026-06-01T23:59:59+07:00"), offset, true), "Mon 1 Jun 2026");
  EXPECT_EQ(formatLocalClock(at("2026-06-01T23:59:59+07:00"), offset, true), "23:59:59");
  EXPECT_EQ(formatLocalClock(at("2026-06-01T23:59:59+07:00"), -150, false), "14:29") << "-02:30";
}

TEST(TimelineLanes, OverlappingEventsGetTheirOwnLanesAndFreedLanesAreReused) {
  auto ev = [](double start, double end) { return SimEvent{"heat_wave", "", "", start, end, {}}; };
  // Given out of order: [0,10) and [5,15) overlap; [10,20) takes lane 0 again as [0,10)
  // ends; [12,13) overlaps both; [16,30) takes lane 1, free since 15.
  std::vector<SimEvent> events{ev(10, 20), ev(0, 10), ev(5, 15), ev(12, 13), ev(16, 30)};
  std::vector<int> lanes = eventLanes(events);
  EXPECT_EQ(lanes, (std::vector<int>{0, 0, 1, 2, 1}));
  for (size_t i = 0; i < events.size(); ++i)
    for (size_t j = i + 1; j < events.size(); ++j)
      if (events[i].start < events[j].end && events[j].start < events[i].end) {
        EXPECT_NE(lanes[i], lanes[j]);
      }
  EXPECT_TRUE(eventLanes({}).empty());
}

}  // namespace
}  // namespace ts::twin

namespace ts::layers {
namespace {

// The demo played backwards through the 14:00 site outage in steps, then sent far away and
// back: the layers at t0 read exactly what a fresh start at t0 reads. A window of state
// kept from elsewhere, or a coverage raster not re-merged when the site comes back, shows.
TEST(TimelineLayers, ReversePlaybackAndJumpsGiveTheStateOfAJumpStraightThere) {
  static const scene::CityModel city = scene::makeDemoCity();
  const twin::SimTime t1 = twin::at("2026-06-01T16:00:00+07:00"), t0 = twin::at("2026-06-01T13:00:00+07:00");
  LiveLayersOptions options;
  options.simulator.scenario = tests::demoScenario();  // the outage the playback passes through
  LiveLayers live(city, options);
  live.finish(t1);
  const LiveKpis atT1 = live.kpis(t1);
  twin::SimClock clock(t1);
  twin::Timeline timeline(clock, twin::TimelineSource::Scenario);
  timeline.setRange(t0 - 2 * 86400.0, t0 + 5 * 86400.0);  // a scenario's range: jumps go far
  timeline.setSpeed(600);
  timeline.playBackwards();
  int frames = 0;
  for (; timeline.now() > t0; ++frames) {
    timeline.advance(1.0, 0);  // a frame of a second: ten minutes back
    live.update(timeline.now());
  }
  EXPECT_EQ(frames, 18);
  EXPECT_DOUBLE_EQ(timeline.now(), t0);
  timeline.pause();
  LiveLayers fresh(city, options);
  fresh.finish(t0);
  const LiveKpis direct = fresh.kpis(t0);
  // What the selection panel would show, entity by entity: how many differ, the first named.
  auto sameReadings = [&](const char* when) {
    size_t differ = 0;
    std::string first;
    auto compare = [&](const std::string& id, const char* attr) {
      if (live.state().valueAt(id, attr, t0) == fresh.state().valueAt(id, attr, t0)) return;
      if (differ++ == 0) first = id + " " + attr;
    };
    for (const scene::Site5G& s : city.entities.sites5g) compare(s.id, twin::attr::kStatus);
    for (const scene::AiCamera& c : city.entities.cameras) compare(c.id, twin::attr::kStatus);
    for (const scene::DataCentre& d : city.entities.dataCentres) compare(d.id, twin::attr::kLoadMw);
    compare(twin::kCityEntity, twin::attr::kTemperatureC);
    EXPECT_EQ(differ, 0u) << "readings at t0 differ" << when << ", the first: " << first;
  };
  sameReadings(" after playing back");
  timeline.jump(t0 + 3 * 86400.0);  // days away: its own window of state, filled
  live.finish(timeline.now());
  timeline.jump(t0);  // straight back: the state at t0 is there at once, not the far window's
  live.update(timeline.now());
  sameReadings(" at once after a jump back");
  timeline.jump(t0 - 7 * 3600.0);
  live.update(timeline.now());
  timeline.jump(t0);
  live.finish(timeline.now());
  sameReadings(" after jumping around");
  const LiveKpis played = live.kpis(t0);
  ASSERT_TRUE(played.coverage.report && direct.coverage.report && atT1.coverage.report);
  ASSERT_TRUE(played.cameras.report && direct.cameras.report);
  ASSERT_TRUE(played.dataCentres.report && direct.dataCentres.report && atT1.dataCentres.report);
  // The readings differ between t1 and t0, so agreeing at t0 says something.
  EXPECT_NE(atT1.coverage.report->kpis.sectorsOnline, direct.coverage.report->kpis.sectorsOnline);
  EXPECT_FALSE(atT1.dataCentres.report->totals == direct.dataCentres.report->totals);
  EXPECT_TRUE(played.coverage.report->kpis == direct.coverage.report->kpis);
  EXPECT_TRUE(played.cameras.report->kpis == direct.cameras.report->kpis);
  EXPECT_TRUE(played.dataCentres.report->totals == direct.dataCentres.report->totals);
  EXPECT_EQ(played.temperatureC, direct.temperatureC);
  EXPECT_EQ(live.coverage().result()->image->rgba, fresh.coverage().result()->image->rgba);
}

}  // namespace
}  // namespace ts::layers
