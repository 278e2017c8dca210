#include "video/mp4_encoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/log.h"

namespace ts::video {

namespace {

// FFmpeg's error lines often say more than its error code ("width not divisible by 2",
// "Error setting preset/tune"), so the last one logged on this thread is kept and
// appended to our error. Everything FFmpeg logs goes to the debug log, not to stderr
// where it would break up a progress bar.
thread_local std::string t_lastFfmpegError;

void forwardFfmpegLog(void* avcl, int level, const char* fmt, va_list args) {
  if (level > AV_LOG_VERBOSE) return;
  char line[1024];
  int printPrefix = 0;  // no "[libx264 @ 0x...]": our message says what was being done
  av_log_format_line2(avcl, level, fmt, args, line, sizeof line, &printPrefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  if (level <= AV_LOG_ERROR) t_lastFfmpegError = text;
  spdlog::debug("ffmpeg: {}", text);
}

void routeFfmpegLog() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(forwardFfmpegLog); });
}

std::string errorText(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

}  // namespace

void Mp4Encoder::FormatCloser::operator()(AVFormatContext* f) const {
  if (f && f->pb) avio_closep(&f->pb);
  avformat_free_context(f);
}
void Mp4Encoder::CodecFreer::operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
void Mp4Encoder::FrameFreer::operator()(AVFrame* f) const { av_frame_free(&f); }
void Mp4Encoder::PacketFreer::operator()(AVPacket* p) const { av_packet_free(&p); }
void Mp4Encoder::SwsFreer::operator()(SwsContext* s) const { sws_freeContext(s); }

Mp4Encoder::Mp4Encoder(std::filesystem::path path, const SinkOptions& options)
    : m_path(std::move(path)), m_options(options) {
  m_partPath = m_path;
  m_partPath += ".part";
}

Mp4Encoder::~Mp4Encoder() {
  if (m_finished) return;
  m_format.reset();  // closes the file before it is removed
  removePart();
}

Error Mp4Encoder::ffmpegError(const char* call, int code) const {
  std::string message = "cannot write '" + m_path.string() + "': " + call + " failed: " + errorText(code);
  if (!t_lastFfmpegError.empty()) message += " (" + t_lastFfmpegError + ")";
  t_lastFfmpegError.clear();
  return Error{message};
}

Result<std::unique_ptr<Mp4Encoder>> Mp4Encoder::open(const std::filesystem::path& path, const SinkOptions& options) {
  routeFfmpegLog();
  t_lastFfmpegError.clear();
  std::unique_ptr<Mp4Encoder> encoder(new Mp4Encoder(path, options));
  if (auto r = encoder->openCodec(); !r) return std::unexpected(r.error());
  if (auto r = encoder->openConverter(); !r) return std::unexpected(r.error());
  if (auto r = encoder->openOutput(); !r) return std::unexpected(r.error());
  return encoder;
}

Result<> Mp4Encoder::openCodec() {
  const SinkOptions& o = m_options;
  const AVCodec* codec = avcodec_find_encoder_by_name(o.encoder.c_str());
  if (!codec)
    return fail("cannot write '" + m_path.string() + "': this FFmpeg has no encoder '" + o.encoder +
                "' (Debian's libavcodec59 includes libx264; `ffmpeg -encoders` lists what is there)");
  if (codec->type != AVMEDIA_TYPE_VIDEO)
    return fail("cannot write '" + m_path.string() + "': FFmpeg's '" + o.encoder + "' is not a video encoder");
  m_codec.reset(avcodec_alloc_context3(codec));
  if (!m_codec) return fail("cannot write '" + m_path.string() + "': out of memory for the encoder");
  AVCodecContext* c = m_codec.get();
  c->width = int(o.width);
  c->height = int(o.height);
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->time_base = AVRational{1, int(o.fps)};
  c->framerate = AVRational{int(o.fps), 1};
  c->gop_size = int(o.fps * (o.keyframeIntervalS ? o.keyframeIntervalS : 1));
  // Tagged as what the RGB->YUV conversion does, so players decode it the same way.
  c->color_range = AVCOL_RANGE_MPEG;
  c->colorspace = AVCOL_SPC_BT709;
  c->color_primaries = AVCOL_PRI_BT709;
  c->color_trc = AVCOL_TRC_BT709;
  // MP4 keeps the parameter sets in its header rather than before each keyframe.
  c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* settings = nullptr;
  av_dict_set(&settings, "preset", o.preset.c_str(), 0);
  av_dict_set(&settings, "crf", std::to_string(o.crf).c_str(), 0);
  int err = avcodec_open2(c, codec, &settings);
  av_dict_free(&settings);
  if (err < 0) {
    Error e = ffmpegError("opening the encoder", err);
    e.message += "; encoder '" + o.encoder + "', preset '" + o.preset + "', crf " + std::to_string(o.crf);
    return std::unexpected(e);
  }
  return {};
}

