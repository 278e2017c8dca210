#include "layers/drive_test.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace ts::layers {

namespace {

// What one point is compared with: a sector and its predicted RSRP, or why nothing.
enum class Miss { None, UnknownCell, Outside, NoSignal };
struct Prediction {
  int32_t sector = -1;
  double rsrpDbm = 0;
  Miss miss = Miss::None;
};

struct SectorLookup {
  std::unordered_map<std::string, uint32_t> byId;
  std::vector<int32_t> mastOf;  // by sector
};

SectorLookup lookupOf(const std::vector<scene::Site5G>& sectors, const std::vector<std::vector<uint32_t>>& masts) {
  SectorLookup l;
  l.mastOf.assign(sectors.size(), -1);
  for (uint32_t s = 0; s < sectors.size(); ++s) l.byId.emplace(sectors[s].id, s);
  for (size_t m = 0; m < masts.size(); ++m)
    for (uint32_t s : masts[m])
      if (s < l.mastOf.size()) l.mastOf[s] = int32_t(m);
  return l;
}

Prediction predict(const CoverageModel& model, const scene::CityModel& city, const HeightRaster& heights,
                   const scene::DriveTestPoint& p, const SectorLookup& lookup) {
  const GroundGrid& grid = model.grid();
  const bool inGrid = grid.contains(p.posEnu);
  const glm::dvec2 g = grid.toGrid(p.posEnu);
  const size_t cell = inGrid ? size_t(g.y) * grid.width + size_t(g.x) : 0;
  if (!p.cellId.empty()) {
    auto it = lookup.byId.find(p.cellId);
    if (it == lookup.byId.end()) return {-1, 0, Miss::UnknownCell};
    const scene::Site5G& s = model.sectors()[it->second];
    const double hRx = model.options().receiverHeightM;
    const bool indoor = inGrid && heights.heightM[cell] > hRx;
    // As the raster: indoors the outdoor part of the link is NLOS.
    const glm::vec3 antenna(s.posEnu.x, s.posEnu.y, s.antennaHeightM), rx(p.posEnu.x, p.posEnu.y, hRx);
    const bool los = !indoor && !city.segmentBlocked(antenna, rx);
    const Penetration where = inGrid ? model.penetration()[cell] : Penetration::Outdoor;
    return {int32_t(it->second), sectorRsrpDbm(s, p.posEnu, hRx, los, where, model.options().model)};
  }
  if (!inGrid) return {-1, 0, Miss::Outside};
  const float rsrp = model.rsrpDbm()[cell];
  const int16_t best = model.bestServer()[cell];
  if (rsrp <= kNoSignal || best < 0) return {-1, 0, Miss::NoSignal};
  return {best, rsrp};
}

// Sums of errors and squared errors, turned into statistics.
struct ErrorSums {
  size_t n = 0;
  double sum = 0, sumSq = 0;
  void add(double e) { ++n, sum += e, sumSq += e * e; }
  DriveTestStats stats() const {
    if (!n) return {};
    return {n, sum / double(n), std::sqrt(sumSq / double(n))};
  }
};

}  // namespace

DriveTestComparison compareDriveTest(const CoverageModel& model, const scene::CityModel& city,
                                     const HeightRaster& heights, const std::vector<scene::DriveTestPoint>& points,
                                     const std::vector<std::vector<uint32_t>>& masts) {
  const SectorLookup lookup = lookupOf(model.sectors(), masts);
  DriveTestComparison out;
  out.errorDb.assign(points.size(), std::numeric_limits<float>::quiet_NaN());
  out.mast.assign(points.size(), -1);
  ErrorSums all;
  std::vector<ErrorSums> perMast(masts.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const Prediction p = predict(model, city, heights, points[i], lookup);
    out.unknownCell += p.miss == Miss::UnknownCell;
    out.outsideRaster += p.miss == Miss::Outside;
    out.noSignal += p.miss == Miss::NoSignal;
    if (p.miss != Miss::None) continue;
    const double e = double(points[i].rsrpDbm) - p.rsrpDbm;
    out.errorDb[i] = float(e);
    out.mast[i] = lookup.mastOf[size_t(p.sector)];
    all.add(e);
    if (out.mast[i] >= 0) perMast[size_t(out.mast[i])].add(e);
  }
  out.overall = all.stats();
  for (const ErrorSums& s : perMast) out.perMast.push_back(s.stats());
  return out;
}

DriveTestCalibration calibrateDriveTest(CoverageModel& model, const scene::CityModel& city, const HeightRaster& heights,
                                        const std::vector<scene::DriveTestPoint>& points,
                                        const std::vector<std::vector<uint32_t>>& masts) {
  constexpr int kMaxRounds = 6;
  constexpr double kConvergedDb = 0.05;
  DriveTestCalibration out;
  out.mastOffsetDb.assign(masts.size(), 0.0);
  const std::vector<scene::Site5G> base = model.sectors();
  for (int round = 0; round < kMaxRounds; ++round) {
    const DriveTestComparison c = compareDriveTest(model, city, heights, points, masts);
    double largestStep = 0;
    for (size_t m = 0; m < masts.size(); ++m) {
      if (!c.perMast[m].count) continue;
      const double step = c.perMast[m].meanErrorDb;
      out.mastOffsetDb[m] += step;
      largestStep = std::max(largestStep, std::abs(step));
      for (uint32_t s : masts[m]) {
        scene::Site5G calibrated = base[s];
        calibrated.txPowerDbm = float(base[s].txPowerDbm + out.mastOffsetDb[m]);
        model.updateSector(s, calibrated);
      }
    }
    ++out.rounds;
    if (largestStep <= kConvergedDb) break;
  }
  return out;
}

std::string mastName(const std::vector<scene::Site5G>& sectors, const std::vector<uint32_t>& mast) {
  if (mast.empty()) return {};
  std::string stem = sectors[mast[0]].id;
  for (uint32_t s : mast) {
    const std::string& id = sectors[s].id;
    stem.resize(std::mismatch(stem.begin(), stem.end(), id.begin(), id.end()).first - stem.begin());
  }
  while (!stem.empty() && (stem.back() == '-' || stem.back() == '_' || stem.back() == ' ')) stem.pop_back();
  return mast.size() > 1 && !stem.empty() ? stem : sectors[mast[0]].id;
}

uint32_t driveTestErrorColor(double errorDb, double rangeDb) {
  const double t = std::clamp(std::isfinite(errorDb) ? errorDb / std::max(rangeDb, 1e-6) : 0.0, -1.0, 1.0);
  // ColorBrewer's RdBu end points about a near-white middle.
  const glm::dvec3 white(247, 247, 247), blue(33, 102, 172), red(178, 24, 43);
  const glm::dvec3 c = t < 0 ? white + (blue - white) * -t : white + (red - white) * t;
  return 0xff000000u | (uint32_t(std::lround(c.z)) << 16) | (uint32_t(std::lround(c.y)) << 8) |
         uint32_t(std::lround(c.x));
}

}  // namespace ts::layers
