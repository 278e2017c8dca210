// Reading back a video as a user's tools see it: ffprobe for the stream's facts and the
// ffmpeg command line for a decoded frame (both from Debian's ffmpeg package). For the
// video sink's tests and the tour command's.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"
#include "io/png.h"

struct VideoProbe {
  std::string formatName;                                             // "mov,mp4,m4a,3gp,3g2,mj2" for an MP4
  std::string codec;                                                  // "h264"
  std::string pixFmt;                                                 // "yuv420p"
  std::string colorRange, colorSpace, colorPrimaries, colorTransfer;  // "tv", "bt709"...; empty: untagged
  std::string rFrameRate, avgFrameRate;                               // "30/1"
  uint32_t width = 0, height = 0;
  int64_t framesDecoded = 0;      // ffprobe -count_frames: every frame decoded, not the header's count
  double streamDurationS = 0;     // the video stream's duration
  double containerDurationS = 0;  // the file's duration
};

// Runs `ffprobe -count_frames` on the first video stream of `path` and parses its JSON.
ts::Result<VideoProbe> probeVideo(const std::filesystem::path& path);

// Frame `index` (0-based, display order) of `path` decoded to RGBA by the ffmpeg command
// line, converted to RGB as the stream's colour tags say.
ts::Result<ts::io::RgbaImage> decodeFrame(const std::filesystem::path& path, int64_t index);

// Mean absolute difference over the R, G and B channels (alpha ignored), in 8-bit levels;
// infinity when the sizes differ.
double meanAbsDiffRgb(const ts::io::RgbaImage& a, const ts::io::RgbaImage& b);
