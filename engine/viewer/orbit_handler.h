// Orbit mode: a left drag turns around the point under the cursor (where the drag
// started), a right or middle drag pans across the ground, the wheel zooms towards the
// point under the cursor.
#pragma once
#include "viewer/handler.h"

namespace ts::viewer {

class OrbitHandler final : public InputHandler {
 public:
  explicit OrbitHandler(const Picker& picker) : m_picker(picker) {}
  void handle(const FrameInput& in, ViewState& state) override;

 private:
  const Picker& m_picker;
  bool m_leftWasDown = false;
};

}  // namespace ts::viewer
