// Scenario files: parsing, every error case, and the events acting exactly over their
// spans on the demo city.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../support/demo_scenario.h"
#include "scenario/scenario_file.h"
#include "scene/city_model.h"
#include "twin/sim_clock.h"
#include "twin/simulator.h"

using namespace ts;
using namespace ts::twin;
using nlohmann::json;

namespace {

const scene::CityModel& demoCity() {
  static const scene::CityModel city = scene::makeDemoCity();
  return city;
}

SimTime at(const std::string& iso) {
  auto t = parseIsoTime(iso);
  EXPECT_TRUE(t) << t.error().message;
  return t ? *t : 0;
}

// A small valid scenario to break in one place at a time.
json minimal() {
  return json::parse(R"({
    "version": 1, "name": "test",
    "start": "2026-06-01T00:00:00+07:00", "end": "2026-06-02T00:00:00+07:00",
    "events": [{"id": "cut", "kind": "site_outage", "start": "14:00", "end": "16:30", "sites": ["gnb-39"]}],
    "tours": {"t": {"stops": [{"camera": "overview", "time": "13:00", "hold_s": 5}]}}
  })");
}

std::string errorOf(const json& doc) {
  auto r = scenario::parseScenario(doc.dump(), "test.json");
  EXPECT_FALSE(r) << doc.dump();
  return r ? std::string() : r.error().message;
}

// A simulator of the demo city playing `doc`, filled over [from, to].
struct Played {
  Simulator sim;
  StateStore store;
  Played(const json& doc, SimTime from, SimTime to) : sim(demoCity().entities, {parse(doc)}) {
    Simulator::configure(store);
    sim.fill(store, from, to);
  }
  static std::shared_ptr<const Scenario> parse(const json& doc) {
    auto f = scenario::parseScenario(doc.dump(), "test.json");
    EXPECT_TRUE(f) << f.error().message;
    if (!f) return nullptr;
    scenario::locate(*f->scenario, demoCity());
    return f->scenario;
  }
  double value(const std::string& e, const char* a, SimTime t) const { return store.valueAt(e, a, t).value_or(-1); }
};

}  // namespace

TEST(ScenarioFile, TheDemoScenarioReadsWithItsEventsAndTour) {
  auto f = scenario::loadScenario("demo");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_TRUE(f->warnings.empty()) << f->warnings.front();
  const Scenario& s = *f->scenario;
  EXPECT_EQ(s.utcOffsetMinutes, 420);
  EXPECT_TRUE(s.repeat);
  EXPECT_DOUBLE_EQ(s.start, at("2026-06-01T00:00:00+07:00"));
  ASSERT_GE(s.events.size(), 5u);
  std::set<std::string> kinds;
  for (const ScenarioEvent& e : s.events) kinds.insert(eventKindName(e.kind));
  for (const char* k : {"site_outage", "camera_cluster_offline", "heat_wave", "commissioning", "alert_burst"})
    EXPECT_TRUE(kinds.count(k)) << k;
  ASSERT_TRUE(f->tours.count("investor"));
  EXPECT_GE(f->tours.at("investor").stops.size(), 5u);
}

TEST(ScenarioFile, LocalTimesAreOnTheStartDayInTheScenariosZone) {
  auto f = scenario::parseScenario(minimal().dump(), "test.json");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->scenario->utcOffsetMinutes, 420) << "from the start time's offset";
  ASSERT_EQ(f->scenario->events.size(), 1u);
  EXPECT_DOUBLE_EQ(f->scenario->events[0].start, at("2026-06-01T14:00:00+07:00"));
  EXPECT_DOUBLE_EQ(f->scenario->events[0].end, at("2026-06-01T16:30:00+07:00"));
  EXPECT_DOUBLE_EQ(*f->tours.at("t").stops[0].time, at("2026-06-01T13:00:00+07:00"));
  json d = minimal();
  d["time_zone"] = "UTC+05:30";
  d["events"][0]["start"] = "2026-06-01T14:00:00Z";
  d["events"][0]["duration_min"] = 90;
  d["events"][0].erase("end");
  f = scenario::parseScenario(d.dump(), "test.json");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->scenario->utcOffsetMinutes, 330);
  EXPECT_DOUBLE_EQ(f->scenario->events[0].end - f->scenario->events[0].start, 5400);
}

