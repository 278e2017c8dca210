#include "io/png.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using namespace ts::io;

namespace {
fs::path tempDir() { return testTempDir("png"); }
RgbaImage gradient(uint32_t w, uint32_t h) {
  RgbaImage img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      uint8_t* p = &img.pixels[(size_t(y) * w + x) * 4];
      p[0] = uint8_t(x * 7);
      p[1] = uint8_t(y * 13);
      p[2] = uint8_t(x ^ y);
      p[3] = 255;
    }
  return img;
}
}  // namespace

TEST(Png, WriteThenReadIsLossless) {
  fs::path path = tempDir() / "roundtrip.png";
  RgbaImage img = gradient(37, 23);
  ASSERT_TRUE(writePng(path, img));
  auto back = readPng(path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->width, 37u);
  EXPECT_EQ(back->height, 23u);
  EXPECT_EQ(back->pixels, img.pixels);
  EXPECT_FALSE(fs::exists(path.string() + ".part"));
}

TEST(Png, WriterThreadWritesEveryQueuedImage) {
  std::vector<std::future<ts::Result<>>> done;
  {
    ImageWriter writer;
    for (int i = 0; i < 5; ++i)
      done.push_back(writer.write(tempDir() / ("queued" + std::to_string(i) + ".png"), gradient(64, 64)));
  }  // the destructor drains the queue
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(done[i].get());
    EXPECT_TRUE(readPng(tempDir() / ("queued" + std::to_string(i) + ".png")));
  }
}

TEST(Png, ErrorsNameTheFile) {
  auto missingDir = writePng("/nonexistent-dir/x.png", gradient(4, 4));
  ASSERT_FALSE(missingDir);
  EXPECT_NE(missingDir.error().message.find("/nonexistent-dir/x.png"), std::string::npos);
  auto notPng = tempDir() / "not.png";
  {
    FILE* f = fopen(notPng.c_str(), "wb");
    fputs("hello", f);
    fclose(f);
  }
  auto bad = readPng(notPng);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not.png"), std::string::npos);
  EXPECT_FALSE(readPng(tempDir() / "absent.png"));
  auto checked = checkWritable("/nonexistent-dir/x.png");
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("does not exist"), std::string::npos);
  EXPECT_TRUE(checkWritable(tempDir() / "ok.png"));
}
