#include "twin/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "../support/demo_scenario.h"
#include "scene/city_model.h"
#include "twin/sim_clock.h"

using namespace ts;
using namespace ts::twin;

namespace {

// Building the demo takes about half a second: once for the whole file.
const scene::EntitySet& demo() {
  static const scene::EntitySet entities = scene::makeDemoCity().entities;
  return entities;
}

SimulatorOptions demoOptions(bool repeat = true, std::optional<uint32_t> seed = {}) {
  return {tests::demoScenario(repeat), seed};
}

SimTime at(const std::string& iso) {
  auto t = parseIsoTime(iso);
  EXPECT_TRUE(t) << t.error().message;
  return t ? *t : 0;
}

constexpr double kHour = 3600, kDay = 86400;

// A store filled by a simulator of the demo with the given seed.
struct Filled {
  Simulator sim;
  StateStore store;
  SimTime from, to;
  Filled(SimTime from, SimTime to, SimulatorOptions options = demoOptions())
      : sim(demo(), options), from(from), to(to) {
    Simulator::configure(store);
    sim.fill(store, from, to);
  }
  double value(const std::string& entity, const char* attribute, SimTime t) const {
    auto v = store.valueAt(entity, attribute, t);
    EXPECT_TRUE(v) << entity << " " << attribute << " at " << formatIsoTime(t, 420);
    return v.value_or(-1);
  }
};

std::vector<SimEvent> ofKind(const std::vector<SimEvent>& events, const std::string& kind) {
  std::vector<SimEvent> out;
  for (const SimEvent& e : events)
    if (e.kind == kind) out.push_back(e);
  return out;
}

const scene::DataCentre& dataCentre(const std::string& id) {
  for (const scene::DataCentre& d : demo().dataCentres)
    if (d.id == id) return d;
  throw std::runtime_error("no data centre " + id);
}

// The highest utilisation among the built data centres at t.
double busiestUtilisation(const Filled& f, SimTime t) {
  double best = 0;
  for (const scene::DataCentre& d : demo().dataCentres)
    if (!d.proposed) best = std::max(best, f.value(d.id, attr::kLoadMw, t) / d.capacityMW);
  return best;
}

}  // namespace

TEST(Simulator, DemoScenarioIsJuneFirstInHoChiMinhCityTime) {
  EXPECT_DOUBLE_EQ(tests::demoScenario()->start, at("2026-06-01T00:00:00+07:00"));
  EXPECT_DOUBLE_EQ(tests::demoScenario()->end, at("2026-06-02T00:00:00+07:00"));
  EXPECT_EQ(tests::demoScenario()->utcOffsetMinutes, 420);
  Simulator sim(demo(), demoOptions());
  EXPECT_TRUE(sim.warnings().empty()) << sim.warnings().front();
  EXPECT_EQ(sim.seed(), 2026u);
  EXPECT_EQ(Simulator(demo(), demoOptions(true, 9)).seed(), 9u) << "--seed overrides the scenario's";
}