Result<> Mp4Encoder::openConverter() {
  const int w = int(m_options.width), h = int(m_options.height);
  m_sws.reset(sws_getContext(w, h, AV_PIX_FMT_RGBA, w, h, AV_PIX_FMT_YUV420P, SWS_BILINEAR | SWS_ACCURATE_RND, nullptr,
                             nullptr, nullptr));
  if (!m_sws) return fail("cannot write '" + m_path.string() + "': libswscale cannot convert RGBA to yuv420p here");
  // Full-range RGB in, BT.709 limited-range YUV out: what the stream is tagged with.
  const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
  sws_setColorspaceDetails(m_sws.get(), bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
  m_frame.reset(av_frame_alloc());
  m_packet.reset(av_packet_alloc());
  if (!m_frame || !m_packet) return fail("cannot write '" + m_path.string() + "': out of memory for frames");
  m_frame->format = AV_PIX_FMT_YUV420P;
  m_frame->width = w;
  m_frame->height = h;
  m_frame->color_range = AVCOL_RANGE_MPEG;
  m_frame->colorspace = AVCOL_SPC_BT709;
  m_frame->color_primaries = AVCOL_PRI_BT709;
  m_frame->color_trc = AVCOL_TRC_BT709;
  if (int err = av_frame_get_buffer(m_frame.get(), 0); err < 0)
    return std::unexpected(ffmpegError("av_frame_get_buffer", err));
  return {};
}

Result<> Mp4Encoder::openOutput() {
  AVFormatContext* format = nullptr;
  int err = avformat_alloc_output_context2(&format, nullptr, "mp4", m_partPath.c_str());
  if (err < 0) return std::unexpected(ffmpegError("avformat_alloc_output_context2", err));
  m_format.reset(format);
  m_stream = avformat_new_stream(format, nullptr);
  if (!m_stream) return fail("cannot write '" + m_path.string() + "': out of memory for the stream");
  m_stream->time_base = m_codec->time_base;  // a request; the muxer may pick a finer one
  m_stream->avg_frame_rate = m_codec->framerate;
  m_stream->r_frame_rate = m_codec->framerate;
  if (err = avcodec_parameters_from_context(m_stream->codecpar, m_codec.get()); err < 0)
    return std::unexpected(ffmpegError("avcodec_parameters_from_context", err));
  if (err = avio_open(&format->pb, m_partPath.c_str(), AVIO_FLAG_WRITE); err < 0)
    return std::unexpected(ffmpegError(("creating '" + m_partPath.string() + "'").c_str(), err));
  m_fileOpen = true;
  // The index (moov) goes in front once everything is written, so a browser or a
  // presentation tool can start playing before it has the whole file.
  AVDictionary* muxerOptions = nullptr;
  av_dict_set(&muxerOptions, "movflags", "+faststart", 0);
  err = avformat_write_header(format, &muxerOptions);
  av_dict_free(&muxerOptions);
  if (err < 0) return std::unexpected(ffmpegError("writing the MP4 header", err));
  return {};
}

Result<> Mp4Encoder::encode(const io::RgbaImage& image) {
  if (m_finished) return fail("cannot write '" + m_path.string() + "': frame after finish()");
  if (int err = av_frame_make_writable(m_frame.get()); err < 0)
    return std::unexpected(ffmpegError("av_frame_make_writable", err));
  const uint8_t* src[1] = {image.pixels.data()};
  const int srcStride[1] = {int(image.width * 4)};
  sws_scale(m_sws.get(), src, srcStride, 0, int(image.height), m_frame->data, m_frame->linesize);
  m_frame->pts = m_nextPts++;
  return send(m_frame.get());
}

Result<> Mp4Encoder::send(const AVFrame* frame) {
  if (int err = avcodec_send_frame(m_codec.get(), frame); err < 0)
    return std::unexpected(ffmpegError(frame ? "encoding a frame" : "flushing the encoder", err));
  return writeReadyPackets();
}

Result<> Mp4Encoder::writeReadyPackets() {
  for (;;) {
    int err = avcodec_receive_packet(m_codec.get(), m_packet.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) return std::unexpected(ffmpegError("receiving a packet", err));
    av_packet_rescale_ts(m_packet.get(), m_codec->time_base, m_stream->time_base);
    m_packet->stream_index = m_stream->index;
    err = av_interleaved_write_frame(m_format.get(), m_packet.get());  // takes the packet's data
    if (err < 0) return std::unexpected(ffmpegError("writing a packet", err));
  }
}

Result<> Mp4Encoder::finish() {
  if (m_finished) return fail("cannot write '" + m_path.string() + "': finished twice");
  if (auto r = send(nullptr); !r) return r;
  if (int err = av_write_trailer(m_format.get()); err < 0)
    return std::unexpected(ffmpegError("writing the MP4 index", err));
  if (auto r = closeFile(); !r) return r;
  std::error_code ec;
  std::filesystem::rename(m_partPath, m_path, ec);
  if (ec)
    return fail("cannot write '" + m_path.string() + "': renaming '" + m_partPath.string() + "': " + ec.message());
  m_finished = true;
  return {};
}

Result<> Mp4Encoder::closeFile() {
  if (int err = avio_closep(&m_format->pb); err < 0)
    return std::unexpected(ffmpegError("closing the file (disk full?)", err));
  return {};
}

void Mp4Encoder::removePart() {
  if (!m_fileOpen) return;
  std::error_code ec;
  std::filesystem::remove(m_partPath, ec);
  m_fileOpen = false;
}

}  // namespace ts::video
