// The demo's feed simulator against the demo's own feeds: every message it builds maps,
// through the MessageMapper and the embedded demo feeds, to exactly the scenario
// simulator's values at that time.
#include "feeds/feed_sim.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "../support/demo_scenario.h"
#include "feeds/mapping.h"
#include "scene/city_model.h"
#include "twin/sim_clock.h"
#include "twin/simulator.h"

using namespace ts;
using namespace ts::feeds;
using nlohmann::json;

namespace {

// Building the demo takes about half a second: once for the whole file.
const scene::EntitySet& demo() {
  static const scene::EntitySet entities = scene::makeDemoCity().entities;
  return entities;
}

twin::SimTime at(const std::string& iso) {
  auto t = twin::parseIsoTime(iso);
  EXPECT_TRUE(t) << t.error().message;
  return t ? *t : 0;
}

FeedSpec demoSpec() {
  auto feeds = demoFeeds();
  EXPECT_TRUE(feeds) << feeds.error().message;
  return feeds && feeds->size() == 1 ? feeds->front() : FeedSpec{};
}

// What the messages of one time said, checked against the simulator.
struct Tally {
  size_t offlineSectors = 0, offlineCameras = 0, alerts = 0;
};

// Maps every message of `messages` with the demo feeds and checks each update against
// `reference` (the simulator's values) at scenario time t.
Tally checkAgainstSimulator(const std::vector<FeedMessage>& messages, const twin::StateStore& reference,
                            twin::SimTime t, double stamp) {
  twin::Registry names;
  auto index = std::make_shared<EntityIndex>(demo(), names);
  MessageMapper mapper(demoSpec(), index, names);
  Tally tally;
  for (const FeedMessage& m : messages) {
    std::vector<twin::Update> updates;
    auto error = mapper.map(m.topic, m.payload, 1780000001, updates);
    if (error) {
      ADD_FAILURE() << m.topic << ": " << error->reason << "\n" << m.payload;
      continue;
    }
    bool alert = false, hasReason = false;
    for (const twin::Update& u : updates) {
      const std::string entity = names.entities.name(u.entity), attribute = names.attributes.name(u.attribute);
      EXPECT_DOUBLE_EQ(u.t, stamp) << m.topic << ": the time is the publisher's stamp";
      EXPECT_EQ(u.staleAfter, 30.0f);
      if (u.isText) {
        EXPECT_EQ(attribute, "alert_reason");
        hasReason = !u.text.empty();
        continue;
      }
      auto expected = reference.valueAt(entity, attribute, t);
      if (!expected) {
        ADD_FAILURE() << "the simulator has no " << attribute << " for " << entity;
        continue;
      }
      if (attribute == twin::attr::kLoadMw || attribute == twin::attr::kFacilityMw)
        EXPECT_NEAR(u.value, *expected, 1e-9) << m.topic << " " << attribute;
      else
        EXPECT_EQ(u.value, *expected) << m.topic << " " << attribute;
      if (attribute == twin::attr::kStatus) {
        const bool camera = m.topic.starts_with("twinscape/demo/cameras/");
        alert = u.value == twin::kStatusAlert;
        tally.alerts += alert;
        (camera ? tally.offlineCameras : tally.offlineSectors) += u.value == twin::kStatusOffline;
      }
    }
    const size_t expectedUpdates = m.topic.starts_with("twinscape/demo/cameras/") ? (alert ? 3 : 2)
                                   : m.topic.starts_with("twinscape/demo/dc/")    ? 2
                                                                                  : 1;
    EXPECT_EQ(updates.size(), expectedUpdates) << m.topic << " " << m.payload;
    EXPECT_EQ(hasReason, alert) << m.topic << ": a reason exactly while in an alert";
  }
  return tally;
}

}  // namespace

TEST(FeedSim, TheEmbeddedDemoFeedsParse) {
  auto feeds = demoFeeds();
  ASSERT_TRUE(feeds) << feeds.error().message;
  ASSERT_EQ(feeds->size(), 1u);
  const FeedSpec& f = feeds->front();
  EXPECT_EQ(f.name, "demo");
  EXPECT_EQ(f.broker.text(), "mqtt://127.0.0.1:1883");
  EXPECT_EQ(f.protocol, 5);
  EXPECT_EQ(f.qos, 0);
  EXPECT_EQ(f.staleAfterS, 30);
  EXPECT_TRUE(f.clientId.empty()) << "each process gets its own id (record, view and kpi run side by side)";
  ASSERT_EQ(f.topics.size(), 4u);
  EXPECT_EQ(f.topics[0].filter, "twinscape/demo/5g/+/state");
  EXPECT_EQ(f.topics[1].filter, "twinscape/demo/cameras/+/state");
  EXPECT_EQ(f.topics[2].filter, "twinscape/demo/dc/+/power");
  EXPECT_EQ(f.topics[3].filter, "twinscape/demo/city/weather");
  for (const TopicMapping& t : f.topics) {
    EXPECT_EQ(t.timeField, "ts");
    EXPECT_DOUBLE_EQ(t.timeScale, 0.001);
    if (t.kind != FeedEntityKind::City) {
      EXPECT_EQ(t.idTopicLevel, 3);
    }
  }
}