TEST(Simulator, SameSeedSameValuesWhateverTheWindow) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Filled whole(d0, d0 + 2 * kDay);
  Filled part(d0 + 10 * kHour, d0 + 20 * kHour);             // starts inside the camera outage
  Filled odd(d0 + 14.5 * kHour + 77, d0 + 16 * kHour + 13);  // off the grid, inside the site outage
  std::vector<std::pair<std::string, const char*>> series = {{kCityEntity, attr::kTemperatureC},
                                                             {"dc-1", attr::kLoadMw},
                                                             {"dc-7", attr::kFacilityMw},
                                                             {"dc-ai-100mw", attr::kLoadMw}};
  for (const SimEvent& e : whole.sim.events(d0, d0 + kDay))
    if (e.kind == "site_outage" || e.kind == "camera_cluster_offline" || e.kind == "alert_burst")
      for (const std::string& id : e.entities) series.push_back({id, attr::kStatus});
  for (const scene::AiCamera& c : demo().cameras)
    if (c.id.size() % 7 == 0 || c.id == "cam-1")
      series.push_back({c.id, attr::kDetections}), series.push_back({c.id, attr::kStatus});
  for (const scene::Site5G& s : demo().sites5g)
    if (s.id.back() == '2') series.push_back({s.id, attr::kStatus});
  ASSERT_GT(series.size(), 100u);

  int compared = 0;
  for (const Filled* f : {&part, &odd}) {
    const SimTime from = f->from, to = f->to;
    for (SimTime t = from; t <= to; t += 97)
      for (const auto& [entity, attribute] : series) {
        ASSERT_DOUBLE_EQ(f->value(entity, attribute, t), whole.value(entity, attribute, t))
            << entity << " " << attribute << " at " << formatIsoTime(t, 420);
        ++compared;
      }
    // The window's own edges too.
    for (const auto& [entity, attribute] : series) {
      EXPECT_DOUBLE_EQ(f->value(entity, attribute, from), whole.value(entity, attribute, from))
          << entity << " " << attribute;
      EXPECT_DOUBLE_EQ(f->value(entity, attribute, to), whole.value(entity, attribute, to))
          << entity << " " << attribute;
    }
  }
  EXPECT_GT(compared, 50000);

  // A second simulator with the same seed writes the same.
  Filled again(d0, d0 + 2 * kDay);
  for (SimTime t = d0; t <= d0 + 2 * kDay; t += 1001)
    EXPECT_DOUBLE_EQ(again.value("dc-3", attr::kLoadMw, t), whole.value("dc-3", attr::kLoadMw, t));
  EXPECT_EQ(again.sim.events(d0, d0 + 3 * kDay).size(), whole.sim.events(d0, d0 + 3 * kDay).size());
}

TEST(Simulator, DifferentSeedDifferentLoads) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Filled a(d0, d0 + kDay), b(d0, d0 + kDay, demoOptions(true, 7));
  int differ = 0, compared = 0;
  for (const scene::DataCentre& d : demo().dataCentres)
    for (SimTime t = d0; t <= d0 + kDay; t += 1800, ++compared)
      if (std::abs(a.value(d.id, attr::kLoadMw, t) - b.value(d.id, attr::kLoadMw, t)) > 1e-6) ++differ;
  EXPECT_GT(differ, compared / 2);
}

TEST(Simulator, SiteOutageOnTheHeatWaveDay) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Filled f(d0, d0 + kDay);
  auto outages = ofKind(f.sim.events(d0, d0 + kDay - 1), "site_outage");
  ASSERT_EQ(outages.size(), 1u);
  const SimEvent& outage = outages[0];
  EXPECT_DOUBLE_EQ(outage.start, at("2026-06-01T14:00:00+07:00"));
  EXPECT_DOUBLE_EQ(outage.end, at("2026-06-01T16:30:00+07:00"));
  ASSERT_EQ(outage.entities.size(), 3u) << "all three sectors of one macro site";
  std::set<std::string> down(outage.entities.begin(), outage.entities.end());
  const scene::Site5G* first = nullptr;
  for (const scene::Site5G& s : demo().sites5g) {
    if (!down.contains(s.id)) {
      EXPECT_EQ(f.value(s.id, attr::kStatus, at("2026-06-01T15:00:00+07:00")), kStatusOnline) << s.id;
      continue;
    }
    if (!first) first = &s;
    EXPECT_EQ(s.posEnu, first->posEnu) << "one physical site";
    EXPECT_LE(std::hypot(s.posEnu.x, s.posEnu.y), 2500.f) << "in the old district";
    EXPECT_EQ(f.value(s.id, attr::kStatus, at("2026-06-01T15:00:00+07:00")), kStatusOffline) << s.id;
    EXPECT_EQ(f.value(s.id, attr::kStatus, at("2026-06-01T13:00:00+07:00")), kStatusOnline) << s.id;
    EXPECT_EQ(f.value(s.id, attr::kStatus, at("2026-06-01T17:00:00+07:00")), kStatusOnline) << s.id;
    // Written only at the transitions: the value at `from`, down, up.
    EXPECT_EQ(f.store.history(s.id, attr::kStatus, d0, d0 + kDay).size(), 3u) << s.id;
  }
  EXPECT_TRUE(first);
  EXPECT_EQ(f.store.history("gnb-1-1", attr::kStatus, d0, d0 + kDay).size(), down.contains("gnb-1-1") ? 3u : 1u);
}

