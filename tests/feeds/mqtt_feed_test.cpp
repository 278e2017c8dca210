// MqttFeed against a real mosquitto broker (tests/support/broker.h): ingest, a broker that
// is not there yet, one that dies and comes back, TLS, passwords, bad messages and floods.
#include "feeds/mqtt_feed.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>

#include "../support/broker.h"

using namespace ts;
using namespace ts::feeds;

namespace {

// TWINSCAPE_TEST_LOG=debug shows what the feeds and libmosquitto say.
const bool kLogLevelSet = [] {
  if (const char* level = std::getenv("TWINSCAPE_TEST_LOG")) spdlog::set_level(spdlog::level::from_str(level));
  return true;
}();

// The payloads' measurement time: an hour ahead of the clock, so that every sample has
// arrived by the times the tests read (the store answers at t what had arrived by t).
const double kTs =
    std::floor(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count()) + 3600;

std::string dcTopic(const std::string& id) { return "city/dc/" + id + "/telemetry"; }
std::string dcPayload(double loadKw, double ts = kTs) {
  return "{\"load_kw\": " + std::to_string(loadKw) + ", \"ts\": " + std::to_string(ts) + "}";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Data centres "dc-1".."dc-3" and a feed mapping city/dc/<id>/telemetry's load_kw (kW) to load_mw.
FeedSpec dcSpec(int port, bool tls = false) {
  FeedSpec s;
  s.name = "test feed";
  s.broker = BrokerUrl{tls, "127.0.0.1", port};
  s.reconnectMaxS = 1;  // the tests wait for reconnects
  TopicMapping t;
  t.filter = "city/dc/+/telemetry";
  t.kind = FeedEntityKind::DataCentre;
  t.idTopicLevel = 2;
  t.timeField = "ts";
  t.fields.push_back(FieldMapping{"load_kw", "load_mw", "kW"});
  s.topics.push_back(t);
  return s;
}

// The scene side: entities, the registry, a store and the queue between them.
struct Twin {
  explicit Twin(size_t queueCapacity = 1 << 20) : queue(queueCapacity) {
    scene::EntitySet set;
    for (const char* id : {"dc-1", "dc-2", "dc-3"}) set.dataCentres.push_back(scene::DataCentre{id, id});
    entities = std::make_shared<EntityIndex>(set, *registry);
  }
  std::unique_ptr<MqttFeed> feed(const FeedSpec& spec, MessageSink* sink = nullptr, int index = 0) {
    return std::make_unique<MqttFeed>(index, MessageMapper(spec, entities, *registry), queue, sink);
  }
  std::shared_ptr<twin::Registry> registry = std::make_shared<twin::Registry>();
  twin::StateStore store{registry};
  twin::UpdateQueue queue;
  std::shared_ptr<const EntityIndex> entities;
};

bool connected(const MqttFeed& f, double timeoutS = 20) {
  return waitUntil([&] { return f.health().connected; }, timeoutS);
}
bool messages(const MqttFeed& f, uint64_t n, double timeoutS = 20) {
  return waitUntil([&] { return f.health().messages >= n; }, timeoutS);
}

struct Sink : MessageSink {
  void onMessage(const ReceivedMessage& m, const std::vector<twin::Update>& updates) override {
    std::lock_guard lock(mutex);
    seen.push_back({std::string(m.topic), std::string(m.payload), m.received, m.time, updates.size(), m.feed});
  }
  struct Seen {
    std::string topic, payload;
    double received, time;
    size_t updates;
    int feed;
  };
  std::mutex mutex;
  std::vector<Seen> seen;
};

}  // namespace

TEST(MqttFeed, IngestsMappedMessagesIntoTheStateStore) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  Twin twin;
  Sink sink;
  auto feed = twin.feed(dcSpec(broker.port()), &sink, 3);
  ASSERT_TRUE(connected(*feed)) << feed->health().status;
  EXPECT_EQ(feed->health().status, "connected");
  EXPECT_EQ(feed->health().broker, "mqtt://127.0.0.1:" + std::to_string(broker.port()));
  TestPublisher pub(broker.port());
  ASSERT_TRUE(pub.connected());
  const double before = double(std::time(nullptr)) - 1;
  ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(2500)));
  ASSERT_TRUE(pub.publish(dcTopic("dc-2"), dcPayload(750, kTs + 10)));
  ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(3000, kTs + 60)));
  ASSERT_TRUE(messages(*feed, 3)) << feed->health().status;
  EXPECT_GT(feed->health().messagesPerSecond, 0);
  EXPECT_EQ(twin.queue.drainInto(twin.store), 3u);
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-1", "load_mw", kTs), 2.5);  // kW -> MW
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-1", "load_mw", kTs + 60), 3.0);
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-2", "load_mw", kTs + 10), 0.75);
  auto reading = twin.store.readingAt("dc-1", "load_mw", kTs + 30);
  ASSERT_TRUE(reading);
  EXPECT_EQ(reading->source, twin::Source::Feed);
  FeedHealth h = feed->health();
  EXPECT_TRUE(h.connected);
  EXPECT_EQ(h.name, "test feed");
  EXPECT_EQ(h.messages, 3u);
  EXPECT_EQ(h.updates, 3u);
  EXPECT_EQ(h.malformed + h.unknownEntity + h.dropped + h.reconnects, 0u);
  EXPECT_GE(h.lastMessageWall, before);
  EXPECT_NEAR(h.lagSeconds, h.lastMessageWall - (kTs + 60), 1e-6);  // receive time - payload time
  EXPECT_TRUE(waitUntil([&] { return feed->health().messagesPerSecond == 0; }))
      << "a sliding window: quiet for a few seconds, no rate";
  std::lock_guard lock(sink.mutex);
  ASSERT_EQ(sink.seen.size(), 3u);
  EXPECT_EQ(sink.seen[0].topic, dcTopic("dc-1"));
  EXPECT_EQ(sink.seen[0].payload, dcPayload(2500));
  EXPECT_EQ(sink.seen[0].time, kTs);
  EXPECT_GE(sink.seen[0].received, before);
  EXPECT_EQ(sink.seen[0].updates, 1u);
  EXPECT_EQ(sink.seen[0].feed, 3);
}

