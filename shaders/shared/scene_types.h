// Structs shared by C++ and GLSL. Only mat4/vec4/uint members, so std140 and C++ agree;
// engine/render/shader_types.h static_asserts every size and offset.
#ifndef TS_SHADERS_SHARED_SCENE_TYPES_H
#define TS_SHADERS_SHARED_SCENE_TYPES_H

#ifdef __cplusplus
#include <cstdint>
#include <glm/mat4x4.hpp>
#include <glm/vec4.hpp>
namespace ts::shader {
using mat4 = glm::mat4;
using vec4 = glm::vec4;
using uint = uint32_t;
#endif

// Per-frame constants (uniform buffer, set 0 binding 0). Positions in local ENU metres.
struct FrameUniforms {
  mat4 viewProj;       // world (ENU) -> clip, reversed-Z infinite perspective
  mat4 invViewProj;    // clip -> world, for sky view rays
  vec4 cameraPosEnu;   // xyz: eye position (m); w: unused
  vec4 sunDirection;   // xyz: unit vector towards the sun; w: sun illuminance scale
  vec4 sunColor;       // rgb: linear colour of sunlight; w: exposure
  vec4 skyZenith;      // rgb: linear sky colour overhead; w: hemisphere ambient scale
  vec4 skyHorizon;     // rgb: linear sky/haze colour at the horizon; w: fog density (1/m)
  vec4 groundAmbient;  // rgb: light bounced from the ground; w: unused
  vec4 groundColor;    // rgb: linear albedo of the ground plane; w: ground half-size (m)
};

// Per-building style (storage buffer, set 0 binding 1), indexed by building id.
struct BuildingStyle {
  uint colorSrgb;  // RGBA8 sRGB override colour, R in the low byte; alpha = how much it
                   // replaces the vertex colours (0: not at all, 255: entirely)
  uint flags;      // BUILDING_FLAG_* bits
};

#define BUILDING_FLAG_HIDDEN 1u
#define BUILDING_FLAG_HIGHLIGHT 2u
#define BUILDING_FLAG_HOVER 4u  // under the cursor in the window: a lighter tint than the selection's
// Bits 8..15: transparency (0 opaque .. 255 invisible); translucent buildings are drawn
// in a second, blended draw.
#define BUILDING_TRANSPARENCY_SHIFT 8u
#define BUILDING_TRANSPARENCY_MASK 0xff00u

// Which buildings a draw takes (push constant of the building pipelines).
#define BUILDING_PASS_OPAQUE 0u
#define BUILDING_PASS_TRANSLUCENT 1u

// Vertex input locations of the merged building mesh (28-byte vertices).
#define BUILDING_ATTR_POSITION 0  // vec3 ENU metres (R32G32B32_SFLOAT)
#define BUILDING_ATTR_NORMAL 1    // vec4 (R8G8B8A8_SNORM), xyz normal
#define BUILDING_ATTR_ID 2        // uint building id (R32_UINT)
#define BUILDING_ATTR_COLOR 3     // vec4 (R8G8B8A8_UNORM), sRGB-encoded albedo
#define BUILDING_ATTR_UV 4        // vec2 (R16G16_SFLOAT), texture coordinates

// Push constants of the draped-raster pipeline.
struct DrapedPush {
  vec4 rect;    // xy: south-west corner (ENU m); zw: size (m)
  vec4 params;  // x: height above ground (m); y: opacity; z: how much the sun lights it (0..1); w: unused
};

// Overlay box flags (per instance).
#define OVERLAY_FLAG_EMISSIVE 1u  // unlit, bright: alerts and status icons

#ifdef __cplusplus
}  // namespace ts::shader
#endif
#endif
