#version 450
#include "shared/scene_types.h"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(location = 0) noperspective in vec3 vRay;
layout(location = 0) out vec4 outColor;

void main() {
  vec3 dir = normalize(vRay);
  vec3 sky = mix(frame.skyHorizon.rgb, frame.skyZenith.rgb, sqrt(clamp(dir.z, 0.0, 1.0)));
  // Sun glow and disc.
  float mu = max(dot(dir, frame.sunDirection.xyz), 0.0);
  float mu2 = mu * mu, mu4 = mu2 * mu2, mu12 = mu4 * mu4 * mu4;
  float disc = smoothstep(0.99985, 0.99995, mu);  // about 0.5 degrees across
  sky += frame.sunColor.rgb * (0.25 * mu12 + 4.0 * disc);
  outColor = vec4(sky * frame.sunColor.w, 1.0);
}