TEST(FeedSim, EveryMessageMapsToTheSimulatorsValues) {
  const twin::Simulator simulator(demo(), {tests::demoScenario()});
  const size_t entities = demo().sites5g.size() + demo().cameras.size() + demo().dataCentres.size() + 1;
  EXPECT_EQ(entities, 1347u) << "333 sectors, 1000 cameras, 13 data centres and the city";
  Tally total;
  for (const char* iso : {"2026-06-01T14:30:00+07:00", "2026-06-01T09:30:00+07:00", "2026-06-01T15:47:13+07:00",
                          "2026-06-02T03:05:00+07:00", "2026-06-03T18:20:30+07:00"}) {
    SCOPED_TRACE(iso);
    const twin::SimTime t = at(iso);
    const double stamp = 1780000000.123;  // any wall time: the payloads carry it, not the scenario time
    std::vector<FeedMessage> messages = demoMessages(demo(), simulator, t, stamp);
    ASSERT_EQ(messages.size(), entities);
    twin::StateStore reference;
    twin::Simulator::configure(reference);
    simulator.fill(reference, t - 3600, t + 3600);
    Tally tally = checkAgainstSimulator(messages, reference, t, stamp);
    if (std::string(iso) == "2026-06-01T14:30:00+07:00") {
      EXPECT_GE(tally.offlineSectors, 1u) << "the site outage";
    }
    if (std::string(iso) == "2026-06-01T09:30:00+07:00") {
      EXPECT_GE(tally.offlineCameras, 15u) << "the camera cluster";
    }
    total.alerts += tally.alerts;
  }
  EXPECT_GT(total.alerts, 0u) << "about 2 of 1000 cameras are in an alert at any time";
}

TEST(FeedSim, TopicsPayloadsAndAlertReasons) {
  const twin::Simulator simulator(demo(), {tests::demoScenario()});
  const twin::SimTime t = at("2026-06-01T14:30:00+07:00");
  std::vector<FeedMessage> messages = demoMessages(demo(), simulator, t, 1780299000.5);
  std::set<std::string> topics;
  for (const FeedMessage& m : messages) topics.insert(m.topic);
  EXPECT_EQ(topics.size(), messages.size()) << "one message per entity";
  EXPECT_TRUE(topics.count("twinscape/demo/5g/" + demo().sites5g[0].id + "/state"));
  EXPECT_TRUE(topics.count("twinscape/demo/cameras/" + demo().cameras[0].id + "/state"));
  EXPECT_TRUE(topics.count("twinscape/demo/dc/" + demo().dataCentres[0].id + "/power"));
  EXPECT_TRUE(topics.count("twinscape/demo/city/weather"));
  json city = json::parse(messages.back().payload);
  EXPECT_EQ(messages.back().topic, "twinscape/demo/city/weather");
  EXPECT_TRUE(city["ts"].is_number_integer());
  EXPECT_EQ(city["ts"].get<int64_t>(), 1780299000500);
  EXPECT_EQ(city["scenario_time"], "2026-06-01T14:30:00+07:00");
  EXPECT_EQ(demoMessages(demo(), simulator, t, 1780299000.5)[7].payload, messages[7].payload) << "pure";

  // An alert keeps its reason for its whole length, and the reason is one of a few.
  std::map<std::string, std::string> reasons;  // camera -> reason at the first time
  for (double dt : {0.0, 60.0, 120.0}) {
    for (const FeedMessage& m : demoMessages(demo(), simulator, t + dt, 0)) {
      json p = json::parse(m.payload);
      if (!p.contains("alert_reason")) continue;
      auto [it, fresh] = reasons.emplace(m.topic, p["alert_reason"]);
      if (!fresh) {
        EXPECT_EQ(it->second, p["alert_reason"]) << m.topic;
      }
    }
  }
  EXPECT_FALSE(reasons.empty());
}
