// Recordings: every message a feed received, in an SQLite database (WAL, batched
// transactions, indexed by receive time), with the feed specs it was made with and
// periodic checkpoints of the latest value of every attribute, so any moment can be
// reached without replaying from the start. The schema is in docs/recording-format.md;
// standard tools (sqlite3) can query a recording.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "feeds/feed_spec.h"
#include "feeds/message_sink.h"

namespace ts::feeds {

struct RecordingInfo {
  std::string scene;         // the scene's name when it was recorded
  uint32_t seed = 0;         // the simulator's seed (the simulator runs under a replay as it did live)
  int utcOffsetMinutes = 0;  // the scene's local time
  std::string created;       // ISO 8601, UTC; Recorder::create fills in the time when empty
};

struct RecorderStats {
  uint64_t written = 0;  // messages committed
  uint64_t dropped = 0;  // messages the full queue refused
  uint64_t failed = 0;   // messages a write error lost (see `error`)
  uint64_t checkpoints = 0;
  std::string error;  // the last write error (disk full...), empty when all is well
};

// Appends to a new recording on its own thread: commits at least every `commitSeconds`
// (so a crash or kill -9 loses at most that much), a checkpoint every `checkpointSeconds`.
class Recorder : public MessageSink {
 public:
  struct Options {
    double commitSeconds = 0.25;
    double checkpointSeconds = 60;
    size_t queueCapacity = 1 << 20;         // messages waiting for the writer...
    size_t queueBytes = size_t(256) << 20;  // ...and their bytes (topics, payloads, updates)
    bool holdWriter = false;                // tests only: the writer takes nothing from the queue until destroyed
  };
  // Fails (naming the file) if it exists or cannot be created.
  static Result<std::unique_ptr<Recorder>> create(const std::filesystem::path& file, const std::vector<FeedSpec>& feeds,
                                                  const RecordingInfo& info, std::shared_ptr<twin::Registry> names,
                                                  Options options);
  static Result<std::unique_ptr<Recorder>> create(const std::filesystem::path& file, const std::vector<FeedSpec>& feeds,
                                                  const RecordingInfo& info, std::shared_ptr<twin::Registry> names) {
    return create(file, feeds, info, std::move(names), Options{});
  }
  ~Recorder() override;  // close()
  // Commits what is queued, writes a last checkpoint, closes the file; the final counts.
  // Later messages are dropped (counted).
  RecorderStats close();
  void onMessage(const ReceivedMessage& m, const std::vector<twin::Update>& updates) override;
  RecorderStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

struct RecordedMessage {
  int feed = 0;
  std::string topic, payload;
  double received = 0;
  twin::SimTime time = 0;
};

// A recording opened for replay (read-only; also while it is still being written).
class Recording {
 public:
  // Errors name the file and what is wrong (not a Twinscape recording, a newer format...).
  static Result<std::unique_ptr<Recording>> open(const std::filesystem::path& file);
  ~Recording();

  const std::vector<FeedSpec>& feeds() const;
  const RecordingInfo& info() const;
  // Receive times of the first and last message; nothing when it is empty.
  std::optional<std::pair<double, double>> range() const;
  uint64_t messageCount() const;

  // For a window [from, to] of receive time: calls `onCheckpoint` with the values of the
  // last checkpoint at or before `from` (one update per attribute, names interned into
  // `names`), then `message` for every message received after that checkpoint up to
  // `to`, in the order received. Errors (a corrupt file) name the file.
  Result<> read(double from, double to, twin::Registry& names,
                const std::function<void(const twin::Update&)>& onCheckpoint,
                const std::function<void(const RecordedMessage&)>& message) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  explicit Recording(std::unique_ptr<Impl> impl);
};

}  // namespace ts::feeds
