// The video encoder's benchmark behind `twinscape bench --video`: frames of a city still
// (a slow zoom into a PNG, e.g. one written by `twinscape render`) or, without one, of a
// synthetic moving pattern, pushed into the MP4 sink once per x264 preset. One JSON line
// per case: encoder ms/frame on the sink's thread, how long push() blocked, wall time and
// the file's size. Not a test: no pass/fail.
#pragma once
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::bench {

struct VideoBenchOptions {
  std::filesystem::path image;  // a PNG to zoom into; empty: a synthetic pattern
  uint32_t width = 1920, height = 1080;
  uint32_t frames = 120;
  uint32_t fps = 30;
  int crf = 18;
  std::vector<std::string> presets{"ultrafast", "superfast", "veryfast", "faster", "fast", "medium"};
  std::filesystem::path outDir;  // keep the MP4s here (bench-PRESET.mp4); empty: a temp folder, removed
};

Result<> runVideoBench(const VideoBenchOptions& options, std::ostream& out);

}  // namespace ts::bench
