#include "viewer/walk_handler.h"

namespace ts::viewer {

void WalkHandler::handle(const FrameInput& in, ViewState& state) {
  if (state.rig.mode() != render::CameraMode::Walk || state.rig.flying()) return;
  render::WalkController& walk = state.rig.walk();
  if (!in.uiWantsMouse && in.input.left) walk.look(in.input.dragX, in.input.dragY);
  walk.move(moveIntent(in), in.dtSeconds, m_city);
}

}  // namespace ts::viewer
