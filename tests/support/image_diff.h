// Comparing two screenshots region by region, for the window tests.
#pragma once
#include <cstdint>
#include <cstdlib>

#include "io/png.h"

// Fraction of the region [x0, x1) x [y0, y1)'s pixels (within both images) where some
// channel of `a` and `b` differs by more than `delta`.
inline double differing(const ts::io::RgbaImage& a, const ts::io::RgbaImage& b, uint32_t x0, uint32_t y0, uint32_t x1,
                        uint32_t y1, int delta = 12) {
  size_t n = 0, total = 0;
  for (uint32_t y = y0; y < y1 && y < a.height && y < b.height; ++y)
    for (uint32_t x = x0; x < x1 && x < a.width && x < b.width; ++x, ++total) {
      const uint8_t* p = &a.pixels[(size_t(y) * a.width + x) * 4];
      const uint8_t* q = &b.pixels[(size_t(y) * b.width + x) * 4];
      n += std::abs(p[0] - q[0]) > delta || std::abs(p[1] - q[1]) > delta || std::abs(p[2] - q[2]) > delta;
    }
  return total ? double(n) / double(total) : 0.0;
}
