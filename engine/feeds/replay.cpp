#include "feeds/replay.h"

#include <spdlog/spdlog.h>

namespace ts::feeds {

Result<std::unique_ptr<Replay>> Replay::open(const std::filesystem::path& file, const scene::EntitySet& entities,
                                             std::shared_ptr<twin::Registry> names) {
  auto rec = Recording::open(file);
  if (!rec) return std::unexpected(rec.error());
  auto out = std::make_unique<Replay>();
  out->m_recording = std::move(*rec);
  auto index = std::make_shared<EntityIndex>(entities, *names);
  for (const FeedSpec& s : out->m_recording->feeds()) out->m_mappers.emplace_back(s, index, *names);
  return out;
}

std::pair<double, double> Replay::range() const { return m_recording->range().value_or(std::pair{0.0, 0.0}); }

ReplayStats Replay::stats() const {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

void Replay::fill(twin::StateStore& store, twin::SimTime from, twin::SimTime to) const {
  std::lock_guard lock(m_mutex);
  ReplayStats stats;
  std::vector<twin::Update> updates;
  auto read = m_recording->read(
      from, to, *store.registry(), [&](const twin::Update& u) { store.apply(u); },
      [&](const RecordedMessage& m) {
        if (m.feed < 0 || size_t(m.feed) >= m_mappers.size()) {
          ++stats.refused, stats.lastError = m.topic + ": no feed " + std::to_string(m.feed) + " in the recording";
          return;
        }
        updates.clear();
        if (auto e = m_mappers[size_t(m.feed)].map(m.topic, m.payload, m.received, updates)) {
          ++stats.refused, stats.lastError = m.topic + ": " + e->reason;
          return;
        }
        ++stats.messages;
        for (const twin::Update& u : updates) store.apply(u);
      });
  if (!read) {
    stats.lastError = read.error().message;
    spdlog::error("replay: {}", read.error().message);
  }
  m_stats = stats;
}

}  // namespace ts::feeds
