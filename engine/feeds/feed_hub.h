// A scene's live feeds together: one MqttFeed per feed spec, the UpdateQueue they fill
// (drained into the StateStore by LiveLayers on the frame thread), and where every
// message also goes (a Recorder, when recording).
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "feeds/mqtt_feed.h"

namespace ts::feeds {

struct FeedHubOptions {
  std::optional<BrokerUrl> broker;  // --broker: overrides the broker of every feed
  size_t queueCapacity = 1 << 20;   // updates waiting for the frame thread
  MessageSink* sink = nullptr;      // sees every mapped message (the recorder); outlives the hub
};

class FeedHub {
 public:
  FeedHub(std::vector<FeedSpec> specs, const scene::EntitySet& entities, std::shared_ptr<twin::Registry> names,
          const FeedHubOptions& options);
  ~FeedHub();

  twin::UpdateQueue& queue() { return m_queue; }
  const std::vector<FeedSpec>& specs() const { return m_specs; }
  std::vector<FeedHealth> health() const;

 private:
  std::vector<FeedSpec> m_specs;
  twin::UpdateQueue m_queue;
  std::vector<std::unique_ptr<MqttFeed>> m_feeds;
};

// The specs with `broker` (when given) in place of each feed's own.
std::vector<FeedSpec> withBroker(std::vector<FeedSpec> specs, const std::optional<BrokerUrl>& broker);

}  // namespace ts::feeds
