// Fly mode: WASD moves, Q/E go down and up, shift is faster (and speed grows with
// height), a left drag looks around.
#pragma once
#include "viewer/handler.h"

namespace ts::viewer {

class FlyHandler final : public InputHandler {
 public:
  void handle(const FrameInput& in, ViewState& state) override;
};

}  // namespace ts::viewer
