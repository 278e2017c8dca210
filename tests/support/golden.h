// Golden-image comparison for render tests. Goldens live in tests/golden/NAME.png and
// each has one entry in the tolerance table (golden_tolerances.cpp), which the render
// tests and the harness's own tests (tests/unit/golden_harness_test.cpp) both read. On a
// mismatch the actual image and a diff image are written to the build tree's
// test-output/ folder.
//
// Approval (storing a render as the new golden) is never switched on by the
// environment: a TWINSCAPE_UPDATE_GOLDENS (or any other variable) left set in a shell
// changes nothing, and every ordinary run (ctest, the test binaries by hand) compares.
// Approval happens only when scripts/approve-goldens.sh runs the render test binary with
// --approve-goldens, a flag that ctest never passes; the render tests' own main
// (golden_main.cpp) parses it and calls setGoldenApproval(true). Nothing else calls it
// except the harness's self-test of the approval path, on a scratch copy.
#pragma once
#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/png.h"

struct GoldenTolerance {
  int maxChannelDelta = 6;              // a pixel differs when any channel differs by more than this
  double maxDifferingFraction = 0.002;  // the test fails when more pixels than this differ (0..1)
};

// One golden: tests/golden/NAME.png and how far a render may stray from it.
struct GoldenEntry {
  std::string_view name;
  GoldenTolerance tolerance;
};

// Every golden the render tests compare with, each once (golden_tolerances.cpp).
std::span<const GoldenEntry> goldenTable();
// The entry for `name`, or nullptr when the table has none.
const GoldenEntry* findGolden(std::string_view name);

// Where goldens are read (and, when approving, written) and where a mismatch's actual
// and diff images go.
struct GoldenPaths {
  std::filesystem::path goldens;  // NAME.png
  std::filesystem::path output;   // NAME.actual.png, NAME.diff.png
};
// tests/golden/ in the source tree and test-output/ in the build tree.
GoldenPaths defaultGoldenPaths();

// What comparing two images of the same size found.
struct ImageComparison {
  size_t differingPixels = 0;
  double differingFraction = 0;  // of all pixels, 0..1
  int largestChannelDelta = 0;   // over all pixels and the r, g, b channels
  ts::io::RgbaImage diff;        // the expected image dimmed to grey, differing pixels in red
};
ImageComparison compareImages(const ts::io::RgbaImage& expected, const ts::io::RgbaImage& actual, int maxChannelDelta);

// Compares `actual` with the golden `name` under the table's tolerance for it; a name
// missing from the table fails. While approval is on, stores `actual` as the golden
// instead (see the top of this file).
::testing::AssertionResult matchesGolden(const std::string& name, const ts::io::RgbaImage& actual,
                                         const GoldenPaths& paths = defaultGoldenPaths());

// Approval mode, for golden_main.cpp's --approve-goldens only (and the harness's test of it).
void setGoldenApproval(bool on);
bool goldenApprovalOn();
// The goldens stored since approval was last switched on, in the order they were stored.
const std::vector<std::string>& goldensApproved();