TEST(Simulator, CameraClusterOfflineInTheMorning) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Filled f(d0, d0 + kDay);
  auto clusters = ofKind(f.sim.events(d0, d0 + kDay - 1), "camera_cluster_offline");
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_DOUBLE_EQ(clusters[0].start, at("2026-06-01T09:00:00+07:00"));
  EXPECT_DOUBLE_EQ(clusters[0].end, at("2026-06-01T11:00:00+07:00"));
  std::set<std::string> listed(clusters[0].entities.begin(), clusters[0].entities.end());

  std::set<std::string> offline;
  for (const scene::AiCamera& c : demo().cameras)
    if (f.value(c.id, attr::kStatus, at("2026-06-01T10:00:00+07:00")) == kStatusOffline) offline.insert(c.id);
  EXPECT_GE(offline.size(), 15u);
  EXPECT_EQ(offline, listed) << "the event lists exactly the cameras that are offline";

  double afterwards = 0;
  for (const std::string& id : offline) {
    for (const char* when : {"2026-06-01T09:00:00+07:00", "2026-06-01T10:00:00+07:00", "2026-06-01T10:59:59+07:00"})
      EXPECT_EQ(f.value(id, attr::kDetections, at(when)), 0) << id << " at " << when;
    EXPECT_NE(f.value(id, attr::kStatus, at("2026-06-01T08:59:59+07:00")), kStatusOffline) << id;
    afterwards += f.value(id, attr::kDetections, at("2026-06-01T11:30:00+07:00"));
  }
  EXPECT_GT(afterwards, 0) << "counting again after the outage";
  for (const scene::AiCamera& c : demo().cameras)
    EXPECT_NE(f.value(c.id, attr::kStatus, at("2026-06-01T11:30:00+07:00")), kStatusOffline) << c.id;

  // All within 250 m of one camera of the district.
  std::vector<glm::vec3> positions;
  for (const scene::AiCamera& c : demo().cameras)
    if (listed.contains(c.id)) positions.push_back(c.posEnu);
  bool someCentre = false;
  for (const glm::vec3& centre : positions) {
    if (std::hypot(centre.x, centre.y) > 2500.f) continue;
    someCentre = someCentre || std::ranges::all_of(positions, [&](const glm::vec3& p) {
                   return std::hypot(p.x - centre.x, p.y - centre.y) <= 250.f;
                 });
  }
  EXPECT_TRUE(someCentre);
}

TEST(Simulator, DetectionsFollowTheRushHours) {
  const SimTime d0 = at("2026-06-02T00:00:00+07:00");
  Filled f(d0, d0 + kDay, demoOptions(false));
  auto total = [&](const char* when) {
    double sum = 0;
    for (const scene::AiCamera& c : demo().cameras) sum += f.value(c.id, attr::kDetections, at(when));
    return sum;
  };
  double night = total("2026-06-02T03:00:00+07:00"), morning = total("2026-06-02T07:30:00+07:00"),
         midday = total("2026-06-02T12:30:00+07:00"), evening = total("2026-06-02T17:30:00+07:00");
  EXPECT_GT(morning, 2 * midday);
  EXPECT_GT(evening, 2 * midday);
  EXPECT_GT(midday, 2 * night);
  EXPECT_GT(night, 0);
}

