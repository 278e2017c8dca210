// 5G coverage: the RSRP (dBm) every ground cell receives from the best sector, at a
// receiver height of 1.5 m, after 3GPP TR 38.901 (UMa for macro sites, UMi street canyon
// for small cells, LOS or NLOS decided by the real buildings through a line-of-sight
// sweep over their height raster, the 3GPP sector antenna pattern, and the O2I
// penetration model, low- or high-loss, for receivers inside buildings, whose outdoor
// path is taken as NLOS). Free space and COST-231 Hata can replace the path loss.
//
// Each sector's footprint (the RSRP of every cell it reaches above the floor) depends
// only on the buildings and the sector's radio parameters, so it is computed once and
// kept; the raster is the per-cell maximum over the footprints of the sectors online.
// A sector going off- or online re-merges only the cells its footprint covers.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "layers/raster.h"
#include "scene/entities.h"
#include "twin/pathloss.h"

namespace ts::layers {

// Which TR 38.901 7.4.3 O2I model indoor cells get: low-loss (70 % concrete, 30 % IRR
// glass), high-loss (70 % IRR glass, 30 % concrete), or by the building's use (offices and
// data centres high-loss, see highLossUse).
enum class O2iModel { Low, High, ByUse };
const char* o2iModelName(O2iModel m);  // "low", "high", "by_use"
// Glass-and-concrete buildings: "office" (towers) and "data_centre".
bool highLossUse(const scene::Building& b);

// 1 for the cells under a built high-loss building (highLossUse): CoverageOptions::
// highLossCells for O2iModel::ByUse.
std::vector<uint8_t> highLossCells(const scene::CityModel& city, const GroundGrid& grid);

// What a receiver's cell is: in the open, or inside a low- or high-loss building.
enum class Penetration : uint8_t { Outdoor, LowLoss, HighLoss };

struct CoverageOptions {
  double receiverHeightM = 1.5;
  double floorDbm = -125;   // weaker than this counts as no signal (about a UE's sensitivity)
  double maxRangeM = 5000;  // TR 38.901's validity
  bool indoorLoss = true;   // O2I penetration for cells under a roof
  O2iModel o2i = O2iModel::Low;
  twin::PathLossModel model = twin::PathLossModel::Tr38901;
  // With O2iModel::ByUse: 1 for the cells under a high-loss building (highLossUse), by cell.
  std::vector<uint8_t> highLossCells;
};

// Per resource element transmit power of a sector: its total power spread over the
// carrier's subcarriers (n78: 100 MHz at 30 kHz, 273 PRBs; mmWave: 400 MHz at 120 kHz,
// 264 PRBs).
double powerPerResourceElementDbm(const scene::Site5G& s);
// UMi street canyon for small cells (antenna below 20 m), else UMa.
twin::PropagationScenario scenarioOf(const scene::Site5G& s);
// Mean O2I loss (TR 38.901 7.4.3: the wall, low- or high-loss, plus 0.5 dB/m over the mean
// indoor distance, 25/3 m: the mean of the smaller of two uniform draws in [0, 25] m), dB.
double indoorLossDb(double fcGHz, bool highLoss = false);
// The path-loss model a sector really uses: `chosen`, or TR 38.901 where the sector is
// outside COST-231's range (see modelValidityWarnings).
twin::PathLossModel effectiveModel(const scene::Site5G& s, twin::PathLossModel chosen, double receiverHeightM);
// The RSRP one sector gives a receiver (exact formulas; what the raster approximates).
double sectorRsrpDbm(const scene::Site5G& s, glm::dvec2 receiverEnu, double receiverHeightM, bool lineOfSight,
                     Penetration where, twin::PathLossModel model = twin::PathLossModel::Tr38901);
// One line per way sectors are outside the chosen model's validity range, naming them
// (the first few and how many): COST-231 sites fall back to TR 38.901; TR 38.901 sites
// are computed all the same (extrapolated).
std::vector<std::string> modelValidityWarnings(const std::vector<scene::Site5G>& sectors,
                                               const CoverageOptions& options);

// Shadow-fading standard deviation (TR 38.901 Table 7.4.1-1; UMa LOS 4, NLOS 6; UMi LOS 4,
// NLOS 7.82 dB), root-sum-square with the O2I model's (4.4 low-, 6.5 high-loss) indoors.
double shadowFadingSigmaDb(twin::PropagationScenario s, bool lineOfSight, Penetration where);
// The standard normal quantile of a location reliability (90 %: 1.2816; 95 %: 1.6449).
double reliabilityZ(double reliabilityPct);

constexpr float kNoSignal = -1e9f;

struct CoverageKpis {
  double thresholdDbm = -110;
  double areaKm2 = 0;            // inside the area mask
  double coveredPct = 0;         // of the area, RSRP >= threshold
  double outdoorCoveredPct = 0;  // of the area's open ground
  double indoorCoveredPct = 0;   // of the area under roofs
  double meanRsrpDbm = 0;        // over the area cells with any signal
  uint32_t sectorsOnline = 0, sectorsTotal = 0;
  O2iModel o2i = O2iModel::Low;
  twin::PathLossModel model = twin::PathLossModel::Tr38901;
  // Location reliability (0: the median only): the same shares with RSRP - z sigma_SF.
  double reliabilityPct = 0;
  double reliableCoveredPct = 0, reliableOutdoorCoveredPct = 0, reliableIndoorCoveredPct = 0;
  bool operator==(const CoverageKpis&) const = default;
};

class CoverageModel {
 public:
  // `heights`: what blocks the radio (built buildings). `areaMask` (1 = inside the
  // district; empty = the whole grid) is where the KPIs count.
  CoverageModel(std::shared_ptr<const HeightRaster> heights, std::vector<scene::Site5G> sectors,
                std::vector<uint8_t> areaMask = {}, CoverageOptions options = {});
  ~CoverageModel();

