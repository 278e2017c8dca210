#include "scene/ground_grid.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>

namespace ts::scene {

GroundGrid GroundGrid::covering(glm::dvec2 lo, glm::dvec2 hi, double cellM) {
  GroundGrid g;
  g.cellM = cellM;
  g.minEnu = glm::floor(lo / cellM) * cellM;
  glm::dvec2 top = glm::ceil(hi / cellM) * cellM;
  g.width = uint32_t(std::max(1.0, std::round((top.x - g.minEnu.x) / cellM)));
  g.height = uint32_t(std::max(1.0, std::round((top.y - g.minEnu.y) / cellM)));
  return g;
}

}  // namespace ts::scene
