// Replaying a recording: its feed specs (kept in the recording) turn its messages back
// into StateStore updates with the same MessageMapper the live feed used. Each update
// keeps its receive time, so the state at t answers what the feeds had delivered by t,
// as it was live. LiveLayers calls fill() for a window of time around the SimClock on a
// worker, and seek() for the state at one moment on the frame thread; they read through
// separate connections, so a seek never waits for a window.
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
  // Fills `store`'s feed tier with the recording's state for receive times [from, to]
  // (the worker's window). Thread-safe.
  void fill(twin::StateStore& store, twin::SimTime from, twin::SimTime to) const;
  // The state at t alone: the checkpoint before t and the messages since (a seek; the
  // frame thread). Thread-safe, and independent of fill().
  void seek(twin::StateStore& store, twin::SimTime t) const;
  const Recording& recording() const { return *m_window.recording; }
  // Receive times of the first and last message (the timeline's extent), read at most
  // once a second (the recording may still be growing).
  std::pair<double, double> range() const;
  ReplayStats stats() const;

 private:
  // One connection to the recording and what uses it.
  struct Reader {
    std::unique_ptr<Recording> recording;
    mutable std::mutex mutex;
  };
  void read(const Reader& reader, twin::StateStore& store, twin::SimTime from, twin::SimTime to) const;
  Reader m_window, m_seek;
  std::vector<MessageMapper> m_mappers;
  mutable std::mutex m_statsMutex;
  mutable ReplayStats m_stats;
  mutable std::pair<double, double> m_range{0, 0};
  mutable double m_rangeReadAt = -1;  // steady seconds
};

}  // namespace ts::feeds
