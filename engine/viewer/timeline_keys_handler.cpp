#include "viewer/timeline_keys_handler.h"

#include <spdlog/spdlog.h>

#include "platform/keys.h"

namespace ts::viewer {

void TimelineKeysHandler::handle(const FrameInput& in, ViewState&) {
  if (in.uiWantsKeyboard) return;
  namespace key = platform::key;
  // In the order they were pressed: several can arrive within one slow frame.
  for (int k : in.input.keysPressed) {
    if (k == key::kSpace) m_timeline.togglePause();
    if (k == key::kRight || k == key::kLeft) step(k == key::kRight);
    if (k == key::kLeftBracket) m_timeline.halveSpeed();
    if (k == key::kRightBracket) m_timeline.doubleSpeed();
    if (k == key::kSpace || k == key::kRight || k == key::kLeft || k == key::kLeftBracket || k == key::kRightBracket)
      spdlog::info("timeline: {} {}, {}", twin::formatIsoTime(m_timeline.now(), m_offset),
                   m_timeline.live() ? "live" : (m_timeline.paused() ? "paused" : "playing"),
                   twin::formatSpeed(m_timeline.speed()));
  }
}

void TimelineKeysHandler::step(bool forward) {
  if (!m_tour) return forward ? m_timeline.stepForward() : m_timeline.stepBack();
  // The tour sets the clock each frame, so a step of sim time would be undone at once.
  if (forward)
    m_tour->stepForward();
  else
    m_tour->stepBack();
}

}  // namespace ts::viewer
