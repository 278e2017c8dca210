#include "bench/video_bench.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "io/png.h"
#include "video/frame_sink.h"

namespace ts::bench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Frame k of n: the window of `src` that zooms from the whole image to its central 80 %,
// resampled bilinearly to w x h. Motion like a camera flight, content like the city's.
io::RgbaImage zoomFrame(const io::RgbaImage& src, uint32_t w, uint32_t h, uint32_t k, uint32_t n) {
  const double t = n > 1 ? double(k) / double(n - 1) : 0, scale = 1.0 - 0.2 * t;
  const double winW = src.width * scale, winH = src.height * scale;
  const double x0 = (src.width - winW) / 2, y0 = (src.height - winH) / 2;
  io::RgbaImage img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
  for (uint32_t y = 0; y < h; ++y) {
    const double sy = std::clamp(y0 + (y + 0.5) * winH / h - 0.5, 0.0, double(src.height - 1));
    const uint32_t iy = uint32_t(sy), iy1 = std::min(iy + 1, src.height - 1);
    const double fy = sy - iy;
    for (uint32_t x = 0; x < w; ++x) {
      const double sx = std::clamp(x0 + (x + 0.5) * winW / w - 0.5, 0.0, double(src.width - 1));
      const uint32_t ix = uint32_t(sx), ix1 = std::min(ix + 1, src.width - 1);
      const double fx = sx - ix;
      const uint8_t* a = &src.pixels[(size_t(iy) * src.width + ix) * 4];
      const uint8_t* b = &src.pixels[(size_t(iy) * src.width + ix1) * 4];
      const uint8_t* c = &src.pixels[(size_t(iy1) * src.width + ix) * 4];
      const uint8_t* d = &src.pixels[(size_t(iy1) * src.width + ix1) * 4];
      uint8_t* p = &img.pixels[(size_t(y) * w + x) * 4];
      for (int ch = 0; ch < 4; ++ch)
        p[ch] = uint8_t(std::lround((a[ch] * (1 - fx) + b[ch] * fx) * (1 - fy) + (c[ch] * (1 - fx) + d[ch] * fx) * fy));
    }
  }
  return img;
}

// Without a still: gradients and blocks that move every frame.
io::RgbaImage syntheticSource(uint32_t w, uint32_t h) {
  io::RgbaImage img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      uint8_t* p = &img.pixels[(size_t(y) * w + x) * 4];
      bool block = ((x / 40) + (y / 40)) % 7 == 0;
      p[0] = block ? 230 : uint8_t(x * 255 / w);
      p[1] = block ? 220 : uint8_t(y * 255 / h);
      p[2] = block ? 200 : uint8_t((x + y) * 127 / (w + h) + 64);
      p[3] = 255;
    }
  return img;
}

Result<json> encodeCase(const io::RgbaImage& source, const VideoBenchOptions& o, const std::string& preset,
                        const fs::path& path) {
  video::SinkOptions so;
  so.width = o.width;
  so.height = o.height;
  so.fps = o.fps;
  so.crf = o.crf;
  so.preset = preset;
  auto sink = video::openFrameSink(path.string(), so);
  if (!sink) return std::unexpected(sink.error());
  double makeMs = 0;
  auto start = std::chrono::steady_clock::now();
  for (uint32_t k = 0; k < o.frames; ++k) {
    auto made = std::chrono::steady_clock::now();
    io::RgbaImage frame = zoomFrame(source, o.width, o.height, k, o.frames);
    makeMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - made).count();
    if (auto r = (*sink)->push(std::move(frame)); !r) return std::unexpected(r.error());
  }
  if (auto r = (*sink)->finish(); !r) return std::unexpected(r.error());
  double wallMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  video::FrameSinkStats s = (*sink)->stats();
  auto bytes = fs::file_size(path);
  double seconds = double(o.frames) / o.fps;
  return json{{"case", "video_encode"},
              {"preset", preset},
              {"crf", o.crf},
              {"width", o.width},
              {"height", o.height},
              {"frames", o.frames},
              {"fps", o.fps},
              {"source", o.image.empty() ? "synthetic" : o.image.string()},
              {"encode_ms_per_frame", s.encodeMsPerFrame()},
              {"push_blocked_ms", s.pushBlockedMs},
              {"frame_make_ms_per_frame", makeMs / o.frames},
              {"wall_ms", wallMs},
              {"bytes", bytes},
              {"mbit_per_s", bytes * 8.0 / seconds / 1e6}};
}

}  // namespace

Result<> runVideoBench(const VideoBenchOptions& o, std::ostream& out) {
  io::RgbaImage source;
  if (o.image.empty()) {
    source = syntheticSource(o.width * 5 / 4, o.height * 5 / 4);
  } else {
    auto read = io::readPng(o.image);
    if (!read) return std::unexpected(read.error());
    source = std::move(*read);
  }
  fs::path dir =
      o.outDir.empty() ? fs::temp_directory_path() / ("twinscape-video-bench-" + std::to_string(::getpid())) : o.outDir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create '" + dir.string() + "': " + ec.message());
  for (const std::string& preset : o.presets) {
    fs::path path = dir / ("bench-" + preset + ".mp4");
    auto result = encodeCase(source, o, preset, path);
    if (!result) return std::unexpected(result.error());
    out << result->dump() << std::endl;
    if (!o.keep) fs::remove(path, ec);
  }
  if (!o.keep && o.outDir.empty()) fs::remove_all(dir, ec);
  return {};
}

}  // namespace ts::bench
