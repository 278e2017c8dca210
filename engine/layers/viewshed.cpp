#include "layers/viewshed.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

namespace ts::layers {

namespace {

constexpr uint16_t kCountMax = UINT16_MAX;

// The cells of the grid a camera can see at all: the box of its range around it, clipped
// to the grid (inclusive; empty when x0 > x1).
struct Window {
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
  uint32_t width() const { return uint32_t(x1 - x0 + 1); }
  uint32_t height() const { return uint32_t(y1 - y0 + 1); }
  bool empty() const { return x0 > x1 || y0 > y1; }
};

Window windowOf(const GroundGrid& grid, const scene::AiCamera& camera) {
  Window w;
  const glm::dvec2 o = grid.toGrid(glm::dvec2(camera.posEnu));
  const double r = std::max(0.0, double(camera.rangeM)) / grid.cellM;
  w.x0 = std::max(0, int(std::floor(o.x - r))), w.x1 = std::min(int(grid.width) - 1, int(std::floor(o.x + r)));
  w.y0 = std::max(0, int(std::floor(o.y - r))), w.y1 = std::min(int(grid.height) - 1, int(std::floor(o.y + r)));
  return w;
}

// Everything but line of sight: range, the two fields of view, and no roof over the cell.
struct FieldOfView {
  glm::dvec2 pos;
  double lensM, rangeM, heading, halfH, depressionLo, depressionHi;
  bool fullCircle;
  explicit FieldOfView(const scene::AiCamera& c)
      : pos(c.posEnu),
        lensM(c.heightM),
        rangeM(c.rangeM),
        heading(c.headingDeg),
        halfH(0.5 * c.hFovDeg),
        depressionLo(double(c.tiltDeg) - 0.5 * c.vFovDeg),
        depressionHi(double(c.tiltDeg) + 0.5 * c.vFovDeg),
        fullCircle(c.hFovDeg >= 360.f) {}
  bool sees(const HeightRaster& heights, size_t cell) const {
    if (heights.heightM[cell] > kViewshedRoofM) return false;
    const glm::dvec2 d = heights.grid.cellCentre(cell) - pos;
    const double dist = std::sqrt(d.x * d.x + d.y * d.y);
    if (dist > rangeM) return false;
    if (!fullCircle && std::abs(wrapDeg(std::atan2(d.x, d.y) * kRadToDeg - heading)) > halfH) return false;
    const double depression = std::atan2(lensM, dist) * kRadToDeg;  // of the ground point
    return depression >= depressionLo && depression <= depressionHi;
  }
};

}  // namespace

std::vector<uint32_t> cameraViewshed(const HeightRaster& heights, const scene::AiCamera& camera,
                                     const ViewshedOptions& options) {
  std::vector<uint32_t> out;
  const GroundGrid& grid = heights.grid;
  if (!grid.contains(glm::dvec2(camera.posEnu)) || camera.rangeM <= 0 || camera.hFovDeg <= 0) return out;
  const Window win = windowOf(grid, camera);
  if (win.empty()) return out;
  // The sweep may cross a cell more than once with different verdicts; the last one
  // counts. 0: not visited, 1: hidden, 2: in line of sight.
  const uint32_t w = win.width(), h = win.height();
  std::vector<uint8_t> state(size_t(w) * h, 0);
  SweepParams sp;
  sp.observerEnu = glm::dvec2(camera.posEnu);
  sp.observerHeightM = camera.heightM;
  sp.targetHeightM = options.targetHeightM;
  sp.maxRangeM = sp.nlosRangeM = camera.rangeM;
  if (camera.hFovDeg < 360.f) {
    sp.azimuthFromDeg = normDeg(double(camera.headingDeg) - 0.5 * camera.hFovDeg);
    sp.azimuthToDeg = normDeg(double(camera.headingDeg) + 0.5 * camera.hFovDeg);
  }
  sweepLineOfSight(heights, sp, [&](size_t cell, double, bool los) {
    const int ix = int(cell % grid.width) - win.x0, iy = int(cell / grid.width) - win.y0;
    if (ix < 0 || iy < 0 || ix >= int(w) || iy >= int(h)) return;  // cannot happen: the sweep stays in range
    state[size_t(iy) * w + size_t(ix)] = los ? 2 : 1;
  });
  // Row by row, left to right: the cell indices come out sorted.
  const FieldOfView fov(camera);
  for (uint32_t iy = 0; iy < h; ++iy)
    for (uint32_t ix = 0; ix < w; ++ix) {
      if (state[size_t(iy) * w + ix] != 2) continue;
      const size_t cell = size_t(win.y0 + int(iy)) * grid.width + size_t(win.x0 + int(ix));
      if (fov.sees(heights, cell)) out.push_back(uint32_t(cell));
    }
  return out;
}

std::vector<uint32_t> cameraViewshedNaive(const scene::CityModel& city, const HeightRaster& heights,
                                          const scene::AiCamera& camera, const ViewshedOptions& options) {
  std::vector<uint32_t> out;
  const GroundGrid& grid = heights.grid;
  if (!grid.contains(glm::dvec2(camera.posEnu)) || camera.rangeM <= 0 || camera.hFovDeg <= 0) return out;
  const Window win = windowOf(grid, camera);
  if (win.empty()) return out;
  const uint32_t w = win.width(), h = win.height();
  std::vector<uint8_t> seen(size_t(w) * h, 0);
  const FieldOfView fov(camera);
  const glm::vec3 lens(camera.posEnu.x, camera.posEnu.y, camera.heightM);
  tbb::parallel_for(uint32_t(0), h, [&](uint32_t iy) {
    for (uint32_t ix = 0; ix < w; ++ix) {
      const size_t cell = size_t(win.y0 + int(iy)) * grid.width + size_t(win.x0 + int(ix));
      if (!fov.sees(heights, cell)) continue;
      const glm::dvec2 c = grid.cellCentre(cell);
      const glm::vec3 target(float(c.x), float(c.y), float(options.targetHeightM));
      seen[size_t(iy) * w + ix] = !city.segmentBlocked(lens, target);
    }
  });
  for (uint32_t iy = 0; iy < h; ++iy)
    for (uint32_t ix = 0; ix < w; ++ix)
      if (seen[size_t(iy) * w + ix])
        out.push_back(uint32_t(size_t(win.y0 + int(iy)) * grid.width + size_t(win.x0 + int(ix))));
  return out;
}

std::vector<uint8_t> streetMask(const scene::CityModel& city, const HeightRaster& heights,
                                const std::vector<uint8_t>& area) {
  const size_t n = heights.grid.cellCount();
  std::vector<uint8_t> mask = area.size() == n ? area : std::vector<uint8_t>(n, 1);
  std::vector<uint8_t> cover;
  if (!city.groundCover.indices.empty()) cover = coverMask(heights.grid, city.groundCover);
  for (size_t c = 0; c < n; ++c) {
    if (!mask[c]) continue;
    mask[c] = heights.heightM[c] <= kViewshedRoofM && (cover.empty() || !cover[c]) ? 1 : 0;
  }
  return mask;
}

CameraFleetModel::CameraFleetModel(std::shared_ptr<const HeightRaster> heights, std::vector<scene::AiCamera> cameras,
                                   std::vector<uint8_t> streetMask, ViewshedOptions options)
    : m_heights(std::move(heights)),
      m_cameras(std::move(cameras)),
      m_street(std::move(streetMask)),
      m_options(options) {
  m_viewsheds.resize(m_cameras.size());
  m_online.assign(m_cameras.size(), 1);
  m_counts.assign(grid().cellCount(), 0);
}

namespace {

// Adds (sign > 0) or subtracts one viewshed, saturating at kCountMax. A cell at the cap
// may hold fewer than its true count, so it is noted for an exact recount.
void applyViewshed(const std::vector<uint32_t>& cells, int sign, std::vector<uint16_t>& counts,
                   std::vector<uint32_t>& saturated) {
  for (uint32_t c : cells) {
    uint16_t& n = counts[c];
    if (n == kCountMax) {
      saturated.push_back(c);
      if (sign < 0) --n;
      continue;
    }
    if (sign > 0) {
      if (++n == kCountMax) saturated.push_back(c);
    } else if (n > 0) {
      --n;
    }
  }
}

// Exact counts for `cells` over the viewsheds of the cameras online.
void recount(std::vector<uint32_t>& cells, const std::vector<std::vector<uint32_t>>& viewsheds,
             const std::vector<uint8_t>& online, std::vector<uint16_t>& counts) {
  if (cells.empty()) return;
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
  for (uint32_t c : cells) {
    size_t n = 0;
    for (size_t k = 0; k < viewsheds.size(); ++k)
      if (online[k] && std::binary_search(viewsheds[k].begin(), viewsheds[k].end(), c)) ++n;
    counts[c] = uint16_t(std::min<size_t>(n, kCountMax));
  }
}

}  // namespace

void CameraFleetModel::computeAll(const std::vector<uint8_t>& online) {
  m_online = online;
  m_online.resize(m_cameras.size(), 1);
  tbb::parallel_for(size_t(0), m_cameras.size(), [&](size_t i) {
    m_viewsheds[i] = cameraViewshed(*m_heights, m_cameras[i], m_options);
    m_viewsheds[i].shrink_to_fit();
  });
  // Adding from zero with saturation is exact (min of the true count and the cap).
  std::fill(m_counts.begin(), m_counts.end(), uint16_t(0));
  std::vector<uint32_t> saturated;
  for (uint32_t i = 0; i < m_cameras.size(); ++i)
    if (m_online[i]) applyViewshed(m_viewsheds[i], +1, m_counts, saturated);
}

size_t CameraFleetModel::setOnline(const std::vector<uint8_t>& online) {
  std::vector<uint32_t> changed;
  for (uint32_t i = 0; i < m_cameras.size(); ++i) {
    const uint8_t now = i < online.size() ? online[i] : 1;
    if ((now != 0) != (m_online[i] != 0)) changed.push_back(i);
    m_online[i] = now;
  }
  size_t touched = 0;
  std::vector<uint32_t> saturated;
  for (uint32_t i : changed) {
    applyViewshed(m_viewsheds[i], m_online[i] ? +1 : -1, m_counts, saturated);
    touched += m_viewsheds[i].size();
  }
  if (!saturated.empty()) {
    std::vector<uint8_t> seeing(m_online.size());
    for (size_t k = 0; k < seeing.size(); ++k) seeing[k] = m_online[k] != 0;
    recount(saturated, m_viewsheds, seeing, m_counts);
  }
  return touched;
}

CameraKpis CameraFleetModel::kpis(const std::vector<uint8_t>& status) const {
  CameraKpis k;
  k.total = uint32_t(m_cameras.size());
  std::vector<uint8_t> state = status.empty() ? m_online : status;
  state.resize(m_cameras.size(), 1);
  for (uint8_t s : state) {
    if (s)
      ++k.online;
    else
      ++k.offline;
    if (s == 2) ++k.alert;
  }
  // The counts for `state`: the model's, with the cameras whose state differs applied.
  const std::vector<uint16_t>* counts = &m_counts;
  std::vector<uint16_t> adjusted;
  std::vector<uint32_t> saturated;
  for (uint32_t i = 0; i < m_cameras.size(); ++i) {
    if ((state[i] != 0) == (m_online[i] != 0)) continue;
    if (adjusted.empty()) adjusted = m_counts;
    applyViewshed(m_viewsheds[i], state[i] ? +1 : -1, adjusted, saturated);
  }
  if (!adjusted.empty()) {
    std::vector<uint8_t> seeing(state.size());
    for (size_t i = 0; i < seeing.size(); ++i) seeing[i] = state[i] != 0;
    recount(saturated, m_viewsheds, seeing, adjusted);
    counts = &adjusted;
  }
  size_t street = 0, seen1 = 0, seen2 = 0;
  for (size_t c = 0; c < counts->size(); ++c) {
    if (!m_street.empty() && !m_street[c]) continue;
    ++street;
    const uint16_t n = (*counts)[c];
    seen1 += n >= 1, seen2 += n >= 2;
  }
  auto pct = [](size_t a, size_t b) { return b ? 100.0 * double(a) / double(b) : 0.0; };
  k.streetAreaKm2 = double(street) * grid().cellAreaM2() / 1e6;
  k.streetSeen1Pct = pct(seen1, street);
  k.streetSeen2Pct = pct(seen2, street);
  return k;
}

size_t CameraFleetModel::viewshedBytes() const {
  size_t bytes = 0;
  for (const auto& v : m_viewsheds) bytes += v.size() * sizeof(uint32_t);
  return bytes;
}

}  // namespace ts::layers
