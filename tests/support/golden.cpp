#include "golden.h"

#include <algorithm>
#include <cstdlib>

namespace fs = std::filesystem;

namespace {

// Off unless golden_main.cpp saw --approve-goldens: no environment variable reaches it.
bool g_approving = false;
std::vector<std::string> g_approved;

::testing::AssertionResult approve(const std::string& name, const ts::io::RgbaImage& actual, const fs::path& golden) {
  if (auto w = ts::io::writePng(golden, actual); !w) return ::testing::AssertionFailure() << w.error().message;
  g_approved.push_back(name);
  return ::testing::AssertionSuccess() << "approved " << golden;
}

}  // namespace

const GoldenEntry* findGolden(std::string_view name) {
  for (const GoldenEntry& e : goldenTable())
    if (e.name == name) return &e;
  return nullptr;
}

GoldenPaths defaultGoldenPaths() { return {TS_GOLDEN_DIR, TS_TEST_OUTPUT_DIR}; }

void setGoldenApproval(bool on) {
  g_approving = on;
  if (on) g_approved.clear();
}

bool goldenApprovalOn() { return g_approving; }

const std::vector<std::string>& goldensApproved() { return g_approved; }

ImageComparison compareImages(const ts::io::RgbaImage& expected, const ts::io::RgbaImage& actual, int maxChannelDelta) {
  ImageComparison c;
  c.diff = {actual.width, actual.height, std::vector<uint8_t>(actual.pixels.size())};
  if (expected.pixels.size() != actual.pixels.size() || actual.pixels.empty()) {
    c.differingPixels = actual.pixels.size() / 4;
    c.differingFraction = 1;
    return c;
  }
  for (size_t i = 0; i < actual.pixels.size(); i += 4) {
    int d = 0;
    for (int ch = 0; ch < 3; ++ch) d = std::max(d, std::abs(int(actual.pixels[i + ch]) - int(expected.pixels[i + ch])));
    c.largestChannelDelta = std::max(c.largestChannelDelta, d);
    bool bad = d > maxChannelDelta;
    c.differingPixels += bad;
    // The golden dimmed to grey, differing pixels in red scaled by the error.
    uint8_t grey = uint8_t((expected.pixels[i] + expected.pixels[i + 1] + expected.pixels[i + 2]) / 9);
    c.diff.pixels[i] = bad ? uint8_t(std::min(255, 96 + d * 4)) : grey;
    c.diff.pixels[i + 1] = bad ? 0 : grey;
    c.diff.pixels[i + 2] = bad ? 0 : grey;
    c.diff.pixels[i + 3] = 255;
  }
  c.differingFraction = double(c.differingPixels) / (double(actual.width) * actual.height);
  return c;
}

::testing::AssertionResult matchesGolden(const std::string& name, const ts::io::RgbaImage& actual,
                                         const GoldenPaths& paths) {
  const GoldenEntry* entry = findGolden(name);
  if (!entry)
    return ::testing::AssertionFailure() << "golden '" << name
                                         << "' has no tolerance: add it to tests/support/golden_tolerances.cpp";
  const GoldenTolerance& tol = entry->tolerance;
  fs::path golden = paths.goldens / (name + ".png");
  if (g_approving) return approve(name, actual, golden);

  fs::create_directories(paths.output);
  fs::path actualPath = paths.output / (name + ".actual.png"), diffPath = paths.output / (name + ".diff.png");
  auto expected = ts::io::readPng(golden);
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
  ImageComparison c = compareImages(*expected, actual, tol.maxChannelDelta);
  if (c.differingFraction <= tol.maxDifferingFraction) return ::testing::AssertionSuccess();
  (void)ts::io::writePng(actualPath, actual);
  (void)ts::io::writePng(diffPath, c.diff);
  return ::testing::AssertionFailure() << "render '" << name << "' differs from its golden in " << c.differingPixels
                                       << " pixels (" << c.differingFraction * 100 << " %, allowed "
                                       << tol.maxDifferingFraction * 100 << " %; largest channel difference "
                                       << c.largestChannelDelta << "). Actual: " << actualPath
                                       << ", diff: " << diffPath;
}