TEST(ScenarioFile, ErrorsNameTheFileThePathAndWhatIsWrong) {
  auto expectError = [](json d, const std::string& needle1, const std::string& needle2) {
    std::string e = errorOf(d);
    EXPECT_NE(e.find("test.json"), std::string::npos) << e;
    EXPECT_NE(e.find(needle1), std::string::npos) << e;
    EXPECT_NE(e.find(needle2), std::string::npos) << e;
  };
  EXPECT_NE(scenario::parseScenario("{not json", "bad.json").error().message.find("bad.json: not valid JSON"),
            std::string::npos);
  json d = minimal();
  d.erase("start");
  expectError(d, "'$.start'", "is missing");
  d = minimal(), d["end"] = "2026-05-31T00:00:00+07:00";
  expectError(d, "'$.end'", "must be after");
  d = minimal(), d["version"] = 2;
  expectError(d, "'$.version'", "version 1");
  d = minimal(), d["time_zone"] = "Saigon";
  expectError(d, "'$.time_zone'", "UTC offset");
  d = minimal(), d["events"][0]["kind"] = "earthquake";
  expectError(d, "'$.events[0].kind'", "site_outage");
  d = minimal(), d["events"][0]["start"] = "teatime";
  expectError(d, "'$.events[0].start'", "ISO 8601");
  d = minimal(), d["events"][0]["start"] = 14;
  expectError(d, "'$.events[0].start'", "must be a string, not a number");
  d = minimal(), d["events"][0]["end"] = "13:00";
  expectError(d, "'$.events[0].end'", "after its start");
  d = minimal(), d["events"][0]["start"] = "2026-06-03T10:00:00+07:00",
  d["events"][0]["end"] = "2026-06-03T11:00:00+07:00";
  expectError(d, "'$.events[0]'", "outside the scenario's time range");
  d = minimal(), d["events"][0].erase("sites");
  expectError(d, "'$.events[0].sites'", "is missing");
  d = minimal(), d["events"][0]["sites"] = {{"radius_m", 300}};
  expectError(d, "'$.events[0].sites.radius_m'", "needs \"around\" or \"at\"");
  d = minimal(), d["events"][0]["sites"] = {{"at", {{"lat", 95}, {"lon", 106.7}}}, {"radius_m", 300}};
  expectError(d, "'$.events[0].sites.at.lat'", "from -90 to 90");
  d = minimal(), d["events"].push_back(d["events"][0]);
  expectError(d, "'$.events[1].id'", "'cut' is used by an earlier event");
  d = minimal(), d["events"][0]["kind"] = "heat_wave";
  expectError(d, "'$.events[0].rise_c'", "is missing");
  d = minimal(), d["events"] = {{{"kind", "alert_burst"}, {"start", "10:00"}, {"end", "11:00"}, {"cameras", "all"}}};
  expectError(d, "'$.events[0].alerts_per_hour'", "is missing");
  d["events"][0]["alerts_per_hour"] = 2;
  expectError(d, "'$.events[0].alerts_per_hour'", "must be from 0 to 1.5");
  d = minimal(), d["tours"]["t"]["stops"] = json::array();
  expectError(d, "'$.tours.t.stops'", "at least one stop");
  d = minimal(), d["tours"]["t"]["stops"][0]["kpis"] = {"a", "b", "c", "d", "e"};
  expectError(d, "'$.tours.t.stops[0].kpis'", "at most 4");
  d = minimal(), d["tours"]["t"]["stops"][0]["panels"] = {"clock", "weather"};
  expectError(d, "'$.tours.t.stops[0].panels'", "'weather' is not a panel");
  d = minimal(), d["tours"]["t"]["stops"][0].erase("camera");
  expectError(d, "'$.tours.t.stops[0].camera'", "is missing");
  EXPECT_NE(scenario::loadScenario("/nonexistent/day.json").error().message.find("/nonexistent/day.json"),
            std::string::npos);
}

