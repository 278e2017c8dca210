// The input of one frame as plain data: what the window gathered since the last frame.
// No window-system types, so input handlers and their tests need no window.
#pragma once
#include <algorithm>
#include <vector>

namespace ts::platform {

// What happened since the last frame.
struct Input {
  double mouseX = 0, mouseY = 0;  // window pixels
  double dragX = 0, dragY = 0;    // cursor movement while a button was held
  bool left = false, right = false, middle = false;
  bool clicked = false;  // left button pressed and released without dragging
  double clickX = 0, clickY = 0;
  double scroll = 0;             // wheel steps (positive: away from the user)
  std::vector<int> keysPressed;  // key codes (platform/keys.h) pressed this frame
  std::vector<int> keysDown;     // key codes held down now
  bool cursorInWindow = false;   // the pointer has entered the window and not left it

  bool keyDown(int key) const { return std::find(keysDown.begin(), keysDown.end(), key) != keysDown.end(); }
  bool keyPressed(int key) const { return std::find(keysPressed.begin(), keysPressed.end(), key) != keysPressed.end(); }
};

}  // namespace ts::platform
