// H.264 in MP4 through FFmpeg's libraries (libavcodec, libavformat, libswscale), one
// frame at a time on the calling thread; Mp4Sink runs it on the sink's thread. FFmpeg's
// types are only declared here so that users of the header need no FFmpeg headers.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>

#include "video/frame_sink.h"

struct AVCodecContext;
struct AVFormatContext;
struct AVFrame;
struct AVPacket;
struct AVStream;
struct SwsContext;

namespace ts::video {

class Mp4Encoder {
 public:
  // Opens the encoder and OUT.part for writing (the header is written; see
  // openFrameSink for the format). Errors name `path`.
  static Result<std::unique_ptr<Mp4Encoder>> open(const std::filesystem::path& path, const SinkOptions& options);
  ~Mp4Encoder();  // without finish(): closes and removes OUT.part
  Mp4Encoder(const Mp4Encoder&) = delete;
  Mp4Encoder& operator=(const Mp4Encoder&) = delete;

  // Converts one RGBA frame to yuv420p, encodes it with pts = its index and writes the
  // packets that are ready.
  Result<> encode(const io::RgbaImage& frame);
  // Flushes the encoder, writes the trailer (moving the index to the front) and renames
  // OUT.part to OUT.
  Result<> finish();

 private:
  struct FormatCloser {
    void operator()(AVFormatContext* f) const;
  };
  struct CodecFreer {
    void operator()(AVCodecContext* c) const;
  };
  struct FrameFreer {
    void operator()(AVFrame* f) const;
  };
  struct PacketFreer {
    void operator()(AVPacket* p) const;
  };
  struct SwsFreer {
    void operator()(SwsContext* s) const;
  };

  Mp4Encoder(std::filesystem::path path, const SinkOptions& options);
  Result<> openCodec();
  Result<> openOutput();
  Result<> openConverter();
  Result<> send(const AVFrame* frame);  // nullptr flushes
  Result<> writeReadyPackets();
  Result<> closeFile();
  void removePart();
  Error ffmpegError(const char* call, int code) const;

  std::filesystem::path m_path, m_partPath;
  SinkOptions m_options;
  std::unique_ptr<AVCodecContext, CodecFreer> m_codec;
  std::unique_ptr<AVFormatContext, FormatCloser> m_format;
  AVStream* m_stream = nullptr;  // owned by m_format
  std::unique_ptr<SwsContext, SwsFreer> m_sws;
  std::unique_ptr<AVFrame, FrameFreer> m_frame;
  std::unique_ptr<AVPacket, PacketFreer> m_packet;
  int64_t m_nextPts = 0;
  bool m_fileOpen = false;  // OUT.part exists and is ours to remove
  bool m_finished = false;
};

}  // namespace ts::video
