// The viewer's statistics log (`view --stats FILE`): every few seconds of wall time, one
// JSON object on a line of its own, appended, so a soak run can watch what a wall display
// holds over hours (bench/soak.sh reads it; docs/ARCHITECTURE.md, "Soak", lists the keys).
#pragma once
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::viewer {

// One sample. Counters are totals since the viewer started; frame times are over the
// frames presented since the previous sample.
struct StatsSample {
  double wallS = 0;                                // wall seconds since the log was opened
  double simTimeS = 0;                             // the sim clock, seconds since the epoch (UTC)
  std::string simTimeIso;                          // the same, in the scenario's offset
  double simElapsedS = 0;                          // sim seconds played forwards since the start (across loops)
  uint64_t rssBytes = 0;                           // the process's resident set
  uint32_t vkAllocations = 0;                      // live allocations handed out by gpu::Allocator
  uint64_t vkBytes = 0;                            // VkDeviceMemory it holds (blocks and dedicated)
  uint64_t vkUsedBytes = 0;                        // of which handed out
  int64_t descriptorSets = 0;                      // live in the engine's descriptor pools
  uint64_t frames = 0;                             // presented so far
  double frameMsP50 = 0, frameMsP99 = 0;           // over this sample's frames
  uint64_t feedMessages = 0;                       // received and mapped, all feeds
  uint64_t feedUpdates = 0;                        // attribute updates queued for the state
  uint64_t feedDropped = 0;                        // updates the full queue refused
  uint64_t stateSeries = 0, stateFeedSamples = 0;  // what the live state holds
};

// The resident set of this process in bytes (/proc/self/statm); 0 where it cannot be read.
uint64_t residentBytes();

class StatsLog {
 public:
  // Opens `path` for appending (created when missing). Errors name the file.
  static Result<std::unique_ptr<StatsLog>> open(const std::filesystem::path& path, double intervalS);
  ~StatsLog();
  StatsLog(const StatsLog&) = delete;
  StatsLog& operator=(const StatsLog&) = delete;

  // A presented frame's wall time.
  void frameDone(double frameMs) { m_frameMs.push_back(frameMs); }
  // The wall seconds since opening when a sample is due; negative while none is.
  double dueNow() const;
  // Fills in wallS and the frame times (and forgets those frames), writes the line and
  // flushes it, so a killed viewer leaves whole lines behind.
  void write(StatsSample sample);

 private:
  StatsLog(std::FILE* file, std::filesystem::path path, double intervalS);
  std::FILE* m_file;
  std::filesystem::path m_path;
  double m_intervalS;
  double m_openedS;
  double m_nextS;
  std::vector<double> m_frameMs;
};

// A sample as its JSON line (no newline).
std::string statsJson(const StatsSample& s);

}  // namespace ts::viewer
