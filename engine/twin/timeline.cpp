#include "twin/timeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>

namespace ts::twin {

namespace {

const double kLogMin = std::log10(kMinSpeed), kLogMax = std::log10(kMaxSpeed);
// Speeds people ask for: the 1-2-5 series, and a minute, ten minutes, an hour per second.
const double kNiceSpeeds[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,  0.5,  1,    2,    5,    10,
                              20,    50,    60,    100,  200,  500,  600, 1000, 2000, 3600, 5000, 10000};
// How close (in decades) a slider speed must be to a nice one to snap to it: about 10 %,
// a few pixels of a slider a few hundred pixels wide.
constexpr double kSnapDecades = 0.04;

// Tick intervals (seconds) that read well on a clock face and a calendar.
const int64_t kTickIntervals[] = {1,    2,    5,    10,    15,    30,    60,    120,    300,    600,     900,
                                  1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000};

const char* const kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The smallest nice interval at least minSeconds long; past the largest, doubled.
int64_t niceInterval(double minSeconds) {
  for (int64_t s : kTickIntervals)
    if (double(s) >= minSeconds) return s;
  int64_t s = kTickIntervals[std::size(kTickIntervals) - 1];
  while (double(s) < minSeconds) s *= 2;
  return s;
}

// The smallest nice interval that divides the major one and is at least minSeconds long
// (0: none, the majors alone).
int64_t minorInterval(int64_t major, double minSeconds) {
  for (int64_t s : kTickIntervals)
    if (s < major && major % s == 0 && double(s) >= minSeconds) return s;
  return 0;
}

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
bool multipleOf(int64_t a, int64_t b) { return a % b == 0; }  // also for times before 1970

}  // namespace

double clampSpeed(double speed) { return std::isfinite(speed) ? std::clamp(speed, kMinSpeed, kMaxSpeed) : kMaxSpeed; }

double speedAtSlider(double position) {
  const double log = kLogMin + std::clamp(position, 0.0, 1.0) * (kLogMax - kLogMin);
  double best = std::pow(10.0, log), bestDistance = kSnapDecades;
  for (double nice : kNiceSpeeds)
    if (double d = std::abs(std::log10(nice) - log); d <= bestDistance) best = nice, bestDistance = d;
  return clampSpeed(best);
}

double sliderOfSpeed(double speed) { return (std::log10(clampSpeed(speed)) - kLogMin) / (kLogMax - kLogMin); }

std::string formatSpeed(double speed) {
  if (speed < 0) return "-" + formatSpeed(-speed);
  char buf[32];
  if (speed >= 100)
    std::snprintf(buf, sizeof buf, "%.0fx", speed);
  else
    std::snprintf(buf, sizeof buf, "%.3gx", speed);
  return buf;
}

std::pair<SimTime, SimTime> Timeline::extent() const {
  if (m_source == TimelineSource::LiveFeeds && m_wallNow > 0) return {std::min(m_begin, m_wallNow), m_wallNow};
  return {m_begin, m_end};
}

void Timeline::goLive(SimTime wallNow) {
  if (!canGoLive()) return;
  m_wallNow = wallNow;
  m_clock.goLive(wallNow);
}

// A clock started at speed 0 (`view --speed 0`: paused) plays at 1x.
double Timeline::speed() const { return live() || m_clock.speed() == 0 ? 1.0 : clampSpeed(std::abs(m_clock.speed())); }

// Live runs forwards at 1x; leaving it keeps that until told otherwise.
void Timeline::leaveLive() {
  if (live()) m_clock.playback(1.0);
}

void Timeline::play() {
  if (live()) return;
  m_clock.playback(backwards() ? -speed() : speed());
}

void Timeline::pause() {
  leaveLive();
  m_clock.pause(true);
}

void Timeline::togglePause() {
  if (paused())
    play();
  else
    pause();
}

void Timeline::playForwards() {
  leaveLive();
  m_clock.playback(speed());
}

void Timeline::playBackwards() {
  leaveLive();
  m_clock.playback(-speed());
}

void Timeline::setSpeed(double speed) {
  leaveLive();
  const bool wasPaused = paused();
  m_clock.playback(backwards() ? -clampSpeed(speed) : clampSpeed(speed));
  m_clock.pause(wasPaused);
}

void Timeline::setLoopRange(SimTime in, SimTime out) {
  if (out < in) std::swap(in, out);
  m_loop = std::pair{in, out};
}

void Timeline::jump(SimTime t) { setTime(clampToExtent(t)); }

void Timeline::setTime(SimTime t) {
  if (canGoLive() && m_wallNow > 0 && t >= m_wallNow) return goLive(m_wallNow);
  leaveLive();
  m_clock.jump(t);
}

void Timeline::moveBy(double simSeconds) {
  const SimTime from = now();
  setTime(clampMove(from, wrapInLoop(from, from + simSeconds)));
}

void Timeline::advance(double wallSeconds, SimTime wallNow) {
  m_wallNow = wallNow;
  const SimTime before = now();
  m_clock.tick(wallSeconds, wallNow);
  if (live() || paused() || now() == before) return;
  const SimTime t = clampMove(before, wrapInLoop(before, now()));
  // Playing forwards into the present: the feeds' live state from here on.
  if (canGoLive() && t >= wallNow && t > before) return goLive(wallNow);
  m_clock.jump(t);
}

SimTime Timeline::wrapInLoop(SimTime from, SimTime to) const {
  if (!m_looping || !m_loop) return to;
  const auto [in, out] = *m_loop;
  const double length = out - in;
  if (length <= 0) return to;
  if (to > from && from <= out && to > out) return in + std::fmod(to - out, length);
  if (to < from && from >= in && to < in) return out - std::fmod(in - to, length);
  return to;
}

SimTime Timeline::clampToExtent(SimTime t) const {
  const auto [begin, end] = extent();
  return end > begin ? std::clamp(t, begin, end) : t;
}

// A move stops at the extent's edge it crosses; one that starts outside (the clock set
// elsewhere, the state's window not there yet) is left alone.
SimTime Timeline::clampMove(SimTime from, SimTime to) const {
  const auto [begin, end] = extent();
  if (end <= begin) return to;
  if (to > end && from <= end) return end;
  if (to < begin && from >= begin) return begin;
  return to;
}

std::string formatLocalClock(SimTime t, int utcOffsetMinutes, bool seconds) {
  const int64_t local = int64_t(std::floor(t + utcOffsetMinutes * 60.0));
  const int64_t inDay = local - floorDiv(local, 86400) * 86400;
  char buf[16];
  if (seconds)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", int(inDay / 3600), int(inDay / 60 % 60), int(inDay % 60));
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d", int(inDay / 3600), int(inDay / 60 % 60));
  return buf;
}

std::string formatLocalDate(SimTime t, int utcOffsetMinutes, bool year) {
  using namespace std::chrono;
  const int64_t local = int64_t(std::floor(t + utcOffsetMinutes * 60.0));
  const sys_days day{days{floorDiv(local, 86400)}};
  const year_month_day ymd{day};
  const weekday wd{day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %u %s", kWeekdays[wd.c_encoding()], unsigned(ymd.day()),
                kMonths[unsigned(ymd.month()) - 1]);
  std::string text = buf;
  if (year) text += " " + std::to_string(int(ymd.year()));
  return text;
}

std::vector<TimeTick> timeTicks(SimTime from, SimTime to, double widthPx, int utcOffsetMinutes, double minMajorPx,
                                double minMinorPx) {
  std::vector<TimeTick> ticks;
  if (!(to > from) || !(widthPx > 0) || !std::isfinite(from) || !std::isfinite(to)) return ticks;
  const double secondsPerPx = (to - from) / widthPx;
  const int64_t major = niceInterval(minMajorPx * secondsPerPx);
  const int64_t minor = minorInterval(major, minMinorPx * secondsPerPx);
  const int64_t step = minor ? minor : major;
  const int64_t offset = int64_t(utcOffsetMinutes) * 60;
  // Aligned in local time: majors on the local hour, local midnight...
  const int64_t first = floorDiv(int64_t(std::ceil(from)) + offset + step - 1, step) * step;
  const int64_t last = int64_t(std::floor(to)) + offset;
  for (int64_t local = first; local <= last; local += step) {
    TimeTick tick;
    tick.time = SimTime(local - offset);
    tick.major = multipleOf(local, major);
    if (tick.major)
      tick.label = multipleOf(local, 86400) ? formatLocalDate(tick.time, utcOffsetMinutes, false)
                                            : formatLocalClock(tick.time, utcOffsetMinutes, major < 60);
    ticks.push_back(std::move(tick));
  }
  return ticks;
}

std::vector<int> eventLanes(const std::vector<SimEvent>& events) {
  std::vector<size_t> order(events.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return events[a].start < events[b].start; });
  std::vector<int> lanes(events.size(), 0);
  std::vector<SimTime> laneEnds;  // when each lane is free again
  for (size_t i : order) {
    const SimEvent& e = events[i];
    auto free = std::find_if(laneEnds.begin(), laneEnds.end(), [&](SimTime end) { return end <= e.start; });
    if (free == laneEnds.end()) free = laneEnds.insert(laneEnds.end(), e.start);
    *free = std::max(e.end, e.start);
    lanes[i] = int(free - laneEnds.begin());
  }
  return lanes;
}

}  // namespace ts::twin
