// The demo's feed simulator: publishes the scenario simulator's values for the demo city
// to an MQTT broker as a real deployment's devices would, in the topics and payloads the
// demo's own feeds subscribe to (assets/demo/demo-feeds.json; docs/scene-format.md,
// "The demo publisher"). So the whole live path (broker, MqttFeed, MessageMapper,
// StateStore, layers) can be run and shown without real devices:
//   twinscape feed-sim --scene demo --broker mqtt://127.0.0.1:1883
//
// Topics and payloads, one per entity ("ts": the wall clock at publishing, epoch ms;
// "scenario_time": the simulated time the values are from, for people):
//   twinscape/demo/5g/<sector id>/state    {"ts", "scenario_time", "state": "online"|"offline"}
//   twinscape/demo/cameras/<id>/state      {"ts", "scenario_time", "state": "online"|"offline"|"alert",
//                                           "detections": N, "alert_reason": "..." (only in an alert)}
//   twinscape/demo/dc/<id>/power           {"ts", "scenario_time", "it_load_kw", "facility_kw"}
//   twinscape/demo/city/weather            {"ts", "scenario_time", "temperature_c"}
#pragma once
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "feeds/feed_spec.h"
#include "scene/entities.h"
#include "twin/simulator.h"

namespace ts::feeds {

// The demo's feeds (the embedded assets/demo/demo-feeds.json), parsed.
Result<std::vector<FeedSpec>> demoFeeds();

struct FeedMessage {
  std::string topic, payload;  // payload: JSON
};

// The topic the demo publisher uses for an entity (the city's id is ignored).
std::string demoTopic(FeedEntityKind kind, const std::string& id);

// The demo's entities in publishing order (5G sectors, cameras, data centres, the city)
// and their messages at any scenario time, read from a window of the simulator's values
// that moves along as the times asked for move (filled on the caller's thread).
class DemoTelemetry {
 public:
  // `windowSeconds`: how much scenario time one fill covers ahead (at least an hour).
  // The simulator must outlive this.
  DemoTelemetry(const scene::EntitySet& entities, const twin::Simulator& simulator, double windowSeconds = 3600);
  ~DemoTelemetry();
  DemoTelemetry(const DemoTelemetry&) = delete;
  DemoTelemetry& operator=(const DemoTelemetry&) = delete;

  size_t size() const { return m_entities.size(); }
  FeedEntityKind kind(size_t i) const { return m_entities[i].kind; }
  const std::string& id(size_t i) const { return m_entities[i].id; }
  // Entity i's status at t (5G sectors and cameras); nothing for the others.
  std::optional<double> status(size_t i, twin::SimTime t);
  // Entity i's message with its values at scenario time t, stamped `stampWall` (epoch s).
  FeedMessage message(size_t i, twin::SimTime t, double stampWall);

 private:
  struct Entity {
    FeedEntityKind kind;
    std::string id, topic;
  };
  void cover(twin::SimTime t);  // fills the window anew unless t is well inside it
  std::string alertReason(const std::string& camera, twin::SimTime t) const;
  const twin::Simulator& m_simulator;
  double m_windowSeconds;
  std::vector<Entity> m_entities;
  std::unique_ptr<twin::StateStore> m_store;
  twin::SimTime m_from = 0, m_to = -1;
};

// Every entity's message at scenario time t, stamped `stampWall` (epoch seconds). Pure:
// the same arguments give the same messages.
std::vector<FeedMessage> demoMessages(const scene::EntitySet& entities, const twin::Simulator& simulator,
                                      twin::SimTime scenarioTime, double stampWall);

struct FeedSimOptions {
  BrokerUrl broker;
  std::string clientId;                // empty: "twinscape-feed-sim-<pid>"
  double speed = 1;                    // scenario seconds per wall second
  double durationS = 0;                // wall seconds to run; 0: until *stop is set
  double intervalS = 10;               // each entity is published once per interval (and at once on a status change)
  std::optional<twin::SimTime> start;  // the scenario time at the start; empty: the wall clock
  int keepaliveS = 30;
  double reconnectMaxS = 10;                // the reconnect backoff's ceiling
  const std::atomic<bool>* stop = nullptr;  // set (by a signal handler) to stop
};

struct FeedSimStats {
  uint64_t published = 0;      // messages handed to the broker
  uint64_t statusChanges = 0;  // of them, sent at once because a status changed
  uint64_t snapshots = 0;      // full snapshots sent (one per connection)
  uint64_t skipped = 0;        // messages that fell due while not connected
  uint64_t connections = 0;    // successful connections (1 + reconnects)
  double seconds = 0;          // wall time run
  twin::SimTime scenarioFrom = 0, scenarioTo = 0;
};

// Publishes the demo's telemetry (see the top of this file) with MQTT 5, QoS 0: a full
// snapshot of every entity on each connection, then each entity once per interval
// (spread evenly across it), and any entity whose status changed as soon as it does
// (checked every 0.25 s of wall time). Reconnects with a backoff and says so while the
// broker cannot be reached. Logs progress every 10 s. Fails for bad options, or when the
// broker was never reached.
Result<FeedSimStats> runFeedSim(const scene::EntitySet& entities, const twin::SimulatorOptions& simulator,
                                const FeedSimOptions& options);

// "feed-sim: published N messages in S s (R msg/s), scenario time A to B".
std::string feedSimSummary(const FeedSimStats& stats, int utcOffsetMinutes);

}  // namespace ts::feeds
