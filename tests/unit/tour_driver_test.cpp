// The tour in the window without a window: its clock paused and resumed by the timeline,
// stepped from stop to stop, looping both ways, and each stop reported once when reached.
#include "viewer/tour_driver.h"

#include <gtest/gtest.h>

#include "platform/keys.h"
#include "scene/city_model.h"
#include "twin/timeline.h"
#include "viewer/timeline_keys_handler.h"

using namespace ts;
using namespace ts::viewer;

namespace {

const twin::SimTime kT0 = 1780290000;  // 2026-06-01T12:00:00+07:00

// Stop 1 holds [0, 5); stop 2 flies [5, 7) and holds [7, 11); stop 3 (its time running on
// from stop 2's) flies [11, 12) and holds [12, 15). The tour says it does not loop: the
// window loops it anyway.
scenario::Tour threeStops() {
  scenario::Tour t;
  t.name = "test";
  t.speed = 60;
  scenario::TourStop a, b, c;
  a.camera = "hpr:0,-30,1000/0,0,0", a.time = kT0, a.holdS = 5, a.caption = "one";
  b.camera = "hpr:90,-30,1000/0,0,0", b.time = kT0 + 3600, b.flightS = 2, b.holdS = 4, b.caption = "two";
  c.camera = "hpr:180,-30,1000/0,0,0", c.flightS = 1, c.holdS = 3, c.caption = "three";
  t.stops = {a, b, c};
  return t;
}

scenario::TourPlayer player(const scenario::Tour& tour, double aspect = 16.0 / 9.0) {
  static const scene::CityModel city;  // hpr cameras need no bookmarks
  auto p = scenario::TourPlayer::create(tour, city, aspect, kT0);
  EXPECT_TRUE(p) << p.error().message;
  return std::move(*p);
}

// The stops reached while the driver plays `seconds` in frames of `dt`.
std::vector<size_t> reachedWhilePlaying(TourDriver& d, double seconds, double dt) {
  std::vector<size_t> out;
  for (double t = 0; t < seconds - 1e-9; t += dt)
    if (auto r = d.advance(dt, false).reached) out.push_back(*r);
  return out;
}

}  // namespace

TEST(TourDriver, TheFirstFrameReachesStopOneAndPausingStopsTheTourClock) {
  TourDriver d(player(threeStops()));
  TourTick first = d.advance(0, false);
  EXPECT_EQ(first.reached, size_t(0));
  EXPECT_DOUBLE_EQ(first.frame.time, kT0);
  EXPECT_EQ(first.frame.shown->caption, "one");
  TourTick paused = d.advance(1.5, true);
  EXPECT_FALSE(paused.reached) << "a stop is reported once";
  EXPECT_DOUBLE_EQ(d.clockS(), 0) << "paused: the tour's clock stands";
  EXPECT_DOUBLE_EQ(paused.frame.time, kT0) << "and so does the sim time it shows";
  TourTick playing = d.advance(1.5, false);
  EXPECT_DOUBLE_EQ(d.clockS(), 1.5);
  EXPECT_DOUBLE_EQ(playing.frame.time, kT0 + 90) << "the hold runs the sim clock at the tour's 60x";
}

