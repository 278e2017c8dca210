// The look of a frame: sun, sky, ambient and haze, in linear colour.
#pragma once
#include <glm/vec3.hpp>

namespace ts::render {

struct Lighting {
  double sunAzimuthDeg = 135;   // clockwise from north
  double sunElevationDeg = 50;  // above the horizon
  glm::vec3 sunColor{1.0f, 0.95f, 0.86f};
  float sunIntensity = 1.25f;
  glm::vec3 skyZenith{0.16f, 0.34f, 0.72f};
  glm::vec3 skyHorizon{0.62f, 0.72f, 0.84f};
  glm::vec3 groundAmbient{0.30f, 0.28f, 0.24f};
  float ambientIntensity = 0.42f;
  float fogDensityPerM = 1.0f / 50000.0f;
  glm::vec3 groundColor{0.055f, 0.060f, 0.050f};
  float exposure = 0.9f;

  glm::vec3 sunDirectionEnu() const;  // unit vector towards the sun
};

}  // namespace ts::render