TEST(MqttFeed, KeepsTryingUntilTheBrokerIsThere) {
  TestBroker broker;  // configured, not started
  Twin twin;
  auto feed = twin.feed(dcSpec(broker.port()));
  const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
  ASSERT_TRUE(waitUntil([&] { return contains(feed->health().status, "refused"); })) << feed->health().status;
  FeedHealth h = feed->health();
  EXPECT_FALSE(h.connected);
  EXPECT_TRUE(contains(h.status, url)) << h.status;
  EXPECT_TRUE(contains(h.status, "retrying")) << h.status;
  ASSERT_TRUE(broker.start());
  ASSERT_TRUE(connected(*feed)) << feed->health().status;
  EXPECT_EQ(feed->health().reconnects, 0u) << "the first connection is no reconnect";
  TestPublisher pub(broker.port());
  ASSERT_TRUE(pub.publish(dcTopic("dc-3"), dcPayload(1000)));
  ASSERT_TRUE(messages(*feed, 1));
  EXPECT_EQ(twin.queue.drainInto(twin.store), 1u);
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-3", "load_mw", kTs), 1.0);
}

TEST(MqttFeed, ReconnectsAndResubscribesAfterTheBrokerDied) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  Twin twin;
  auto feed = twin.feed(dcSpec(broker.port()));
  ASSERT_TRUE(connected(*feed)) << feed->health().status;
  {
    TestPublisher pub(broker.port());
    ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(1000)));
    ASSERT_TRUE(messages(*feed, 1));
  }
  broker.kill();  // SIGKILL: no goodbye to anyone
  ASSERT_TRUE(waitUntil([&] { return !feed->health().connected; })) << feed->health().status;
  EXPECT_TRUE(contains(feed->health().status, "mqtt://127.0.0.1:" + std::to_string(broker.port())))
      << feed->health().status;
  ASSERT_TRUE(broker.start());  // the same port, a fresh broker with no memory of the feed
  ASSERT_TRUE(connected(*feed)) << feed->health().status;
  EXPECT_GE(feed->health().reconnects, 1u);
  TestPublisher pub(broker.port());
  ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(2000, kTs + 1)));
  ASSERT_TRUE(messages(*feed, 2)) << "resubscribed after the reconnect; " << feed->health().status;
  EXPECT_EQ(twin.queue.drainInto(twin.store), 2u);
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-1", "load_mw", kTs + 1), 2.0);
}

