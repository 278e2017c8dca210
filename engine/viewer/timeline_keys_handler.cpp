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
    if (k == key::kRight) m_timeline.stepForward();
    if (k == key::kLeft) m_timeline.stepBack();
    if (k == key::kLeftBracket) m_timeline.halveSpeed();
    if (k == key::kRightBracket) m_timeline.doubleSpeed();
    if (k == key::kSpace || k == key::kRight || k == key::kLeft || k == key::kLeftBracket || k == key::kRightBracket)
      spdlog::info("timeline: {} {}, {}", twin::formatIsoTime(m_timeline.now(), m_offset),
                   m_timeline.live() ? "live" : (m_timeline.paused() ? "paused" : "playing"),
                   twin::formatSpeed(m_timeline.speed()));
  }
}

}  // namespace ts::viewer
