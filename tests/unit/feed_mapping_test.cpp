#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "feeds/feed_spec.h"
#include "feeds/mapping.h"
#include "twin/simulator.h"

using namespace ts;
using namespace ts::feeds;
using nlohmann::json;

namespace {

const char* kFeeds = R"([{
  "name": "bms", "broker": "mqtt://127.0.0.1:1883", "client_id": "ops-1", "username": "ops",
  "password_env": "OPS_PASSWORD", "qos": 1, "stale_after": 30, "max_payload_bytes": 256,
  "topics": [
    {"filter": "city/dc/+/telemetry", "entity": "data_centre", "id": {"topic_level": 2},
     "time": {"field": "ts", "unit": "ms"},
     "fields": [{"field": "it_kw", "attribute": "load_mw", "unit": "kW"},
                {"field": "/power/facility_kw", "attribute": "facility_mw", "unit": "kW"}]},
    {"filter": "city/cam/#", "entity": "camera", "id": {"field": "camera"},
     "time": {"field": "at", "unit": "iso8601"},
     "fields": [{"field": "state", "attribute": "status", "values": {"online": 1, "offline": 0, "alert": 2}},
                {"field": "reason", "attribute": "alert_reason", "type": "text"}]},
    {"filter": "city/weather", "entity": "city", "fields": [{"field": "temp_f", "attribute": "temperature_c", "unit": "F"}]}
  ]}])";

struct Fixture {
  scene::EntitySet entities;
  twin::StateStore store;
  std::vector<FeedSpec> specs;
  std::unique_ptr<MessageMapper> mapper;
  Fixture() {
    entities.dataCentres.push_back({.id = "dc-1"});
    entities.cameras.push_back({.id = "cam-7"});
    auto parsed = parseFeeds(json::parse(kFeeds), "scene.json", "/scenes");
    EXPECT_TRUE(parsed) << parsed.error().message;
    specs = *parsed;
    auto index = std::make_shared<EntityIndex>(entities, *store.registry());
    mapper = std::make_unique<MessageMapper>(specs[0], index, *store.registry());
  }
  // Maps one message and applies it; the error's reason, or "" when it mapped.
  std::string apply(const std::string& topic, const std::string& payload, double received = 1780300000.5) {
    std::vector<twin::Update> out;
    if (auto e = mapper->map(topic, payload, received, out)) {
      EXPECT_TRUE(out.empty());
      return e->reason;
    }
    for (const auto& u : out) store.apply(u);
    return "";
  }
};

}  // namespace

TEST(FeedSpec, ParsesEveryPartAndRoundTripsThroughJson) {
  Fixture f;
  const FeedSpec& s = f.specs.at(0);
  EXPECT_EQ(s.broker.text(), "mqtt://127.0.0.1:1883");
  EXPECT_EQ(s.passwordEnv, "OPS_PASSWORD");
  EXPECT_EQ(s.protocol, 5);
  EXPECT_EQ(s.topics.size(), 3u);
  EXPECT_EQ(*s.topics[0].idTopicLevel, 2);
  EXPECT_DOUBLE_EQ(s.topics[0].timeScale, 0.001);
  EXPECT_TRUE(s.topics[1].timeIso);
  EXPECT_TRUE(s.topics[1].fields[1].text);
  auto again = parseFeeds(feedsToJson(f.specs), "again", "/");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(feedsToJson(*again), feedsToJson(f.specs));
  EXPECT_EQ(feedsToJson(f.specs).dump().find("password\""), std::string::npos);
}

