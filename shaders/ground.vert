#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) out vec3 vWorld;
layout(location = 1) flat out vec3 vLit;

// A square ground plane at z = 0, two triangles, no vertex buffer. It is flat, so its
// lighting is the same everywhere and is computed here, once per vertex.
void main() {
  const vec2 corners[6] = vec2[](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));
  vec2 xy = corners[gl_VertexIndex] * frame.groundColor.w;
  vWorld = vec3(xy, 0.0);
  vLit = litColor(frame, frame.groundColor.rgb, vec3(0.0, 0.0, 1.0));
  gl_Position = frame.viewProj * vec4(vWorld, 1.0);
}
