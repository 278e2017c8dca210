// The timeline's keys, as in media players: space plays or pauses, left / right arrow step
// back / forward by the timeline's step interval, [ and ] halve / double the speed (mpv's
// keys). None while the panels have the keyboard; the viewer leaves them out in kiosk mode
// (a wall display's clock is the tour's, not a passer-by's).
#pragma once
#include "twin/timeline.h"
#include "viewer/handler.h"

namespace ts::viewer {

class TimelineKeysHandler final : public InputHandler {
 public:
  explicit TimelineKeysHandler(twin::Timeline& timeline, int utcOffsetMinutes)
      : m_timeline(timeline), m_offset(utcOffsetMinutes) {}
  void handle(const FrameInput& in, ViewState& state) override;

 private:
  twin::Timeline& m_timeline;
  int m_offset;  // for the log's local times
};

}  // namespace ts::viewer
