#include "viewer/pick_handler.h"

#include <spdlog/spdlog.h>

namespace ts::viewer {

void PickHandler::handle(const FrameInput& in, ViewState& state) {
  const platform::Input& i = in.input;
  const render::Camera camera = state.rig.camera();
  if (!in.uiWantsMouse && i.clicked) select(m_picker.pick(camera, in.extent, i.clickX, i.clickY), state);
  if (in.scriptedClick) select(m_picker.pick(camera, in.extent, in.scriptedClick->x, in.scriptedClick->y), state);
  state.hovered = {};
  if (m_hover && !in.uiWantsMouse && i.cursorInWindow)
    state.hovered = m_picker.pick(camera, in.extent, i.mouseX, i.mouseY);
}

void PickHandler::select(const Picked& p, ViewState& state) const {
  state.selection = p.what;
  if (p.what.entity) {
    const bool site = p.what.entity->kind == scene::EntityKind::Site5G;
    spdlog::info("selected {}: {}", site ? "5G site" : "AI camera", p.name);
  } else if (p.what.building) {
    spdlog::info("selected building {}: {}", *p.what.building, p.name);
  } else {
    spdlog::info("selection cleared");
  }
}

}  // namespace ts::viewer
