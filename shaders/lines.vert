#version 450
#include "shared/scene_types.h"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec3 inPos;
layout(location = 1) in vec4 inColor;  // sRGB-encoded
layout(location = 0) out vec3 vColor;

float toLinear(float c) { return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4); }

// Lines of the live layers (camera frusta): unlit, their own colour.
void main() {
  vColor = vec3(toLinear(inColor.r), toLinear(inColor.g), toLinear(inColor.b));
  gl_Position = frame.viewProj * vec4(inPos, 1.0);
}
