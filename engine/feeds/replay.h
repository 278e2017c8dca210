// Replaying a recording: its feed specs (kept in the recording) turn its messages back
// into StateStore updates with the same MessageMapper the live feed used, so a replay at
// time t shows what the feeds had delivered by t. LiveLayers calls fill() for a window of
// time around the SimClock, on a worker.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>

#include "feeds/mapping.h"
#include "feeds/recording.h"

namespace ts::feeds {

struct ReplayStats {
  uint64_t messages = 0, refused = 0;  // in the last fill
  std::string lastError;               // the last refused message ("topic: reason") or read error
};

class Replay {
 public:
  // Opens `file` for the scene's entities; errors name the file.
  static Result<std::unique_ptr<Replay>> open(const std::filesystem::path& file, const scene::EntitySet& entities,
                                              std::shared_ptr<twin::Registry> names);
  // Fills `store`'s feed tier with the recording's state for receive times [from, to].
  // Thread-safe (one fill at a time).
  void fill(twin::StateStore& store, twin::SimTime from, twin::SimTime to) const;
  const Recording& recording() const { return *m_recording; }
  // Receive times of the first and last message (the timeline's extent).
  std::pair<double, double> range() const;
  ReplayStats stats() const;

 private:
  std::unique_ptr<Recording> m_recording;
  std::vector<MessageMapper> m_mappers;
  mutable std::mutex m_mutex;
  mutable ReplayStats m_stats;
};

}  // namespace ts::feeds
