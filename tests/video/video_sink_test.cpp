// The frame sinks against the real tools: MP4s read back by ffprobe and decoded by the
// ffmpeg command line, PNG folders read back by libspng.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "../support/temp_dir.h"
#include "../support/video_probe.h"
#include "video/frame_sink.h"

namespace fs = std::filesystem;
using ts::io::RgbaImage;
using namespace ts::video;

namespace {

fs::path tempDir() { return testTempDir("video"); }

// A triangle wave: smooth everywhere, so what the codec loses is small, but every frame
// moves it far enough that neighbouring frames differ clearly.
uint8_t wave(uint32_t v) {
  v %= 510;
  return uint8_t(v < 255 ? v : 509 - v);
}

// Frame k: gradients moving at different speeds in R, G and B, and a white square
// sliding to the right.
RgbaImage movingPattern(uint32_t w, uint32_t h, uint32_t k) {
  RgbaImage img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
  const uint32_t squareX = (k * 5) % (w - 24), squareY = h / 3;
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      uint8_t* p = &img.pixels[(size_t(y) * w + x) * 4];
      bool square = x >= squareX && x < squareX + 24 && y >= squareY && y < squareY + 24;
      p[0] = square ? 255 : wave(x * 2 + k * 12);
      p[1] = square ? 255 : wave(y * 2 + k * 7);
      p[2] = square ? 255 : wave(x + y + k * 20);
      p[3] = 255;
    }
  return img;
}

SinkOptions optionsFor(uint32_t w, uint32_t h) {
  SinkOptions o;
  o.width = w;
  o.height = h;
  o.fps = 30;
  return o;
}

// The MP4's top-level boxes in file order ("ftyp", "moov", "mdat"...).
std::vector<std::string> topLevelBoxes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> boxes;
  uint64_t offset = 0, fileSize = fs::file_size(path);
  while (offset + 8 <= fileSize) {
    unsigned char header[16];
    in.seekg(std::streamoff(offset));
    if (!in.read(reinterpret_cast<char*>(header), 8)) break;
    uint64_t size = (uint64_t(header[0]) << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
    boxes.emplace_back(reinterpret_cast<char*>(header + 4), 4);
    if (size == 1 && in.read(reinterpret_cast<char*>(header + 8), 8)) {
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | header[i];
    }
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

int indexOf(const std::vector<std::string>& v, const std::string& s) {
  auto it = std::find(v.begin(), v.end(), s);
  return it == v.end() ? -1 : int(it - v.begin());
}

}  // namespace

// -------------------------------------------------------------------------------------
// MP4 read back by ffprobe and ffmpeg

class Mp4Sizes : public ::testing::TestWithParam<std::pair<uint32_t, uint32_t>> {};

TEST_P(Mp4Sizes, FortyFiveFramesAt30FpsReadBackAsPushed) {
  const auto [w, h] = GetParam();
  const fs::path out = tempDir() / ("pattern-" + std::to_string(w) + "x" + std::to_string(h) + ".mp4");
  auto sink = openFrameSink(out.string(), optionsFor(w, h));
  ASSERT_TRUE(sink) << sink.error().message;
  EXPECT_EQ((*sink)->kind(), SinkKind::Mp4);
  for (uint32_t k = 0; k < 45; ++k) ASSERT_TRUE((*sink)->push(movingPattern(w, h, k)));
  auto finished = (*sink)->finish();
  ASSERT_TRUE(finished) << finished.error().message;
  FrameSinkStats stats = (*sink)->stats();
  EXPECT_EQ(stats.framesPushed, 45u);
  EXPECT_EQ(stats.framesWritten, 45u);
  EXPECT_GT(stats.encodeMsPerFrame(), 0.0);
  EXPECT_FALSE(fs::exists(out.string() + ".part"));

  auto probe = probeVideo(out);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->codec, "h264");
  EXPECT_EQ(probe->pixFmt, "yuv420p");
  EXPECT_EQ(probe->width, w);
  EXPECT_EQ(probe->height, h);
  EXPECT_EQ(probe->rFrameRate, "30/1");
  EXPECT_EQ(probe->avgFrameRate, "30/1");
  EXPECT_EQ(probe->framesDecoded, 45);
  EXPECT_NEAR(probe->streamDurationS, 1.5, 1.0 / 30);
  EXPECT_NEAR(probe->containerDurationS, 1.5, 1.0 / 30);
  EXPECT_EQ(probe->colorRange, "tv");
  EXPECT_EQ(probe->colorSpace, "bt709");
  EXPECT_EQ(probe->colorPrimaries, "bt709");
  EXPECT_EQ(probe->colorTransfer, "bt709");
  // +faststart: the index comes before the media data.
  auto boxes = topLevelBoxes(out);
  ASSERT_GE(indexOf(boxes, "moov"), 0);
  EXPECT_LT(indexOf(boxes, "moov"), indexOf(boxes, "mdat"));

  // Frame k decodes to what was pushed as frame k, within what the codec loses, and is
  // clearly not its neighbour: an off-by-one in timing or order would fail here.
  for (uint32_t k : {0u, 1u, 22u, 44u}) {
    auto decoded = decodeFrame(out, k);
    ASSERT_TRUE(decoded) << decoded.error().message;
    double same = meanAbsDiffRgb(*decoded, movingPattern(w, h, k));
    EXPECT_LT(same, 3.0) << "frame " << k;
    if (k > 0) {
      EXPECT_GT(meanAbsDiffRgb(*decoded, movingPattern(w, h, k - 1)), 3 * same + 3) << "frame " << k;
    }
    if (k < 44) {
      EXPECT_GT(meanAbsDiffRgb(*decoded, movingPattern(w, h, k + 1)), 3 * same + 3) << "frame " << k;
    }
  }
  EXPECT_FALSE(decodeFrame(out, 45)) << "a 46th frame decoded";
}

