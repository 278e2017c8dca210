// The camera: an eye and a target in the scene's local east-north-up frame (metres,
// z up), with a geographic-style heading/pitch/range description around the target.
// Projection is reversed-Z with an infinite far plane (depth 1 at the near plane,
// 0 at infinity), so a 20 km city keeps depth precision.
#pragma once
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>

namespace ts::render {

struct HeadingPitchRange {
  double headingDeg = 0;  // clockwise from north (+y), the direction the camera looks
  double pitchDeg = -30;  // angle of the view above the horizon; negative looks down
  double rangeM = 1000;   // distance from the eye to the target
};

struct Camera {
  glm::vec3 eyeEnu{0, -1000, 500};
  glm::vec3 targetEnu{0, 0, 0};
  float fovYDeg = 45.0f;
  float nearM = 1.0f;

  static Camera lookAt(const glm::vec3& eyeEnu, const glm::vec3& targetEnu);
  static Camera fromHeadingPitchRange(const glm::vec3& targetEnu, const HeadingPitchRange& hpr);
  HeadingPitchRange headingPitchRange() const;

  glm::mat4 view() const;
  glm::mat4 projection(float aspect) const;  // Vulkan clip space (y down), reversed Z
  glm::mat4 viewProjection(float aspect) const { return projection(aspect) * view(); }
};

}  // namespace ts::render