TEST(FeedSpec, ErrorsNameTheFileThePathAndWhatIsWrong) {
  auto err = [](const char* text) {
    auto r = parseFeeds(json::parse(text), "s.json", "/");
    return r ? std::string() : r.error().message;
  };
  EXPECT_EQ(err(R"([{"broker": "http://x", "topics": []}])"),
            "s.json: 'feeds[0].broker' is 'http://x': expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT]");
  EXPECT_NE(err(R"([{"broker": "mqtt://x:99999", "topics": []}])").find("port"), std::string::npos);
  EXPECT_NE(err(R"([{"broker": "mqtt://x", "password": "hunter2", "topics": []}])").find("password_env"),
            std::string::npos);
  EXPECT_NE(err(R"([{"broker": "mqtts://x", "topics": []}])").find("ca_file"), std::string::npos);
  EXPECT_NE(err(R"([{"broker": "mqtt://x", "topics": [{"filter": "a", "entity": "bus", "id": {"field": "x"},
               "fields": [{"field": "a", "attribute": "b"}]}]}])")
                .find("feeds[0].topics[0].entity"),
            std::string::npos);
  EXPECT_NE(err(R"([{"broker": "mqtt://x", "topics": [{"filter": "a", "entity": "camera", "id": {"field": "x"},
               "fields": [{"field": "a", "attribute": "load_mw", "unit": "furlong"}]}]}])")
                .find("feeds[0].topics[0].fields[0].unit"),
            std::string::npos);
  EXPECT_NE(err(R"([{"broker": "mqtt://x", "qos": 3, "topics": []}])").find("qos"), std::string::npos);
  EXPECT_NE(
      err(R"([{"broker": "mqtt://x", "qos": 1e300, "topics": []}])").find("'feeds[0].qos' must be a whole number"),
      std::string::npos);
  EXPECT_NE(err(R"([{"broker": "mqtt://x", "keepalive_s": 2, "topics": []}])").find("keepalive_s"), std::string::npos);
  auto v6 = parseBrokerUrl("mqtts://[::1]:8884");
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8884);
  EXPECT_EQ(v6->text(), "mqtts://[::1]:8884");
  EXPECT_EQ(parseBrokerUrl("mqtt://[::1]")->port, 1883);
  EXPECT_FALSE(parseBrokerUrl("mqtt://[::1"));
  EXPECT_FALSE(parseBrokerUrl("mqtt://host:"));
  EXPECT_EQ(parseBrokerUrl("mqtt://broker.example:1884")->text(), "mqtt://broker.example:1884");
}

TEST(MessageMapper, TopicLevelsPayloadFieldsUnitsNamedValuesTextAndTimes) {
  Fixture f;
  EXPECT_EQ(
      f.apply("city/dc/dc-1/telemetry", R"({"ts": 1780300000500, "it_kw": 6500, "power": {"facility_kw": 8450}})"), "");
  auto load = f.store.readingAt("dc-1", "load_mw", 1780300001);
  ASSERT_TRUE(load);
  EXPECT_DOUBLE_EQ(load->value, 6.5);
  EXPECT_DOUBLE_EQ(load->sampleTime, 1780300000.5);
  EXPECT_EQ(load->source, twin::Source::Feed);
  EXPECT_FALSE(load->stale);
  EXPECT_TRUE(f.store.readingAt("dc-1", "load_mw", 1780300031)->stale) << "stale_after 30";
  EXPECT_DOUBLE_EQ(*f.store.valueAt("dc-1", "facility_mw", 1780300001), 8.45) << "a JSON pointer field";
  EXPECT_EQ(f.apply("city/cam/district-1", R"({"camera": "cam-7", "at": "2026-06-01T15:00:00+07:00",
                                              "state": "alert", "reason": "crowd"})"),
            "");
  EXPECT_DOUBLE_EQ(*f.store.valueAt("cam-7", "status", 1780300800), 2.0);
  EXPECT_EQ(*f.store.textAt("cam-7", "alert_reason", 1780300800), "crowd");
  EXPECT_EQ(f.apply("city/weather", R"({"temp_f": 95})", 1780300000), "") << "no time field: the receive time";
  EXPECT_NEAR(*f.store.valueAt(twin::kCityEntity, "temperature_c", 1780300000), 35.0, 1e-9);
  EXPECT_EQ(f.apply("city/cam/x", R"({"camera": "cam-7", "at": "2026-06-01T15:05:00+07:00", "reason": "queue"})"), "")
      << "a partial message updates what it has";
}

TEST(MessageMapper, RefusesBadMessagesWithReasons) {
  Fixture f;
  EXPECT_EQ(f.apply("other/topic", "{}"), "no topic mapping matches");
  EXPECT_NE(f.apply("city/dc/dc-1/telemetry", "{\"ts\": 1, \"it_kw\": ").find("malformed JSON"), std::string::npos);
  EXPECT_EQ(f.apply("city/dc/dc-1/telemetry", "[1, 2]"), "payload is an array, expected an object");
  EXPECT_EQ(f.apply("city/dc/dc-9/telemetry", R"({"ts": 1, "it_kw": 5})"), "the scene has no data_centre 'dc-9'");
  EXPECT_EQ(f.apply("city/dc/dc-1/telemetry", R"({"ts": 1, "it_kw": "high"})"),
            "field 'it_kw' is a string, expected a number");
  EXPECT_NE(f.apply("city/dc/dc-1/telemetry", R"({"ts": 1, "it_kw": 1e999})").find("1e999"), std::string::npos)
      << "infinity cannot come through";
  EXPECT_EQ(f.apply("city/dc/dc-1/telemetry", R"({"it_kw": 5})"), "no 'ts' (the time field)");
  EXPECT_EQ(f.apply("city/dc/dc-1/telemetry", R"({"ts": 1, "other": 5})"),
            "none of the mapped fields is in the payload");
  EXPECT_EQ(f.apply("city/cam/x", R"({"camera": "cam-7", "at": "2026-06-01T15:00:00Z", "state": "melted"})"),
            "field 'state' is \"melted\", not one of the values the feed names");
  EXPECT_EQ(f.apply("city/dc/dc-1/telemetry", R"({"ts": 1, "it_kw": 1, "pad": ")" + std::string(300, 'x') + "\"}"),
            "payload of 332 bytes is over the 256-byte limit");
  EXPECT_NE(f.apply("city/dc/dc-1/telemetry", R"({"ts": 1780300000000000, "it_kw": 5})", 1780300000).find("days ahead"),
            std::string::npos)
      << "milliseconds read as seconds would put the sample 50,000 years ahead";
  EXPECT_EQ(f.store.feedSampleCount(), 0u) << "nothing of a refused message reaches the state";
}
