#include "viewer/command_keys_handler.h"

#include <spdlog/spdlog.h>

#include "platform/keys.h"

namespace ts::viewer {

void CommandKeysHandler::handle(const FrameInput& in, ViewState& state) {
  // In the order they were pressed: several keys can arrive within one slow frame.
  for (int key : in.input.keysPressed) {
    if (key == platform::key::kEscape) state.quit = true;
    if (in.uiWantsKeyboard) continue;
    if (key == platform::key::letter('h')) state.helpShown = !state.helpShown;
    for (auto [modeKey, mode] : {std::pair{platform::key::k1, render::CameraMode::Orbit},
                                 {platform::key::k2, render::CameraMode::Fly},
                                 {platform::key::k3, render::CameraMode::Walk}})
      if (key == modeKey) {
        state.rig.switchTo(mode);
        spdlog::info("camera: {}", render::cameraModeName(mode));
      }
  }
}

}  // namespace ts::viewer
