#version 450
#include "shared/scene_types.h"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) in vec2 vNdc;
layout(location = 0) out vec4 outColor;

void main() {
  vec4 far = frame.invViewProj * vec4(vNdc, 1e-7, 1.0);
  vec3 dir = normalize(far.xyz / far.w - frame.cameraPosEnu.xyz);
  float up = clamp(dir.z, 0.0, 1.0);
  vec3 sky = mix(frame.skyHorizon.rgb, frame.skyZenith.rgb, sqrt(up));
  // Sun glow and disc.
  float mu = max(dot(dir, frame.sunDirection.xyz), 0.0);
  sky += frame.sunColor.rgb * (0.25 * pow(mu, 12.0) + 4.0 * pow(mu, 2000.0));
  outColor = vec4(sky * frame.sunColor.w, 1.0);
}
