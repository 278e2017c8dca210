// C++ view of the structs in shaders/shared/, with the layout checks that keep the
// two sides in step, and the merged-mesh vertex format.
#pragma once
#include <cstddef>
#include <cstdint>

#include "shaders/shared/scene_types.h"

namespace ts::shader {
// The struct is shared with GLSL, so it cannot carry its own comparison.
inline bool operator==(const BuildingStyle& a, const BuildingStyle& b) {
  return a.colorSrgb == b.colorSrgb && a.flags == b.flags;
}
}  // namespace ts::shader

namespace ts::render {

using shader::BuildingStyle;
using shader::FrameUniforms;

static_assert(sizeof(FrameUniforms) == 2 * 64 + 7 * 16, "FrameUniforms must match std140 in scene_types.h");
static_assert(offsetof(FrameUniforms, invViewProj) == 64);
static_assert(offsetof(FrameUniforms, cameraPosEnu) == 128);
static_assert(offsetof(FrameUniforms, sunDirection) == 144);
static_assert(offsetof(FrameUniforms, groundColor) == 224);
static_assert(sizeof(BuildingStyle) == 8 && offsetof(BuildingStyle, flags) == 4, "BuildingStyle must match std430");

// One vertex of the merged building mesh: 28 bytes.
struct BuildingVertex {
  float posEnu[3];     // metres, relative to the scene origin
  int8_t normal[4];    // snorm8 xyz, w = 0
  uint32_t colorSrgb;  // RGBA8 sRGB albedo
  uint32_t buildingId;
  uint16_t uvHalf[2];  // texture coordinates as half floats
};
static_assert(sizeof(BuildingVertex) == 28);
static_assert(offsetof(BuildingVertex, normal) == 12 && offsetof(BuildingVertex, colorSrgb) == 16 &&
              offsetof(BuildingVertex, buildingId) == 20 && offsetof(BuildingVertex, uvHalf) == 24);

}  // namespace ts::render
