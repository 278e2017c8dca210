// Golden-image comparison for render tests. Goldens live in tests/golden/NAME.png.
// On a mismatch the actual image and a diff image are written to the build tree's
// test-output/ folder. TWINSCAPE_UPDATE_GOLDENS=1 (scripts/approve-goldens.sh) writes
// the actual images as the new goldens instead of comparing.
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "io/png.h"

struct GoldenTolerance {
  int maxChannelDelta = 6;              // a pixel differs when any channel differs by more than this
  double maxDifferingFraction = 0.002;  // the test fails when more pixels than this differ
};

::testing::AssertionResult matchesGolden(const std::string& name, const ts::io::RgbaImage& actual,
                                         const GoldenTolerance& tolerance);
