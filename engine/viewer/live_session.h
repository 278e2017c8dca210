// Where the live layers' state comes from, together: the scenario simulator, a scene's
// live MQTT feeds (connected when the command goes live), a recording being replayed,
// and the recorder every received message goes to. `view`, `kpi`, `render` and `record`
// all build one; the layers are destroyed first, the feeds' threads after them.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "feeds/feed_hub.h"
#include "feeds/replay.h"
#include "layers/live_layers.h"
#include "viewer/show_options.h"

namespace ts::viewer {

struct LiveSources {
  std::vector<feeds::FeedSpec> feeds;  // the scene's feeds
  bool connect = false;                // connect to them (live)
  feeds::MessageSink* sink = nullptr;  // every mapped message also goes here (the recorder)
  // The scenario the simulator plays (scenario::chooseScenario); null: baselines alone.
  std::shared_ptr<const twin::Scenario> scenario;
};

class LiveSession {
 public:
  // Opens the replay (show.replay) or connects the feeds (sources.connect; show.broker
  // overrides their brokers). Errors name the recording or say which option is wrong.
  static Result<std::unique_ptr<LiveSession>> create(const scene::CityModel& city, const ShowOptions& show,
                                                     const LiveSources& sources);
  ~LiveSession();

  layers::LiveLayers& layers() { return *m_layers; }
  const layers::LiveLayers& layers() const { return *m_layers; }
  feeds::FeedHub* feeds() { return m_hub.get(); }
  const feeds::Replay* replay() const { return m_replay.get(); }
  std::vector<feeds::FeedHealth> feedHealth() const;

 private:
  LiveSession() = default;
  std::shared_ptr<twin::Registry> m_names = std::make_shared<twin::Registry>();
  std::shared_ptr<feeds::Replay> m_replay;
  std::unique_ptr<feeds::FeedHub> m_hub;
  std::unique_ptr<layers::LiveLayers> m_layers;  // declared last: goes first
};

// --broker URL: none when empty; errors say "--broker: ...".
Result<std::optional<feeds::BrokerUrl>> parseBrokerOption(const std::string& url);

}  // namespace ts::viewer
