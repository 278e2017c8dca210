#include "feeds/feed_hub.h"

namespace ts::feeds {

std::vector<FeedSpec> withBroker(std::vector<FeedSpec> specs, const std::optional<BrokerUrl>& broker) {
  if (broker)
    for (FeedSpec& s : specs) s.broker = *broker;
  return specs;
}

FeedHub::FeedHub(std::vector<FeedSpec> specs, const scene::EntitySet& entities, std::shared_ptr<twin::Registry> names,
                 const FeedHubOptions& options)
    : m_specs(withBroker(std::move(specs), options.broker)), m_queue(options.queueCapacity) {
  auto index = std::make_shared<EntityIndex>(entities, *names);
  for (size_t i = 0; i < m_specs.size(); ++i)
    m_feeds.push_back(
        std::make_unique<MqttFeed>(int(i), MessageMapper(m_specs[i], index, *names), m_queue, options.sink));
}

FeedHub::~FeedHub() = default;

std::vector<FeedHealth> FeedHub::health() const {
  std::vector<FeedHealth> out;
  for (const auto& f : m_feeds) out.push_back(f->health());
  return out;
}

}  // namespace ts::feeds
