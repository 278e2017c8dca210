#include "viewer/command_keys_handler.h"

#include <spdlog/spdlog.h>

#include "platform/keys.h"

namespace ts::viewer {

void CommandKeysHandler::handle(const FrameInput& in, ViewState& state) {
  const platform::Input& i = in.input;
  if (i.keyPressed(platform::key::kEscape)) state.quit = true;
  if (in.uiWantsKeyboard) return;
  if (i.keyPressed(platform::key::letter('h'))) state.helpShown = !state.helpShown;
  const render::CameraMode modes[] = {render::CameraMode::Orbit, render::CameraMode::Fly, render::CameraMode::Walk};
  const int keys[] = {platform::key::k1, platform::key::k2, platform::key::k3};
  for (int k = 0; k < 3; ++k)
    if (i.keyPressed(keys[k])) {
      state.rig.switchTo(modes[k]);
      spdlog::info("camera: {}", render::cameraModeName(modes[k]));
    }
}

}  // namespace ts::viewer
