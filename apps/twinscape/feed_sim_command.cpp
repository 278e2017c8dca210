#include "feed_sim_command.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.h"
#include "feeds/feed_sim.h"
#include "io/scene_loader.h"
#include "scenario_options.h"
#include "stop_signal.h"
#include "twin/sim_clock.h"
#include "twin/simulator.h"

namespace ts::app {

namespace {

// The options as the publisher takes them, or the message for exit code 2.
Result<feeds::FeedSimOptions> publisherOptions(const FeedSimCliOptions& o) {
  if (o.scene != "demo")
    return fail("feed-sim: --scene '" + o.scene +
                "': only the demo scene is supported for now (its feeds are built in: twinscape/demo/...)");
  auto broker = feeds::parseBrokerUrl(o.broker);
  if (!broker) return fail("feed-sim: --broker " + broker.error().message);
  feeds::FeedSimOptions p;
  p.broker = *broker;
  if (!(o.speed > 0)) return fail("feed-sim: --speed must be more than 0 (scenario seconds per second)");
  if (!(o.intervalS >= 0.1)) return fail("feed-sim: --interval must be at least 0.1 s");
  if (!(o.durationS >= 0)) return fail("feed-sim: --duration must be 0 (until interrupted) or more");
  p.speed = o.speed, p.intervalS = o.intervalS, p.durationS = o.durationS;
  if (!o.start.empty()) {
    auto t = twin::parseIsoTime(o.start);
    if (!t) return fail("feed-sim: --start '" + o.start + "': " + t.error().message);
    p.start = *t;
  }
  return p;
}

}  // namespace

CLI::App* addFeedSimCommand(CLI::App& app, FeedSimCliOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "feed-sim",
      "Publish the demo's simulated telemetry (5G sites, cameras, data centres, weather) to an MQTT broker, as the "
      "demo's feeds expect it (docs/scene-format.md); Ctrl-C stops");
  cmd->add_option("--scene", o.scene, "The scene whose feeds to feed: only 'demo' for now")->capture_default_str();
  cmd->add_option("--broker", o.broker, "mqtt://HOST[:PORT] or mqtts://HOST[:PORT]")->capture_default_str();
  cmd->add_option("--speed", o.speed, "Scenario seconds per wall-clock second")->capture_default_str();
  cmd->add_option("--duration", o.durationS, "Stop after this many wall-clock seconds (0: until interrupted)")
      ->capture_default_str();
  cmd->add_option("--interval", o.intervalS,
                  "Publish every entity once per this many seconds (spread evenly), and at once on a status change")
      ->capture_default_str();
  cmd->add_option("--start", o.start,
                  "Scenario time at the start, ISO 8601 with an offset (e.g. 2026-06-01T14:00:00+07:00); default now");
  addScenarioOptions(cmd, o.scenario, o.seed);
  return cmd;
}

int runFeedSim(const FeedSimCliOptions& o) {
  auto options = publisherOptions(o);
  if (!options) return spdlog::error("{}", options.error().message), kExitUsage;
  auto loaded = io::loadScene(o.scene);
  if (!loaded) return spdlog::error("{}", loaded.error().message), kExitFailure;
  auto scenario = scenarioLogged(o.scenario, *loaded);
  if (!scenario) return spdlog::error("{}", scenario.error().message), kExitFailure;
  twin::SimulatorOptions simulator{scenario->scenario, o.seed};
  options->stop = &installStopSignals();  // Ctrl-C: the publisher stops, flushes and prints its summary
  auto stats = feeds::runFeedSim(loaded->city.entities, simulator, *options);
  if (!stats) return spdlog::error("{}", stats.error().message), kExitFailure;
  std::printf("%s\n", feeds::feedSimSummary(*stats, scenario->scenario->utcOffsetMinutes).c_str());
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace ts::app
