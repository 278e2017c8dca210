// Body of buildings.vert and buildings_textured.vert (TEXTURED defined).
#include "shared/scene_types.h"
#include "shared/lighting.glsl"

layout(location = BUILDING_ATTR_POSITION) in vec3 inPos;
layout(location = BUILDING_ATTR_NORMAL) in vec4 inNormal;
layout(location = BUILDING_ATTR_ID) in uint inBuildingId;
layout(location = BUILDING_ATTR_COLOR) in vec4 inColor;
#ifdef TEXTURED
layout(location = BUILDING_ATTR_UV) in vec2 inUv;
layout(location = 4) out vec2 vUv;
#endif

layout(std140, set = 0, binding = 0) uniform FrameBlock { FrameUniforms frame; };
layout(std430, set = 0, binding = 1) readonly buffer StyleBlock { BuildingStyle styles[]; };
layout(push_constant) uniform PassBlock { uint buildingPass; };

layout(location = 0) out vec3 vLit;       // lit colour of the face (linear)
layout(location = 1) out float vHaze;     // haze amount at this vertex
layout(location = 2) out float vHeightM;  // height above ground, for contact darkening
layout(location = 3) out float vWall;     // 1 on walls, 0 on roofs and floors
layout(location = 5) flat out float vAlpha;

void main() {
  BuildingStyle s = styles[inBuildingId];
  uint transparency = (s.flags & BUILDING_TRANSPARENCY_MASK) >> BUILDING_TRANSPARENCY_SHIFT;
  bool translucent = transparency != 0u;
  // Each building belongs to exactly one of the two draws.
  if ((s.flags & BUILDING_FLAG_HIDDEN) != 0u || translucent != (buildingPass == BUILDING_PASS_TRANSLUCENT)) {
    gl_Position = vec4(0.0, 0.0, -2.0, 1.0);  // outside the clip volume: culled
    return;
  }
  vec4 styleColor = unpackUnorm4x8(s.colorSrgb);
  vec3 albedo = srgbToLinear(mix(inColor.rgb, styleColor.rgb, styleColor.a));
  // Hover: a light wash of the selection's cyan, so what a click would pick is clear.
  if ((s.flags & BUILDING_FLAG_HOVER) != 0u) albedo = mix(albedo, vec3(0.45, 0.85, 1.0), 0.35);
  // Selection: a strong cyan that stands out on sand, glass and yellow poles alike.
  if ((s.flags & BUILDING_FLAG_HIGHLIGHT) != 0u) albedo = mix(albedo, vec3(0.05, 0.65, 1.0), 0.75);
  vec3 n = normalize(inNormal.xyz);
  vLit = litColor(frame, albedo, n);
  vHaze = hazeAmount(frame, distance(inPos, frame.cameraPosEnu.xyz));
  vHeightM = inPos.z;
  vWall = 1.0 - abs(n.z);
  vAlpha = 1.0 - float(transparency) / 255.0;
#ifdef TEXTURED
  vUv = inUv;
#endif
  gl_Position = frame.viewProj * vec4(inPos, 1.0);
}
