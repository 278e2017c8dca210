// The StateStore: everything about the city that changes, as bounded time series per
// entity and attribute (a site's status, a camera's detections, a data centre's load in
// MW, an alert's reason). Feeds and scenarios write; layers and the UI read the value at
// any time t in the kept window, so scrubbing back shows what was known then. Written and
// read on the frame thread; feeds on other threads hand their updates over through an
// UpdateQueue.
//
// Two tiers. Simulated samples (the scenario simulator) are filled for a window of time
// and swapped in whole when the window moves (takeSimulated). Live feed samples (MQTT)
// arrive one by one and stay whatever the simulator does (a replay's window replaces the
// feed tier whole, takeFeed: there are no live feeds then); where an entity's attribute
// has a feed sample at or before t that had arrived by t, the feed's value is the answer
// (feed values take precedence per entity attribute). A feed value holds until the next
// one (it is what the system last reported) and carries its age: older than its feed's
// stale_after, it is stale.
//
// Names are interned: entities and attributes are dense ids shared by every store of a
// city (a Registry), so the per-update cost is one hash lookup of two integers.
#pragma once
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ts::twin {

// Seconds of simulation time since 1970-01-01T00:00:00Z (UTC).
using SimTime = double;
using EntityId = uint32_t;
using AttrId = uint32_t;

enum class Interpolation {
  Step,    // the last value at or before t (status, counts)
  Linear,  // straight line between the samples around t (loads, temperatures)
};

struct Sample {
  SimTime t;
  double value;
};

// Interned names: any thread may intern or look up (a shared lock; hot paths keep ids).
class Names {
 public:
  uint32_t intern(std::string_view name);
  std::optional<uint32_t> find(std::string_view name) const;
  std::string name(uint32_t id) const;
  size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::shared_mutex m_mutex;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> m_ids;
  std::deque<std::string> m_names;
};

// The names of one city's entities and attributes, shared by its stores.
struct Registry {
  Names entities, attributes;
};

enum class Source : uint8_t { Simulated, Feed };

// A value with where it came from and how old it is at the time asked.
struct Reading {
  double value = 0;
  SimTime sampleTime = 0;  // when it was measured (feeds: the payload's time, else the receive time)
  Source source = Source::Simulated;
  bool stale = false;  // a feed value older than its feed's stale_after at the time asked
};

inline constexpr float kNeverStale = std::numeric_limits<float>::infinity();

// One update from a feed, parsed and validated before it is queued.
struct Update {
  EntityId entity = 0;
  AttrId attribute = 0;
  SimTime t = 0;
  double value = 0;
  std::string text;                // a string-valued attribute (an alert's reason)...
  bool isText = false;             // ...when this is set
  float staleAfter = kNeverStale;  // seconds after which the value is stale
  // When it arrived (receive time, seconds since the epoch; 0: known all along). A value
  // is not known at t before it arrived: at t the store answers what had come by t, so a
  // replay at t shows what was live at t even when a sample arrived late.
  double received = 0;
};

class StateStore {
 public:
  // Samples older than `keepSeconds` before the newest one of their series are dropped;
  // a feed series also keeps at most kMaxFeedSamples (memory stays bounded under a flood).
  static constexpr size_t kMaxFeedSamples = 4096;
  explicit StateStore(double keepSeconds = 7 * 24 * 3600.0, std::shared_ptr<Registry> names = {});
  explicit StateStore(std::shared_ptr<Registry> names) : StateStore(7 * 24 * 3600.0, std::move(names)) {}

  const std::shared_ptr<Registry>& registry() const { return m_names; }
  EntityId entity(std::string_view name) { return m_names->entities.intern(name); }
  AttrId attribute(std::string_view name) { return m_names->attributes.intern(name); }

  void setInterpolation(std::string_view attribute, Interpolation mode);
  // Records a simulated `value` at time t. Samples may arrive out of order; a sample at
  // the same time as an existing one replaces it.
  void write(EntityId entity, AttrId attribute, SimTime t, double value);
  void write(std::string_view entity, std::string_view attribute, SimTime t, double value);
  // Records a feed's update (numbers and text).
  void apply(const Update& u);

  // The value at t, or nothing before the first sample (or after the window dropped it).
  std::optional<double> valueAt(EntityId entity, AttrId attribute, SimTime t) const;
  std::optional<double> valueAt(std::string_view entity, std::string_view attribute, SimTime t) const;
  std::optional<Reading> readingAt(EntityId entity, AttrId attribute, SimTime t) const;
  std::optional<Reading> readingAt(std::string_view entity, std::string_view attribute, SimTime t) const;
  // A string-valued attribute's value at t (the last at or before t).
  std::optional<std::string> textAt(std::string_view entity, std::string_view attribute, SimTime t) const;
  // The samples within [from, to], for history graphs: the feed's where it has them.
  std::vector<Sample> history(std::string_view entity, std::string_view attribute, SimTime from, SimTime to) const;

  // Takes the simulated tier of `fresh` (a window filled on a worker, with the same
  // registry); feed samples stay.
  void takeSimulated(StateStore&& fresh);
  // Takes the feed tier (numbers and text) of `fresh`: a replayed recording's window.
  void takeFeed(StateStore&& fresh);

  size_t seriesCount() const;
  size_t feedSampleCount() const;
  // The range of times held by any series (for the timeline).
  std::optional<std::pair<SimTime, SimTime>> timeRange() const;

 private:
  static uint64_t key(EntityId e, AttrId a) { return (uint64_t(e) << 32) | a; }
  struct FeedSample {
    SimTime t;
    double value, received;
  };
  struct FeedSeries {
    std::deque<FeedSample> samples;
    float staleAfter = kNeverStale;
  };
  struct TextSample {
    SimTime t;
    std::string text;
    double received;
  };
  Interpolation modeOf(AttrId a) const { return a < m_modes.size() ? m_modes[a] : Interpolation::Step; }
  std::optional<uint64_t> findKey(std::string_view entity, std::string_view attribute) const;

  double m_keepSeconds;
  std::shared_ptr<Registry> m_names;
  std::unordered_map<uint64_t, std::deque<Sample>> m_simulated;
  std::unordered_map<uint64_t, FeedSeries> m_feed;
  std::unordered_map<uint64_t, std::deque<TextSample>> m_text;
  std::vector<Interpolation> m_modes;  // by attribute id
};

// Feeds push from their threads; the frame thread drains everything once per frame. The
// queue is bounded: a push beyond `capacity` pending updates is refused (the feed counts
// it as dropped), so a flood cannot exhaust memory or make a frame wait.
class UpdateQueue {
 public:
  explicit UpdateQueue(size_t capacity = 1 << 20) : m_capacity(capacity) {}
  // Queues `batch` (moved from); returns how many did not fit.
  size_t push(std::vector<Update>& batch);
  bool push(Update u);
  // Moves every queued update into the store; returns how many.
  size_t drainInto(StateStore& store);
  // Moves every queued update into `out` (replacing what it held); returns how many.
  size_t take(std::vector<Update>& out);
  // Empties the queue (nobody reads the state); returns how many were dropped so.
  size_t discard();
  size_t capacity() const { return m_capacity; }

 private:
  size_t m_capacity;
  std::mutex m_mutex;
  std::vector<Update> m_pending, m_draining;
};

}  // namespace ts::twin