TEST(MqttFeed, TlsWithTheRightCaReceivesAndWithAWrongCaNamesTheCertificateProblem) {
  TestBroker broker({.tls = true});
  ASSERT_TRUE(broker.start());
  const TestCerts& certs = testCerts();
  Twin twin;
  FeedSpec good = dcSpec(broker.tlsPort(), true);
  good.caFile = certs.ca;
  FeedSpec wrong = good;
  wrong.caFile = certs.otherCa;
  FeedSpec unverified = wrong;  // tls_verify false: any certificate goes
  unverified.tlsVerify = false;
  auto goodFeed = twin.feed(good, nullptr, 0);
  auto wrongFeed = twin.feed(wrong, nullptr, 1);
  auto unverifiedFeed = twin.feed(unverified, nullptr, 2);
  ASSERT_TRUE(connected(*goodFeed)) << goodFeed->health().status;
  ASSERT_TRUE(connected(*unverifiedFeed)) << unverifiedFeed->health().status;
  TestPublisher pub(broker.port());  // the plain listener
  ASSERT_TRUE(pub.publish(dcTopic("dc-2"), dcPayload(500)));
  ASSERT_TRUE(messages(*goodFeed, 1)) << goodFeed->health().status;
  ASSERT_TRUE(messages(*unverifiedFeed, 1)) << unverifiedFeed->health().status;
  const std::string url = "mqtts://127.0.0.1:" + std::to_string(broker.tlsPort());
  ASSERT_TRUE(waitUntil([&] { return contains(wrongFeed->health().status, "certificate"); }))
      << wrongFeed->health().status;
  FeedHealth h = wrongFeed->health();
  EXPECT_FALSE(h.connected);
  EXPECT_EQ(h.messages, 0u);
  EXPECT_TRUE(contains(h.status, url + ": TLS: ")) << h.status;
  EXPECT_TRUE(contains(h.status, "retrying")) << h.status;
  // A CA file that is not there, and one that is no certificate.
  FeedSpec missing = good, garbage = good;
  missing.caFile = certs.ca.parent_path() / "no-such-ca.crt";
  garbage.caFile = certs.ca.parent_path() / "garbage-ca.crt";
  std::ofstream(garbage.caFile) << "not a certificate\n";
  auto missingFeed = twin.feed(missing, nullptr, 3);
  auto garbageFeed = twin.feed(garbage, nullptr, 4);
  ASSERT_TRUE(waitUntil([&] { return contains(missingFeed->health().status, "CA file"); }))
      << missingFeed->health().status;
  EXPECT_TRUE(contains(missingFeed->health().status, missing.caFile.string())) << missingFeed->health().status;
  ASSERT_TRUE(waitUntil([&] { return contains(garbageFeed->health().status, url + ": TLS: "); }))
      << garbageFeed->health().status;
  EXPECT_TRUE(contains(garbageFeed->health().status, garbage.caFile.string())) << garbageFeed->health().status;
  EXPECT_FALSE(garbageFeed->health().connected);
}

