// The live-layer framework: the worker, props, the data-centre layer's KPIs on a
// hand-made state, and the layers following the StateStore over sim time.
#include <gtest/gtest.h>

#include <atomic>
#include <glm/geometric.hpp>
#include <new>
#include <stdexcept>
#include <thread>

#include "../support/demo_scenario.h"
#include "layers/camera_layer.h"
#include "layers/coverage_layer.h"
#include "layers/datacentre_layer.h"
#include "layers/live_layers.h"
#include "layers/worker.h"
#include "twin/sim_clock.h"
#include "twin/simulator.h"

namespace ts::layers {
namespace {

// The live layers of the demo playing the demo's scenario (its events are what the tests
// look for).
LiveLayersOptions demoLayers() {
  LiveLayersOptions o;
  o.simulator.scenario = tests::demoScenario();
  return o;
}

TEST(LatestWorker, KeepsOnlyTheNewestRequestAndNeverBlocksThePoster) {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  LatestWorker<int, int> w([&](const int& r) {
    while (!release) std::this_thread::yield();
    ++runs;
    return std::make_shared<const int>(r * 10);
  });
  EXPECT_EQ(w.latest(), nullptr);
  w.post(1);
  while (!w.busy()) std::this_thread::yield();
  // The worker is stuck on request 1; these replace each other without waiting.
  for (int i = 2; i <= 50; ++i) w.post(i);
  EXPECT_TRUE(w.busy());
  release = true;
  w.wait();
  ASSERT_NE(w.latest(), nullptr);
  EXPECT_EQ(*w.latest(), 500);
  EXPECT_LE(runs.load(), 2);  // request 1, then only the newest
  EXPECT_FALSE(w.busy());
}

TEST(LatestWorker, AJobThatThrowsIsReportedAndTheLastResultStays) {
  LatestWorker<int, int> w([](const int& r) -> std::shared_ptr<const int> {
    if (r < 0) throw std::runtime_error("negative request " + std::to_string(r));
    if (r == 0) throw std::bad_alloc();
    return std::make_shared<const int>(r);
  });
  w.post(7);
  w.wait();
  EXPECT_FALSE(w.error());
  w.post(-3);
  w.wait();
  ASSERT_TRUE(w.error());
  EXPECT_EQ(*w.error(), "negative request -3");
  ASSERT_NE(w.latest(), nullptr);
  EXPECT_EQ(*w.latest(), 7) << "the last good result stays published";
  w.post(0);
  w.wait();
  EXPECT_EQ(w.error().value_or(""), "out of memory");
  w.post(8);  // the worker thread is still alive and serving
  w.wait();
  EXPECT_FALSE(w.error());
  EXPECT_EQ(*w.latest(), 8);
}

TEST(LiveLayersErrors, ADistrictTooLargeToRasterIsReportedNotFatal) {
  // A district ring 200 km across: at 5 m that would be 1.6 billion cells.
  scene::CityModel city;
  city.district.outer = {{-1e5, -1e5}, {1e5, -1e5}, {1e5, 1e5}, {-1e5, 1e5}};
  city.finalize();
  LiveLayers live(city);
  live.finish(twin::SimTime{1780300800});
  for (const char* id : {"coverage5g", "cameras"}) {
    auto e = live.find(id)->error();
    ASSERT_TRUE(e) << id;
    EXPECT_NE(e->find("200.5 x 200.5 km"), std::string::npos) << *e;
    EXPECT_NE(e->find("64 million cells"), std::string::npos) << *e;
  }
  EXPECT_FALSE(live.find("datacentres")->error());
  const LiveKpis k = live.kpis(twin::SimTime{1780300800});
  EXPECT_TRUE(k.coverage.error);
  EXPECT_FALSE(k.coverage.report) << "no result was ever published";
  EXPECT_FALSE(k.dataCentres.error);
  EXPECT_TRUE(k.dataCentres.report);
  // Coarser cells over the same district are still refused; the layer keeps answering.
  ASSERT_TRUE(live.find("coverage5g")->setProp("cell_m", 20));
  live.finish(twin::SimTime{1780300800});
  EXPECT_TRUE(live.find("coverage5g")->error());
}

TEST(LayerProps, DefaultsAndRangesAreEnforcedAndAMisspeltNameIsAnError) {
  scene::CityModel city;
  city.finalize();
  DataCentreLayer layer(city);
  EXPECT_EQ(layer.prop("alert_pct").value(), 90);
  EXPECT_TRUE(layer.setProp("alert_pct", 80));
  EXPECT_EQ(layer.prop("alert_pct").value(), 80);
  auto outside = layer.setProp("alert_pct", 150);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().message, "layer datacentres: alert_pct = 150 is outside [50, 100] %");
  EXPECT_EQ(layer.prop("alert_pct").value(), 80);
  // A misspelt name is an error naming the layer and what it has, not a NaN.
  auto misspelt = layer.prop("alert_pc");
  ASSERT_FALSE(misspelt);
  EXPECT_EQ(misspelt.error().message,
            "layer datacentres has no prop 'alert_pc' (its props: alert_pct, metres_per_mw, tint, labels)");
  EXPECT_FALSE(layer.setProp("no_such_prop", 1));
}

TEST(LayerIds, DeclaredOnceAndChosenByName) {
  scene::CityModel city;
  city.finalize();
  LiveLayersOptions o;
  o.simulate = false;
  LiveLayers live(city, o);
  EXPECT_EQ(live.idList(), "coverage5g, cameras, datacentres");
  EXPECT_EQ(live.coverage().id(), kCoverage5g);
  EXPECT_EQ(live.find(kCameras), &live.cameras());
  ASSERT_TRUE(live.show({std::string(kCameras)}));
  EXPECT_FALSE(live.coverage().visible);
  EXPECT_TRUE(live.cameras().visible);
  EXPECT_FALSE(live.dataCentres().visible);
  ASSERT_TRUE(live.show({"none"}));
  for (const auto& l : live.layers()) EXPECT_FALSE(l->visible) << l->id();
  auto bogus = live.show({"coverage5g", "bogus"});
  ASSERT_FALSE(bogus);
  EXPECT_EQ(bogus.error().message, "no layer 'bogus' (there are coverage5g, cameras, datacentres)");
  for (const auto& l : live.layers()) EXPECT_FALSE(l->visible) << "a refused choice changes nothing";
  ASSERT_TRUE(live.show({}));
  for (const auto& l : live.layers()) EXPECT_TRUE(l->visible) << l->id();
}

// Three data centres, one proposed, with loads written by hand: the totals are exact.
TEST(DataCentreLayer, KpisOnAHandMadeStateAreExact) {
  scene::CityModel city;
  for (auto [id, cap, proposed] : {std::tuple{"a", 10.f, false}, {"b", 5.f, false}, {"p", 100.f, true}}) {
    scene::DataCentre dc;
    dc.id = id, dc.name = id, dc.capacityMW = cap, dc.proposed = proposed, dc.pue = 1.5f;
    city.entities.dataCentres.push_back(dc);
  }
  city.finalize();
  twin::StateStore store;
  twin::Simulator::configure(store);
  store.write("a", twin::attr::kLoadMw, 100, 6.0);
  store.write("a", twin::attr::kLoadMw, 200, 8.0);   // linear: 7.0 at t = 150
  store.write("b", twin::attr::kLoadMw, 100, 4.75);  // 95 %: above the alert threshold
  DataCentreLayer layer(city);
  layer.update(store, 150);
  const DataCentreKpis& k = layer.summary();
  EXPECT_DOUBLE_EQ(k.totalLoadMw, 11.75);
  EXPECT_DOUBLE_EQ(k.totalCapacityMw, 15.0);
  EXPECT_DOUBLE_EQ(k.headroomMw, 3.25);
  EXPECT_DOUBLE_EQ(k.totalFacilityMw, 11.75 * 1.5);  // no facility series: load x PUE
  EXPECT_EQ(k.built, 2u);
  EXPECT_EQ(k.alerts, 1u);
  EXPECT_EQ(k.busiest, 1);
  EXPECT_DOUBLE_EQ(k.busiestPct, 95.0);
  EXPECT_EQ(k.proposed, 1u);
  EXPECT_DOUBLE_EQ(k.proposedCapacityMw, 100.0);
  DataCentreReport report = layer.report();
  EXPECT_EQ(report.sites.size(), 3u);
  EXPECT_EQ(report.alertThresholdPct, 90);
  // All three stand at the origin: one campus with the built totals and the planned capacity.
  ASSERT_EQ(report.campuses.size(), 1u);
  EXPECT_EQ(report.campuses[0].members, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(report.campuses[0].loadMw, 11.75);
  EXPECT_DOUBLE_EQ(report.campuses[0].headroomMw, 3.25);
  EXPECT_DOUBLE_EQ(report.campuses[0].proposedCapacityMw, 100.0);
  // What it draws: one load column and one capacity cap per built data centre, an
  // alert pulse for b, a planned outline for the proposed one.
  scene::OverlayDraw d;
  layer.draw(d, 0);
  EXPECT_EQ(d.boxes.size(), 2u * 2u + 1u);
  EXPECT_EQ(d.lines.size(), 12u);
  // Raising the threshold clears the alert.
  ASSERT_TRUE(layer.setProp("alert_pct", 96));
  layer.update(store, 150);
  EXPECT_EQ(layer.summary().alerts, 0u);
}

// The demo over the scenario's day: the layers follow the StateStore, incrementally.
struct DemoLive : ::testing::Test {
  static const scene::CityModel& city() {
    static const scene::CityModel c = scene::makeDemoCity();
    return c;
  }
  static twin::SimTime at(const char* iso) { return *twin::parseIsoTime(iso); }
};

TEST_F(DemoLive, LayersFollowTheScenarioAndAgreeWithAFreshStart) {
  LiveLayers live(city(), demoLayers());
  live.finish(at("2026-06-01T13:00:00+07:00"));
  LiveKpis before = live.kpis(at("2026-06-01T13:00:00+07:00"));
  live.finish(at("2026-06-01T15:00:00+07:00"));  // the site outage and the heat wave
  LiveKpis during = live.kpis(at("2026-06-01T15:00:00+07:00"));
  ASSERT_TRUE(before.coverage.report && during.coverage.report && before.cameras.report && during.cameras.report);
  const CoverageKpis& cb = before.coverage.report->kpis;
  const CoverageKpis& cd = during.coverage.report->kpis;
  EXPECT_EQ(cb.sectorsOnline, cb.sectorsTotal);
  EXPECT_EQ(cd.sectorsOnline, cd.sectorsTotal - 3);
  EXPECT_LT(cd.coveredPct, cb.coveredPct);
  EXPECT_NEAR(cb.coveredPct, 80.0, 7.0) << "the demo's 5G should cover about 80 % of the district";
  EXPECT_GT(during.dataCentres.report->totals.alerts, before.dataCentres.report->totals.alerts);

  // The inspector shows the same figures as the JSON.
  auto lines = live.find("coverage5g")->kpiLines();
  ASSERT_FALSE(lines.empty());
  char expected[32];
  std::snprintf(expected, sizeof expected, "%.1f %%", cd.coveredPct);
  EXPECT_EQ(lines[0].value.rfind(expected, 0), 0u) << lines[0].value;
  auto dcLines = live.find("datacentres")->kpiLines();
  std::snprintf(expected, sizeof expected, "%.1f of", during.dataCentres.report->totals.totalLoadMw);
  EXPECT_EQ(dcLines[0].value.rfind(expected, 0), 0u) << dcLines[0].value;

  // The incremental result equals a model computed from scratch at 15:00.
  LiveLayers fresh(city(), demoLayers());
  fresh.finish(at("2026-06-01T15:00:00+07:00"));
  LiveKpis freshKpis = fresh.kpis(at("2026-06-01T15:00:00+07:00"));
  ASSERT_TRUE(freshKpis.coverage.report && freshKpis.cameras.report);
  EXPECT_TRUE(freshKpis.coverage.report->kpis == cd);
  EXPECT_TRUE(freshKpis.cameras.report->kpis == during.cameras.report->kpis);
  EXPECT_TRUE(freshKpis.dataCentres.report->totals == during.dataCentres.report->totals);
  auto* inc = static_cast<CoverageLayer*>(live.find("coverage5g"));
  auto* full = static_cast<CoverageLayer*>(fresh.find("coverage5g"));
  EXPECT_EQ(inc->result()->image->rgba, full->result()->image->rgba);

  // The camera cluster in the morning.
  live.finish(at("2026-06-01T10:00:00+07:00"));
  LiveKpis morning = live.kpis(at("2026-06-01T10:00:00+07:00"));
  ASSERT_TRUE(morning.cameras.report);
  EXPECT_GE(morning.cameras.report->kpis.offline, 15u);
  EXPECT_LT(morning.cameras.report->kpis.streetSeen1Pct, before.cameras.report->kpis.streetSeen1Pct);
}

TEST_F(DemoLive, TheSimulatedWindowFollowsTheClockWithoutWaiting) {
  LiveLayers live(city(), demoLayers());
  const twin::SimTime t0 = at("2026-06-01T12:00:00+07:00");
  live.update(t0);  // the state at t0 is there at once...
  const std::string dc0 = city().entities.dataCentres[0].id;
  EXPECT_TRUE(live.state().valueAt(dc0, twin::attr::kLoadMw, t0));
  live.finish(t0);  // ...and the day either side follows from the worker
  auto [lo, hi] = live.filledRange();
  EXPECT_LE(lo, t0 - 86000);
  EXPECT_GE(hi, t0 + 86000);
  // Near the window's edge the next one is filled on a worker and swapped in.
  const twin::SimTime later = t0 + 20 * 3600.0;
  live.finish(later);
  auto [lo2, hi2] = live.filledRange();
  EXPECT_GE(hi2, later + 86000);
  EXPECT_LE(lo2, later - 86000);
  // What the state says there is what the simulator says (same seed, any window).
  twin::StateStore direct;
  twin::Simulator::configure(direct);
  live.simulator().fill(direct, later - 3600, later + 3600);
  const std::string dc = city().entities.dataCentres[0].id;
  EXPECT_EQ(live.state().valueAt(dc, twin::attr::kLoadMw, later), direct.valueAt(dc, twin::attr::kLoadMw, later));
}

TEST_F(DemoLive, TheSelectionPanelsAttributesComeFromTheLayersAndHaveValues) {
  LiveLayers live(city(), demoLayers());
  const twin::SimTime t = at("2026-06-01T15:00:00+07:00");
  live.finish(t);
  const scene::EntitySet& e = city().entities;
  using scene::EntityKind;
  const std::vector<std::string> site{twin::attr::kStatus}, camera{twin::attr::kStatus, twin::attr::kDetections},
      dc{twin::attr::kLoadMw, twin::attr::kFacilityMw};
  EXPECT_EQ(live.attributesOf({EntityKind::Site5G, 0}), site);
  EXPECT_EQ(live.attributesOf({EntityKind::Camera, 7}), camera);
  EXPECT_EQ(live.attributesOf({EntityKind::DataCentre, 2}), dc);
  EXPECT_TRUE(live.attributesOf({EntityKind::Site5G, uint32_t(e.sites5g.size())}).empty());
  EXPECT_TRUE(live.attributesOf({EntityKind::Camera, uint32_t(e.cameras.size())}).empty());
  EXPECT_TRUE(live.attributesOf({EntityKind::DataCentre, uint32_t(e.dataCentres.size())}).empty());
  // Every attribute the panel would graph is held by the store at t.
  for (const std::string& a : site) EXPECT_TRUE(live.state().valueAt(e.sites5g[0].id, a, t)) << a;
  for (const std::string& a : camera) EXPECT_TRUE(live.state().valueAt(e.cameras[7].id, a, t)) << a;
  for (const std::string& a : dc) EXPECT_TRUE(live.state().valueAt(e.dataCentres[2].id, a, t)) << a;
}

// Feed values reach the layers through the queue, take precedence over the simulator,
// turn stale when their feed goes quiet (drawn grey-violet, counted in the KPIs) and
// recover with the next message.
TEST_F(DemoLive, FeedValuesGoStaleWhenTheFeedGoesQuietAndRecover) {
  LiveLayers live(city(), demoLayers());
  twin::UpdateQueue queue;
  live.attachFeeds(&queue);
  const twin::SimTime t0 = at("2026-06-01T15:00:00+07:00");
  const scene::AiCamera& cam = city().entities.cameras[5];
  twin::StateStore& s = live.state();
  auto push = [&](twin::SimTime t, double status) {
    twin::Update u{s.entity(cam.id), s.attribute(twin::attr::kStatus), t, status};
    u.staleAfter = 30;
    ASSERT_TRUE(queue.push(u));
  };
  push(t0, twin::kStatusOffline);
  live.finish(t0 + 10);
  EXPECT_EQ(live.cameras().freshness(), (Freshness{1, 0}));
  EXPECT_FALSE(live.cameras().stale(5));
  EXPECT_EQ(*s.valueAt(cam.id, twin::attr::kStatus, t0 + 10), twin::kStatusOffline) << "the feed wins";
  auto markerColour = [&] {
    scene::OverlayDraw d;
    live.cameras().draw(d, 0.25);
    const glm::vec3 lens = cam.posEnu + glm::vec3(0, 0, cam.heightM);
    for (const auto& b : d.boxes)
      if (glm::length((b.minEnu + b.maxEnu) * 0.5f - lens) < 0.01f) return b.colorSrgb;
    return 0u;
  };
  EXPECT_NE(markerColour(), kStaleColor);
  live.finish(t0 + 45);  // 45 s without a word
  EXPECT_EQ(live.cameras().freshness(), (Freshness{1, 1}));
  EXPECT_EQ(live.kpis(t0 + 45).cameras.freshness.stale, 1u);
  EXPECT_EQ(markerColour(), kStaleColor);
  push(t0 + 50, twin::kStatusOnline);
  live.finish(t0 + 55);
  EXPECT_EQ(live.cameras().freshness(), (Freshness{1, 0})) << "recovered";
  EXPECT_NE(markerColour(), kStaleColor);
  live.attachFeeds(nullptr);
}

}  // namespace
}  // namespace ts::layers
