// The feeds' benchmark behind `twinscape bench --feeds`: through a real mosquitto broker
// on loopback (started here unless --broker names one), the rate `mosquitto_sub` receives
// a burst of small JSON messages at, the rate Twinscape ingests the same burst into the
// StateStore (with and without recording), publish-to-state latency at a steady 1,000
// messages/s with a 60 Hz frame loop, and seeking in a synthetic 24-hour recording of the
// demo's entities. One JSON object per measurement on `out`; no pass/fail.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

#include "core/result.h"

namespace ts::bench {

struct FeedBenchOptions {
  std::string broker;          // mqtt://HOST:PORT; empty: start mosquitto on a free loopback port
  uint32_t messages = 200000;  // per burst
  double latencySeconds = 5;   // at 1,000 messages/s
  double recordingHours = 24;  // the synthetic recording sought in (0: skip)
  uint32_t seeks = 20;
  uint32_t rounds = 3;  // of the three burst cases, interleaved
};

Result<> runFeedBench(const FeedBenchOptions& options, std::ostream& out);

}  // namespace ts::bench
