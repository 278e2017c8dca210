#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec3 vWorld;
layout(location = 1) flat in vec3 vLit;
layout(location = 0) out vec4 outColor;

void main() {
  // The ground's triangles span kilometres, so haze is evaluated per pixel here.
  float haze = hazeAmount(frame, distance(vWorld, frame.cameraPosEnu.xyz));
  outColor = vec4(mix(vLit, hazeColor(frame), haze), 1.0);
}
