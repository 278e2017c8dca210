#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };

layout(location = 0) in vec3 vLit;
layout(location = 1) in float vHaze;
layout(location = 2) in float vHeightM;
layout(location = 3) in float vWall;
layout(location = 0) out vec4 outColor;

void main() {
  // Contact darkening: walls get darker over their lowest 10 m, towards the street.
  float contact = 1.0 - vWall * 0.45 * clamp(1.0 - vHeightM * 0.1, 0.0, 1.0);
  outColor = vec4(mix(vLit * contact, hazeColor(frame), vHaze), 1.0);
}
