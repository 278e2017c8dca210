#include "golden.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

::testing::AssertionResult matchesGolden(const std::string& name, const ts::io::RgbaImage& actual,
                                         const GoldenTolerance& tol) {
  fs::path golden = fs::path(TS_GOLDEN_DIR) / (name + ".png");
  fs::path outDir = fs::path(TS_TEST_OUTPUT_DIR);
  fs::create_directories(outDir);
  const char* update = std::getenv("TWINSCAPE_UPDATE_GOLDENS");
  if (update && std::string(update) == "1") {
    if (auto w = ts::io::writePng(golden, actual); !w) return ::testing::AssertionFailure() << w.error().message;
    return ::testing::AssertionSuccess() << "approved " << golden;
  }
  auto expected = ts::io::readPng(golden);
  fs::path actualPath = outDir / (name + ".actual.png"), diffPath = outDir / (name + ".diff.png");
  if (!expected) {
    (void)ts::io::writePng(actualPath, actual);
    return ::testing::AssertionFailure() << "no golden for '" << name << "' (" << expected.error().message
                                         << "); actual written to " << actualPath
                                         << "; run scripts/approve-goldens.sh to accept it";
  }
  if (expected->width != actual.width || expected->height != actual.height) {
    (void)ts::io::writePng(actualPath, actual);
    return ::testing::AssertionFailure() << "golden '" << name << "' is " << expected->width << "x" << expected->height
                                         << " but the render is " << actual.width << "x" << actual.height;
  }
  ts::io::RgbaImage diff{actual.width, actual.height, std::vector<uint8_t>(actual.pixels.size())};
  size_t differing = 0;
  int worst = 0;
  for (size_t i = 0; i < actual.pixels.size(); i += 4) {
    int d = 0;
    for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(actual.pixels[i + c]) - int(expected->pixels[i + c])));
    worst = std::max(worst, d);
    bool bad = d > tol.maxChannelDelta;
    differing += bad;
    // Diff image: the golden dimmed to grey, differing pixels in red scaled by the error.
    uint8_t grey = uint8_t((expected->pixels[i] + expected->pixels[i + 1] + expected->pixels[i + 2]) / 9);
    diff.pixels[i] = bad ? uint8_t(std::min(255, 96 + d * 4)) : grey;
    diff.pixels[i + 1] = bad ? 0 : grey;
    diff.pixels[i + 2] = bad ? 0 : grey;
    diff.pixels[i + 3] = 255;
  }
  double fraction = double(differing) / (actual.width * double(actual.height));
  if (fraction <= tol.maxDifferingFraction) return ::testing::AssertionSuccess();
  (void)ts::io::writePng(actualPath, actual);
  (void)ts::io::writePng(diffPath, diff);
  return ::testing::AssertionFailure() << "render '" << name << "' differs from its golden in " << differing
                                       << " pixels (" << fraction * 100 << " %, allowed "
                                       << tol.maxDifferingFraction * 100 << " %; largest channel difference " << worst
                                       << "). Actual: " << actualPath << ", diff: " << diffPath;
}
