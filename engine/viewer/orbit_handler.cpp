#include "viewer/orbit_handler.h"

namespace ts::viewer {

void OrbitHandler::handle(const FrameInput& in, ViewState& state) {
  const platform::Input& i = in.input;
  const bool mine = state.rig.mode() == render::CameraMode::Orbit && !state.rig.flying() && !in.uiWantsMouse;
  if (mine) {
    render::OrbitController& orbit = state.rig.orbit();
    auto underCursor = [&] { return m_picker.groundPoint(orbit.camera(), in.extent, i.mouseX, i.mouseY); };
    // A drag starts by orbiting around the point under the cursor.
    if (i.left && !m_leftWasDown)
      if (auto p = underCursor()) orbit.retarget(*p);
    if (i.left) orbit.rotate(i.dragX, i.dragY);
    if (i.right || i.middle) orbit.pan(i.dragX, i.dragY, double(in.extent.height));
    if (i.scroll != 0) {
      if (auto p = underCursor())
        orbit.zoomTowards(*p, i.scroll);
      else
        orbit.zoom(i.scroll);
    }
  }
  m_leftWasDown = i.left;
}

}  // namespace ts::viewer
