#include "video_probe.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>

#include "process.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

std::string field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ffprobe writes numbers as strings ("1.500000", "45").
double number(const json& object, const char* key) {
  std::string s = field(object, key);
  return s.empty() ? 0.0 : std::strtod(s.c_str(), nullptr);
}

}  // namespace

ts::Result<VideoProbe> probeVideo(const fs::path& path) {
  ProcessRun run = runCommand(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,nb_read_frames,duration,color_range,"
      "color_space,color_primaries,color_transfer:format=duration,format_name -of json " +
      quoted(path));
  if (run.exitCode != 0) return ts::fail("ffprobe failed on '" + path.string() + "': " + run.output);
  json doc = json::parse(run.output, nullptr, false);
  if (doc.is_discarded() || !doc.contains("streams") || !doc["streams"].is_array() || doc["streams"].empty())
    return ts::fail("ffprobe found no video stream in '" + path.string() + "': " + run.output);
  const json& s = doc["streams"][0];
  const json& f = doc.value("format", json::object());
  VideoProbe p;
  p.formatName = field(f, "format_name");
  p.codec = field(s, "codec_name");
  p.pixFmt = field(s, "pix_fmt");
  p.colorRange = field(s, "color_range");
  p.colorSpace = field(s, "color_space");
  p.colorPrimaries = field(s, "color_primaries");
  p.colorTransfer = field(s, "color_transfer");
  p.rFrameRate = field(s, "r_frame_rate");
  p.avgFrameRate = field(s, "avg_frame_rate");
  p.width = s.value("width", 0u);
  p.height = s.value("height", 0u);
  p.framesDecoded = int64_t(number(s, "nb_read_frames"));
  p.streamDurationS = number(s, "duration");
  p.containerDurationS = number(f, "duration");
  return p;
}

ts::Result<ts::io::RgbaImage> decodeFrame(const fs::path& path, int64_t index) {
  static std::atomic<int> counter{0};
  fs::path png = fs::temp_directory_path() /
                 ("twinscape-decode-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".png");
  // select= counts decoded frames in display order; passthrough keeps ffmpeg from
  // duplicating or dropping frames to fit a rate.
  ProcessRun run =
      runCommand("ffmpeg -v error -nostdin -i " + quoted(path) + " -vf 'select=eq(n\\," + std::to_string(index) +
                 ")' -frames:v 1 -fps_mode passthrough -pix_fmt rgba -y " + quoted(png));
  std::error_code ec;
  if (run.exitCode != 0 || !fs::exists(png, ec)) {
    fs::remove(png, ec);
    return ts::fail("ffmpeg could not decode frame " + std::to_string(index) + " of '" + path.string() +
                    "': " + (run.output.empty() ? "no such frame" : run.output));
  }
  auto image = ts::io::readPng(png);
  fs::remove(png, ec);
  return image;
}

double meanAbsDiffRgb(const ts::io::RgbaImage& a, const ts::io::RgbaImage& b) {
  if (a.width != b.width || a.height != b.height || a.pixels.size() != b.pixels.size() || a.pixels.empty())
    return std::numeric_limits<double>::infinity();
  uint64_t sum = 0;
  for (size_t i = 0; i < a.pixels.size(); i += 4)
    for (size_t c = 0; c < 3; ++c) sum += uint64_t(std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])));
  return double(sum) / double(a.pixels.size() / 4 * 3);
}
