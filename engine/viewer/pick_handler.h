// Picking: a click selects the building, 5G mast or AI camera under the cursor (or
// clears the selection over empty ground) and logs what it picked; hovering names what a
// click would pick. Clicks on the panels are theirs; a scripted click (--select-at)
// lands wherever the panels are.
#pragma once
#include "viewer/handler.h"

namespace ts::viewer {

class PickHandler final : public InputHandler {
 public:
  // `hover`: track what is under the cursor (off in kiosk mode: no tooltips there).
  PickHandler(const Picker& picker, bool hover) : m_picker(picker), m_hover(hover) {}
  void handle(const FrameInput& in, ViewState& state) override;

 private:
  void select(const Picked& p, ViewState& state) const;
  const Picker& m_picker;
  bool m_hover;
};

}  // namespace ts::viewer