TEST(ScenarioFile, AStopsNamesAreAllNoneOrAList) {
  auto stop = [](const char* key, const json& value) {
    json d = minimal();
    d["tours"]["t"]["stops"][0][key] = value;
    auto f = scenario::parseScenario(d.dump(), "test.json");
    EXPECT_TRUE(f) << f.error().message;
    return f ? f->tours.at("t").stops[0] : scenario::TourStop{};
  };
  EXPECT_FALSE(stop("panels", "all").panels) << "\"all\" panels: every one, as without the key";
  EXPECT_EQ(stop("panels", "none").panels, std::vector<std::string>{"none"});
  EXPECT_EQ(stop("panels", json::array()).panels, std::vector<std::string>{"none"});
  EXPECT_EQ(stop("panels", {"clock"}).panels, std::vector<std::string>{"clock"});
  EXPECT_EQ(stop("layers", "all").layers, std::vector<std::string>{}) << "every layer";
  EXPECT_EQ(stop("layers", json::array()).layers, std::vector<std::string>{"none"}) << "[] is none, not all";
  EXPECT_TRUE(stop("kpis", "none").kpis.empty());
  EXPECT_EQ(stop("kpis", {"cameras"}).kpis, std::vector<std::string>{"cameras"});
  json d = minimal();
  d["tours"]["t"]["stops"][0]["kpis"] = "all";
  EXPECT_NE(errorOf(d).find("'$.tours.t.stops[0].kpis' cannot be \"all\""), std::string::npos) << errorOf(d);
}

// docs/scenario-format.md's complete example reads without a warning on the demo city,
// with every kind of event; its smallest scenario reads too.
TEST(ScenarioFile, TheFormatDocsExamplesRead) {
  std::ifstream in(TS_DOCS_DIR "/scenario-format.md");
  ASSERT_TRUE(in) << TS_DOCS_DIR "/scenario-format.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const size_t begin = doc.find("```json\n", doc.find("## Complete example"));
  ASSERT_NE(begin, std::string::npos);
  const size_t end = doc.find("\n```", begin + 8);
  auto f = scenario::parseScenario(doc.substr(begin + 8, end - begin - 8), "scenario-format.md");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_TRUE(f->warnings.empty()) << f->warnings.front();
  scenario::locate(*f->scenario, demoCity());
  Simulator sim(demoCity().entities, {f->scenario});
  EXPECT_TRUE(sim.warnings().empty()) << sim.warnings().front();
  std::set<std::string> kinds;
  for (const SimEvent& e : sim.events(f->scenario->start, f->scenario->end)) {
    kinds.insert(e.kind);
    EXPECT_FALSE(e.entities.empty()) << e.id;
  }
  EXPECT_EQ(kinds.size(), 6u);
  EXPECT_EQ(f->tours.count("briefing"), 1u);
  auto smallest = scenario::parseScenario(R"({"start": "2026-06-01T00:00:00+07:00", "end": "24:00"})", "small.json");
  ASSERT_TRUE(smallest) << smallest.error().message;
  EXPECT_DOUBLE_EQ(smallest->scenario->end - smallest->scenario->start, 86400);
}

