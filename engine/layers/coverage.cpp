#include "layers/coverage.h"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <cmath>
#include <glm/geometric.hpp>
#include <map>
#include <tuple>

namespace ts::layers {

namespace {

constexpr int16_t kNone = INT16_MIN;

// A footprint value: the RSRP in centi-dB times two, plus 1 where the cell is in line of
// sight (what the reliability KPI's shadow-fading sigma needs), in the same 16 bits. The
// order of the values is still the order of the RSRP.
int16_t packRsrp(double rsrpDbm, bool los) {
  long cdb = std::clamp(std::lround(rsrpDbm * 100), long(INT16_MIN / 2 + 1), long(INT16_MAX / 2 - 1));
  return int16_t(cdb * 2 + (los ? 1 : 0));
}
float unpackRsrpDbm(int16_t v) { return float(v >> 1) * 0.01f; }
bool unpackLos(int16_t v) { return (v & 1) != 0; }

// Path loss and elevation by horizontal distance for one mast, tabulated at 1 m and
// interpolated: the sweep asks for them millions of times.
struct LinkTable {
  static constexpr double kStepM = 1.0;
  std::vector<float> los, nlos, elevationDeg;
  LinkTable(const scene::Site5G& s, double receiverHeightM, double maxRangeM, twin::PathLossModel chosen) {
    size_t n = size_t(maxRangeM / kStepM) + 2;
    los.resize(n), nlos.resize(n), elevationDeg.resize(n);
    twin::PropagationScenario sc = scenarioOf(s);
    twin::PathLossModel model = effectiveModel(s, chosen, receiverHeightM);
    for (size_t i = 0; i < n; ++i) {
      double d = std::max(10.0, double(i) * kStepM);  // the formulas hold from 10 m
      twin::Link link{d, s.antennaHeightM, receiverHeightM, s.frequencyGHz};
      los[i] = float(twin::pathLossDb(model, sc, link, true));
      nlos[i] = float(twin::pathLossDb(model, sc, link, false));
      elevationDeg[i] =
          float(std::atan2(s.antennaHeightM - receiverHeightM, std::max(double(i) * kStepM, 0.5)) * kRadToDeg);
    }
  }
  template <class V>
  static double lerp(const std::vector<V>& t, double d) {
    double x = std::clamp(d / kStepM, 0.0, double(t.size() - 2));
    size_t i = size_t(x);
    double f = x - double(i);
    return t[i] + (t[i + 1] - t[i]) * f;
  }
};

double gainDbi(const scene::Site5G& s, double azimuthDeg, double elevationDeg) {
  return twin::sectorAntennaGainDbi(wrapDeg(azimuthDeg - s.azimuthDeg), elevationDeg - s.downtiltDeg, s.hBeamwidthDeg,
                                    s.vBeamwidthDeg, s.maxGainDbi);
}

// How far a mast's best case reaches: LOS (and NLOS) at boresight gain above the floor.
struct Reach {
  double losM = 0, nlosM = 0;
};

Reach reachOf(const LinkTable& table, double allowedLossDb) {
  Reach r;
  for (size_t i = 0; i + 2 < table.los.size(); ++i) {
    if (table.los[i] <= allowedLossDb) r.losM = double(i) * LinkTable::kStepM;
    if (table.nlos[i] <= allowedLossDb) r.nlosM = double(i) * LinkTable::kStepM;
  }
  return r;
}

// Pass 1 of a mast's sweep: the line of sight of every cell in reach, over the window
// of cells around the mast, with the span of visited columns per row.
struct LosWindow {
  glm::dvec2 originCell{0};  // the mast, in grid cells
  int x0 = 0, y0 = 0;        // the window's first cell
  uint32_t w = 0, h = 0;
  std::vector<uint8_t> state;  // by window cell: 0 not visited, 1 NLOS, 2 LOS
  std::vector<int> spanLo, spanHi;
};

LosWindow sweepLos(const HeightRaster& heights, const scene::Site5G& mast, double receiverHeightM, Reach reach) {
  const GroundGrid& grid = heights.grid;
  const glm::dvec2 o = grid.toGrid(glm::dvec2(mast.posEnu));
  const int rangeCells = int(std::ceil(reach.losM / grid.cellM)) + 1;
  const int y0 = std::max(0, int(o.y) - rangeCells), y1 = std::min(int(grid.height) - 1, int(o.y) + rangeCells);
  const int x0 = std::max(0, int(o.x) - rangeCells), x1 = std::min(int(grid.width) - 1, int(o.x) + rangeCells);
  const uint32_t w = uint32_t(x1 - x0 + 1), h = uint32_t(y1 - y0 + 1);
  // Local vectors, moved into the window at the end: the visitor's byte stores could
  // alias the window's fields, not these.
  std::vector<uint8_t> state(size_t(w) * h, 0);
  std::vector<int> spanLo(h, INT_MAX), spanHi(h, -1);
  SweepParams sp;
  sp.observerEnu = glm::dvec2(mast.posEnu);
  sp.observerHeightM = mast.antennaHeightM;
  sp.targetHeightM = receiverHeightM;
  sp.maxRangeM = reach.losM;
  sp.nlosRangeM = reach.nlosM;
  sweepLineOfSight(heights, sp, [&](size_t cell, double, bool los) {
    int ix = int(cell % grid.width) - x0, iy = int(cell / grid.width) - y0;
    state[size_t(iy) * w + size_t(ix)] = los ? 2 : 1;
    spanLo[iy] = std::min(spanLo[iy], ix), spanHi[iy] = std::max(spanHi[iy], ix);
  });
  return LosWindow{o, x0, y0, w, h, std::move(state), std::move(spanLo), std::move(spanHi)};
}

// Pass 2 of a mast's sweep: the RSRP of each of its sectors at the visited cells of one
// window row at a time, packed (packRsrp), kNone where below the floor. The rows are reused
// from row to row.
struct SectorRows {
  int16_t floorCdb;                         // packed (packRsrp)
  std::vector<const scene::Site5G*> sites;  // the group's sectors
  std::vector<double> pre;                  // power per resource element
  std::vector<std::array<double, 3>> o2i;   // O2I loss by Penetration (0 without)
  std::vector<std::vector<int16_t>> rows;   // by sector, over the row's span
  std::vector<int> first, last;             // in rows[k]: the first and last cell above the floor

