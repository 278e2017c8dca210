#version 450
#include "shared/scene_types.h"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) noperspective out vec3 vRay;

// One triangle covering the screen, at the far plane (depth 0 with reversed Z), so it
// only fills pixels no surface covered. The view ray is computed at the corners and
// interpolated linearly in screen space, which is exact for rays to the far plane.
void main() {
  vec2 uv = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
  vec2 ndc = uv * 2.0 - 1.0;
  vec4 far = frame.invViewProj * vec4(ndc, 1e-7, 1.0);
  vRay = far.xyz / far.w - frame.cameraPosEnu.xyz;
  gl_Position = vec4(ndc, 0.0, 1.0);
}
