// Sun + hemisphere lighting and aerial haze, shared by every lit surface.
#ifndef TS_LIGHTING_GLSL
#define TS_LIGHTING_GLSL

vec3 srgbToLinear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

// albedo: linear; n: unit normal (ENU); worldPos: ENU metres.
vec3 shadeSurface(FrameUniforms f, vec3 albedo, vec3 n, vec3 worldPos) {
  float ndl = max(dot(n, f.sunDirection.xyz), 0.0);
  vec3 hemi = mix(f.groundAmbient.rgb, f.skyZenith.rgb, 0.5 + 0.5 * n.z) * f.skyZenith.w;
  vec3 lit = albedo * (f.sunColor.rgb * (f.sunDirection.w * ndl) + hemi);
  // Aerial perspective: distant surfaces fade into the horizon haze.
  float dist = length(worldPos - f.cameraPosEnu.xyz);
  float haze = 1.0 - exp(-dist * f.skyHorizon.w);
  return mix(lit * f.sunColor.w, f.skyHorizon.rgb, haze);
}
#endif