  SectorRows(const std::vector<scene::Site5G>& sectors, const std::vector<uint32_t>& group,
             const CoverageOptions& options)
      : floorCdb(packRsrp(options.floorDbm, false)),
        sites(group.size()),
        pre(group.size()),
        o2i(group.size()),
        rows(group.size()),
        first(group.size()),
        last(group.size()) {
    for (size_t k = 0; k < group.size(); ++k) {
      sites[k] = &sectors[group[k]];
      pre[k] = powerPerResourceElementDbm(sectors[group[k]]);
      const double fc = sectors[group[k]].frequencyGHz;
      o2i[k] = {0.0, indoorLossDb(fc, false), indoorLossDb(fc, true)};
    }
  }

  // Window row iy, which has visited cells (last[k] < 0 afterwards: sector k reaches
  // none of them above the floor).
  void compute(const HeightRaster& heights, const std::vector<Penetration>& penetration, double receiverHeightM,
               const LinkTable& table, const LosWindow& win, uint32_t iy) {
    const GroundGrid& grid = heights.grid;
    const glm::dvec2 o = win.originCell;
    const int x0 = win.x0, lo = win.spanLo[iy], hi = win.spanHi[iy], n = hi - lo + 1;
    const uint32_t w = win.w, gy = uint32_t(win.y0) + iy;
    const size_t nk = sites.size();
    const int16_t floor = floorCdb;  // a local: the int16_t stores below could alias the member
    for (size_t k = 0; k < nk; ++k) rows[k].assign(size_t(n), kNone), first[k] = INT_MAX, last[k] = -1;
    // What depends only on the cell (distance, path loss, angles) once; the sectors'
    // gains then.
    for (int i = 0; i < n; ++i) {
      uint8_t st = win.state[size_t(iy) * w + size_t(lo + i)];
      if (!st) continue;
      const uint32_t gx = uint32_t(x0 + lo + i);
      glm::dvec2 c = glm::dvec2(gx + 0.5, gy + 0.5) - o;
      double d = std::max(std::sqrt(c.x * c.x + c.y * c.y), 0.5) * grid.cellM;
      const size_t cell = size_t(gy) * grid.width + gx;
      const bool indoor = heights.heightM[cell] > receiverHeightM, los = st == 2 && !indoor;
      const size_t pen = size_t(penetration[cell]);  // the O2I loss: a per-cell lookup
      double pl = LinkTable::lerp(los ? table.los : table.nlos, d);
      double az = std::atan2(c.x, c.y) * kRadToDeg, el = LinkTable::lerp(table.elevationDeg, d);
      for (size_t k = 0; k < nk; ++k) {
        double rsrp = pre[k] + gainDbi(*sites[k], az, el) - pl - o2i[k][pen];
        int16_t v = packRsrp(rsrp, los);
        if (v < floor) continue;
        rows[k][size_t(i)] = v;
        first[k] = std::min(first[k], i), last[k] = i;
      }
    }
  }
};

}  // namespace

double powerPerResourceElementDbm(const scene::Site5G& s) {
  const double subcarriers = scene::isMmWave(s) ? 264.0 * 12 : 273.0 * 12;
  return s.txPowerDbm - 10.0 * std::log10(subcarriers);
}

twin::PropagationScenario scenarioOf(const scene::Site5G& s) {
  return s.antennaHeightM < 20.f ? twin::PropagationScenario::UrbanMicroStreetCanyon
                                 : twin::PropagationScenario::UrbanMacro;
}

const char* o2iModelName(O2iModel m) { return m == O2iModel::High ? "high" : m == O2iModel::ByUse ? "by_use" : "low"; }

bool highLossUse(const scene::Building& b) { return b.use == "office" || b.use == "data_centre"; }

std::vector<uint8_t> highLossCells(const scene::CityModel& city, const GroundGrid& grid) {
  HeightRaster high =
      rasterizeHeights(city, grid, [](const scene::Building& b) { return isBuilt(b) && highLossUse(b); });
  std::vector<uint8_t> out(high.heightM.size());
  for (size_t c = 0; c < out.size(); ++c) out[c] = high.heightM[c] > 0.f;
  return out;
}

double indoorLossDb(double fcGHz, bool highLoss) {
  const double glass = 2.0 + 0.2 * fcGHz, irrGlass = 23.0 + 0.3 * fcGHz, concrete = 5.0 + 4.0 * fcGHz;
  auto share = [](double fraction, double lossDb) { return fraction * std::pow(10.0, -lossDb / 10.0); };
  const double wall = highLoss ? 5.0 - 10.0 * std::log10(share(0.7, irrGlass) + share(0.3, concrete))
                               : 5.0 - 10.0 * std::log10(share(0.3, glass) + share(0.7, concrete));
  const double meanIndoorDistanceM = 25.0 / 3.0;
  return wall + 0.5 * meanIndoorDistanceM;
}

twin::PathLossModel effectiveModel(const scene::Site5G& s, twin::PathLossModel chosen, double receiverHeightM) {
  if (chosen == twin::PathLossModel::Cost231 &&
      !twin::cost231ValidityProblem(s.frequencyGHz, s.antennaHeightM, receiverHeightM).empty())
    return twin::PathLossModel::Tr38901;
  return chosen;
}

double sectorRsrpDbm(const scene::Site5G& s, glm::dvec2 rx, double rxHeight, bool los, Penetration where,
                     twin::PathLossModel model) {
  glm::dvec2 d = rx - glm::dvec2(s.posEnu);
  double d2 = std::max(std::sqrt(d.x * d.x + d.y * d.y), 0.5);
  twin::Link link{std::max(d2, 10.0), s.antennaHeightM, rxHeight, s.frequencyGHz};
  double pl = twin::pathLossDb(effectiveModel(s, model, rxHeight), scenarioOf(s), link, los);
  double az = std::atan2(d.x, d.y) * kRadToDeg, el = std::atan2(s.antennaHeightM - rxHeight, d2) * kRadToDeg;
  double o2i = where == Penetration::Outdoor ? 0.0 : indoorLossDb(s.frequencyGHz, where == Penetration::HighLoss);
  return powerPerResourceElementDbm(s) + gainDbi(s, az, el) - pl - o2i;
}

namespace {

// "gnb-1-1, gnb-1-2, gnb-2-1 and 12 more".
std::string someIds(const std::vector<std::string>& ids) {
  const size_t shown = std::min<size_t>(ids.size(), 3);
  std::string out;
  for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > shown) out += fmt::format(" and {} more", ids.size() - shown);
  return out;
}

}  // namespace

