#include "render/orbit_controller.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

namespace ts::render {

OrbitController OrbitController::from(const Camera& camera) {
  OrbitController o;
  o.targetEnu = camera.targetEnu;
  o.hpr = camera.headingPitchRange();
  o.clamp();
  return o;
}

Camera OrbitController::camera() const { return Camera::fromHeadingPitchRange(targetEnu, hpr); }

void OrbitController::clamp() {
  hpr.pitchDeg = std::clamp(hpr.pitchDeg, kMinPitchDeg, kMaxPitchDeg);
  hpr.rangeM = std::clamp(hpr.rangeM, kMinRangeM, kMaxRangeM);
  hpr.headingDeg = std::fmod(std::fmod(hpr.headingDeg, 360.0) + 360.0, 360.0);
  // The eye must stay above the ground even when the target is below it.
  double eyeZ = targetEnu.z - std::sin(hpr.pitchDeg * 3.14159265358979 / 180.0) * hpr.rangeM;
  if (eyeZ < 1.0) targetEnu.z += float(1.0 - eyeZ);
}

void OrbitController::rotate(double dx, double dy) {
  hpr.headingDeg += dx * 0.3;
  hpr.pitchDeg -= dy * 0.2;
  clamp();
}

void OrbitController::pan(double dx, double dy, double viewportHeight) {
  // Metres per pixel at the target's distance, for a 45 degree field of view.
  double mpp = 2.0 * hpr.rangeM * std::tan(22.5 * 3.14159265358979 / 180.0) / std::max(1.0, viewportHeight);
  double h = hpr.headingDeg * 3.14159265358979 / 180.0;
  glm::dvec2 forward(std::sin(h), std::cos(h)), right(std::cos(h), -std::sin(h));
  glm::dvec2 move = -right * (dx * mpp) + forward * (dy * mpp);
  targetEnu.x += float(move.x);
  targetEnu.y += float(move.y);
}

void OrbitController::zoomTowards(const glm::vec3& point, double steps) {
  double before = hpr.rangeM;
  zoom(steps);
  double f = 1.0 - hpr.rangeM / before;  // the share of the way the eye moved
  targetEnu += (point - targetEnu) * float(f);
  clamp();
}

void OrbitController::retarget(const glm::vec3& point) {
  Camera now = camera();
  if (glm::length(point - now.eyeEnu) < 1.f) return;
  *this = from(Camera::lookAt(now.eyeEnu, point));
}

void OrbitController::zoom(double steps) {
  hpr.rangeM *= std::pow(0.85, steps);
  clamp();
}

}  // namespace ts::render
