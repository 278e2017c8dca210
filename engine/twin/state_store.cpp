#include "twin/state_store.h"

#include <algorithm>

namespace ts::twin {

void StateStore::write(const std::string& entity, const std::string& attribute, SimTime t, double value) {
  std::deque<Sample>& s = m_series[{entity, attribute}];
  auto it = std::lower_bound(s.begin(), s.end(), t, [](const Sample& a, SimTime b) { return a.t < b; });
  if (it != s.end() && it->t == t)
    it->value = value;
  else
    s.insert(it, {t, value});
  // Keep the window: drop what is older than keepSeconds before the newest sample.
  while (s.size() > 1 && s.front().t < s.back().t - m_keepSeconds) s.pop_front();
}

std::optional<double> StateStore::valueAt(const std::string& entity, const std::string& attribute, SimTime t) const {
  auto found = m_series.find({entity, attribute});
  if (found == m_series.end() || found->second.empty()) return std::nullopt;
  const std::deque<Sample>& s = found->second;
  auto after = std::upper_bound(s.begin(), s.end(), t, [](SimTime a, const Sample& b) { return a < b.t; });
  if (after == s.begin()) return std::nullopt;  // before the first sample
  const Sample& before = *std::prev(after);
  auto mode = m_modes.find(attribute);
  if (mode == m_modes.end() || mode->second == Interpolation::Step || after == s.end()) return before.value;
  double f = (t - before.t) / (after->t - before.t);
  return before.value + (after->value - before.value) * f;
}

std::vector<Sample> StateStore::history(const std::string& entity, const std::string& attribute, SimTime from,
                                        SimTime to) const {
  std::vector<Sample> out;
  auto found = m_series.find({entity, attribute});
  if (found == m_series.end()) return out;
  for (const Sample& s : found->second)
    if (s.t >= from && s.t <= to) out.push_back(s);
  return out;
}

std::optional<std::pair<SimTime, SimTime>> StateStore::timeRange() const {
  std::optional<std::pair<SimTime, SimTime>> r;
  for (const auto& [key, s] : m_series) {
    if (s.empty()) continue;
    if (!r) r = std::pair{s.front().t, s.back().t};
    r->first = std::min(r->first, s.front().t);
    r->second = std::max(r->second, s.back().t);
  }
  return r;
}

void UpdateQueue::push(Update u) {
  std::lock_guard lock(m_mutex);
  m_pending.push_back(std::move(u));
}

size_t UpdateQueue::drainInto(StateStore& store) {
  std::vector<Update> batch;
  {
    std::lock_guard lock(m_mutex);
    batch.swap(m_pending);
  }
  for (const Update& u : batch) store.write(u.entity, u.attribute, u.t, u.value);
  return batch.size();
}

}  // namespace ts::twin