  const GroundGrid& grid() const { return m_heights->grid; }
  const HeightRaster& heights() const { return *m_heights; }
  const std::vector<scene::Site5G>& sectors() const { return m_sectors; }
  const CoverageOptions& options() const { return m_options; }

  // Every footprint (sweeps in parallel), then the raster for `online` (by sector; empty:
  // all online).
  void computeAll(const std::vector<uint8_t>& online = {});
  // Applies a new online set: re-merges the cells the changed sectors reach and returns
  // how many cells that touched (0 when nothing changed).
  size_t setOnline(const std::vector<uint8_t>& online);
  // New radio parameters for one sector (power, tilt, azimuth...): its footprint is swept
  // again and the cells it reached before or reaches now are re-merged.
  size_t updateSector(uint32_t sector, const scene::Site5G& params);

  const std::vector<float>& rsrpDbm() const { return m_rsrp; }       // kNoSignal where none
  const std::vector<int16_t>& bestServer() const { return m_best; }  // sector index, -1 none
  const std::vector<uint8_t>& online() const { return m_online; }
  const std::vector<uint8_t>& areaMask() const { return m_area; }  // empty: everywhere
  // 1 where the best server is in line of sight, by cell.
  const std::vector<uint8_t>& bestServerLos() const { return m_los; }
  const std::vector<Penetration>& penetration() const { return m_penetration; }  // by cell
  // `reliabilityPct` 0: the median only; else also the location-reliability shares.
  CoverageKpis kpis(double thresholdDbm = -110, double reliabilityPct = 0) const;
  // Bytes held by the footprints (reported by the benchmark).
  size_t footprintBytes() const;

 private:
  struct Footprint;
  void sweepSite(const std::vector<uint32_t>& sectors);
  void merge(uint32_t x0, uint32_t y0, uint32_t x1, uint32_t y1);  // inclusive cell box

  std::shared_ptr<const HeightRaster> m_heights;
  std::vector<scene::Site5G> m_sectors;
  std::vector<uint8_t> m_area;
  CoverageOptions m_options;
  std::vector<std::unique_ptr<Footprint>> m_footprints;  // by sector
  std::vector<std::vector<uint32_t>> m_siteGroups;       // sectors sharing a mast
  std::vector<uint8_t> m_online;
  std::vector<float> m_rsrp;
  std::vector<int16_t> m_best;
  std::vector<uint8_t> m_los;
  std::vector<Penetration> m_penetration;
};

// The model of a city's 5G sectors on its analysis grid at `cellM` (built buildings block,
// the KPIs count the district), with `options`; highLossCells is filled for by_use.
// Nothing computed yet (computeAll).
std::unique_ptr<CoverageModel> makeCityCoverageModel(const scene::CityModel& city, double cellM,
                                                     CoverageOptions options = {});

// The same model without the sweep or the footprints: for each cell and each sector in
// range, a ray through the city's BVH decides line of sight. The benchmark's baseline and
// the tests' reference. Cells on a lattice of `stride` cells (1: all); others stay empty.
struct NaiveCoverage {
  std::vector<float> rsrp;
  std::vector<int16_t> best;
  size_t rays = 0;
};
NaiveCoverage computeCoverageNaive(const scene::CityModel& city, const HeightRaster& heights,
                                   const std::vector<scene::Site5G>& sectors, const CoverageOptions& options,
                                   uint32_t stride = 1);

}  // namespace ts::layers
