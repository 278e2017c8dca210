#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec3 vColor;
layout(location = 1) in float vHaze;
layout(location = 0) out vec4 outColor;

void main() { outColor = vec4(mix(vColor, hazeColor(frame), vHaze), 1.0); }
