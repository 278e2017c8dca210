#include "viewer/tour_driver.h"

#include <cmath>

namespace ts::viewer {

Result<> checkTourLayers(const scenario::Tour& tour, const layers::LiveLayers& live) {
  for (size_t i = 0; i < tour.stops.size(); ++i)
    if (const auto& layers = tour.stops[i].layers)
      if (auto ok = live.checkIds(*layers); !ok)
        return fail("tour '" + tour.name + "', stop " + std::to_string(i + 1) + ": " + ok.error().message);
  return {};
}

TourDriver::TourDriver(scenario::TourPlayer player) : m_player(std::move(player)) {}

// Only the cameras depend on the frame's shape; the stops' timing, and so the clock, stay.
void TourDriver::setPlayer(scenario::TourPlayer player) { m_player = std::move(player); }

TourTick TourDriver::advance(double dtSeconds, bool paused, bool backwards) {
  if (!paused) {
    const double to = m_clockS + (backwards ? -dtSeconds : dtSeconds);
    const double duration = m_player.duration();
    // A lap ends: the stop held across the seam (a one-stop tour holds nothing else) is
    // reached again.
    if (duration > 0 && (to >= duration || to < 0)) m_held.reset();
    jumpTo(to);
  }
  TourTick tick{m_player.at(m_clockS, true), std::nullopt};
  if (tick.frame.flying) {
    m_held.reset();
  } else if (m_held != tick.frame.stop) {
    m_held = tick.frame.stop;
    tick.reached = tick.frame.stop;
  }
  return tick;
}

void TourDriver::stepForward() {
  const scenario::TourFrame now = m_player.at(m_clockS, true);
  const size_t next = now.flying ? now.stop : (now.stop + 1) % stopCount();
  jumpTo(m_player.holdStart(next));
  m_held.reset();
}

void TourDriver::stepBack() {
  const size_t stop = m_player.at(m_clockS, true).stop;
  jumpTo(m_player.holdStart((stop + stopCount() - 1) % stopCount()));
  m_held.reset();
}

// Kept within one lap, [0, duration), so the clock never loses precision on a wall that
// runs for weeks.
void TourDriver::jumpTo(double clockS) {
  const double duration = m_player.duration();
  m_clockS = duration > 0 ? std::fmod(std::fmod(clockS, duration) + duration, duration) : 0.0;
}

}  // namespace ts::viewer