TEST(TourDriver, EachStopIsReachedOnceALapInOrderAndTheTourLoops) {
  TourDriver d(player(threeStops()));
  EXPECT_EQ(reachedWhilePlaying(d, 2 * 15 + 1, 0.25), (std::vector<size_t>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_NEAR(d.clockS(), 1, 1e-9) << "31 s into a 15 s tour: 1 s into the third lap";
  EXPECT_NEAR(d.advance(0, false).frame.time, kT0 + 60, 1e-6) << "the lap starts over at stop 1's time";
}

TEST(TourDriver, AStopIsReachedWhenItsHoldStartsNotWhileFlyingThere) {
  TourDriver d(player(threeStops()));
  (void)d.advance(0, false);
  TourTick flying = d.advance(6, false);
  EXPECT_TRUE(flying.frame.flying);
  EXPECT_EQ(flying.frame.stop, 1u);
  EXPECT_FALSE(flying.reached);
  TourTick arrived = d.advance(1, false);
  EXPECT_EQ(arrived.reached, size_t(1));
  EXPECT_DOUBLE_EQ(arrived.frame.time, kT0 + 3600) << "stop 2's time, on arrival";
}

TEST(TourDriver, StepsGoToTheNextAndPreviousStopsHoldStartWrappingRound) {
  TourDriver d(player(threeStops()));
  (void)d.advance(1, false);
  d.stepForward();
  EXPECT_DOUBLE_EQ(d.clockS(), 7);
  EXPECT_EQ(d.advance(0, true).reached, size_t(1)) << "a step reaches its stop, paused or not";
  d.stepForward();
  EXPECT_DOUBLE_EQ(d.clockS(), 12);
  d.stepForward();
  EXPECT_DOUBLE_EQ(d.clockS(), 0) << "after the last stop, the first";
  d.stepBack();
  EXPECT_DOUBLE_EQ(d.clockS(), 12) << "before the first, the last";
  d.stepBack();
  EXPECT_DOUBLE_EQ(d.clockS(), 7);
  // Flying to stop 3: next is stop 3 itself, previous the stop just left.
  (void)d.advance(4.5, false);
  ASSERT_TRUE(d.advance(0, false).frame.flying);
  d.stepForward();
  EXPECT_DOUBLE_EQ(d.clockS(), 12);
  (void)d.advance(-0.5, false);  // back into the flight
  d.stepBack();
  EXPECT_DOUBLE_EQ(d.clockS(), 7);
  // The same stop twice in a row is reported twice: the step is what the log follows.
  d.stepBack();
  EXPECT_EQ(d.advance(0, false).reached, size_t(0));
  d.stepForward();
  d.stepBack();
  EXPECT_EQ(d.advance(0, false).reached, size_t(0));
}

TEST(TourDriver, PlayingBackwardsRunsTheTourBackAndWrapsToTheEnd) {
  TourDriver d(player(threeStops()));
  (void)d.advance(1, false);
  TourTick back = d.advance(2, false, true);
  EXPECT_DOUBLE_EQ(d.clockS(), 14);
  EXPECT_EQ(back.frame.stop, 2u);
  EXPECT_EQ(back.reached, size_t(2));
}

TEST(TourDriver, AOneStopTourIsReachedAgainEveryLap) {
  scenario::Tour t = threeStops();
  t.stops.resize(1);
  TourDriver d(player(t));
  EXPECT_EQ(reachedWhilePlaying(d, 12, 0.5), (std::vector<size_t>{0, 0, 0}));
}

TEST(TourDriver, ANewFrameShapeKeepsTheTourClock) {
  TourDriver d(player(threeStops()));
  (void)d.advance(8, false);
  d.setPlayer(player(threeStops(), 1.0));
  EXPECT_DOUBLE_EQ(d.clockS(), 8);
  EXPECT_FALSE(d.advance(0, false).reached) << "still holding stop 2";
}

TEST(TourDriver, TheTimelinesArrowKeysStepTheTourAndSpacePausesIt) {
  twin::SimClock clock(kT0);
  clock.playback(60);
  twin::Timeline timeline(clock, twin::TimelineSource::Scenario);
  TourDriver d(player(threeStops()));
  TimelineKeysHandler keys(timeline, 420, &d);
  ViewState state(render::Camera{});
  FrameInput in;
  in.input.keysPressed = {platform::key::kRight, platform::key::kRight, platform::key::kLeft};
  keys.handle(in, state);
  EXPECT_DOUBLE_EQ(d.clockS(), 7) << "two stops on, one back";
  EXPECT_DOUBLE_EQ(clock.now(), kT0) << "the arrows move the tour, not the sim clock (the tour sets it)";
  in.input.keysPressed = {platform::key::kSpace};
  keys.handle(in, state);
  ASSERT_TRUE(timeline.paused());
  (void)d.advance(3, timeline.paused(), timeline.backwards());
  EXPECT_DOUBLE_EQ(d.clockS(), 7);
}
