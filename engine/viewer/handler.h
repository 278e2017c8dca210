// The viewer's input handlers: small objects, one per concern (orbit, fly, walk, picking,
// screenshots, bookmark flights, command keys), each given the frame's input and the
// view state to change. They know nothing of the window or the GPU, so each is tested by
// feeding it input (tests/unit/viewer_handlers_test.cpp).
#pragma once
#include <vulkan/vulkan.h>

#include <glm/vec2.hpp>
#include <optional>

#include "platform/input.h"
#include "render/camera_modes.h"
#include "scene/city_model.h"
#include "scene/entity_markers.h"
#include "viewer/camera_rig.h"
#include "viewer/picker.h"

namespace ts::viewer {

// What happened since the last frame, as the handlers see it.
struct FrameInput {
  platform::Input input;
  double dtSeconds = 0;                                // the last frame's wall time, capped after a stall
  VkExtent2D extent{1, 1};                             // framebuffer pixels
  bool uiWantsMouse = false, uiWantsKeyboard = false;  // the panels took the mouse / keys
  std::optional<glm::dvec2> scriptedClick;             // a click for scripts and tests, wherever the panels are
  bool lastFrame = false;                              // the viewer stops after this frame
};

// What the handlers change and the viewer shows.
struct ViewState {
  explicit ViewState(const render::Camera& start) : rig(start) {}
  CameraRig rig;
  scene::Selection selection;
  Picked hovered;  // under the cursor (its name is the tooltip)
  bool helpShown = false;
  bool quit = false;
  std::optional<scene::CameraBookmark> flyTo;  // asked for by the inspector
};

class InputHandler {
 public:
  virtual ~InputHandler() = default;
  virtual void handle(const FrameInput& in, ViewState& state) = 0;
};

// Movement keys (WASD, Q/E, shift) as a move intent; none while the panels have the keys.
render::MoveIntent moveIntent(const FrameInput& in);

}  // namespace ts::viewer
