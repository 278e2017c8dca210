// Key codes as platform::Input reports them (they are GLFW's; window.cpp checks that
// they agree), so input handlers need no window-system header.
#pragma once

namespace ts::platform::key {

inline constexpr int kSpace = 32;
inline constexpr int kLeftBracket = 91, kRightBracket = 93;  // where US layouts have [ and ]
inline constexpr int kEscape = 256;
inline constexpr int kRight = 262, kLeft = 263;
inline constexpr int kF12 = 301;
inline constexpr int kLeftShift = 340;
inline constexpr int kRightShift = 344;
// Letters and digits are their ASCII upper-case codes.
inline constexpr int letter(char c) { return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c; }
inline constexpr int k1 = '1', k2 = '2', k3 = '3';

}  // namespace ts::platform::key
