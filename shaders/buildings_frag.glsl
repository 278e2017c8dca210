// Body of buildings.frag and buildings_textured.frag (TEXTURED defined).
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };

layout(location = 0) in vec3 vLit;
layout(location = 1) in float vHaze;
layout(location = 2) in float vHeightM;
layout(location = 3) in float vWall;
layout(location = 5) flat in float vAlpha;
layout(location = 0) out vec4 outColor;
#ifdef TEXTURED
layout(location = 4) in vec2 vUv;
layout(set = 1, binding = 0) uniform sampler2D baseColorTexture;  // sRGB: sampled as linear
#endif

void main() {
  // Contact darkening: walls get darker over their lowest 10 m, towards the street.
  float contact = 1.0 - vWall * 0.45 * clamp(1.0 - vHeightM * 0.1, 0.0, 1.0);
  vec3 lit = vLit * contact;
#ifdef TEXTURED
  lit *= texture(baseColorTexture, vUv).rgb;
#endif
  outColor = vec4(mix(lit, hazeColor(frame), vHaze), vAlpha);
}
