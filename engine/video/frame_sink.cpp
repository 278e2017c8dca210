#include "video/frame_sink.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/log.h"
#include "video/frame_worker.h"
#include "video/mp4_encoder.h"

namespace ts::video {

namespace fs = std::filesystem;

namespace {

bool endsWithMp4(const std::string& out) {
  if (out.size() < 4) return false;
  std::string tail = out.substr(out.size() - 4);
  std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return tail == ".mp4";
}

// Every sink's push(): refused after finish(), the size checked on the caller's thread so
// a wrong frame fails where it was made, then queued for the sink's thread.
Result<> pushFrame(const std::string& out, const SinkOptions& o, bool finished, FrameWorker& worker,
                   io::RgbaImage frame) {
  if (finished) return fail("'" + out + "': frame pushed after finish()");
  if (frame.width != o.width || frame.height != o.height)
    return fail("'" + out + "': frame of " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                " pushed into an output opened for " + std::to_string(o.width) + "x" + std::to_string(o.height));
  if (frame.pixels.size() != size_t(frame.width) * frame.height * 4)
    return fail("'" + out + "': frame's pixels do not match its size (RGBA8 expected)");
  return worker.push(std::move(frame));
}

// Every sink's finish() starts here: once only.
Result<> finishOnce(const std::string& out, bool& finished) {
  if (finished) return fail("'" + out + "': finished twice");
  finished = true;
  return {};
}

Result<> checkOptions(const std::string& out, SinkKind kind, const SinkOptions& o) {
  if (o.width == 0 || o.height == 0 || o.width > 16384 || o.height > 16384)
    return fail("'" + out + "': frame size " + std::to_string(o.width) + "x" + std::to_string(o.height) +
                " is not between 1x1 and 16384x16384");
  if (o.fps < 1 || o.fps > 240) return fail("'" + out + "': " + std::to_string(o.fps) + " fps is not within 1..240");
  if (kind != SinkKind::Mp4) return {};
  // yuv420p keeps one chroma sample per 2x2 pixels. Padding would make the video a
  // pixel larger than asked for, so the caller picks an even size instead.
  if (o.width % 2 || o.height % 2)
    return fail("'" + out + "': H.264 in yuv420p needs an even width and height, not " + std::to_string(o.width) + "x" +
                std::to_string(o.height) + " (try " + std::to_string(o.width + o.width % 2) + "x" +
                std::to_string(o.height + o.height % 2) + ")");
  if (o.crf < 0 || o.crf > 51) return fail("'" + out + "': crf " + std::to_string(o.crf) + " is not within 0..51");
  return {};
}

class Mp4Sink final : public FrameSink {
 public:
  Mp4Sink(std::string out, const SinkOptions& options, std::unique_ptr<Mp4Encoder> encoder)
      : m_out(std::move(out)),
        m_options(options),
        m_encoder(std::move(encoder)),
        m_worker(options.queueFrames, [this](const io::RgbaImage& f) { return m_encoder->encode(f); }) {}

  ~Mp4Sink() override {
    if (m_finished) return;
    m_worker.stop();  // before the encoder it calls goes
    m_encoder.reset();
    spdlog::warn("'{}' was not finished: its partial file was removed", m_out);
  }

  Result<> push(io::RgbaImage frame) override {
    return pushFrame(m_out, m_options, m_finished, m_worker, std::move(frame));
  }

  Result<> finish() override {
    if (auto once = finishOnce(m_out, m_finished); !once) return once;
    Result<> r = m_worker.drain();
    if (!r) {
      m_encoder.reset();  // removes the partial file
      return r;
    }
    auto start = std::chrono::steady_clock::now();
    r = m_encoder->finish();  // the frames x264 still holds are encoded here
    m_worker.addEncodeMs(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!r) m_encoder.reset();
    return r;
  }

  FrameSinkStats stats() const override { return m_worker.stats(); }
  SinkKind kind() const override { return SinkKind::Mp4; }

 private:
  std::string m_out;
  SinkOptions m_options;
  std::unique_ptr<Mp4Encoder> m_encoder;
  bool m_finished = false;
  FrameWorker m_worker;  // last: its thread uses the members above
};

class PngFramesSink final : public FrameSink {
 public:
  PngFramesSink(std::string out, fs::path folder, const SinkOptions& options)
      : m_out(std::move(out)),
        m_folder(std::move(folder)),
        m_options(options),
        m_worker(options.queueFrames, [this](const io::RgbaImage& f) { return io::writePng(nextPath(), f); }) {}

  ~PngFramesSink() override { m_worker.stop(); }

  Result<> push(io::RgbaImage frame) override {
    return pushFrame(m_out, m_options, m_finished, m_worker, std::move(frame));
  }

  Result<> finish() override {
    if (auto once = finishOnce(m_out, m_finished); !once) return once;
    return m_worker.drain();
  }

  FrameSinkStats stats() const override { return m_worker.stats(); }
  SinkKind kind() const override { return SinkKind::PngFrames; }

 private:
  fs::path nextPath() { return m_folder / pngFrameName(m_next++); }  // the worker thread only

  std::string m_out;
  fs::path m_folder;
  SinkOptions m_options;
  uint64_t m_next = 0;
  bool m_finished = false;
  FrameWorker m_worker;  // last: its thread uses the members above
};

Result<std::unique_ptr<FrameSink>> openPngFrames(const std::string& out, const SinkOptions& options) {
  fs::path folder(out);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec) return fail("cannot create the frames folder '" + out + "': " + ec.message());
  }
  fs::path first = folder / pngFrameName(0);
  if (auto r = io::checkWritable(first); !r) return std::unexpected(r.error());
  if (fs::exists(first, ec))
    spdlog::warn("'{}' already holds frames; they are overwritten, and any beyond this run's last frame stay", out);
  return std::make_unique<PngFramesSink>(out, folder, options);
}

Result<std::unique_ptr<FrameSink>> openMp4(const std::string& out, const SinkOptions& options) {
  fs::path path(out);
  if (auto r = io::checkWritable(path); !r) return std::unexpected(r.error());
  auto encoder = Mp4Encoder::open(path, options);
  if (!encoder) return std::unexpected(encoder.error());
  return std::make_unique<Mp4Sink>(out, options, std::move(*encoder));
}

}  // namespace

std::string pngFrameName(uint64_t index) {
  char name[40];
  std::snprintf(name, sizeof name, "frame-%05llu.png", static_cast<unsigned long long>(index + 1));
  return name;
}

Result<SinkKind> sinkKindFor(const std::string& out) {
  std::error_code ec;
  if (!out.empty() && (out.back() == '/' || fs::is_directory(out, ec))) return SinkKind::PngFrames;
  if (endsWithMp4(out)) return SinkKind::Mp4;
  return fail("--out '" + out +
              "': expected a video file ending in .mp4 (H.264) or a folder for PNG frames (ending in '/' or an "
              "existing folder)");
}

Result<std::unique_ptr<FrameSink>> openFrameSink(const std::string& out, const SinkOptions& options) {
  auto kind = sinkKindFor(out);
  if (!kind) return std::unexpected(kind.error());
  if (auto r = checkOptions(out, *kind, options); !r) return std::unexpected(r.error());
  return *kind == SinkKind::Mp4 ? openMp4(out, options) : openPngFrames(out, options);
}

}  // namespace ts::video
