// The command keys: Esc quits (always), H shows or hides the help, 1 / 2 / 3 switch to
// orbit / fly / walk (keeping the view). Letters and digits are the panels' while a text
// field has the keyboard.
#pragma once
#include "viewer/handler.h"

namespace ts::viewer {

class CommandKeysHandler final : public InputHandler {
 public:
  void handle(const FrameInput& in, ViewState& state) override;
};

}  // namespace ts::viewer
