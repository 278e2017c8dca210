// The golden harness tests itself on the goldens in tests/golden/ (no GPU): under each
// golden's own tolerance from the one table, the golden passes, a blank frame and a
// one-pixel shift fail, and only an explicit approval (never an environment variable)
// writes a golden. Comparisons here write their actual/diff images and any approval to
// scratch folders, never to tests/golden/ or the build's test-output/.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "io/png.h"

namespace fs = std::filesystem;
using ts::io::RgbaImage;

namespace {

fs::path goldenFile(std::string_view name) { return defaultGoldenPaths().goldens / (std::string(name) + ".png"); }

RgbaImage readGolden(std::string_view name) {
  auto img = ts::io::readPng(goldenFile(name));
  EXPECT_TRUE(img) << img.error().message;
  return img ? *img : RgbaImage{};
}

std::string fileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Reads the real goldens; actual and diff images go to a scratch folder.
GoldenPaths scratchOutput() { return {defaultGoldenPaths().goldens, testTempDir("golden-harness") / "output"}; }

// A scratch folder with a copy of every golden, for the tests that might write one.
GoldenPaths scratchCopies() {
  fs::path dir = testTempDir("golden-harness") / "goldens";
  fs::create_directories(dir);
  for (const GoldenEntry& e : goldenTable())
    fs::copy_file(goldenFile(e.name), dir / (std::string(e.name) + ".png"), fs::copy_options::overwrite_existing);
  return {dir, testTempDir("golden-harness") / "output"};
}

RgbaImage uniform(uint32_t width, uint32_t height, std::array<uint8_t, 3> rgb) {
  RgbaImage img{width, height, std::vector<uint8_t>(size_t(width) * height * 4, 255)};
  for (size_t i = 0; i < img.pixels.size(); i += 4) std::copy(rgb.begin(), rgb.end(), img.pixels.begin() + i);
  return img;
}

// The colours a blank frame is most likely to get away with: the image's average and
// its most common colour (a large area of sky or ground), and black.
std::vector<std::array<uint8_t, 3>> blankColours(const RgbaImage& img) {
  std::array<double, 3> sum{};
  std::map<uint32_t, size_t> counts;
  for (size_t i = 0; i < img.pixels.size(); i += 4) {
    for (int c = 0; c < 3; ++c) sum[c] += img.pixels[i + c];
    ++counts[img.pixels[i] | img.pixels[i + 1] << 8 | img.pixels[i + 2] << 16];
  }
  const double n = double(img.pixels.size() / 4);
  uint32_t common = 0;
  size_t best = 0;
  for (const auto& [rgb, count] : counts)
    if (count > best) best = count, common = rgb;
  return {{uint8_t(sum[0] / n + 0.5), uint8_t(sum[1] / n + 0.5), uint8_t(sum[2] / n + 0.5)},
          {uint8_t(common), uint8_t(common >> 8), uint8_t(common >> 16)},
          {0, 0, 0}};
}

// The image moved by (dx, dy) pixels; the uncovered edge repeats its neighbour.
RgbaImage shifted(const RgbaImage& img, int dx, int dy) {
  RgbaImage out = img;
  const int w = int(img.width), h = int(img.height);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int sx = std::clamp(x - dx, 0, w - 1), sy = std::clamp(y - dy, 0, h - 1);
      std::copy_n(&img.pixels[(size_t(sy) * w + sx) * 4], 4, &out.pixels[(size_t(y) * w + x) * 4]);
    }
  return out;
}

// Sets an environment variable for one scope and restores what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() { m_old ? (void)::setenv(m_name, m_old->c_str(), 1) : (void)::unsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

// Approval on for one scope, as golden_main.cpp switches it on for --approve-goldens.
struct ScopedApproval {
  ScopedApproval() { setGoldenApproval(true); }
  ~ScopedApproval() { setGoldenApproval(false); }
};

}  // namespace

TEST(GoldenHarness, TheTableAndTheGoldenFolderAgree) {
  std::set<std::string> names;
  for (const GoldenEntry& e : goldenTable()) {
    EXPECT_TRUE(names.insert(std::string(e.name)).second) << "'" << e.name << "' is in the table twice";
    EXPECT_TRUE(fs::is_regular_file(goldenFile(e.name))) << "the table's '" << e.name << "' has no PNG";
    EXPECT_GE(e.tolerance.maxChannelDelta, 0) << e.name;
    EXPECT_GT(e.tolerance.maxDifferingFraction, 0.0) << e.name;
    EXPECT_LT(e.tolerance.maxDifferingFraction, 0.01) << e.name << ": more than 1 % of a frame may differ";
  }
  for (const auto& f : fs::directory_iterator(defaultGoldenPaths().goldens)) {
    if (f.path().extension() != ".png") continue;
    EXPECT_TRUE(names.contains(f.path().stem().string())) << f.path() << " has no entry in the tolerance table";
  }
  EXPECT_FALSE(matchesGolden("no_such_golden", uniform(16, 16, {0, 0, 0}), scratchOutput()))
      << "a golden without a tolerance fails";
}

// Every channel of every pixel moved by `delta`, up where there is room, else down.
RgbaImage nudged(const RgbaImage& img, int delta) {
  RgbaImage out = img;
  for (size_t i = 0; i < out.pixels.size(); i += 4)
    for (int c = 0; c < 3; ++c) {
      const int v = out.pixels[i + c];
      out.pixels[i + c] = uint8_t(v + delta <= 255 ? v + delta : v - delta);
    }
  return out;
}

