#include "viewer/stats_log.h"

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "viewer/frame_timer.h"

namespace ts::viewer {

namespace {

double steadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

uint64_t residentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t sizePages = 0, residentPages = 0;
  if (!(statm >> sizePages >> residentPages)) return 0;
  return residentPages * uint64_t(sysconf(_SC_PAGESIZE));
}

Result<std::unique_ptr<StatsLog>> StatsLog::open(const std::filesystem::path& path, double intervalS) {
  if (!(intervalS >= 0.1)) return fail("--stats-interval: must be at least 0.1 seconds");
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) return fail("--stats " + path.string() + ": cannot open it for appending: " + std::strerror(errno));
  return std::unique_ptr<StatsLog>(new StatsLog(f, path, intervalS));
}

StatsLog::StatsLog(std::FILE* file, std::filesystem::path path, double intervalS)
    : m_file(file), m_path(std::move(path)), m_intervalS(intervalS), m_openedS(steadySeconds()), m_nextS(intervalS) {}

StatsLog::~StatsLog() { std::fclose(m_file); }

double StatsLog::dueNow() const {
  const double now = steadySeconds() - m_openedS;
  return now >= m_nextS ? now : -1.0;
}

void StatsLog::write(StatsSample sample) {
  sample.wallS = steadySeconds() - m_openedS;
  sample.frameMsP50 = quantile(m_frameMs, 0.5);
  sample.frameMsP99 = quantile(m_frameMs, 0.99);
  m_frameMs.clear();
  // The next one on the interval's grid: a slow frame does not shift every later sample.
  while (m_nextS <= sample.wallS) m_nextS += m_intervalS;
  const std::string line = statsJson(sample) + "\n";
  std::fwrite(line.data(), 1, line.size(), m_file);
  std::fflush(m_file);
}

std::string statsJson(const StatsSample& s) {
  nlohmann::ordered_json j;
  j["wall_s"] = s.wallS;
  j["sim_time_s"] = s.simTimeS;
  j["sim_time"] = s.simTimeIso;
  j["sim_elapsed_s"] = s.simElapsedS;
  j["rss_bytes"] = s.rssBytes;
  j["vk_allocations"] = s.vkAllocations;
  j["vk_bytes"] = s.vkBytes;
  j["vk_used_bytes"] = s.vkUsedBytes;
  j["descriptor_sets"] = s.descriptorSets;
  j["frames"] = s.frames;
  j["frame_ms_p50"] = s.frameMsP50;
  j["frame_ms_p99"] = s.frameMsP99;
  j["feed_messages"] = s.feedMessages;
  j["feed_updates"] = s.feedUpdates;
  j["feed_dropped"] = s.feedDropped;
  j["state_series"] = s.stateSeries;
  j["state_feed_samples"] = s.stateFeedSamples;
  return j.dump();
}

}  // namespace ts::viewer
