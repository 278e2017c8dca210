#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec3 vWorld;
layout(location = 0) out vec4 outColor;

void main() {
  outColor = vec4(shadeSurface(frame, frame.groundColor.rgb, vec3(0.0, 0.0, 1.0), vWorld), 1.0);
}