TEST(MqttFeed, UsernameAndPasswordFromTheEnvironment) {
  TestBroker broker({.allowAnonymous = false, .user = "twin", .password = "s3cret pass"});
  ASSERT_TRUE(broker.start());
  ::setenv("TS_TEST_MQTT_GOOD", "s3cret pass", 1);
  ::setenv("TS_TEST_MQTT_BAD", "guess", 1);
  ::unsetenv("TS_TEST_MQTT_UNSET");
  Twin twin;
  const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
  auto spec = [&](int protocol, const std::string& user, const std::string& env) {
    FeedSpec s = dcSpec(broker.port());
    s.protocol = protocol, s.username = user, s.passwordEnv = env;
    return s;
  };
  auto good5 = twin.feed(spec(5, "twin", "TS_TEST_MQTT_GOOD"), nullptr, 0);
  auto good311 = twin.feed(spec(311, "twin", "TS_TEST_MQTT_GOOD"), nullptr, 1);
  auto bad5 = twin.feed(spec(5, "twin", "TS_TEST_MQTT_BAD"), nullptr, 2);
  auto bad311 = twin.feed(spec(311, "twin", "TS_TEST_MQTT_BAD"), nullptr, 3);
  auto anonymous = twin.feed(spec(5, "", ""), nullptr, 4);
  auto unset = twin.feed(spec(5, "twin", "TS_TEST_MQTT_UNSET"), nullptr, 5);
  ASSERT_TRUE(connected(*good5)) << good5->health().status;
  ASSERT_TRUE(connected(*good311)) << good311->health().status;
  TestPublisher pub(broker.port(), "twin", "s3cret pass");
  ASSERT_TRUE(pub.connected());
  ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(1500)));
  ASSERT_TRUE(messages(*good5, 1));
  ASSERT_TRUE(messages(*good311, 1));
  for (auto* f : {bad5.get(), bad311.get(), anonymous.get()}) {
    ASSERT_TRUE(waitUntil([&] { return contains(f->health().status, "not authorised"); })) << f->health().status;
    FeedHealth h = f->health();
    EXPECT_FALSE(h.connected);
    EXPECT_EQ(h.messages, 0u);
    EXPECT_TRUE(contains(h.status, url + ": not authorised")) << h.status;
  }
  EXPECT_TRUE(contains(bad5->health().status, "bad username or password")) << bad5->health().status;
  EXPECT_TRUE(contains(bad311->health().status, "bad username or password")) << bad311->health().status;
  ASSERT_TRUE(waitUntil([&] { return contains(unset->health().status, "TS_TEST_MQTT_UNSET"); }));
  EXPECT_TRUE(contains(unset->health().status, "password variable TS_TEST_MQTT_UNSET is not set"))
      << unset->health().status;
  for (auto* f : {bad5.get(), bad311.get(), anonymous.get(), unset.get()})
    EXPECT_FALSE(contains(f->health().status, "s3cret")) << "no password in a status";
}

