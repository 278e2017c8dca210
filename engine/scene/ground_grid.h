// A regular grid of square cells over the local east-north-up plane: the raster the
// live layers compute on (coverage, camera viewsheds) and the renderer drapes on the ground.
#pragma once
#include <cstddef>
#include <cstdint>
#include <glm/vec2.hpp>

namespace ts::scene {

// Cell (ix, iy) covers [min + ix * cellM, min + (ix + 1) * cellM) in x and likewise in y;
// rows run south to north. Cell index = iy * width + ix.
struct GroundGrid {
  glm::dvec2 minEnu{0};
  double cellM = 5;
  uint32_t width = 0, height = 0;

  // The grid covering [lo, hi] (rounded outwards to whole cells).
  static GroundGrid covering(glm::dvec2 lo, glm::dvec2 hi, double cellM);
  size_t cellCount() const { return size_t(width) * height; }
  double cellAreaM2() const { return cellM * cellM; }
  glm::dvec2 cellCentre(uint32_t ix, uint32_t iy) const { return minEnu + (glm::dvec2(ix, iy) + 0.5) * cellM; }
  glm::dvec2 cellCentre(size_t cell) const { return cellCentre(uint32_t(cell % width), uint32_t(cell / width)); }
  // Grid coordinates in cells (fractional) of an ENU point.
  glm::dvec2 toGrid(glm::dvec2 enu) const { return (enu - minEnu) / cellM; }
  bool contains(glm::dvec2 enu) const {
    glm::dvec2 g = toGrid(enu);
    return g.x >= 0 && g.y >= 0 && g.x < width && g.y < height;
  }
  bool operator==(const GroundGrid&) const = default;
};

}  // namespace ts::scene
