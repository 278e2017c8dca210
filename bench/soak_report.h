// The soak's verdict (`twinscape bench --soak-report FILE`, run by bench/soak.sh): reads the
// viewer's --stats lines (viewer/stats_log.h) and says, per series, whether it keeps
// growing: a wall display runs for weeks, so anything that still climbs in the second half
// of an hour's soak would climb until it falls over.
#pragma once
#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::bench {

// How much a series may still grow in the second half of the run before it counts as
// unbounded: `relative` of its level at mid-run plus `absolute` (in the series' unit).
struct GrowthTolerance {
  double relative = 0.05;
  double absolute = 0;
};

struct GrowthVerdict {
  bool grows = false;
  double slopePerS = 0;       // Theil-Sen slope over the second half, per wall second
  double secondHalfRise = 0;  // that slope times the second half's length
  double earlyMax = 0;        // the maximum over the second quarter (after the warm-up)
  double lateMax = 0;         // the maximum over the last quarter
  double allowed = 0;         // the rise the tolerance allows
};

// A series grows without bound when both its robust trend over the second half and its
// last quarter's maximum over the second quarter's rise by more than the tolerance: a
// warm-up (first quarter) and noise pass, a steady climb does not. `t` ascending, the same
// length as `v`; fewer than 8 points never grow.
GrowthVerdict detectGrowth(std::span<const double> t, std::span<const double> v, const GrowthTolerance& tol);

// One --stats series of a soak and what the run showed.
struct SoakSeries {
  std::string key;  // the JSON key, e.g. "rss_bytes"
  double start = 0, end = 0;
  bool checked = false;  // judged for growth (the rest only reported: counters, time)
  GrowthVerdict verdict;
};

struct SoakReport {
  size_t samples = 0;
  double wallS = 0, simS = 0;                     // covered between the first and the last sample
  double frameP99StartMs = 0, frameP99EndMs = 0;  // medians over the first and last quarter
  std::vector<SoakSeries> series;
  std::vector<std::string> growing;  // keys of the checked series that grow
};

// Reads a --stats file. Errors name the file and line, or say there are too few samples.
Result<SoakReport> analyseSoak(const std::filesystem::path& statsFile);
// The table bench/soak.sh prints: each series' start and end, the verdicts, frame p99.
void printSoakReport(const SoakReport& report, std::ostream& out);

}  // namespace ts::bench
