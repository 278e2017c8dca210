// The SimClock: the one simulation time everybody samples. Live mode follows wall time;
// playback runs at any speed, forwards or backwards, and can jump.
#pragma once
#include <string>

#include "core/result.h"
#include "twin/state_store.h"

namespace ts::twin {

class SimClock {
 public:
  enum class Mode { Live, Playback };

  explicit SimClock(SimTime start = 0) : m_now(start) {}

  SimTime now() const { return m_now; }
  Mode mode() const { return m_mode; }
  double speed() const { return m_speed; }
  bool paused() const { return m_paused; }

  void goLive(SimTime wallNow) { m_mode = Mode::Live, m_now = wallNow, m_paused = false; }
  void playback(double speed) { m_mode = Mode::Playback, m_speed = speed, m_paused = false; }  // negative: backwards
  void pause(bool on) { m_paused = on; }
  void jump(SimTime t) { m_now = t; }
  // Advances by a wall-clock step (live: the new wall time is given instead).
  void tick(double wallSeconds, SimTime wallNow);

 private:
  SimTime m_now;
  Mode m_mode = Mode::Playback;
  double m_speed = 1.0;
  bool m_paused = false;
};

// The wall clock as SimTime (seconds since the epoch, UTC): what live mode follows, what
// feeds stamp their receive times with.
SimTime wallClockNow();

// ISO 8601 with an offset: "2026-06-01T15:00:00+07:00", "2026-06-01T08:00:00Z".
// Errors say what was expected.
Result<SimTime> parseIsoTime(const std::string& text);
std::string formatIsoTime(SimTime t, int offsetMinutes);

}  // namespace ts::twin
