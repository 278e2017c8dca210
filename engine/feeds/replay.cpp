#include "feeds/replay.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace ts::feeds {

Result<std::unique_ptr<Replay>> Replay::open(const std::filesystem::path& file, const scene::EntitySet& entities,
                                             std::shared_ptr<twin::Registry> names) {
  auto window = Recording::open(file);
  if (!window) return std::unexpected(window.error());
  auto seek = Recording::open(file);
  if (!seek) return std::unexpected(seek.error());
  auto out = std::make_unique<Replay>();
  out->m_window.recording = std::move(*window);
  out->m_seek.recording = std::move(*seek);
  auto index = std::make_shared<EntityIndex>(entities, *names);
  for (const FeedSpec& s : out->recording().feeds()) out->m_mappers.emplace_back(s, index, *names);
  return out;
}

std::pair<double, double> Replay::range() const {
  const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  std::lock_guard lock(m_seek.mutex);
  if (m_rangeReadAt < 0 || now - m_rangeReadAt > 1.0) {
    m_range = m_seek.recording->range().value_or(std::pair{0.0, 0.0});
    m_rangeReadAt = now;
  }
  return m_range;
}

ReplayStats Replay::stats() const {
  std::lock_guard lock(m_statsMutex);
  return m_stats;
}

void Replay::fill(twin::StateStore& store, twin::SimTime from, twin::SimTime to) const {
  read(m_window, store, from, to);
}

void Replay::seek(twin::StateStore& store, twin::SimTime t) const { read(m_seek, store, t, t); }

void Replay::read(const Reader& reader, twin::StateStore& store, twin::SimTime from, twin::SimTime to) const {
  std::lock_guard lock(reader.mutex);
  ReplayStats stats;
  std::vector<twin::Update> updates;
  auto read = reader.recording->read(
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
  std::lock_guard statsLock(m_statsMutex);
  m_stats = stats;
}

}  // namespace ts::feeds