TEST(ScenarioFile, UnknownKeysAndUnknownEntitiesAreWarningsNotErrors) {
  json d = minimal();
  d["colour"] = "red";
  d["events"][0]["sites"] = {"gnb-39", "gnb-9999"};
  d["events"].push_back({{"kind", "camera_cluster_offline"},
                         {"start", "09:00"},
                         {"end", "10:00"},
                         {"cameras", {{"around", "cam-nowhere"}, {"radius_m", 100}}}});
  auto f = scenario::parseScenario(d.dump(), "test.json");
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->warnings.size(), 1u);
  EXPECT_NE(f->warnings[0].find("'$.colour'"), std::string::npos) << f->warnings[0];
  Simulator sim(demoCity().entities, {f->scenario});
  ASSERT_EQ(sim.warnings().size(), 3u);
  EXPECT_NE(sim.warnings()[0].find("events[0] (cut): no 5G site or sector 'gnb-9999'"), std::string::npos)
      << sim.warnings()[0];
  EXPECT_NE(sim.warnings()[1].find("no entity 'cam-nowhere'"), std::string::npos) << sim.warnings()[1];
  EXPECT_NE(sim.warnings()[2].find("affects no camera"), std::string::npos) << sim.warnings()[2];
  // The known site still goes down; the cluster is empty and harmless.
  auto events = sim.events(at("2026-06-01T00:00:00+07:00"), at("2026-06-02T00:00:00+07:00"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].entities, (std::vector<std::string>{"gnb-39-1", "gnb-39-2", "gnb-39-3"}));
  EXPECT_TRUE(events[0].entities.empty());
}

TEST(ScenarioEvents, EachKindActsExactlyOverItsSpan) {
  json d = json::parse(R"({
    "version": 1, "start": "2026-06-01T00:00:00+07:00", "end": "2026-06-02T00:00:00+07:00",
    "events": [
      {"kind": "alert_burst", "start": "07:00", "end": "08:30", "cameras": {"around": "cam-17", "radius_m": 300},
       "alerts_per_hour": 1.5},
      {"kind": "camera_cluster_offline", "start": "09:00", "end": "11:00",
       "cameras": {"around": "cam-432", "radius_m": 250}},
      {"kind": "heat_wave", "start": "12:00", "end": "18:00", "rise_c": 6, "load_rise": 0.1,
       "ramp_up_min": 90, "ramp_down_min": 60},
      {"kind": "site_outage", "start": "14:00", "end": "16:30", "sites": ["gnb-39"]},
      {"kind": "load_ramp", "start": "20:00", "end": "22:00", "data_centres": ["dc-1"], "load_rise": 0.2},
      {"kind": "commissioning", "start": "06:00", "end": "08:00", "data_centres": ["dc-ai-100mw"]}
    ]})");
  json quiet = d;
  quiet["events"] = json::array();
  const SimTime d0 = at("2026-06-01T00:00:00+07:00"), d1 = d0 + 86400;
  Played p(d, d0, d1), base(quiet, d0, d1);
  ASSERT_TRUE(p.sim.warnings().empty()) << p.sim.warnings().front();
  auto t = [&](const char* hhmmss) { return at(std::string("2026-06-01T") + hhmmss + "+07:00"); };
  // Step series switch at the span's edges, to the second.
  for (const char* sector : {"gnb-39-1", "gnb-39-3"}) {
    EXPECT_EQ(p.value(sector, attr::kStatus, t("13:59:59")), kStatusOnline);
    EXPECT_EQ(p.value(sector, attr::kStatus, t("14:00:00")), kStatusOffline);
    EXPECT_EQ(p.value(sector, attr::kStatus, t("16:29:59")), kStatusOffline);
    EXPECT_EQ(p.value(sector, attr::kStatus, t("16:30:00")), kStatusOnline);
  }
  EXPECT_EQ(p.value("cam-432", attr::kStatus, t("08:59:59")), kStatusOnline);
  EXPECT_EQ(p.value("cam-432", attr::kStatus, t("09:00:00")), kStatusOffline);
  EXPECT_EQ(p.value("cam-432", attr::kDetections, t("10:59:59")), 0);
  EXPECT_EQ(p.value("cam-432", attr::kStatus, t("11:00:00")), kStatusOnline);
  // Alerts beyond the baseline's rare ones: only inside the burst, only on its cameras,
  // and plenty of them.
  const std::vector<SimEvent> events = p.sim.events(d0, d1);
  auto found = std::ranges::find(events, std::string("alert_burst"), &SimEvent::kind);
  ASSERT_NE(found, events.end());
  const SimEvent& burst = *found;
  ASSERT_GE(burst.entities.size(), 3u);
  size_t inside = 0;
  for (const scene::AiCamera& c : demoCity().entities.cameras)
    for (const Sample& s : p.store.history(c.id, attr::kStatus, d0, d1))
      if (s.value == kStatusAlert && base.value(c.id, attr::kStatus, s.t) != kStatusAlert) {
        EXPECT_GE(s.t, t("07:00:00")) << c.id << " " << formatIsoTime(s.t, 420);
        EXPECT_LT(s.t, t("08:30:00")) << c.id;
        EXPECT_TRUE(std::ranges::find(burst.entities, c.id) != burst.entities.end()) << c.id;
        ++inside;
      }
  EXPECT_GE(inside, burst.entities.size() * 3 / 2) << "1.5 an hour: about 2.25 each in 90 minutes";
  // Sampled series: the event's envelope at the grid points, none outside the span.
  auto diff = [&](const std::string& e, const char* a, const char* when) {
    return p.value(e, a, t(when)) - base.value(e, a, t(when));
  };
  EXPECT_EQ(diff(kCityEntity, attr::kTemperatureC, "12:00:00"), 0);
  EXPECT_GT(diff(kCityEntity, attr::kTemperatureC, "12:05:00"), 0);
  EXPECT_NEAR(diff(kCityEntity, attr::kTemperatureC, "15:00:00"), 6, 1e-9);
  EXPECT_EQ(diff(kCityEntity, attr::kTemperatureC, "18:00:00"), 0);
  EXPECT_EQ(diff("dc-1", attr::kLoadMw, "19:55:00"), 0);
  EXPECT_NEAR(diff("dc-1", attr::kLoadMw, "21:00:00"), 0.2 * 10.0, 1e-4) << "+20 points of 10 MW";
  EXPECT_EQ(diff("dc-1", attr::kLoadMw, "22:00:00"), 0);
  EXPECT_EQ(diff("dc-2", attr::kLoadMw, "21:00:00"), 0) << "only the ramp's data centres";
  EXPECT_EQ(p.value("dc-ai-100mw", attr::kLoadMw, t("06:00:00")), 0);
  EXPECT_GT(p.value("dc-ai-100mw", attr::kLoadMw, t("06:05:00")), 0);
  EXPECT_GT(p.value("dc-ai-100mw", attr::kLoadMw, t("08:00:00")), 50) << "at its daily curve once commissioned";
  EXPECT_GT(p.value("dc-ai-100mw", attr::kLoadMw, t("23:55:00")), 50) << "and in service to the end";
}

