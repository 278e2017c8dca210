#include "io/png.h"

#include <spng.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace ts::io {

namespace {
struct CtxDeleter {
  void operator()(spng_ctx* c) const { spng_ctx_free(c); }
};
struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};
}  // namespace

Result<> checkWritable(const std::filesystem::path& path) {
  if (path.empty()) return fail("output path is empty");
  std::filesystem::path dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return fail("cannot write '" + path.string() + "': folder '" + dir.string() + "' does not exist");
  if (std::filesystem::is_directory(path, ec)) return fail("cannot write '" + path.string() + "': it is a folder");
  if (::access(dir.c_str(), W_OK) != 0)
    return fail("cannot write '" + path.string() + "': folder '" + dir.string() + "' is not writable (" +
                std::strerror(errno) + ")");
  return {};
}

Result<> writePng(const std::filesystem::path& path, const RgbaImage& image) {
  if (image.width == 0 || image.height == 0 || image.pixels.size() != size_t(image.width) * image.height * 4)
    return fail("cannot write '" + path.string() + "': image is empty or its size does not match its pixels");
  std::vector<uint8_t> rgb(size_t(image.width) * image.height * 3);
  for (size_t i = 0, j = 0; i < image.pixels.size(); i += 4, j += 3) {
    rgb[j] = image.pixels[i];
    rgb[j + 1] = image.pixels[i + 1];
    rgb[j + 2] = image.pixels[i + 2];
  }
  std::filesystem::path tmp = path;
  tmp += ".part";
  std::unique_ptr<FILE, FileCloser> file(std::fopen(tmp.c_str(), "wb"));
  if (!file) return fail("cannot write '" + path.string() + "': " + std::strerror(errno));
  std::unique_ptr<spng_ctx, CtxDeleter> ctx(spng_ctx_new(SPNG_CTX_ENCODER));
  spng_set_png_file(ctx.get(), file.get());
  spng_ihdr ihdr{};
  ihdr.width = image.width;
  ihdr.height = image.height;
  ihdr.bit_depth = 8;
  ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR;
  spng_set_ihdr(ctx.get(), &ihdr);
  // Fast settings: a still from a 4K wall display must not take seconds to save.
  spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, 3);
  spng_set_option(ctx.get(), SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_UP | SPNG_FILTER_CHOICE_SUB);
  int err = spng_encode_image(ctx.get(), rgb.data(), rgb.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
  ctx.reset();
  bool closeOk = std::fclose(file.release()) == 0;
  if (err || !closeOk) {
    std::filesystem::remove(tmp);
    return fail("cannot write '" + path.string() + "': " + (err ? spng_strerror(err) : "write failed (disk full?)"));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return fail("cannot write '" + path.string() + "': " + ec.message());
  }
  return {};
}

Result<RgbaImage> readPng(const std::filesystem::path& path) {
  std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return fail("cannot read '" + path.string() + "': " + std::strerror(errno));
  std::unique_ptr<spng_ctx, CtxDeleter> ctx(spng_ctx_new(0));
  spng_set_png_file(ctx.get(), file.get());
  spng_ihdr ihdr{};
  if (int err = spng_get_ihdr(ctx.get(), &ihdr))
    return fail("'" + path.string() + "' is not a PNG: " + spng_strerror(err));
  size_t size = 0;
  if (int err = spng_decoded_image_size(ctx.get(), SPNG_FMT_RGBA8, &size))
    return fail("cannot decode '" + path.string() + "': " + spng_strerror(err));
  RgbaImage img;
  img.width = ihdr.width;
  img.height = ihdr.height;
  img.pixels.resize(size);
  if (int err = spng_decode_image(ctx.get(), img.pixels.data(), size, SPNG_FMT_RGBA8, 0))
    return fail("cannot decode '" + path.string() + "': " + spng_strerror(err));
  return img;
}

ImageWriter::ImageWriter() : m_thread([this] { run(); }) {}

ImageWriter::~ImageWriter() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_thread.join();
}

std::future<Result<>> ImageWriter::write(std::filesystem::path path, RgbaImage image) {
  Job job{std::move(path), std::move(image), {}};
  auto future = job.done.get_future();
  {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back(std::move(job));
  }
  m_cv.notify_one();
  return future;
}

void ImageWriter::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(m_mutex);
      m_cv.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
      if (m_jobs.empty()) return;  // stopping, and everything is written
      job = std::move(m_jobs.front());
      m_jobs.pop_front();
    }
    job.done.set_value(writePng(job.path, job.image));
  }
}

}  // namespace ts::io
