// Sun + hemisphere lighting and aerial haze, shared by every lit surface.
// Building faces are flat, so their lighting is evaluated per vertex (exact for a flat
// face) and only the cheap parts stay per pixel: on a CPU rasteriser every per-pixel
// instruction shows in the frame time.
#ifndef TS_LIGHTING_GLSL
#define TS_LIGHTING_GLSL

vec3 srgbToLinear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}

// Sunlight and sky light reflected by a surface of linear `albedo` with unit normal `n`.
vec3 litColor(FrameUniforms f, vec3 albedo, vec3 n) {
  float ndl = max(dot(n, f.sunDirection.xyz), 0.0);
  vec3 hemi = mix(f.groundAmbient.rgb, f.skyZenith.rgb, 0.5 + 0.5 * n.z) * f.skyZenith.w;
  return albedo * (f.sunColor.rgb * (f.sunDirection.w * ndl) + hemi) * f.sunColor.w;
}

// Aerial perspective: how much of the horizon haze lies between the eye and a point
// `dist` metres away (1 - e^(-density * dist)).
float hazeAmount(FrameUniforms f, float dist) {
  return 1.0 - exp(-dist * f.skyHorizon.w);
}
// The colour distant surfaces fade to: the sky at the horizon, exposed like the sky.
vec3 hazeColor(FrameUniforms f) {
  return f.skyHorizon.rgb * f.sunColor.w;
}
#endif
