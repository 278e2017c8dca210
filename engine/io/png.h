// PNG files through libspng, and an ImageWriter that encodes on its own thread so the
// render thread never waits for compression.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace ts::io {

struct RgbaImage {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> pixels;  // RGBA8, rows top first, tightly packed
};

// Writes an opaque RGB PNG (alpha dropped). Writes to a temporary file in the same
// folder and renames it over `path`, so a reader never sees half a file.
Result<> writePng(const std::filesystem::path& path, const RgbaImage& image);
// Reads any PNG as RGBA8.
Result<RgbaImage> readPng(const std::filesystem::path& path);
// Checks that `path` can be created: its folder exists and is writable. Lets commands
// fail before rendering rather than after.
Result<> checkWritable(const std::filesystem::path& path);

class ImageWriter {
 public:
  ImageWriter();
  ~ImageWriter();  // finishes every queued image
  ImageWriter(const ImageWriter&) = delete;
  ImageWriter& operator=(const ImageWriter&) = delete;

  std::future<Result<>> write(std::filesystem::path path, RgbaImage image);

 private:
  struct Job {
    std::filesystem::path path;
    RgbaImage image;
    std::promise<Result<>> done;
  };
  void run();
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Job> m_jobs;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace ts::io