std::vector<std::string> modelValidityWarnings(const std::vector<scene::Site5G>& sectors, const CoverageOptions& o) {
  std::map<std::string, std::vector<std::string>> byProblem;  // the problem, then the sectors
  for (const scene::Site5G& s : sectors) {
    const double f = s.frequencyGHz, h = s.antennaHeightM, hUt = o.receiverHeightM;
    if (o.model == twin::PathLossModel::Cost231) {
      if (std::string p = twin::cost231ValidityProblem(f, h, hUt); !p.empty())
        byProblem["outside COST-231 Hata's range (" + p + "): computed with TR 38.901 instead"].push_back(s.id);
    } else if (o.model == twin::PathLossModel::Tr38901) {
      if (std::string p = twin::tr38901ValidityProblem(scenarioOf(s), f, h, hUt); !p.empty())
        byProblem["outside TR 38.901's range (" + p + "): extrapolated"].push_back(s.id);
    }
  }
  std::vector<std::string> out;
  for (const auto& [problem, ids] : byProblem)
    out.push_back(fmt::format("5G coverage: {} {} {}", ids.size() == 1 ? "sector" : "sectors", someIds(ids), problem));
  if (o.model == twin::PathLossModel::Tr38901 && o.maxRangeM > 5000)
    out.push_back(fmt::format("5G coverage: TR 38.901 holds to 5 km; {:g} m is extrapolated", o.maxRangeM));
  return out;
}