TEST(Simulator, RareTenMinuteCameraAlerts) {
  const SimTime d0 = at("2026-06-02T00:00:00+07:00");
  Filled f(d0, d0 + 3 * kDay, demoOptions(false));  // the baselines alone: no bursts
  int alerts = 0;
  for (const scene::AiCamera& c : demo().cameras) {
    auto h = f.store.history(c.id, attr::kStatus, d0, d0 + 3 * kDay);
    for (size_t i = 0; i < h.size(); ++i) {
      if (h[i].value != kStatusAlert) continue;
      ++alerts;
      if (i + 1 < h.size()) {
        EXPECT_DOUBLE_EQ(h[i + 1].t - h[i].t, 600) << c.id;
      }
      EXPECT_NE(i > 0 ? h[i - 1].value : -1, kStatusAlert) << "status written only at changes";
    }
  }
  // About one per camera per three days: 1,000 expected, sigma about 32.
  EXPECT_GT(alerts, 800);
  EXPECT_LT(alerts, 1200);
}

TEST(Simulator, DataCentreLoadsFollowTheDayAndTheHeatWave) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Filled f(d0, d0 + 2 * kDay, demoOptions(false));  // 2 June: no heat wave
  for (const scene::DataCentre& d : demo().dataCentres) {
    double load = f.value(d.id, attr::kLoadMw, at("2026-06-01T04:00:00+07:00"));
    if (d.proposed) continue;
    EXPECT_GT(load, 0.4 * d.capacityMW) << d.id;
    EXPECT_LT(load, 0.7 * d.capacityMW) << d.id;
    for (SimTime t = d0; t <= d0 + 2 * kDay; t += 600) {
      double l = f.value(d.id, attr::kLoadMw, t);
      ASSERT_LT(l, d.capacityMW) << d.id << " at " << formatIsoTime(t, 420);
      ASSERT_GT(f.value(d.id, attr::kFacilityMw, t), l * d.pue * 0.999) << d.id;
    }
  }
  double heatWave = busiestUtilisation(f, at("2026-06-01T15:00:00+07:00"));
  double normal = busiestUtilisation(f, at("2026-06-02T15:00:00+07:00"));
  EXPECT_GT(heatWave, 0.90);
  EXPECT_LT(normal, 0.90);
  EXPECT_GT(normal, 0.75);
  EXPECT_GT(busiestUtilisation(f, at("2026-06-01T14:00:00+07:00")), 0.90);
  EXPECT_LT(busiestUtilisation(f, at("2026-06-02T04:00:00+07:00")), 0.70);

  // Cooling costs more in the heat: facility / IT above the PUE.
  const scene::DataCentre& dc1 = dataCentre("dc-1");
  SimTime hot = at("2026-06-01T15:00:00+07:00");
  EXPECT_GT(f.value("dc-1", attr::kFacilityMw, hot) / f.value("dc-1", attr::kLoadMw, hot), dc1.pue * 1.03);
}

TEST(Simulator, ProposedAiDataCentreHasNoLoadUntilCommissioned) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00"), commissioned = at("2026-06-01T20:00:00+07:00");
  Filled f(d0, d0 + kDay, demoOptions(false));
  ASSERT_TRUE(dataCentre("dc-ai-100mw").proposed);
  for (SimTime t = d0; t <= commissioned; t += 1800) {
    EXPECT_EQ(f.value("dc-ai-100mw", attr::kLoadMw, t), 0);
    EXPECT_EQ(f.value("dc-ai-100mw", attr::kFacilityMw, t), 0);
  }
  // The commissioning ramps it up to its daily curve (55-80 % of 100 MW) by 23:30.
  const double ramping = f.value("dc-ai-100mw", attr::kLoadMw, at("2026-06-01T21:00:00+07:00"));
  const double full = f.value("dc-ai-100mw", attr::kLoadMw, at("2026-06-01T23:45:00+07:00"));
  EXPECT_GT(ramping, 0);
  EXPECT_LT(ramping, full / 2);
  EXPECT_GT(full, 55);
  EXPECT_LT(full, 85);
  double built = 0;
  for (const scene::DataCentre& d : demo().dataCentres)
    if (!d.proposed) built += d.capacityMW;
  EXPECT_NEAR(built, 70.8, 0.01);
}

