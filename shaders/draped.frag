#version 450
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(push_constant) uniform DrapedBlock { DrapedPush draped; };
layout(set = 1, binding = 0) uniform sampler2D raster;  // sRGB RGBA8: sampled as linear
layout(location = 0) in vec2 vUv;
layout(location = 1) in vec3 vWorld;
layout(location = 0) out vec4 outColor;

void main() {
  vec4 c = texture(raster, vUv);
  // Lit like the ground it lies on, so it reads as paint on the street, not a sticker.
  vec3 lit = litColor(frame, c.rgb, vec3(0.0, 0.0, 1.0)) * draped.params.z + c.rgb * (1.0 - draped.params.z);
  // The rectangle spans kilometres: haze per pixel, as on the ground.
  float haze = hazeAmount(frame, distance(vWorld, frame.cameraPosEnu.xyz));
  outColor = vec4(mix(lit, hazeColor(frame), haze), c.a * draped.params.y);
}
