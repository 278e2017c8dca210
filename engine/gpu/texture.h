// Sampled textures: RGBA8 sRGB images uploaded through a staging buffer, with a full
// mip chain generated on the GPU by linear blits (where the format allows it).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gpu/resources.h"

namespace ts::gpu {

struct TextureSource {
  uint32_t width = 0, height = 0;
  std::span<const uint8_t> rgba;  // width * height * 4 bytes, rows top first
  std::string_view name;
};

// Uploads every texture in one submission and waits for it; each image ends in
// SHADER_READ_ONLY_OPTIMAL. A load-time call.
std::vector<Image> uploadTextures(Context& ctx, std::span<const TextureSource> textures);

}  // namespace ts::gpu