INSTANTIATE_TEST_SUITE_P(Video, Mp4Sizes,
                         ::testing::Values(std::pair{320u, 240u}, std::pair{642u, 362u}),  // 642x362: not /16
                         [](const auto& info) {
                           return std::to_string(info.param.first) + "x" + std::to_string(info.param.second);
                         });

TEST(Mp4Sink, DroppedWithoutFinishLeavesNoFileAndKeepsAnOlderOne) {
  const fs::path out = tempDir() / "dropped.mp4";
  {
    std::ofstream older(out);
    older << "an older video";
  }
  auto start = std::chrono::steady_clock::now();
  {
    auto sink = openFrameSink(out.string(), optionsFor(320, 240));
    ASSERT_TRUE(sink) << sink.error().message;
    for (uint32_t k = 0; k < 10; ++k) ASSERT_TRUE((*sink)->push(movingPattern(320, 240, k)));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
  std::ifstream older(out);
  std::string text((std::istreambuf_iterator<char>(older)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "an older video");
}

TEST(Mp4Sink, WrongFrameSizeAndPushAfterFinishAreErrors) {
  const fs::path out = tempDir() / "misuse.mp4";
  auto sink = openFrameSink(out.string(), optionsFor(320, 240));
  ASSERT_TRUE(sink) << sink.error().message;
  auto wrong = (*sink)->push(movingPattern(322, 240, 0));
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("322x240"), std::string::npos) << wrong.error().message;
  EXPECT_NE(wrong.error().message.find("320x240"), std::string::npos) << wrong.error().message;
  ASSERT_TRUE((*sink)->push(movingPattern(320, 240, 0)));
  ASSERT_TRUE((*sink)->finish());
  EXPECT_FALSE((*sink)->push(movingPattern(320, 240, 1)));
  EXPECT_FALSE((*sink)->finish());
  auto probe = probeVideo(out);
  ASSERT_TRUE(probe) << probe.error().message;
  EXPECT_EQ(probe->framesDecoded, 1);
}

// A disk that fills up while frames are written: the error comes back from push() or
// finish() with the system's words, nothing blocks, and no broken file is left.
TEST(Mp4Sink, WriteErrorsComeBackAndLeaveNoFile) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const fs::path out = tempDir() / "full.mp4";
  fs::create_symlink("/dev/full", out.string() + ".part");
  auto sink = openFrameSink(out.string(), optionsFor(320, 240));
  std::string message;
  if (!sink) {
    message = sink.error().message;
  } else {
    for (uint32_t k = 0; k < 200 && message.empty(); ++k)
      if (auto r = (*sink)->push(movingPattern(320, 240, k)); !r) message = r.error().message;
    auto r = (*sink)->finish();
    ASSERT_FALSE(r) << "finish() succeeded on a full disk";
    if (message.empty()) message = r.error().message;
  }
  EXPECT_NE(message.find(out.string()), std::string::npos) << message;
  EXPECT_NE(message.find("No space left on device"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::is_symlink(out.string() + ".part"));
}

// -------------------------------------------------------------------------------------
// Errors at open

namespace {
std::string openError(const std::string& out, const SinkOptions& options) {
  auto sink = openFrameSink(out, options);
  return sink ? std::string("(opened)") : sink.error().message;
}
void expectContains(const std::string& text, std::initializer_list<std::string> parts) {
  for (const std::string& part : parts) EXPECT_NE(text.find(part), std::string::npos) << text << "\nlacks: " << part;
}
}  // namespace

TEST(FrameSinkErrors, OutValueNeitherMp4NorFolder) {
  expectContains(openError((tempDir() / "tour.avi").string(), optionsFor(320, 240)), {"tour.avi", ".mp4", "folder"});
  expectContains(openError("", optionsFor(320, 240)), {".mp4", "folder"});
  EXPECT_EQ(sinkKindFor("tour.MP4").value(), SinkKind::Mp4);
  EXPECT_EQ(sinkKindFor("frames/").value(), SinkKind::PngFrames);
  EXPECT_EQ(sinkKindFor(tempDir().string()).value(), SinkKind::PngFrames);  // an existing folder
}

TEST(FrameSinkErrors, OddSizeForYuv420IsRefusedWithAnEvenSuggestion) {
  expectContains(openError((tempDir() / "odd.mp4").string(), optionsFor(641, 361)),
                 {"odd.mp4", "even", "641x361", "642x362"});
  EXPECT_FALSE(fs::exists(tempDir() / "odd.mp4.part"));
}

TEST(FrameSinkErrors, BadSizesAndRates) {
  expectContains(openError((tempDir() / "zero.mp4").string(), optionsFor(0, 240)), {"zero.mp4", "0x240"});
  SinkOptions o = optionsFor(320, 240);
  o.fps = 0;
  expectContains(openError((tempDir() / "fps.mp4").string(), o), {"fps.mp4", "0 fps"});
  o = optionsFor(320, 240);
  o.crf = 70;
  expectContains(openError((tempDir() / "crf.mp4").string(), o), {"crf.mp4", "crf 70"});
}

TEST(FrameSinkErrors, UnwritablePaths) {
  expectContains(openError("/nonexistent-twinscape-folder/tour.mp4", optionsFor(320, 240)),
                 {"/nonexistent-twinscape-folder/tour.mp4", "does not exist"});
  const fs::path file = tempDir() / "a-file";
  std::ofstream(file) << "x";
  expectContains(openError((file / "tour.mp4").string(), optionsFor(320, 240)), {"a-file/tour.mp4"});
  expectContains(openError((file / "frames/").string(), optionsFor(320, 240)), {"a-file/frames"});
}

TEST(FrameSinkErrors, MissingEncoder) {
  SinkOptions o = optionsFor(320, 240);
  o.encoder = "libnonexistent264";
  expectContains(openError((tempDir() / "enc.mp4").string(), o), {"enc.mp4", "no encoder 'libnonexistent264'"});
  o.encoder = "aac";
  expectContains(openError((tempDir() / "enc.mp4").string(), o), {"enc.mp4", "not a video encoder"});
  EXPECT_FALSE(fs::exists(tempDir() / "enc.mp4.part"));
}

// An FFmpeg call that fails says which, with av_strerror's text and FFmpeg's own line.
TEST(FrameSinkErrors, FfmpegFailureCarriesItsText) {
  SinkOptions o = optionsFor(320, 240);
  o.preset = "ultrafastest";
  expectContains(openError((tempDir() / "preset.mp4").string(), o),
                 {"preset.mp4", "opening the encoder failed: Invalid argument", "ultrafastest"});
  EXPECT_FALSE(fs::exists(tempDir() / "preset.mp4.part"));
}

// -------------------------------------------------------------------------------------
// PNG frames

TEST(PngFramesSink, WritesNumberedFilesThatDecodeExactly) {
  EXPECT_EQ(pngFrameName(0), "frame-00001.png");
  EXPECT_EQ(pngFrameName(99998), "frame-99999.png");
  EXPECT_EQ(pngFrameName(99999), "frame-100000.png");
  const fs::path folder = tempDir() / "frames-new";  // created by the sink
  auto sink = openFrameSink(folder.string() + "/", optionsFor(67, 41));
  ASSERT_TRUE(sink) << sink.error().message;
  EXPECT_EQ((*sink)->kind(), SinkKind::PngFrames);
  for (uint32_t k = 0; k < 7; ++k) ASSERT_TRUE((*sink)->push(movingPattern(67, 41, k)));
  ASSERT_TRUE((*sink)->finish());
  EXPECT_EQ((*sink)->stats().framesWritten, 7u);
  for (uint32_t k = 0; k < 7; ++k) {
    auto back = ts::io::readPng(folder / pngFrameName(k));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->pixels, movingPattern(67, 41, k).pixels) << "frame " << k;
  }
  EXPECT_FALSE(fs::exists(folder / pngFrameName(7)));
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 7);
}

TEST(PngFramesSink, OddSizesAreFineForPng) {
  const fs::path folder = tempDir() / "frames-odd";
  fs::create_directories(folder);
  auto sink = openFrameSink(folder.string(), optionsFor(641, 361));  // an existing folder, no slash
  ASSERT_TRUE(sink) << sink.error().message;
  ASSERT_TRUE((*sink)->push(movingPattern(641, 361, 3)));
  ASSERT_TRUE((*sink)->finish());
  auto back = ts::io::readPng(folder / "frame-00001.png");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->pixels, movingPattern(641, 361, 3).pixels);
}
