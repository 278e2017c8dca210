// The timeline: how the sim clock is played (play, pause, reverse, a speed on a log scale,
// a loop range, steps, jumps) within the extent of what there is to see (a scenario's
// range, live feeds up to now, a recording's range), and the ticks of the bar that shows
// it, in the scene's local time. Pure logic over twin::SimClock, no UI: the timeline bar
// (ui/timeline_bar), the viewer's keys and the tests drive the same object.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "twin/sim_clock.h"
#include "twin/simulator.h"

namespace ts::twin {

// Playback speed in sim seconds per wall second, on a log scale between these.
inline constexpr double kMinSpeed = 0.001, kMaxSpeed = 10000;

// The speed at a slider position in [0, 1] (0: kMinSpeed, 1: kMaxSpeed, logarithmic),
// snapped to a nice value (1, 2, 5, 10, 60, 100, 600, 1000, 3600...) when close to one.
double speedAtSlider(double position);
// The slider position of a speed (clamped into the range); the inverse of speedAtSlider.
double sliderOfSpeed(double speed);
// The speed clamped into [kMinSpeed, kMaxSpeed] (a non-positive one is kMinSpeed).
double clampSpeed(double speed);
// For people: "60x", "0.5x", "0.001x", "3600x" ("-60x": backwards).
std::string formatSpeed(double speed);

// The intervals a step can take (1 s ... 1 day), with their names ("1 min").
struct StepInterval {
  double seconds;
  const char* name;
};
inline constexpr std::array<StepInterval, 7> kStepIntervals{
    {{1, "1 s"}, {10, "10 s"}, {60, "1 min"}, {300, "5 min"}, {900, "15 min"}, {3600, "1 h"}, {86400, "1 day"}}};
inline constexpr size_t kDefaultStep = 2;  // 1 min

// What the timeline spans, by where the state comes from.
enum class TimelineSource {
  Scenario,   // a scenario: its time range, or the state's filled range
  LiveFeeds,  // live feeds: the right edge is now (the wall clock); one can go live
  Replay,     // a recording: its range; no going live
};

class Timeline {
 public:
  Timeline(SimClock& clock, TimelineSource source) : m_clock(clock), m_source(source) {}

  TimelineSource source() const { return m_source; }
  SimTime now() const { return m_clock.now(); }

  // The extent's range (sim seconds): the scenario's or the state's filled range, the
  // recording's; for live feeds where the state starts (the right edge is the wall time
  // given to advance/goLive). An empty range (end <= begin) clamps nothing.
  void setRange(SimTime begin, SimTime end) { m_begin = begin, m_end = end; }
  // [begin, end] as shown and clamped to: live feeds end at the last wall time seen.
  std::pair<SimTime, SimTime> extent() const;

  // Live feeds only: follow the wall clock (the other sources ignore it).
  bool canGoLive() const { return m_source == TimelineSource::LiveFeeds; }
  bool live() const { return m_clock.mode() == SimClock::Mode::Live; }
  void goLive(SimTime wallNow);

  // Transport. Playing, pausing, reversing and changing speed leave live mode (live runs at
  // 1x forwards), keeping the time.
  bool paused() const { return m_clock.paused(); }
  bool backwards() const { return !live() && m_clock.speed() < 0; }
  double speed() const;  // magnitude, sim seconds per wall second
  void play();           // in the current direction
  void pause();
  void togglePause();
  void playForwards();
  void playBackwards();
  void setSpeed(double speed);  // magnitude, clamped; keeps the direction
  void halveSpeed() { setSpeed(speed() / 2); }
  void doubleSpeed() { setSpeed(speed() * 2); }

  // The loop range [in, out]: with looping on, playing or stepping past out wraps to in,
  // backwards past in wraps to out. A playhead outside the range is caught when it enters.
  void setLoopRange(SimTime in, SimTime out);
  std::optional<std::pair<SimTime, SimTime>> loopRange() const { return m_loop; }
  void setLooping(bool on) { m_looping = on && m_loop; }
  bool looping() const { return m_looping; }

  // Steps by the chosen interval (kStepIntervals), forwards or back; keeps playing or not.
  size_t stepIndex() const { return m_step; }
  void setStepIndex(size_t i) { m_step = std::min(i, kStepIntervals.size() - 1); }
  double stepSeconds() const { return kStepIntervals[m_step].seconds; }
  void stepForward() { moveBy(stepSeconds()); }
  void stepBack() { moveBy(-stepSeconds()); }

  // Jumps to t, clamped to the extent. Live feeds: at or past now goes live; before it
  // leaves live mode.
  void jump(SimTime t);
  // A frame: the clock advances by the wall time that passed (live: to wallNow), then
  // wraps in the loop or stops at the extent's edge; playing forwards into now goes live.
  void advance(double wallSeconds, SimTime wallNow);

 private:
  void leaveLive();
  void moveBy(double simSeconds);
  void setTime(SimTime t);
  SimTime wrapInLoop(SimTime from, SimTime to) const;
  SimTime clampToExtent(SimTime t) const;
  SimTime clampMove(SimTime from, SimTime to) const;

  SimClock& m_clock;
  TimelineSource m_source;
  SimTime m_begin = 0, m_end = 0;
  SimTime m_wallNow = 0;
  std::optional<std::pair<SimTime, SimTime>> m_loop;
  bool m_looping = false;
  size_t m_step = kDefaultStep;
};

// One tick of the bar's time scale.
struct TimeTick {
  SimTime time = 0;
  bool major = false;
  std::string label;  // majors only: local "14:00" ("14:00:30" below a minute), "Mon 1 Jun" at midnight
};

// The ticks over [from, to] drawn across widthPx pixels, in local time (utcOffsetMinutes
// east of UTC): majors at a nice interval (1 s ... days) at least minMajorPx apart (room
// for their labels), minors between them at least minMinorPx apart; sorted by time.
std::vector<TimeTick> timeTicks(SimTime from, SimTime to, double widthPx, int utcOffsetMinutes, double minMajorPx = 90,
                                double minMinorPx = 8);

// For people, in local time: "14:05", "14:05:30" and "Mon 1 Jun" (and "Mon 1 Jun 2026").
std::string formatLocalClock(SimTime t, int utcOffsetMinutes, bool seconds);
std::string formatLocalDate(SimTime t, int utcOffsetMinutes, bool year);

// Lanes for event spans so that overlapping ones do not hide each other: each event's
// lane index (the first lane free at its start; events in any order).
std::vector<int> eventLanes(const std::vector<SimEvent>& events);

}  // namespace ts::twin
