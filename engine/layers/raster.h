// Ground rasters for the live layers: a regular grid of square cells over the local ENU
// plane, the buildings' roof heights on it (what blocks a line of sight), masks of areas
// (the district, land cover, streets), and the radial line-of-sight sweep that coverage
// and camera viewsheds share.
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <glm/vec2.hpp>
#include <vector>

#include "scene/city_model.h"
#include "scene/ground_grid.h"

namespace ts::layers {

using scene::GroundGrid;

// The highest roof (or any other upward-facing surface) over each cell's centre, metres
// above ground; 0 where nothing stands.
struct HeightRaster {
  GroundGrid grid;
  std::vector<float> heightM;
  float at(uint32_t ix, uint32_t iy) const { return heightM[size_t(iy) * grid.width + ix]; }
};

// Rasterises the upward-facing triangles of the buildings that `include` accepts (all
// when empty) at the cell centres.
HeightRaster rasterizeHeights(const scene::CityModel& city, const GroundGrid& grid,
                              const std::function<bool(const scene::Building&)>& include = {});
// Existing buildings only: what stands today (proposed ones are drawn but not built).
bool isBuilt(const scene::Building& b);

// 1 for the cells whose centre lies inside the polygon (holes excluded), else 0.
std::vector<uint8_t> polygonMask(const GroundGrid& grid, const scene::Polygon2& polygon);
// 1 for the cells whose centre lies under a triangle of `g` seen from above.
std::vector<uint8_t> coverMask(const GroundGrid& grid, const scene::GeometryBuffer& g);

// The raster the live layers of a city use: the district's bounds (or the buildings'
// when the city has no district) plus a margin, at `cellM`. Throws std::runtime_error,
// saying why, when that would exceed 64 million cells.
GroundGrid analysisGrid(const scene::CityModel& city, double cellM, double marginM = 250);
// 1 inside the city's district (without one: inside the buildings' bounds).
std::vector<uint8_t> analysisMask(const scene::CityModel& city, const GroundGrid& grid);

// Bearings in degrees clockwise from north: wrapped to [-180, 180) (a difference between
// two bearings) or to [0, 360) (a bearing).
inline double wrapDeg(double a) {
  a = std::fmod(a + 180.0, 360.0);
  return (a < 0 ? a + 360.0 : a) - 180.0;
}
inline double normDeg(double a) {
  a = std::fmod(a, 360.0);
  return a < 0 ? a + 360.0 : a;
}
constexpr double kRadToDeg = 57.29577951308232;

// Radial line-of-sight sweep over a height raster, after the R2 viewshed algorithm: a ray
// from the observer to each cell on the border of the window around it; along a ray the
// steepest slope of the roofs passed so far (the horizon) decides whether a target
// `targetHeightM` above the ground at each cell is in line of sight. Cells near the
// observer are crossed by several rays; `visit` may be called more than once for a
// cell (with the same distance; the verdict of the ray that passes last wins), so it
// must assign, not accumulate.
struct SweepParams {
  glm::dvec2 observerEnu{0};
  double observerHeightM = 25;  // above the ground
  double targetHeightM = 1.5;
  double maxRangeM = 1000;  // no cell beyond this is visited
  // Beyond this distance only cells in line of sight matter: a ray stops as soon as the
  // horizon hides everything further along it.
  double nlosRangeM = 1000;
  // Rays only within this azimuth interval (degrees clockwise from north; from > to wraps
  // through north); the default is the full circle.
  double azimuthFromDeg = 0, azimuthToDeg = 360;
};

template <class Visit>  // void visit(size_t cell, double distanceM, bool lineOfSight)
void sweepLineOfSight(const HeightRaster& raster, const SweepParams& p, Visit&& visit) {
  const GroundGrid& grid = raster.grid;
  if (grid.width == 0 || grid.height == 0) return;
  const glm::dvec2 o = grid.toGrid(p.observerEnu);
  const double rangeCells = p.maxRangeM / grid.cellM;
  const int x0 = std::max(0, int(std::floor(o.x - rangeCells))),
            x1 = std::min(int(grid.width) - 1, int(std::floor(o.x + rangeCells)));
  const int y0 = std::max(0, int(std::floor(o.y - rangeCells))),
            y1 = std::min(int(grid.height) - 1, int(std::floor(o.y + rangeCells)));
  if (x0 > x1 || y0 > y1) return;
  const bool fullCircle = p.azimuthToDeg - p.azimuthFromDeg >= 360.0;
  // Rays within this many degrees outside the interval still run: a border ray's cells
  // can lie inside it.
  const double marginDeg = fullCircle ? 0 : std::min(45.0, 57.3 * 2.0 / std::max(1.0, rangeCells)) + 1.0;
  auto azimuthInside = [&](double az) {
    if (fullCircle) return true;
    double from = p.azimuthFromDeg - marginDeg, span = p.azimuthToDeg - p.azimuthFromDeg + 2 * marginDeg;
    if (span < 0) span += 360;
    double rel = std::fmod(az - from + 720.0, 360.0);
    return rel <= span;
  };
  const double observerZ = p.observerHeightM;
  const double cellM = grid.cellM;
  auto runRay = [&](int tx, int ty) {
    glm::dvec2 target(tx + 0.5, ty + 0.5), delta = target - o;
    if (!fullCircle) {
      double az = std::atan2(delta.x, delta.y) * 57.29577951308232;
      if (!azimuthInside(az < 0 ? az + 360 : az)) return;
    }
    int steps = int(std::ceil(std::max(std::abs(delta.x), std::abs(delta.y))));
    if (steps < 1) steps = 1;
    const glm::dvec2 step = delta / double(steps);
    double horizon = -1e30;  // steepest (height - observerZ) / distance seen so far
    for (int k = 1; k <= steps; ++k) {
      glm::dvec2 q = o + step * double(k);
      int ix = int(q.x), iy = int(q.y);
      if (ix < x0 || ix > x1 || iy < y0 || iy > y1) break;
      glm::dvec2 c(ix + 0.5 - o.x, iy + 0.5 - o.y);
      double d = std::sqrt(c.x * c.x + c.y * c.y) * cellM;
      if (d > p.maxRangeM) break;
      d = std::max(d, 0.5 * cellM);
      const size_t cell = size_t(iy) * grid.width + size_t(ix);
      const double targetSlope = (p.targetHeightM - observerZ) / d;
      const bool los = targetSlope >= horizon;
      visit(cell, d, los);
      const double roofSlope = (double(raster.heightM[cell]) - observerZ) / d;
      if (roofSlope > horizon) horizon = roofSlope;
      // Past the NLOS range nothing but LOS matters: stop once the horizon is at or above
      // the slope a target can ever reach again (targets further away look flatter, so
      // visible again only when horizon < 0 at the distance where their slope meets it).
      if (d > p.nlosRangeM) {
        if (horizon >= 0) break;
        double reappearM = (observerZ - p.targetHeightM) / -horizon;
        if (reappearM > p.maxRangeM) break;
      }
    }
  };
  if (grid.contains(p.observerEnu)) {  // the observer's own cell: never blocked
    glm::dvec2 c = glm::dvec2(std::floor(o.x) + 0.5, std::floor(o.y) + 0.5) - o;
    visit(size_t(std::floor(o.y)) * grid.width + size_t(std::floor(o.x)),
          std::max(std::sqrt(c.x * c.x + c.y * c.y), 0.5) * cellM, true);
  }
  for (int x = x0; x <= x1; ++x) runRay(x, y0), runRay(x, y1);
  for (int y = y0 + 1; y < y1; ++y) runRay(x0, y), runRay(x1, y);
}

}  // namespace ts::layers
