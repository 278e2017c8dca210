// Where rendered frames go: an H.264 MP4 or a folder of numbered PNGs, chosen from the
// `--out` value. Either way the frames are converted and written on the sink's own thread
// behind a small bounded queue, so the caller renders the next frame while the previous
// one is encoded; push() waits only when the encoder is behind.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "io/png.h"

namespace ts::video {

enum class SinkKind {
  Mp4,        // OUT ends in ".mp4" (any case): H.264 in an MP4
  PngFrames,  // OUT ends in "/" or is an existing folder: OUT/frame-00001.png, frame-00002.png, ...
};

// What a sink is opened with. Frames are opaque (alpha is ignored) and all share one size.
struct SinkOptions {
  uint32_t width = 0, height = 0;  // pixels; the MP4 needs both even (yuv420p halves chroma)
  uint32_t fps = 30;               // frames per second, constant; frame i is shown at i / fps seconds
  // MP4 only. x264's constant rate factor (0 lossless .. 51 worst; 18 is visually clean
  // for city scenes with thin lines and text) and speed preset: "veryfast" was chosen by
  // measurement at 1920x1080 (docs/ARCHITECTURE.md, "Video output").
  int crf = 18;
  std::string preset = "veryfast";
  std::string encoder = "libx264";  // FFmpeg encoder name; H.264 is what every player takes
  uint32_t keyframeIntervalS = 2;   // a keyframe at least this often, for seeking in players
  uint32_t queueFrames = 3;         // frames waiting for the encoder before push() blocks (>= 1)
};

// Counts and times so far; safe to read from any thread while frames are pushed.
struct FrameSinkStats {
  uint64_t framesPushed = 0;
  uint64_t framesWritten = 0;  // taken off the queue and encoded (MP4) or written (PNG)
  double encodeMs = 0;         // on the sink's thread: RGBA->YUV, encoding, writing, the final flush
  double pushBlockedMs = 0;    // in total, how long push() waited for room in the queue
  double encodeMsPerFrame() const { return framesWritten ? encodeMs / double(framesWritten) : 0; }
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  FrameSink() = default;
  FrameSink(const FrameSink&) = delete;
  FrameSink& operator=(const FrameSink&) = delete;

  // Queues one frame of the opened size. Blocks while the queue is full. After the
  // sink's thread has failed (disk full...), returns that error for every later push.
  virtual Result<> push(io::RgbaImage frame) = 0;
  // Writes every queued frame and completes the output (MP4: flush, index at the front
  // for streaming, then renamed into place). Returns the first error met. Call once.
  virtual Result<> finish() = 0;
  virtual FrameSinkStats stats() const = 0;
  virtual SinkKind kind() const = 0;
  // Destroying a sink without finish() drops the queued frames and does not wait for
  // them: an MP4 is never left half-written (its ".part" file is removed and an older
  // OUT stays as it was); the PNGs already written stay.
};

// Which sink `out` asks for, or an error that names `out` and what is accepted. Lets a
// command reject a bad --out before it loads a scene.
Result<SinkKind> sinkKindFor(const std::string& out);

// Opens the sink `out` asks for and checks everything that can be checked before the
// first frame: the folder is writable, the size and frame rate are valid, the encoder
// exists and accepts the settings. Errors name `out`.
//
// MP4: H.264 (libx264), yuv420p, BT.709 primaries, transfer and matrix, limited range;
// time base 1/fps with pts = frame index; "+faststart". Written as OUT.part and renamed
// to OUT by finish(). An odd width or height is an error, not padded: the video keeps
// exactly the size asked for.
// PNG frames: the folder is created if missing; frame i (from 0) is written as
// frame-%05d.png numbered from 1 (frame-00001.png; a sixth digit after 99999), each
// file atomically (io::writePng). Files of an earlier, longer run are not removed.
Result<std::unique_ptr<FrameSink>> openFrameSink(const std::string& out, const SinkOptions& options);

// The PNG sink's file name for frame `index` (0-based): frame-00001.png for 0.
std::string pngFrameName(uint64_t index);

}  // namespace ts::video
