// The StateStore: everything about the city that changes, as bounded time series per
// entity and attribute (a site's status, a camera's detections, a data centre's load in
// MW). Feeds and scenarios write; layers and the UI read the value at any time t in the
// kept window, so scrubbing back shows what was known then. Written and read on the
// frame thread; feeds on other threads hand their updates over through an UpdateQueue.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace ts::twin {

// Seconds of simulation time since 1970-01-01T00:00:00Z (UTC).
using SimTime = double;

enum class Interpolation {
  Step,    // the last value at or before t (status, counts)
  Linear,  // straight line between the samples around t (loads, temperatures)
};

struct Sample {
  SimTime t;
  double value;
};

class StateStore {
 public:
  // Samples older than `keepSeconds` before the newest one of their series are dropped.
  explicit StateStore(double keepSeconds = 7 * 24 * 3600.0) : m_keepSeconds(keepSeconds) {}

  void setInterpolation(const std::string& attribute, Interpolation mode) { m_modes[attribute] = mode; }
  // Records `value` at time t. Samples may arrive out of order; a sample at the same
  // time as an existing one replaces it.
  void write(const std::string& entity, const std::string& attribute, SimTime t, double value);
  // The value at t, or nothing before the first sample (or after the window dropped it).
  std::optional<double> valueAt(const std::string& entity, const std::string& attribute, SimTime t) const;
  // The samples within [from, to], for history graphs.
  std::vector<Sample> history(const std::string& entity, const std::string& attribute, SimTime from, SimTime to) const;

  size_t seriesCount() const { return m_series.size(); }
  // The range of times held by any series (for the timeline).
  std::optional<std::pair<SimTime, SimTime>> timeRange() const;

 private:
  using Key = std::pair<std::string, std::string>;
  double m_keepSeconds;
  std::map<Key, std::deque<Sample>> m_series;
  std::map<std::string, Interpolation> m_modes;
};

// One update from a feed, validated before it is queued.
struct Update {
  std::string entity, attribute;
  SimTime t;
  double value;
};

// Feeds push from their threads; the frame thread drains everything once per frame.
class UpdateQueue {
 public:
  void push(Update u);
  // Moves every queued update into the store; returns how many.
  size_t drainInto(StateStore& store);

 private:
  std::mutex m_mutex;
  std::vector<Update> m_pending;
};

}  // namespace ts::twin
