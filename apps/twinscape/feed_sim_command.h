// `twinscape feed-sim`: publishes the demo's simulated telemetry to an MQTT broker
// (engine/feeds/feed_sim.h), so the live feeds can be run without real devices.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace ts::app {

struct FeedSimCliOptions {
  std::string scene = "demo";
  std::string broker = "mqtt://127.0.0.1:1883";
  double speed = 1;      // scenario seconds per wall second
  double durationS = 0;  // 0: until SIGINT or SIGTERM
  double intervalS = 10;
  std::string start;             // ISO 8601; empty: now
  std::string scenario;          // --scenario (empty: the scene's)
  std::optional<uint32_t> seed;  // the scenario simulator's (none: the scenario's)
};

// Adds the subcommand and its options (bound to `options`) to `app`.
CLI::App* addFeedSimCommand(CLI::App& app, FeedSimCliOptions& options);
int runFeedSim(const FeedSimCliOptions& options);

}  // namespace ts::app
