// Access to the SPIR-V compiled from shaders/*.{vert,frag,comp} at build time.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ts::shaders {
// The SPIR-V words of a shader by its source file name ("scene.vert"); empty if unknown.
std::span<const uint32_t> spirv(std::string_view name);
// Every embedded shader's name.
std::vector<std::string_view> names();
}  // namespace ts::shaders