TEST(MqttFeed, BadMessagesAreCountedWithTheirTopicAndGoodOnesStillArrive) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  Twin twin;
  FeedSpec spec = dcSpec(broker.port());
  spec.maxPayloadBytes = 256;
  auto feed = twin.feed(spec);
  ASSERT_TRUE(connected(*feed)) << feed->health().status;
  TestPublisher pub(broker.port());
  struct Bad {
    std::string topic, payload;
    std::vector<std::string> reasonAnyOf;
    bool unknownEntity = false;
  };
  const std::vector<Bad> bad = {
      {dcTopic("dc-1"), "{\"load_kw\": 12", {"JSON"}},
      {dcTopic("dc-404"), dcPayload(100), {"dc-404"}, true},
      {dcTopic("dc-2"), "{\"load_kw\": \"high\", \"ts\": 1700000000}", {"load_kw"}},
      {dcTopic("dc-3"), "{\"load_kw\": 1e999, \"ts\": 1700000000}", {"1e999", "finite"}},
      {dcTopic("dc-1"), "{\"load_kw\": 1, \"pad\": \"" + std::string(300, 'x') + "\"}", {"limit"}},
  };
  uint64_t refused = 0;
  for (const Bad& b : bad) {
    ASSERT_TRUE(pub.publish(b.topic, b.payload));
    ++refused;
    ASSERT_TRUE(waitUntil([&] {
      FeedHealth h = feed->health();
      return h.malformed + h.unknownEntity >= refused;
    })) << b.payload;
    FeedHealth h = feed->health();
    EXPECT_TRUE(h.lastError.starts_with(b.topic + ": ")) << h.lastError;
    EXPECT_TRUE(std::ranges::any_of(b.reasonAnyOf, [&](const std::string& r) { return contains(h.lastError, r); }))
        << h.lastError;
    if (b.unknownEntity) {
      EXPECT_EQ(h.unknownEntity, 1u);
    }
  }
  ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(4000)));
  ASSERT_TRUE(messages(*feed, 1)) << feed->health().status;
  FeedHealth h = feed->health();
  EXPECT_EQ(h.malformed, 4u);
  EXPECT_EQ(h.unknownEntity, 1u);
  EXPECT_EQ(h.messages, 1u);
  EXPECT_TRUE(h.connected) << "bad messages do not cost the connection";
  EXPECT_EQ(twin.queue.drainInto(twin.store), 1u);
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-1", "load_mw", kTs), 4.0);
  EXPECT_FALSE(twin.store.valueAt("dc-404", "load_mw", kTs));
}

TEST(MqttFeed, AFloodIntoAFullQueueIsDroppedAndCountedAndTheFeedRecovers) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  Twin twin(1000);  // a small queue nobody drains during the flood
  FeedSpec spec = dcSpec(broker.port());
  spec.qos = 0;
  auto feed = twin.feed(spec);
  ASSERT_TRUE(connected(*feed)) << feed->health().status;
  TestPublisher pub(broker.port());
  constexpr int kFlood = 20000;
  for (int i = 0; i < kFlood; ++i) ASSERT_TRUE(pub.publish(dcTopic("dc-1"), dcPayload(i, kTs + i), 0));
  ASSERT_TRUE(pub.waitSent(60));
  // Whatever the broker passed on has been mapped and pushed: the count stops moving (for a
  // whole second: the machine may pause the feed's thread for a while).
  uint64_t last = 0;
  auto lastChange = std::chrono::steady_clock::now();
  ASSERT_TRUE(waitUntil(
      [&] {
        uint64_t n = feed->health().messages;
        auto now = std::chrono::steady_clock::now();
        if (n != last) last = n, lastChange = now;
        return n > 1000 && now - lastChange > std::chrono::seconds(1);
      },
      60))
      << feed->health().messages;
  FeedHealth h = feed->health();
  EXPECT_GT(h.dropped, 0u);
  EXPECT_EQ(h.dropped, h.updates - 1000) << "all but the queue's capacity";
  EXPECT_TRUE(h.connected);
  EXPECT_EQ(twin.queue.drainInto(twin.store), 1000u) << "the queue held no more than its capacity";
  EXPECT_LE(twin.store.feedSampleCount(), twin::StateStore::kMaxFeedSamples);
  // Drained: new messages are taken again.
  ASSERT_TRUE(pub.publish(dcTopic("dc-2"), dcPayload(1234, kTs), 1));
  ASSERT_TRUE(waitUntil([&] { return feed->health().messages >= h.messages + 1; }));
  EXPECT_EQ(twin.queue.drainInto(twin.store), 1u);
  EXPECT_DOUBLE_EQ(*twin.store.valueAt("dc-2", "load_mw", kTs), 1.234);
  EXPECT_EQ(feed->health().dropped, h.dropped);
}
