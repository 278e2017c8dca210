#version 450
layout(location = 0) out vec2 vNdc;

// One triangle covering the screen, at the far plane (depth 0 with reversed Z), so it
// only fills pixels no surface covered.
void main() {
  vec2 uv = vec2((gl_VertexIndex << 1) & 2, gl_VertexIndex & 2);
  vNdc = uv * 2.0 - 1.0;
  gl_Position = vec4(vNdc, 0.0, 1.0);
}
