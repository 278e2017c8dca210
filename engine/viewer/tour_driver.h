// A guided tour playing in the window (`view --tour NAME`): the tour's own clock (wall
// seconds since it started, not sim time), advanced by each frame's time unless the
// timeline is paused, always looping (a wall plays the tour until it is closed), stepped
// from stop to stop by the timeline's step keys, and the stop reached at each frame so the
// viewer can log it. What the tour shows at that clock is scenario::TourPlayer's (a pure
// function of it, the same as the headless `twinscape tour`); the driver only keeps the
// clock. No window, no UI: unit-tested by calling it (tests/unit/tour_driver_test.cpp).
#pragma once
#include <optional>

#include "core/result.h"
#include "layers/live_layers.h"
#include "scenario/tour.h"

namespace ts::viewer {

// Every stop's layers name layers there are (LiveLayers::checkIds); the error names the
// tour and the stop. For `view --tour` and `twinscape tour`, before they start.
Result<> checkTourLayers(const scenario::Tour& tour, const layers::LiveLayers& live);

// One frame of the tour.
struct TourTick {
  scenario::TourFrame frame;
  // The stop whose hold this frame entered (0-based): at the start, on arriving, after a
  // step, and again on every lap; none otherwise.
  std::optional<size_t> reached;
};

class TourDriver {
 public:
  // `player` plays once through; the driver loops it whatever its tour says.
  explicit TourDriver(scenario::TourPlayer player);

  // A frame: unless `paused`, the tour's clock moves by `dtSeconds` (back when
  // `backwards`), wrapping round the tour's duration; then the tour at that clock.
  TourTick advance(double dtSeconds, bool paused, bool backwards = false);

  // The step keys: to the hold start of the next stop (while flying to stop K, that is K)
  // or of the previous one (while at or flying to stop K, K - 1), wrapping round the ends.
  // The next advance reports that stop as reached.
  void stepForward();
  void stepBack();

  // The same tour for another frame shape (the window was resized); the clock stays.
  void setPlayer(scenario::TourPlayer player);

  double clockS() const { return m_clockS; }  // seconds since the tour (this lap) started
  size_t stopCount() const { return m_player.tour().stops.size(); }
  const scenario::TourPlayer& player() const { return m_player; }

 private:
  void jumpTo(double clockS);

  scenario::TourPlayer m_player;
  double m_clockS = 0;
  std::optional<size_t> m_held;  // the stop held at the last advance (none: flying, or to report again)
};

}  // namespace ts::viewer