TEST(Simulator, HeatWaveAfternoonIsHotterThanTheNextDay) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Filled f(d0, d0 + 2 * kDay, demoOptions(false));
  double hot = f.value(kCityEntity, attr::kTemperatureC, at("2026-06-01T15:00:00+07:00"));
  double normal = f.value(kCityEntity, attr::kTemperatureC, at("2026-06-02T15:00:00+07:00"));
  EXPECT_GT(hot, normal + 4);
  EXPECT_GE(hot, 37.5);
  EXPECT_LE(hot, 40);
  EXPECT_GE(normal, 31);
  EXPECT_LE(normal, 34);
  double dawn = f.value(kCityEntity, attr::kTemperatureC, at("2026-06-02T05:00:00+07:00"));
  EXPECT_GE(dawn, 26);
  EXPECT_LE(dawn, 28);
  auto heat = ofKind(f.sim.events(d0, d0 + 2 * kDay), "heat_wave");
  ASSERT_EQ(heat.size(), 1u) << "only on 1 June when the scenario does not repeat";
  EXPECT_DOUBLE_EQ(heat[0].start, at("2026-06-01T12:00:00+07:00"));
  EXPECT_DOUBLE_EQ(heat[0].end, at("2026-06-01T18:00:00+07:00"));
}

TEST(Simulator, RepeatingScenarioPlaysItsDayEveryDay) {
  Simulator daily(demo(), demoOptions(true)), once(demo(), demoOptions(false));
  auto day = [&](const Simulator& sim, const std::string& date) {
    SimTime d = at(date + "T00:00:00+07:00");
    std::vector<SimEvent> out;
    for (SimEvent& e : sim.events(d, d + kDay - 1))
      if (e.start >= d) e.start -= d, e.end -= d, out.push_back(std::move(e));  // times of day
    return out;
  };
  auto same = [](const std::vector<SimEvent>& a, const std::vector<SimEvent>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i].kind != b[i].kind || a[i].start != b[i].start || a[i].end != b[i].end || a[i].entities != b[i].entities)
        return false;
    return true;
  };
  auto d0 = day(daily, "2026-06-01");
  EXPECT_EQ(d0.size(), tests::demoScenario()->events.size());
  EXPECT_TRUE(same(d0, day(daily, "2026-06-02")));
  EXPECT_TRUE(same(d0, day(daily, "2026-11-30"))) << "a live wall months later";
  EXPECT_TRUE(same(d0, day(daily, "2026-05-20"))) << "days before the start too";
  EXPECT_TRUE(same(d0, day(once, "2026-06-01")));
  EXPECT_TRUE(day(once, "2026-06-02").empty());
  EXPECT_TRUE(day(once, "2026-05-31").empty());
}

TEST(Simulator, FillsTwoDaysOfTheDemoWithEverySeries) {
  const SimTime d0 = at("2026-06-01T00:00:00+07:00");
  Simulator sim(demo(), demoOptions());
  StateStore store;
  Simulator::configure(store);
  auto begin = std::chrono::steady_clock::now();
  sim.fill(store, d0, d0 + 2 * kDay);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  RecordProperty("fill_two_days_ms", std::to_string(int(seconds * 1000)));
  std::printf("fill(2 days of the demo): %.1f ms, %zu series\n", seconds * 1000, store.seriesCount());
  // 1,000 cameras x 2 + 333 sectors + 13 x 2 data-centre series + the city.
  EXPECT_EQ(store.seriesCount(), demo().cameras.size() * 2 + demo().sites5g.size() + demo().dataCentres.size() * 2 + 1);
}
