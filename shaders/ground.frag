#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec3 vWorld;
layout(location = 0) out vec4 outColor;

void main() {
  // The ground's triangles span kilometres, so haze is evaluated per pixel here.
  vec3 lit = litColor(frame, frame.groundColor.rgb, vec3(0.0, 0.0, 1.0));
  outColor = vec4(mix(lit, frame.skyHorizon.rgb, hazeAmount(frame, distance(vWorld, frame.cameraPosEnu.xyz))), 1.0);
}
