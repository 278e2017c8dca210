#include "twin/state_store.h"

#include <algorithm>

namespace ts::twin {

uint32_t Names::intern(std::string_view name) {
  {
    std::shared_lock lock(m_mutex);
    if (auto it = m_ids.find(name); it != m_ids.end()) return it->second;
  }
  std::unique_lock lock(m_mutex);
  auto [it, added] = m_ids.try_emplace(std::string(name), uint32_t(m_names.size()));
  if (added) m_names.emplace_back(name);
  return it->second;
}

std::optional<uint32_t> Names::find(std::string_view name) const {
  std::shared_lock lock(m_mutex);
  auto it = m_ids.find(name);
  if (it == m_ids.end()) return std::nullopt;
  return it->second;
}

std::string Names::name(uint32_t id) const {
  std::shared_lock lock(m_mutex);
  return id < m_names.size() ? m_names[id] : std::string();
}

size_t Names::size() const {
  std::shared_lock lock(m_mutex);
  return m_names.size();
}

namespace {

// Inserts (or replaces at the same time) keeping the series sorted; the common case,
// a sample newer than every other, is an append.
template <class S, class V>
void insertSorted(std::deque<S>& s, SimTime t, V&& make) {
  if (s.empty() || s.back().t < t) {
    s.push_back(make());
    return;
  }
  auto it = std::lower_bound(s.begin(), s.end(), t, [](const S& a, SimTime b) { return a.t < b; });
  if (it != s.end() && it->t == t)
    *it = make();
  else
    s.insert(it, make());
}

template <class S>
void trim(std::deque<S>& s, double keepSeconds, size_t maxSamples) {
  while (s.size() > 1 && (s.front().t < s.back().t - keepSeconds || s.size() > maxSamples)) s.pop_front();
}

// The last sample at or before t; null before the first.
template <class S>
const S* lastAtOrBefore(const std::deque<S>& s, SimTime t) {
  if (s.empty() || s.front().t > t) return nullptr;
  if (s.back().t <= t) return &s.back();
  auto after = std::upper_bound(s.begin(), s.end(), t, [](SimTime a, const S& b) { return a < b.t; });
  return &*std::prev(after);
}

// The last feed sample at or before t that had arrived by t (a late one is skipped).
template <class S>
const S* lastKnownAt(const std::deque<S>& s, SimTime t) {
  if (!s.empty() && s.back().t <= t && s.back().received <= t) return &s.back();  // the usual case, live
  auto it = std::upper_bound(s.begin(), s.end(), t, [](SimTime a, const S& b) { return a < b.t; });
  while (it != s.begin()) {
    --it;
    if (it->received <= t) return &*it;
  }
  return nullptr;
}

}  // namespace

StateStore::StateStore(double keepSeconds, std::shared_ptr<Registry> names)
    : m_keepSeconds(keepSeconds), m_names(names ? std::move(names) : std::make_shared<Registry>()) {}

void StateStore::setInterpolation(std::string_view attribute, Interpolation mode) {
  AttrId a = this->attribute(attribute);
  if (m_modes.size() <= a) m_modes.resize(a + 1, Interpolation::Step);
  m_modes[a] = mode;
}

void StateStore::write(EntityId entity, AttrId attribute, SimTime t, double value) {
  std::deque<Sample>& s = m_simulated[key(entity, attribute)];
  insertSorted(s, t, [&] { return Sample{t, value}; });
  trim(s, m_keepSeconds, std::numeric_limits<size_t>::max());
}

void StateStore::write(std::string_view entity, std::string_view attribute, SimTime t, double value) {
  write(this->entity(entity), this->attribute(attribute), t, value);
}

void StateStore::apply(const Update& u) {
  const uint64_t k = key(u.entity, u.attribute);
  if (u.isText) {
    std::deque<TextSample>& s = m_text[k];
    insertSorted(s, u.t, [&] { return TextSample{u.t, u.text, u.received}; });
    trim(s, m_keepSeconds, kMaxFeedSamples);
    return;
  }
  FeedSeries& f = m_feed[k];
  f.staleAfter = u.staleAfter;
  insertSorted(f.samples, u.t, [&] { return FeedSample{u.t, u.value, u.received}; });
  trim(f.samples, m_keepSeconds, kMaxFeedSamples);
}

std::optional<Reading> StateStore::readingAt(EntityId entity, AttrId attribute, SimTime t) const {
  const uint64_t k = key(entity, attribute);
  if (auto f = m_feed.find(k); f != m_feed.end())
    if (const FeedSample* s = lastKnownAt(f->second.samples, t))
      return Reading{s->value, s->t, Source::Feed, t - s->t > double(f->second.staleAfter)};
  auto found = m_simulated.find(k);
  if (found == m_simulated.end()) return std::nullopt;
  const std::deque<Sample>& s = found->second;
  auto after = std::upper_bound(s.begin(), s.end(), t, [](SimTime a, const Sample& b) { return a < b.t; });
  if (after == s.begin()) return std::nullopt;  // before the first sample
  const Sample& before = *std::prev(after);
  if (modeOf(attribute) == Interpolation::Step || after == s.end()) return Reading{before.value, before.t};
  double f = (t - before.t) / (after->t - before.t);
  return Reading{before.value + (after->value - before.value) * f, t};
}

std::optional<double> StateStore::valueAt(EntityId entity, AttrId attribute, SimTime t) const {
  auto r = readingAt(entity, attribute, t);
  if (!r) return std::nullopt;
  return r->value;
}

std::optional<uint64_t> StateStore::findKey(std::string_view entity, std::string_view attribute) const {
  auto e = m_names->entities.find(entity);
  auto a = m_names->attributes.find(attribute);
  if (!e || !a) return std::nullopt;
  return key(*e, *a);
}

std::optional<Reading> StateStore::readingAt(std::string_view entity, std::string_view attribute, SimTime t) const {
  auto k = findKey(entity, attribute);
  if (!k) return std::nullopt;
  return readingAt(EntityId(*k >> 32), AttrId(*k & 0xffffffffu), t);
}

std::optional<double> StateStore::valueAt(std::string_view entity, std::string_view attribute, SimTime t) const {
  auto r = readingAt(entity, attribute, t);
  if (!r) return std::nullopt;
  return r->value;
}

std::optional<std::string> StateStore::textAt(std::string_view entity, std::string_view attribute, SimTime t) const {
  auto k = findKey(entity, attribute);
  if (!k) return std::nullopt;
  auto found = m_text.find(*k);
  if (found == m_text.end()) return std::nullopt;
  const TextSample* s = lastKnownAt(found->second, t);
  if (!s) return std::nullopt;
  return s->text;
}

std::vector<Sample> StateStore::history(std::string_view entity, std::string_view attribute, SimTime from,
                                        SimTime to) const {
  std::vector<Sample> out;
  auto k = findKey(entity, attribute);
  if (!k) return out;
  SimTime feedFrom = std::numeric_limits<SimTime>::infinity();
  const std::deque<FeedSample>* feed = nullptr;
  if (auto f = m_feed.find(*k); f != m_feed.end() && !f->second.samples.empty())
    feed = &f->second.samples, feedFrom = feed->front().t;
  if (auto s = m_simulated.find(*k); s != m_simulated.end())
    for (const Sample& x : s->second)
      if (x.t >= from && x.t <= to && x.t < feedFrom) out.push_back(x);
  if (feed)
    for (const FeedSample& x : *feed)
      if (x.t >= from && x.t <= to) out.push_back({x.t, x.value});
  return out;
}

void StateStore::takeSimulated(StateStore&& fresh) { m_simulated = std::move(fresh.m_simulated); }

void StateStore::takeFeed(StateStore&& fresh) {
  m_feed = std::move(fresh.m_feed);
  m_text = std::move(fresh.m_text);
}

size_t StateStore::seriesCount() const {
  size_t n = m_simulated.size() + m_text.size();
  for (const auto& [k, f] : m_feed) n += !m_simulated.contains(k);
  return n;
}

size_t StateStore::feedSampleCount() const {
  size_t n = 0;
  for (const auto& [k, f] : m_feed) n += f.samples.size();
  return n;
}

std::optional<std::pair<SimTime, SimTime>> StateStore::timeRange() const {
  std::optional<std::pair<SimTime, SimTime>> r;
  auto add = [&r](const auto& s) {
    if (s.empty()) return;
    if (!r) r = std::pair{s.front().t, s.back().t};
    r->first = std::min(r->first, s.front().t);
    r->second = std::max(r->second, s.back().t);
  };
  for (const auto& [k, s] : m_simulated) add(s);
  for (const auto& [k, f] : m_feed) add(f.samples);
  return r;
}

size_t UpdateQueue::push(std::vector<Update>& batch) {
  std::lock_guard lock(m_mutex);
  size_t room = m_capacity > m_pending.size() ? m_capacity - m_pending.size() : 0;
  size_t take = std::min(room, batch.size());
  m_pending.insert(m_pending.end(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.begin() + ptrdiff_t(take)));
  size_t dropped = batch.size() - take;
  batch.clear();
  return dropped;
}

bool UpdateQueue::push(Update u) {
  std::lock_guard lock(m_mutex);
  if (m_pending.size() >= m_capacity) return false;
  m_pending.push_back(std::move(u));
  return true;
}

size_t UpdateQueue::drainInto(StateStore& store) {
  {
    std::lock_guard lock(m_mutex);
    m_draining.swap(m_pending);
  }
  for (const Update& u : m_draining) store.apply(u);
  size_t n = m_draining.size();
  m_draining.clear();  // keeps its capacity: no allocation per frame
  return n;
}

}  // namespace ts::twin

namespace ts::twin {

size_t UpdateQueue::take(std::vector<Update>& out) {
  out.clear();
  std::lock_guard lock(m_mutex);
  out.swap(m_pending);
  return out.size();
}

size_t UpdateQueue::discard() {
  std::lock_guard lock(m_mutex);
  size_t n = m_pending.size();
  m_pending.clear();
  return n;
}

}  // namespace ts::twin
