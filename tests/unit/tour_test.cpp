// Tour timing: each stop reached at its time, flights eased, holds running the sim
// clock, the last frame exact.
#include "scenario/tour.h"

#include <gtest/gtest.h>

#include "render/camera_spec.h"
#include "scenario/scenario_file.h"
#include "scene/city_model.h"
#include "twin/sim_clock.h"
#include "ui/tour_presentation.h"

using namespace ts;
using namespace ts::scenario;

namespace {

const scene::CityModel& demoCity() {
  static const scene::CityModel city = scene::makeDemoCity();
  return city;
}

twin::SimTime at(const std::string& iso) { return *twin::parseIsoTime(iso); }

render::Camera bookmark(const char* name) { return *render::parseCameraSpec(name, demoCity(), 16.0 / 9.0); }

void expectSameCamera(const render::Camera& a, const render::Camera& b) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(a.eyeEnu[i], b.eyeEnu[i], 1e-3);
    EXPECT_NEAR(a.targetEnu[i], b.targetEnu[i], 1e-3);
  }
}

Tour threeStops() {
  Tour t;
  t.name = "test";
  t.speed = 60;
  TourStop a, b, c;
  a.camera = "overview", a.time = at("2026-06-01T10:00:00+07:00"), a.holdS = 5, a.caption = "one";
  a.layers = std::vector<std::string>{"coverage5g"};
  b.camera = "cbd", b.time = at("2026-06-01T14:00:00+07:00"), b.flightS = 4, b.holdS = 6, b.caption = "two";
  c.camera = "dc-campus", c.flightS = 2, c.holdS = 3, c.speed = 600, c.caption = "three";  // time keeps running
  t.stops = {a, b, c};
  return t;
}

}  // namespace

TEST(Tour, StopsAreReachedAtTheirTimes) {
  auto p = TourPlayer::create(threeStops(), demoCity(), 16.0 / 9.0, 0);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_DOUBLE_EQ(p->duration(), 5 + 4 + 6 + 2 + 3);
  EXPECT_DOUBLE_EQ(p->holdStart(1), 9);
  EXPECT_DOUBLE_EQ(p->holdStart(2), 17);
  // Stop 1: the overview at 10:00, its clock running at 60x while it holds.
  TourFrame f = p->at(0);
  expectSameCamera(f.camera, bookmark("overview"));
  EXPECT_DOUBLE_EQ(f.time, at("2026-06-01T10:00:00+07:00"));
  EXPECT_EQ(f.shown->caption, "one");
  EXPECT_DOUBLE_EQ(p->at(5).time, at("2026-06-01T10:05:00+07:00"));
  // Stop 2 is reached exactly when its flight ends: the cbd bookmark at 14:00.
  f = p->at(9);
  EXPECT_FALSE(f.flying);
  EXPECT_EQ(f.stop, 1u);
  expectSameCamera(f.camera, bookmark("cbd"));
  EXPECT_DOUBLE_EQ(f.time, at("2026-06-01T14:00:00+07:00"));
  EXPECT_EQ(f.layers, std::vector<std::string>{"coverage5g"}) << "kept from the stop that set it";
  // Stop 3 names no time: the clock keeps running, at its own speed while flying and holding.
  const twin::SimTime leave2 = at("2026-06-01T14:06:00+07:00");
  EXPECT_DOUBLE_EQ(p->at(15).time, leave2);
  EXPECT_DOUBLE_EQ(p->at(17).time, leave2 + 2 * 600);
  // The last frame is exactly the last stop, at the end of its hold.
  f = p->at(p->duration());
  expectSameCamera(f.camera, bookmark("dc-campus"));
  EXPECT_DOUBLE_EQ(f.time, leave2 + 5 * 600);
  EXPECT_EQ(f.shown->caption, "three");
  // Past the end: clamped; a looping tour wraps.
  EXPECT_DOUBLE_EQ(p->at(1000).time, f.time);
  Tour looping = threeStops();
  looping.loop = true;
  auto lp = TourPlayer::create(looping, demoCity(), 16.0 / 9.0, 0);
  EXPECT_DOUBLE_EQ(lp->at(lp->duration() + 5, true).time, lp->at(5).time);
}

TEST(Tour, FlightsEaseTheCameraAndTheClock) {
  auto p = TourPlayer::create(threeStops(), demoCity(), 16.0 / 9.0, 0);
  ASSERT_TRUE(p);
  const twin::SimTime from = at("2026-06-01T10:05:00+07:00"), to = at("2026-06-01T14:00:00+07:00");
  // Halfway through the 4 s flight: halfway in time (smoothstep(0.5) = 0.5); slow at both
  // ends, fast in the middle.
  TourFrame mid = p->at(7);
  EXPECT_TRUE(mid.flying);
  EXPECT_EQ(mid.stop, 1u);
  EXPECT_EQ(mid.shown->caption, "two") << "the stop flown to";
  EXPECT_NEAR(mid.time, (from + to) / 2, 1e-6);
  const double early = p->at(5.4).time - p->at(5).time, middle = p->at(7.2).time - p->at(6.8).time;
  EXPECT_LT(early, middle / 5);
  // The camera's target moves the same eased way between the two bookmarks.
  const glm::vec3 a = bookmark("overview").targetEnu, b = bookmark("cbd").targetEnu;
  EXPECT_NEAR(mid.camera.targetEnu.x, (a.x + b.x) / 2, 1e-2);
  EXPECT_NEAR(mid.camera.targetEnu.y, (a.y + b.y) / 2, 1e-2);
  EXPECT_GT(mid.stopProgress, 0.0);
  EXPECT_LT(mid.stopProgress, 0.5);
}

TEST(Tour, ABadCameraNamesTheTourAndStop) {
  Tour t = threeStops();
  t.stops[1].camera = "nowhere";
  auto p = TourPlayer::create(t, demoCity(), 16.0 / 9.0, 0);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("tour 'test', stop 2"), std::string::npos) << p.error().message;
  EXPECT_FALSE(TourPlayer::create(Tour{}, demoCity(), 1.0, 0));
}

TEST(Tour, EachStopShowsItsCaptionCardsAndPanels) {
  auto file = scenario::loadScenario("demo");
  ASSERT_TRUE(file) << file.error().message;
  const Tour& investor = file->tours.at("investor");
  auto shown = ui::tourPresentations(investor);
  ASSERT_TRUE(shown) << shown.error().message;
  ASSERT_EQ(shown->size(), investor.stops.size());
  for (size_t i = 0; i < shown->size(); ++i) {
    EXPECT_EQ((*shown)[i].caption, investor.stops[i].caption);
    EXPECT_EQ((*shown)[i].kpiCards.size(), investor.stops[i].kpis.size());
    EXPECT_TRUE((*shown)[i].clock && (*shown)[i].legend && (*shown)[i].scaleBar && (*shown)[i].northArrow);
  }
  Tour t = threeStops();
  t.stops[0].kpis = {"cameras", "dc-load"};
  t.stops[0].panels = std::vector<std::string>{"kpis"};
  auto few = ui::tourPresentations(t);
  ASSERT_TRUE(few) << few.error().message;
  EXPECT_EQ((*few)[0].kpiCards.size(), 2u);
  EXPECT_TRUE((*few)[0].caption.empty()) << "panels without the caption";
  EXPECT_FALSE((*few)[0].clock);
  t.stops[2].kpis = {"weather"};
  auto bad = ui::tourPresentations(t);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("tour 'test', stop 3"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("weather"), std::string::npos) << bad.error().message;
}
