// Decoding texture images (PNG, JPEG and the other formats stb_image reads) to RGBA8.
#pragma once
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "core/result.h"
#include "scene/city_model.h"

namespace ts::io {

Result<scene::Texture> decodeImageFile(const std::filesystem::path& path);
Result<scene::Texture> decodeImageMemory(std::span<const uint8_t> bytes, const std::string& name);

}  // namespace ts::io