double shadowFadingSigmaDb(twin::PropagationScenario s, bool los, Penetration where) {
  const bool uma = s == twin::PropagationScenario::UrbanMacro;
  const double outdoor = los ? 4.0 : uma ? 6.0 : 7.82;
  if (where == Penetration::Outdoor) return outdoor;
  const double o2i = where == Penetration::HighLoss ? 6.5 : 4.4;
  return std::sqrt(outdoor * outdoor + o2i * o2i);
}

double reliabilityZ(double pct) {
  // The inverse of the standard normal CDF, by bisection on erfc (p between 50 and 99.99 %).
  const double p = std::clamp(pct / 100.0, 0.5, 0.9999);
  double lo = 0, hi = 4;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

namespace {

// Where a receiver at `cell` is: outdoors (no roof above it) or inside a low- or high-loss
// building, as the options choose.
Penetration penetrationAt(const HeightRaster& heights, const CoverageOptions& o, size_t cell) {
  if (!o.indoorLoss || heights.heightM[cell] <= o.receiverHeightM) return Penetration::Outdoor;
  const bool high =
      o.o2i == O2iModel::High || (o.o2i == O2iModel::ByUse && cell < o.highLossCells.size() && o.highLossCells[cell]);
  return high ? Penetration::HighLoss : Penetration::LowLoss;
}

}  // namespace

// A sector's RSRP over the cells it reaches, as one span of columns per row (packed,
// kNone inside a span where it does not reach).
struct CoverageModel::Footprint {
  uint32_t y0 = 0;
  std::vector<uint32_t> rowX0;   // first column of each row's span
  std::vector<uint32_t> offset;  // rows + 1 offsets into values
  std::vector<int16_t> values;
  uint32_t xMin = UINT32_MAX, xMax = 0;
  uint32_t rows() const { return uint32_t(rowX0.size()); }
  bool empty() const { return values.empty(); }

  // Appends grid row gy (below every row so far) with values [begin, end) from column x0.
  void appendRow(uint32_t gy, uint32_t x0, const int16_t* begin, const int16_t* end) {
    if (rowX0.empty()) y0 = gy, offset.push_back(0);
    while (y0 + rows() < gy) rowX0.push_back(0), offset.push_back(uint32_t(values.size()));  // empty rows
    rowX0.push_back(x0);
    values.insert(values.end(), begin, end);
    offset.push_back(uint32_t(values.size()));
    xMin = std::min(xMin, x0), xMax = std::max(xMax, x0 + uint32_t(end - begin) - 1);
  }
};

CoverageModel::CoverageModel(std::shared_ptr<const HeightRaster> heights, std::vector<scene::Site5G> sectors,
                             std::vector<uint8_t> areaMask, CoverageOptions options)
    : m_heights(std::move(heights)), m_sectors(std::move(sectors)), m_area(std::move(areaMask)), m_options(options) {
  m_footprints.resize(m_sectors.size());
  // Sectors on one mast at the same antenna height and carrier share one sweep.
  for (const std::vector<uint32_t>& mast : scene::mastGroups(m_sectors)) {
    std::map<std::pair<float, float>, size_t> byAntenna;
    for (uint32_t i : mast) {
      auto [it, added] =
          byAntenna.emplace(std::pair{m_sectors[i].antennaHeightM, m_sectors[i].frequencyGHz}, m_siteGroups.size());
      if (added) m_siteGroups.emplace_back();
      m_siteGroups[it->second].push_back(i);
    }
  }
  m_online.assign(m_sectors.size(), 1);
  m_rsrp.assign(grid().cellCount(), kNoSignal);
  m_best.assign(grid().cellCount(), -1);
  m_los.assign(grid().cellCount(), 0);
  m_penetration.resize(grid().cellCount());
  for (size_t c = 0; c < m_penetration.size(); ++c) m_penetration[c] = penetrationAt(*m_heights, m_options, c);
}

CoverageModel::~CoverageModel() = default;

void CoverageModel::sweepSite(const std::vector<uint32_t>& group) {
  const GroundGrid& grid = m_heights->grid;
  const scene::Site5G& mast = m_sectors[group[0]];
  const double hUt = m_options.receiverHeightM;
  for (uint32_t s : group) m_footprints[s] = std::make_unique<Footprint>();
  if (!grid.contains(glm::dvec2(mast.posEnu))) return;  // masts outside the raster are not modelled

  LinkTable table(mast, hUt, m_options.maxRangeM, m_options.model);
  double bestBudget = -1e30;
  for (uint32_t s : group)
    bestBudget = std::max(bestBudget, powerPerResourceElementDbm(m_sectors[s]) + m_sectors[s].maxGainDbi);
  const LosWindow win = sweepLos(*m_heights, mast, hUt, reachOf(table, bestBudget - m_options.floorDbm));

  // Each sector keeps the cells above the floor, one span of columns per row.
  SectorRows sr(m_sectors, group, m_options);
  for (uint32_t iy = 0; iy < win.h; ++iy) {
    if (win.spanHi[iy] < 0) continue;
    sr.compute(*m_heights, m_penetration, hUt, table, win, iy);
    const uint32_t gy = uint32_t(win.y0) + iy, x0 = uint32_t(win.x0 + win.spanLo[iy]);
    for (size_t k = 0; k < group.size(); ++k) {
      if (sr.last[k] < 0) continue;
      const int16_t* row = sr.rows[k].data();
      m_footprints[group[k]]->appendRow(gy, x0 + uint32_t(sr.first[k]), row + sr.first[k], row + sr.last[k] + 1);
    }
  }
}

void CoverageModel::merge(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1) {
  const GroundGrid& grid = m_heights->grid;
  std::vector<uint32_t> candidates;
  for (uint32_t s = 0; s < m_sectors.size(); ++s) {
    const Footprint* f = m_footprints[s].get();
    if (!m_online[s] || !f || f->empty()) continue;
    if (f->xMax < x0 || f->xMin > x1 || f->y0 + f->rows() <= y0 || f->y0 > y1) continue;
    candidates.push_back(s);
  }
  tbb::parallel_for(y0, y1 + 1, [&](uint32_t y) {
    float* rsrp = &m_rsrp[size_t(y) * grid.width];
    int16_t* best = &m_best[size_t(y) * grid.width];
    uint8_t* los = &m_los[size_t(y) * grid.width];
    std::fill(rsrp + x0, rsrp + x1 + 1, kNoSignal);
    std::fill(best + x0, best + x1 + 1, int16_t(-1));
    std::fill(los + x0, los + x1 + 1, uint8_t(0));
    for (uint32_t s : candidates) {
      const Footprint& f = *m_footprints[s];
      if (y < f.y0 || y >= f.y0 + f.rows()) continue;
      uint32_t r = y - f.y0, begin = f.offset[r], end = f.offset[r + 1];
      if (begin == end) continue;
      uint32_t fx0 = f.rowX0[r], fx1 = fx0 + (end - begin) - 1;
      uint32_t a = std::max(fx0, x0), b = std::min(fx1, x1);
      for (uint32_t x = a; x <= b && a <= b; ++x) {
        int16_t v = f.values[begin + (x - fx0)];
        if (v == kNone) continue;
        float dbm = unpackRsrpDbm(v);
        if (dbm > rsrp[x]) rsrp[x] = dbm, best[x] = int16_t(s), los[x] = unpackLos(v);
      }
    }
  });
}

void CoverageModel::computeAll(const std::vector<uint8_t>& online) {
  m_online = online.empty() ? std::vector<uint8_t>(m_sectors.size(), 1) : online;
  m_online.resize(m_sectors.size(), 1);
  tbb::parallel_for(size_t(0), m_siteGroups.size(), [&](size_t i) { sweepSite(m_siteGroups[i]); });
  if (grid().cellCount()) merge(0, 0, grid().width - 1, grid().height - 1);
}

size_t CoverageModel::setOnline(const std::vector<uint8_t>& online) {
  uint32_t x0 = UINT32_MAX, y0 = UINT32_MAX, x1 = 0, y1 = 0;
  for (uint32_t s = 0; s < m_sectors.size(); ++s) {
    uint8_t now = s < online.size() ? online[s] : 1;
    if (now == m_online[s]) continue;
    m_online[s] = now;
    const Footprint* f = m_footprints[s].get();
    if (!f || f->empty()) continue;
    x0 = std::min(x0, f->xMin), x1 = std::max(x1, f->xMax);
    y0 = std::min(y0, f->y0), y1 = std::max(y1, f->y0 + f->rows() - 1);
  }
  if (x0 > x1) return 0;
  merge(x0, y0, x1, y1);
  return size_t(x1 - x0 + 1) * (y1 - y0 + 1);
}

size_t CoverageModel::updateSector(uint32_t sector, const scene::Site5G& params) {
  auto box = [&](const Footprint* f, uint32_t& x0, uint32_t& y0, uint32_t& x1, uint32_t& y1) {
    if (!f || f->empty()) return;
    x0 = std::min(x0, f->xMin), x1 = std::max(x1, f->xMax);
    y0 = std::min(y0, f->y0), y1 = std::max(y1, f->y0 + f->rows() - 1);
  };
  uint32_t x0 = UINT32_MAX, y0 = UINT32_MAX, x1 = 0, y1 = 0;
  box(m_footprints[sector].get(), x0, y0, x1, y1);
  m_sectors[sector] = params;
  sweepSite({sector});
  box(m_footprints[sector].get(), x0, y0, x1, y1);
  if (x0 > x1) return 0;
  merge(x0, y0, x1, y1);
  return size_t(x1 - x0 + 1) * (y1 - y0 + 1);
}

CoverageKpis CoverageModel::kpis(double thresholdDbm, double reliabilityPct) const {
  CoverageKpis k;
  k.thresholdDbm = thresholdDbm;
  k.o2i = m_options.o2i, k.model = m_options.model, k.reliabilityPct = reliabilityPct;
  const double z = reliabilityPct > 0 ? reliabilityZ(reliabilityPct) : 0.0;
  size_t area = 0, covered = 0, outdoor = 0, outdoorCovered = 0, withSignal = 0, reliable = 0, outdoorReliable = 0;
  double sum = 0;
  const float hUt = float(m_options.receiverHeightM);
  for (size_t c = 0; c < m_rsrp.size(); ++c) {
    if (!m_area.empty() && !m_area[c]) continue;
    ++area;
    bool isOutdoor = m_heights->heightM[c] <= hUt;
    outdoor += isOutdoor;
    if (m_rsrp[c] > kNoSignal) ++withSignal, sum += m_rsrp[c];
    if (m_rsrp[c] >= thresholdDbm) ++covered, outdoorCovered += isOutdoor;
    if (z > 0 && m_best[c] >= 0) {
      // Only the best server's own fading counts: a planner's usual single-server margin.
      const double sigma = shadowFadingSigmaDb(scenarioOf(m_sectors[size_t(m_best[c])]), m_los[c], m_penetration[c]);
      if (m_rsrp[c] - z * sigma >= thresholdDbm) ++reliable, outdoorReliable += isOutdoor;
    }
  }
  auto pct = [](size_t a, size_t b) { return b ? 100.0 * double(a) / double(b) : 0.0; };
  k.areaKm2 = double(area) * grid().cellAreaM2() / 1e6;
  k.coveredPct = pct(covered, area);
  k.outdoorCoveredPct = pct(outdoorCovered, outdoor);
  k.indoorCoveredPct = pct(covered - outdoorCovered, area - outdoor);
  k.reliableCoveredPct = pct(reliable, area);
  k.reliableOutdoorCoveredPct = pct(outdoorReliable, outdoor);
  k.reliableIndoorCoveredPct = pct(reliable - outdoorReliable, area - outdoor);
  k.meanRsrpDbm = withSignal ? sum / double(withSignal) : 0.0;
  k.sectorsTotal = uint32_t(m_sectors.size());
  for (uint8_t o : m_online) k.sectorsOnline += o ? 1 : 0;
  return k;
}

size_t CoverageModel::footprintBytes() const {
  size_t bytes = 0;
  for (const auto& f : m_footprints)
    if (f) bytes += f->values.size() * sizeof(int16_t) + (f->rowX0.size() + f->offset.size()) * sizeof(uint32_t);
  return bytes;
}

std::unique_ptr<CoverageModel> makeCityCoverageModel(const scene::CityModel& city, double cellM,
                                                     CoverageOptions options) {
  GroundGrid grid = analysisGrid(city, cellM);
  auto heights = std::make_shared<HeightRaster>(rasterizeHeights(city, grid, isBuilt));
  if (options.o2i == O2iModel::ByUse) options.highLossCells = highLossCells(city, grid);
  return std::make_unique<CoverageModel>(std::move(heights), city.entities.sites5g, analysisMask(city, grid),
                                         std::move(options));
}

NaiveCoverage computeCoverageNaive(const scene::CityModel& city, const HeightRaster& heights,
                                   const std::vector<scene::Site5G>& sectors, const CoverageOptions& options,
                                   uint32_t stride) {
  const GroundGrid& grid = heights.grid;
  NaiveCoverage out;
  out.rsrp.assign(grid.cellCount(), kNoSignal);
  out.best.assign(grid.cellCount(), -1);
  std::atomic<size_t> rays{0};
  stride = std::max(1u, stride);
  tbb::parallel_for(uint32_t(0), grid.height, [&](uint32_t iy) {
    if (iy % stride) return;
    size_t localRays = 0;
    for (uint32_t ix = 0; ix < grid.width; ix += stride) {
      const size_t cell = size_t(iy) * grid.width + ix;
      const glm::dvec2 rx = grid.cellCentre(ix, iy);
      const bool indoor = heights.heightM[cell] > options.receiverHeightM;
      const Penetration where = penetrationAt(heights, options, cell);
      for (size_t s = 0; s < sectors.size(); ++s) {
        const scene::Site5G& site = sectors[s];
        if (!grid.contains(glm::dvec2(site.posEnu))) continue;
        if (glm::length(rx - glm::dvec2(site.posEnu)) > options.maxRangeM) continue;
        glm::vec3 a(site.posEnu.x, site.posEnu.y, site.antennaHeightM);
        glm::vec3 b(float(rx.x), float(rx.y), float(options.receiverHeightM));
        // Indoors the outdoor part of the link is NLOS, as in the sweep.
        bool los = !indoor && !city.segmentBlocked(a, b);
        ++localRays;
        double v = sectorRsrpDbm(site, rx, options.receiverHeightM, los, where, options.model);
        if (v >= options.floorDbm && v > out.rsrp[cell]) out.rsrp[cell] = float(v), out.best[cell] = int16_t(s);
      }
    }
    rays += localRays;
  });
  out.rays = rays;
  return out;
}

}  // namespace ts::layers
