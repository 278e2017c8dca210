// The timeline's keys, as in media players: space plays or pauses, left / right arrow step
// back / forward by the timeline's step interval, [ and ] halve / double the speed (mpv's
// keys). None while the panels have the keyboard; the viewer leaves them out in kiosk mode
// (a wall display's clock is the tour's, not a passer-by's). While a tour plays (`view
// --tour`), left / right go to the previous / next stop instead; space still pauses it.
#pragma once
#include "twin/timeline.h"
#include "viewer/handler.h"
#include "viewer/tour_driver.h"

namespace ts::viewer {

class TimelineKeysHandler final : public InputHandler {
 public:
  // `tour`: the tour playing, if any (its stops are what the arrows step between).
  explicit TimelineKeysHandler(twin::Timeline& timeline, int utcOffsetMinutes, TourDriver* tour = nullptr)
      : m_timeline(timeline), m_offset(utcOffsetMinutes), m_tour(tour) {}
  void handle(const FrameInput& in, ViewState& state) override;

 private:
  void step(bool forward);

  twin::Timeline& m_timeline;
  int m_offset;  // for the log's local times
  TourDriver* m_tour;
};

}  // namespace ts::viewer
