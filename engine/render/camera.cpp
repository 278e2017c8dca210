#include "render/camera.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace ts::render {

namespace {
constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
}

Camera Camera::lookAt(const glm::vec3& eye, const glm::vec3& target) {
  Camera c;
  c.eyeEnu = eye;
  c.targetEnu = target;
  return c;
}

Camera Camera::fromHeadingPitchRange(const glm::vec3& target, const HeadingPitchRange& hpr) {
  double h = hpr.headingDeg * kDegToRad, p = hpr.pitchDeg * kDegToRad;
  // Direction the camera looks, in ENU.
  glm::dvec3 dir(std::sin(h) * std::cos(p), std::cos(h) * std::cos(p), std::sin(p));
  glm::dvec3 eye = glm::dvec3(target) - dir * hpr.rangeM;
  return lookAt(glm::vec3(eye), target);
}

HeadingPitchRange Camera::headingPitchRange() const {
  glm::dvec3 d = glm::dvec3(targetEnu) - glm::dvec3(eyeEnu);
  HeadingPitchRange hpr;
  hpr.rangeM = glm::length(d);
  if (hpr.rangeM <= 0) return hpr;
  glm::dvec3 dir = d / hpr.rangeM;
  hpr.pitchDeg = std::asin(std::clamp(dir.z, -1.0, 1.0)) / kDegToRad;
  hpr.headingDeg = std::atan2(dir.x, dir.y) / kDegToRad;
  if (hpr.headingDeg < 0) hpr.headingDeg += 360.0;
  return hpr;
}

glm::mat4 Camera::view() const {
  glm::vec3 forward = targetEnu - eyeEnu;
  // Looking straight down: z-up is parallel to the view, so use north as "up".
  glm::vec3 up(0, 0, 1);
  if (glm::length(glm::cross(glm::normalize(forward), up)) < 1e-4f) up = glm::vec3(0, 1, 0);
  return glm::lookAt(eyeEnu, targetEnu, up);
}

glm::mat4 Camera::projection(float aspect) const {
  float f = 1.0f / std::tan(float(fovYDeg * kDegToRad) * 0.5f);
  glm::mat4 p(0.0f);
  p[0][0] = f / aspect;
  p[1][1] = -f;    // Vulkan clip space: y points down
  p[2][2] = 0.0f;  // reversed Z, infinite far: z_clip = near, w_clip = -z_view
  p[2][3] = -1.0f;
  p[3][2] = nearM;
  return p;
}

}  // namespace ts::render
