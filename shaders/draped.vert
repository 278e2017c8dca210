#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(push_constant) uniform DrapedBlock { DrapedPush draped; };
layout(location = 0) out vec2 vUv;
layout(location = 1) out vec3 vWorld;

// A raster of the ground (coverage, camera counts) as a rectangle just above the land
// cover: drawn in the scene, so buildings hide it like anything else on the street.
void main() {
  const vec2 corners[6] = vec2[](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1), vec2(0, 1));
  vec2 uv = corners[gl_VertexIndex];
  vec3 p = vec3(draped.rect.xy + uv * draped.rect.zw, draped.params.x);
  vUv = uv;
  vWorld = p;
  gl_Position = frame.viewProj * vec4(p, 1.0);
}