TEST(GoldenHarness, ACorrectImagePassesAndNoiseWithinTheChannelDeltaToo) {
  for (const GoldenEntry& e : goldenTable()) {
    const std::string name(e.name);
    RgbaImage golden = readGolden(name);
    EXPECT_TRUE(matchesGolden(name, golden, scratchOutput())) << name;
    EXPECT_TRUE(matchesGolden(name, nudged(golden, e.tolerance.maxChannelDelta), scratchOutput())) << name;
    EXPECT_FALSE(matchesGolden(name, nudged(golden, e.tolerance.maxChannelDelta + 1), scratchOutput())) << name;
  }
}

TEST(GoldenHarness, ABlankFrameOfTheRightSizeIsRejected) {
  for (const GoldenEntry& e : goldenTable()) {
    RgbaImage golden = readGolden(e.name);
    ASSERT_FALSE(golden.pixels.empty()) << e.name;
    for (const auto& rgb : blankColours(golden))
      EXPECT_FALSE(matchesGolden(std::string(e.name), uniform(golden.width, golden.height, rgb), scratchOutput()))
          << e.name << " accepts a frame of uniform colour " << int(rgb[0]) << "," << int(rgb[1]) << "," << int(rgb[2]);
  }
}

// A frame one pixel off is a different frame; a tolerance that lets it through cannot
// tell a moved camera from a correct render. Prints each golden's differing share, the
// figure to keep tolerances under. (A shift by -1 pairs the same neighbours as +1.)
TEST(GoldenHarness, AOnePixelShiftIsRejected) {
  for (const GoldenEntry& e : goldenTable()) {
    RgbaImage golden = readGolden(e.name);
    ASSERT_FALSE(golden.pixels.empty()) << e.name;
    for (auto [dx, dy] : {std::pair{1, 0}, std::pair{0, 1}}) {
      RgbaImage moved = shifted(golden, dx, dy);
      const double fraction = compareImages(golden, moved, e.tolerance.maxChannelDelta).differingFraction;
      std::printf("%-28s shifted (%+d, %+d): %6.3f %% of pixels differ; %.3f %% allowed\n", std::string(e.name).c_str(),
                  dx, dy, fraction * 100, e.tolerance.maxDifferingFraction * 100);
      EXPECT_FALSE(matchesGolden(std::string(e.name), moved, scratchOutput()))
          << e.name << " accepts the frame shifted by (" << dx << ", " << dy << ")";
    }
  }
}

// The old mechanism approved whatever was compared while TWINSCAPE_UPDATE_GOLDENS=1 was
// set: a variable left set in a shell silently turned every test green.
TEST(GoldenHarness, AnUpdateVariableLeftSetNeitherApprovesNorWrites) {
  ScopedEnv update("TWINSCAPE_UPDATE_GOLDENS", "1");
  ASSERT_FALSE(goldenApprovalOn());
  const GoldenPaths copies = scratchCopies();
  for (const GoldenEntry& e : goldenTable()) {
    const fs::path file = copies.goldens / (std::string(e.name) + ".png");
    const std::string before = fileBytes(file);
    RgbaImage golden = readGolden(e.name);
    RgbaImage wrong = uniform(golden.width, golden.height, {255, 0, 255});
    EXPECT_FALSE(matchesGolden(std::string(e.name), wrong, copies)) << e.name;
    EXPECT_EQ(fileBytes(file), before) << e.name << ": the golden file changed";
  }
  // Nor does it create a golden that is missing.
  const std::string name(goldenTable().front().name);
  fs::remove(copies.goldens / (name + ".png"));
  EXPECT_FALSE(matchesGolden(name, readGolden(name), copies));
  EXPECT_FALSE(fs::exists(copies.goldens / (name + ".png")));
}

// What scripts/approve-goldens.sh relies on: with approval on, the render is stored.
TEST(GoldenHarness, AnExplicitApprovalStoresTheRender) {
  const GoldenPaths copies = scratchCopies();
  const std::string name(goldenTable().front().name);
  RgbaImage golden = readGolden(name);
  RgbaImage moved = shifted(golden, 1, 0);
  {
    ScopedApproval approval;
    EXPECT_TRUE(matchesGolden(name, moved, copies));
    ASSERT_EQ(goldensApproved().size(), 1u);
    EXPECT_EQ(goldensApproved().front(), name);
  }
  auto stored = ts::io::readPng(copies.goldens / (name + ".png"));
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->pixels, moved.pixels);
  EXPECT_FALSE(goldenApprovalOn());
  EXPECT_TRUE(matchesGolden(name, moved, copies)) << "compared again: the new golden";
  EXPECT_FALSE(matchesGolden(name, golden, copies)) << "and the old frame no longer matches it";
}

// A failed comparison leaves the actual image and a diff that marks the moved pixels.
TEST(GoldenHarness, AMismatchWritesTheActualAndTheDiff) {
  const GoldenPaths out = scratchOutput();
  const std::string name(goldenTable().front().name);
  fs::remove(out.output / (name + ".actual.png"));
  fs::remove(out.output / (name + ".diff.png"));
  RgbaImage golden = readGolden(name);
  RgbaImage blank = uniform(golden.width, golden.height, {0, 0, 0});
  ::testing::AssertionResult r = matchesGolden(name, blank, out);
  EXPECT_FALSE(r);
  EXPECT_NE(std::string(r.message()).find(name), std::string::npos) << r.message();
  auto actual = ts::io::readPng(out.output / (name + ".actual.png"));
  ASSERT_TRUE(actual) << actual.error().message;
  EXPECT_EQ(actual->pixels, blank.pixels);
  auto diff = ts::io::readPng(out.output / (name + ".diff.png"));
  ASSERT_TRUE(diff) << diff.error().message;
  EXPECT_EQ(diff->width, golden.width);
  EXPECT_EQ(diff->height, golden.height);
}
