#include "io/image_decode.h"

#include <stb/stb_image.h>

#include <fstream>
#include <vector>

namespace ts::io {

Result<scene::Texture> decodeImageMemory(std::span<const uint8_t> bytes, const std::string& name) {
  int w = 0, h = 0, channels = 0;
  stbi_uc* px = stbi_load_from_memory(bytes.data(), int(bytes.size()), &w, &h, &channels, 4);
  if (!px)
    return fail("cannot decode image '" + name +
                "': " + (stbi_failure_reason() ? stbi_failure_reason() : "unknown format"));
  scene::Texture t;
  t.name = name;
  t.width = uint32_t(w);
  t.height = uint32_t(h);
  t.rgba.assign(px, px + size_t(w) * size_t(h) * 4);
  stbi_image_free(px);
  return t;
}

Result<scene::Texture> decodeImageFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open image '" + path.string() + "'");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return decodeImageMemory(bytes, path.string());
}

}  // namespace ts::io
