#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };

layout(location = 0) in vec3 vWorld;
layout(location = 1) in vec3 vNormal;
layout(location = 2) flat in vec3 vAlbedo;
layout(location = 0) out vec4 outColor;

void main() {
  // Cheap contact darkening: walls get darker towards the street.
  float contact = mix(0.55, 1.0, clamp(vWorld.z / 10.0, 0.0, 1.0));
  vec3 n = normalize(vNormal);
  outColor = vec4(shadeSurface(frame, vAlbedo * mix(contact, 1.0, abs(n.z)), n, vWorld), 1.0);
}
