// Orbiting the city: a target on the ground and a heading/pitch/range around it, moved
// by mouse drags and the wheel. The eye never goes below the ground.
#pragma once
#include <glm/vec3.hpp>

#include "render/camera.h"

namespace ts::render {

struct OrbitController {
  glm::vec3 targetEnu{0, 0, 0};
  HeadingPitchRange hpr{30, -35, 1500};
  static constexpr double kMinPitchDeg = -89.5, kMaxPitchDeg = -2.0;  // keeps the eye above the target's ground
  static constexpr double kMinRangeM = 5, kMaxRangeM = 60000;

  static OrbitController from(const Camera& camera);
  Camera camera() const;

  // Drag in pixels: horizontal turns the heading, vertical tilts.
  void rotate(double dxPixels, double dyPixels);
  // Drag in pixels: moves the target across the ground, scaled by the range.
  void pan(double dxPixels, double dyPixels, double viewportHeightPixels);
  // Wheel steps: positive moves closer (each step 15 %).
  void zoom(double steps);
  // Zooms towards a point (the one under the cursor): the target moves with the eye.
  void zoomTowards(const glm::vec3& pointEnu, double steps);
  // Orbits around a new point from where the eye is now (no jump).
  void retarget(const glm::vec3& pointEnu);
  void clamp();
};

}  // namespace ts::render
