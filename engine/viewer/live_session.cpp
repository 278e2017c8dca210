#include "viewer/live_session.h"

#include <spdlog/spdlog.h>

namespace ts::viewer {

Result<std::optional<feeds::BrokerUrl>> parseBrokerOption(const std::string& url) {
  if (url.empty()) return std::optional<feeds::BrokerUrl>{};
  auto b = feeds::parseBrokerUrl(url);
  if (!b) return fail("--broker " + b.error().message);
  return std::optional<feeds::BrokerUrl>(*b);
}

Result<std::unique_ptr<LiveSession>> LiveSession::create(const scene::CityModel& city, const ShowOptions& show,
                                                         const LiveSources& sources) {
  auto broker = parseBrokerOption(show.broker);
  if (!broker) return std::unexpected(broker.error());
  std::unique_ptr<LiveSession> s(new LiveSession());
  layers::LiveLayersOptions lo;
  lo.simulator.seed = show.seed;
  lo.simulator.scenario = sources.scenario;
  lo.names = s->m_names;
  if (!show.replay.empty()) {
    auto replay = feeds::Replay::open(show.replay, city.entities, s->m_names);
    if (!replay) return std::unexpected(replay.error());
    s->m_replay = std::move(*replay);
    // The simulator runs under a replay as it ran while recording.
    lo.simulator.seed = s->m_replay->recording().info().seed;
    lo.replay = [r = s->m_replay](twin::StateStore& store, twin::SimTime from, twin::SimTime to) {
      if (from == to)
        r->seek(store, from);  // the frame thread's seek: its own connection
      else
        r->fill(store, from, to);
    };
  }
  s->m_layers = std::make_unique<layers::LiveLayers>(city, lo);
  for (const std::string& w : s->m_layers->simulator().warnings()) spdlog::warn("{}", w);
  if (auto shown = s->m_layers->show(show.layers); !shown) return fail("--layers: " + shown.error().message);
  if (sources.connect && !sources.feeds.empty() && show.replay.empty()) {
    feeds::FeedHubOptions ho;
    ho.broker = *broker;
    ho.sink = sources.sink;
    s->m_hub = std::make_unique<feeds::FeedHub>(sources.feeds, city.entities, s->m_names, ho);
    s->m_layers->attachFeeds(&s->m_hub->queue());
    for (const feeds::FeedSpec& f : s->m_hub->specs())
      spdlog::info("feed '{}': {} ({} topic mappings)", f.name, f.broker.text(), f.topics.size());
  }
  return s;
}

LiveSession::~LiveSession() {
  if (m_layers) m_layers->attachFeeds(nullptr);
}

std::vector<feeds::FeedHealth> LiveSession::feedHealth() const {
  return m_hub ? m_hub->health() : std::vector<feeds::FeedHealth>{};
}

}  // namespace ts::viewer
