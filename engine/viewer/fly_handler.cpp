#include "viewer/fly_handler.h"

#include "platform/keys.h"

namespace ts::viewer {

render::MoveIntent moveIntent(const FrameInput& in) {
  render::MoveIntent intent;
  if (in.uiWantsKeyboard) return intent;
  const platform::Input& i = in.input;
  auto axis = [&](char plus, char minus) {
    return float(i.keyDown(platform::key::letter(plus))) - float(i.keyDown(platform::key::letter(minus)));
  };
  intent.forward = axis('w', 's');
  intent.right = axis('d', 'a');
  intent.up = axis('e', 'q');
  intent.fast = i.keyDown(platform::key::kLeftShift) || i.keyDown(platform::key::kRightShift);
  return intent;
}

void FlyHandler::handle(const FrameInput& in, ViewState& state) {
  if (state.rig.mode() != render::CameraMode::Fly || state.rig.flying()) return;
  render::FlyController& fly = state.rig.fly();
  if (!in.uiWantsMouse && in.input.left) fly.look(in.input.dragX, in.input.dragY);
  fly.move(moveIntent(in), in.dtSeconds);
}

}  // namespace ts::viewer