TEST(ScenarioEvents, AFibreCutTakesEverySiteWithinItsRadius) {
  json d = minimal();
  d["events"][0]["sites"] = {{"at", {{"lat", 10.78}, {"lon", 106.7}}}, {"radius_m", 700}};  // the demo's origin
  Played p(d, at("2026-06-01T13:00:00+07:00"), at("2026-06-01T17:00:00+07:00"));
  ASSERT_TRUE(p.sim.warnings().empty()) << p.sim.warnings().front();
  size_t down = 0;
  for (const scene::Site5G& s : demoCity().entities.sites5g) {
    const bool near = std::hypot(s.posEnu.x, s.posEnu.y) <= 699.0f;  // a metre for PROJ's rounding
    const bool far = std::hypot(s.posEnu.x, s.posEnu.y) >= 701.0f;
    const double status = p.value(s.id, attr::kStatus, at("2026-06-01T15:00:00+07:00"));
    if (near) {
      EXPECT_EQ(status, kStatusOffline) << s.id;
      ++down;
    }
    if (far) {
      EXPECT_EQ(status, kStatusOnline) << s.id;
    }
  }
  EXPECT_GE(down, 6u) << "several sites of the CBD, mmWave small cells included";
  auto events = p.sim.events(at("2026-06-01T00:00:00+07:00"), at("2026-06-02T00:00:00+07:00"));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].entities.size(), down);
}
