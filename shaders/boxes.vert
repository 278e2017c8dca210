#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec3 inMin;
layout(location = 1) in vec3 inMax;
layout(location = 2) in vec4 inColor;  // sRGB-encoded
layout(location = 3) in uint inFlags;
layout(location = 0) out vec3 vColor;
layout(location = 1) out float vHaze;

// Instanced boxes for the live layers (data-centre load columns, camera icons): 36
// vertices of a cube from gl_VertexIndex, no vertex buffer.
void main() {
  const vec3 normals[6] = vec3[](vec3(1, 0, 0), vec3(-1, 0, 0), vec3(0, 1, 0), vec3(0, -1, 0), vec3(0, 0, 1), vec3(0, 0, -1));
  const vec2 quad[6] = vec2[](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));
  int face = gl_VertexIndex / 6;
  vec3 n = normals[face];
  vec2 q = quad[gl_VertexIndex % 6];
  // Two axes spanning the face, ordered so every face winds counter-clockwise seen from outside.
  vec3 u = abs(n.x) > 0.5 ? vec3(0, 1, 0) : vec3(1, 0, 0);
  vec3 v = cross(n, u);
  vec3 unit = n + u * q.x + v * q.y;  // corners of [-1, 1]^3
  vec3 centre = (inMin + inMax) * 0.5, halfSize = (inMax - inMin) * 0.5;
  vec3 p = centre + unit * halfSize;
  vec3 albedo = srgbToLinear(inColor.rgb);
  vColor = (inFlags & OVERLAY_FLAG_EMISSIVE) != 0u ? albedo * 1.4 : litColor(frame, albedo, n);
  vHaze = hazeAmount(frame, distance(p, frame.cameraPosEnu.xyz));
  gl_Position = frame.viewProj * vec4(p, 1.0);
}
