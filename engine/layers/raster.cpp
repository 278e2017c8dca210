#include "layers/raster.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <glm/geometric.hpp>
#include <stdexcept>

namespace ts::layers {

bool isBuilt(const scene::Building& b) { return b.status == scene::BuildingStatus::Existing; }

namespace {

// Calls cell(ix, iy, w0, w1, w2) for every cell centre inside triangle abc (grid
// coordinates), with its barycentric weights. Edges are inclusive: neighbouring
// triangles may both claim a centre on their shared edge, harmless for max and masks.
template <class Cell>
void rasterTriangle(const GroundGrid& grid, glm::dvec2 a, glm::dvec2 b, glm::dvec2 c, Cell&& cell) {
  double area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  if (std::abs(area) < 1e-9) return;  // vertical (walls) or degenerate
  int xlo = std::max(0, int(std::ceil(std::min({a.x, b.x, c.x}) - 0.5)));
  int xhi = std::min(int(grid.width) - 1, int(std::floor(std::max({a.x, b.x, c.x}) - 0.5)));
  int ylo = std::max(0, int(std::ceil(std::min({a.y, b.y, c.y}) - 0.5)));
  int yhi = std::min(int(grid.height) - 1, int(std::floor(std::max({a.y, b.y, c.y}) - 0.5)));
  const double eps = -1e-9;
  for (int iy = ylo; iy <= yhi; ++iy)
    for (int ix = xlo; ix <= xhi; ++ix) {
      glm::dvec2 p(ix + 0.5, iy + 0.5);
      double w0 = ((b.x - p.x) * (c.y - p.y) - (b.y - p.y) * (c.x - p.x)) / area;
      double w1 = ((c.x - p.x) * (a.y - p.y) - (c.y - p.y) * (a.x - p.x)) / area;
      double w2 = 1.0 - w0 - w1;
      if (w0 >= eps && w1 >= eps && w2 >= eps) cell(ix, iy, w0, w1, w2);
    }
}

}  // namespace

HeightRaster rasterizeHeights(const scene::CityModel& city, const GroundGrid& grid,
                              const std::function<bool(const scene::Building&)>& include) {
  HeightRaster r;
  r.grid = grid;
  r.heightM.assign(grid.cellCount(), 0.f);
  const scene::GeometryBuffer& g = city.geometry;
  // Buildings in parallel would race on shared cells; the rasterisation is cheap next to
  // what uses it (about 40 ms for the demo city at 5 m), so it stays serial.
  for (const scene::Building& b : city.buildings) {
    if (include && !include(b)) continue;
    if (b.id >= g.ranges.size()) continue;
    const scene::BuildingRange& range = g.ranges[b.id];
    for (uint32_t i = range.firstIndex; i + 2 < range.firstIndex + range.indexCount; i += 3) {
      const glm::vec3& pa = g.vertices[g.indices[i]].posEnu;
      const glm::vec3& pb = g.vertices[g.indices[i + 1]].posEnu;
      const glm::vec3& pc = g.vertices[g.indices[i + 2]].posEnu;
      // Upward-facing surfaces only (roofs); walls are vertical, floors face down.
      glm::vec3 n = glm::cross(pb - pa, pc - pa);
      if (n.z <= 1e-6f * glm::length(n)) continue;
      rasterTriangle(grid, grid.toGrid(glm::dvec2(pa)), grid.toGrid(glm::dvec2(pb)), grid.toGrid(glm::dvec2(pc)),
                     [&](int ix, int iy, double w0, double w1, double w2) {
                       float z = float(w0 * pa.z + w1 * pb.z + w2 * pc.z);
                       float& h = r.heightM[size_t(iy) * grid.width + size_t(ix)];
                       h = std::max(h, z);
                     });
    }
  }
  return r;
}

std::vector<uint8_t> coverMask(const GroundGrid& grid, const scene::GeometryBuffer& g) {
  std::vector<uint8_t> mask(grid.cellCount(), 0);
  for (size_t i = 0; i + 2 < g.indices.size(); i += 3)
    rasterTriangle(grid, grid.toGrid(glm::dvec2(g.vertices[g.indices[i]].posEnu)),
                   grid.toGrid(glm::dvec2(g.vertices[g.indices[i + 1]].posEnu)),
                   grid.toGrid(glm::dvec2(g.vertices[g.indices[i + 2]].posEnu)),
                   [&](int ix, int iy, double, double, double) { mask[size_t(iy) * grid.width + size_t(ix)] = 1; });
  return mask;
}

std::vector<uint8_t> polygonMask(const GroundGrid& grid, const scene::Polygon2& polygon) {
  std::vector<uint8_t> mask(grid.cellCount(), 0);
  // Even-odd scanlines through the cell centres over every ring: holes fall out.
  std::vector<const std::vector<glm::dvec2>*> rings{&polygon.outer};
  for (const auto& h : polygon.holes) rings.push_back(&h);
  tbb::parallel_for(uint32_t(0), grid.height, [&](uint32_t iy) {
    double y = grid.minEnu.y + (iy + 0.5) * grid.cellM;
    std::vector<double> xs;
    for (const auto* ring : rings)
      for (size_t i = 0, n = ring->size(); i < n; ++i) {
        glm::dvec2 a = (*ring)[i], b = (*ring)[(i + 1) % n];
        if ((a.y <= y) == (b.y <= y)) continue;
        xs.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
      }
    std::sort(xs.begin(), xs.end());
    for (size_t k = 0; k + 1 < xs.size(); k += 2) {
      // Cells whose centre x lies in [xs[k], xs[k+1]).
      int lo = std::max(0, int(std::ceil((xs[k] - grid.minEnu.x) / grid.cellM - 0.5)));
      int hi = std::min(int(grid.width) - 1, int(std::ceil((xs[k + 1] - grid.minEnu.x) / grid.cellM - 0.5)) - 1);
      for (int ix = lo; ix <= hi; ++ix) mask[size_t(iy) * grid.width + size_t(ix)] = 1;
    }
  });
  return mask;
}

GroundGrid analysisGrid(const scene::CityModel& city, double cellM, double marginM) {
  glm::dvec2 lo(1e30), hi(-1e30);
  for (const glm::dvec2& p : city.district.outer) lo = glm::min(lo, p), hi = glm::max(hi, p);
  if (city.district.outer.empty()) {
    if (!city.boundsEnu.valid()) return GroundGrid::covering({0, 0}, {cellM, cellM}, cellM);
    lo = glm::dvec2(city.boundsEnu.min), hi = glm::dvec2(city.boundsEnu.max);
  }
  // A district drawn far too large (or a tiny cell size) must fail with a reason, not
  // exhaust memory on a worker thread.
  constexpr double kMaxCells = 64e6;
  const glm::dvec2 span = hi - lo + 2 * marginM;
  if (!(cellM > 0) || span.x / cellM * (span.y / cellM) > kMaxCells)
    throw std::runtime_error(
        fmt::format("the analysis raster over {:.1f} x {:.1f} km at {} m cells would hold more than {:.0f} "
                    "million cells: use larger cells or a smaller district",
                    span.x / 1000, span.y / 1000, cellM, kMaxCells / 1e6));
  return GroundGrid::covering(lo - marginM, hi + marginM, cellM);
}

std::vector<uint8_t> analysisMask(const scene::CityModel& city, const GroundGrid& grid) {
  if (city.district.outer.size() >= 3) return polygonMask(grid, city.district);
  if (!city.boundsEnu.valid()) return std::vector<uint8_t>(grid.cellCount(), 1);
  // No district: the buildings' bounds (without the raster's margin).
  const glm::dvec2 lo(city.boundsEnu.min), hi(city.boundsEnu.max);
  return polygonMask(grid, scene::Polygon2{{{lo.x, lo.y}, {hi.x, lo.y}, {hi.x, hi.y}, {lo.x, hi.y}}, {}});
}

}  // namespace ts::layers
