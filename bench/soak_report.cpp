#include "bench/soak_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>

namespace ts::bench {

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  auto mid = v.begin() + std::ptrdiff_t(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Theil-Sen: the median of the slopes between every pair of points (robust to outliers).
double theilSenSlope(std::span<const double> t, std::span<const double> v) {
  std::vector<double> slopes;
  for (size_t i = 0; i < t.size(); ++i)
    for (size_t j = i + 1; j < t.size(); ++j)
      if (t[j] > t[i]) slopes.push_back((v[j] - v[i]) / (t[j] - t[i]));
  return median(std::move(slopes));
}

double maxOf(std::span<const double> v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

// The series bench/soak.sh judges, with how much each may rise in the second half: RSS
// allows for the allocator's caches and the feeds' bounded history; Vulkan memory for a
// raster that is rebuilt at a new size; descriptor sets for those waiting to be freed;
// frame times for a machine shared with other work.
struct Checked {
  const char* key;
  GrowthTolerance tol;
};
constexpr Checked kChecked[] = {
    {"rss_bytes", {0.05, 16.0 * 1024 * 1024}},
    {"vk_allocations", {0.05, 4}},
    {"vk_bytes", {0.05, 8.0 * 1024 * 1024}},
    {"vk_used_bytes", {0.05, 8.0 * 1024 * 1024}},
    {"descriptor_sets", {0.0, 2}},
    {"frame_ms_p99", {1.0, 20}},
};
// Reported only: totals that grow by design, and what the feeds' history holds (capped
// per series by the state store, see twin/state_store.h).
// State series are bounded by the scene's entities times the feeds' attributes, but fill
// slowly (a camera's alert_reason appears with its first alert).
constexpr const char* kReported[] = {"frames",       "feed_messages", "feed_updates",
                                     "feed_dropped", "state_series",  "state_feed_samples"};

Result<std::vector<nlohmann::json>> readLines(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail(file.string() + ": cannot be read");
  std::vector<nlohmann::json> lines;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("wall_s") || !j["wall_s"].is_number())
      return fail(file.string() + ":" + std::to_string(n) + ": not a --stats line (a JSON object with wall_s)");
    lines.push_back(std::move(j));
  }
  if (lines.size() < 8)
    return fail(file.string() + ": " + std::to_string(lines.size()) +
                " samples; a soak needs at least 8 (run longer or sample more often)");
  return lines;
}

std::vector<double> column(const std::vector<nlohmann::json>& lines, const char* key) {
  std::vector<double> v;
  for (const auto& j : lines) v.push_back(j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0);
  return v;
}

}  // namespace

GrowthVerdict detectGrowth(std::span<const double> t, std::span<const double> v, const GrowthTolerance& tol) {
  GrowthVerdict r;
  const size_t n = std::min(t.size(), v.size());
  if (n < 8) return r;
  const size_t half = n / 2, quarter = n / 4, lastQuarter = n - n / 4;
  r.slopePerS = theilSenSlope(t.subspan(half, n - half), v.subspan(half, n - half));
  r.secondHalfRise = r.slopePerS * (t[n - 1] - t[half]);
  r.earlyMax = maxOf(v.subspan(quarter, half - quarter));
  r.lateMax = maxOf(v.subspan(lastQuarter, n - lastQuarter));
  r.allowed = tol.relative * std::abs(median({v.begin() + ptrdiff_t(quarter), v.begin() + ptrdiff_t(lastQuarter)})) +
              tol.absolute;
  r.grows = r.secondHalfRise > r.allowed && r.lateMax - r.earlyMax > r.allowed;
  return r;
}

Result<SoakReport> analyseSoak(const std::filesystem::path& statsFile) {
  auto lines = readLines(statsFile);
  if (!lines) return std::unexpected(lines.error());
  SoakReport r;
  r.samples = lines->size();
  const std::vector<double> t = column(*lines, "wall_s");
  // Played forwards, across a --loop's wraps; files without it: the clock's span.
  const bool elapsed = lines->front().contains("sim_elapsed_s");
  const std::vector<double> sim = column(*lines, elapsed ? "sim_elapsed_s" : "sim_time_s");
  r.wallS = t.back() - t.front();
  r.simS = sim.back() - sim.front();
  const std::vector<double> p99 = column(*lines, "frame_ms_p99");
  const size_t q = std::max<size_t>(1, p99.size() / 4);
  r.frameP99StartMs = median({p99.begin(), p99.begin() + ptrdiff_t(q)});
  r.frameP99EndMs = median({p99.end() - ptrdiff_t(q), p99.end()});
  for (const Checked& c : kChecked) {
    const std::vector<double> v = column(*lines, c.key);
    SoakSeries s{c.key, v.front(), v.back(), true, detectGrowth(t, v, c.tol)};
    if (s.verdict.grows) r.growing.push_back(c.key);
    r.series.push_back(s);
  }
  for (const char* key : kReported) {
    const std::vector<double> v = column(*lines, key);
    r.series.push_back({key, v.front(), v.back(), false, {}});
  }
  return r;
}

void printSoakReport(const SoakReport& r, std::ostream& out) {
  out << fmt::format("soak: {} samples over {:.0f} s of wall time, {:.1f} h of sim time\n", r.samples, r.wallS,
                     r.simS / 3600.0);
  out << fmt::format("{:<20} {:>14} {:>14} {:>16} {:>14}  {}\n", "series", "start", "end", "2nd-half rise", "allowed",
                     "verdict");
  for (const SoakSeries& s : r.series) {
    const std::string rise = s.checked ? fmt::format("{:.1f}", s.verdict.secondHalfRise) : "-";
    const std::string allowed = s.checked ? fmt::format("{:.1f}", s.verdict.allowed) : "-";
    const char* verdict = !s.checked ? "(reported)" : s.verdict.grows ? "GROWS" : "bounded";
    out << fmt::format("{:<20} {:>14.2f} {:>14.2f} {:>16} {:>14}  {}\n", s.key, s.start, s.end, rise, allowed, verdict);
  }
  out << fmt::format(
      "frame p99: {:.1f} ms at the start, {:.1f} ms at the end (medians of the first and last quarter)\n",
      r.frameP99StartMs, r.frameP99EndMs);
}

}  // namespace ts::bench
