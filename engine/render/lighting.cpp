#include "render/lighting.h"

#include <cmath>

namespace ts::render {

glm::vec3 Lighting::sunDirectionEnu() const {
  const double k = 3.14159265358979323846 / 180.0;
  double az = sunAzimuthDeg * k, el = sunElevationDeg * k;
  return glm::vec3(float(std::sin(az) * std::cos(el)), float(std::cos(az) * std::cos(el)), float(std::sin(el)));
}

}  // namespace ts::render
