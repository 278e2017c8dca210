#include "bench/video_bench.h"

#include <sys/resource.h>
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
// resampled bilinearly to w x h (8-bit weights: cheap next to the encoder it feeds).
// Motion like a camera flight, content like the city's.
struct Tap {
  uint32_t i0, i1, f;  // the two source indices and the weight of i1 out of 256
};

std::vector<Tap> taps(uint32_t outSize, uint32_t srcSize, double scale) {
  const double win = srcSize * scale, origin = (srcSize - win) / 2;
  std::vector<Tap> t(outSize);
  for (uint32_t o = 0; o < outSize; ++o) {
    double s = std::clamp(origin + (o + 0.5) * win / outSize - 0.5, 0.0, double(srcSize - 1));
    uint32_t i = uint32_t(s);
    t[o] = {i, std::min(i + 1, srcSize - 1), uint32_t(std::lround((s - i) * 256))};
  }
  return t;
}

io::RgbaImage zoomFrame(const io::RgbaImage& src, uint32_t w, uint32_t h, uint32_t k, uint32_t n) {
  const double scale = 1.0 - 0.2 * (n > 1 ? double(k) / double(n - 1) : 0);
  const std::vector<Tap> xs = taps(w, src.width, scale), ys = taps(h, src.height, scale);
  io::RgbaImage img{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
  for (uint32_t y = 0; y < h; ++y) {
    const uint8_t* row0 = &src.pixels[size_t(ys[y].i0) * src.width * 4];
    const uint8_t* row1 = &src.pixels[size_t(ys[y].i1) * src.width * 4];
    const uint32_t fy = ys[y].f;
    uint8_t* p = &img.pixels[size_t(y) * w * 4];
    for (uint32_t x = 0; x < w; ++x, p += 4) {
      const Tap& t = xs[x];
      for (uint32_t ch = 0; ch < 4; ++ch) {
        uint32_t top = row0[t.i0 * 4 + ch] * (256 - t.f) + row0[t.i1 * 4 + ch] * t.f;
        uint32_t bottom = row1[t.i0 * 4 + ch] * (256 - t.f) + row1[t.i1 * 4 + ch] * t.f;
        p[ch] = uint8_t((top * (256 - fy) + bottom * fy + (1u << 15)) >> 16);
      }
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

double cpuMs(int who) {
  rusage u{};
  getrusage(who, &u);
  auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
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
  // CPU time rather than only wall time: on a busy machine the encoder thread's wall time
  // includes waiting for a core. Everything but this thread is the encoder (the sink's
  // thread and x264's).
  const double processCpu0 = cpuMs(RUSAGE_SELF), callerCpu0 = cpuMs(RUSAGE_THREAD);
  auto start = std::chrono::steady_clock::now();
  for (uint32_t k = 0; k < o.frames; ++k) {
    auto made = std::chrono::steady_clock::now();
    io::RgbaImage frame = zoomFrame(source, o.width, o.height, k, o.frames);
    makeMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - made).count();
    if (auto r = (*sink)->push(std::move(frame)); !r) return std::unexpected(r.error());
  }
  if (auto r = (*sink)->finish(); !r) return std::unexpected(r.error());
  double wallMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  double encoderCpuMs = (cpuMs(RUSAGE_SELF) - processCpu0) - (cpuMs(RUSAGE_THREAD) - callerCpu0);
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
              {"encoder_cpu_ms_per_frame", encoderCpuMs / o.frames},
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
    if (o.outDir.empty()) fs::remove(path, ec);
  }
  if (o.outDir.empty()) fs::remove_all(dir, ec);
  return {};
}

}  // namespace ts::bench
