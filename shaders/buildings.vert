#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(location = BUILDING_ATTR_POSITION) in vec3 inPos;
layout(location = BUILDING_ATTR_NORMAL) in vec4 inNormal;
layout(location = BUILDING_ATTR_ID) in uint inBuildingId;

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(std430, set = 0, binding = 1) readonly buffer StyleBlock { BuildingStyle styles[]; };

layout(location = 0) out vec3 vWorld;
layout(location = 1) out vec3 vNormal;
layout(location = 2) flat out vec3 vAlbedo;

void main() {
  BuildingStyle s = styles[inBuildingId];
  if ((s.flags & BUILDING_FLAG_HIDDEN) != 0u) {
    gl_Position = vec4(0.0, 0.0, -2.0, 1.0);  // outside the clip volume: culled
    return;
  }
  vec3 albedo = srgbToLinear(unpackUnorm4x8(s.colorSrgb).rgb);
  if ((s.flags & BUILDING_FLAG_HIGHLIGHT) != 0u) albedo = mix(albedo, vec3(1.0, 0.55, 0.1), 0.6);
  vAlbedo = albedo;
  vWorld = inPos;
  vNormal = inNormal.xyz;
  gl_Position = frame.viewProj * vec4(inPos, 1.0);
}
