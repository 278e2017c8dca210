// Drive tests against the 5G coverage model: for every measured point the RSRP the model
// predicts there (from the sector the log names, else the raster's best server), the
// error (measured - predicted, dB) with its count, mean and RMSE per site (mast) and
// overall, and a per-site power offset fitted by least squares whose effect on the
// coverage KPI is reported. The layer draws the points coloured by their error.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layers/coverage.h"
#include "layers/layer.h"
#include "layers/raster.h"
#include "scene/drive_test.h"

namespace ts::layers {

// Errors measured - predicted, dB: positive where the model is pessimistic.
struct DriveTestStats {
  size_t count = 0;
  double meanErrorDb = 0;
  double rmseDb = 0;
};

struct DriveTestComparison {
  std::vector<float> errorDb;  // per point; NaN where nothing was compared
  std::vector<int32_t> mast;   // per point, the mast (index into the mast groups) compared with; -1 none
  DriveTestStats overall;
  std::vector<DriveTestStats> perMast;  // by mast group
  size_t unknownCell = 0;               // cell_id names no sector of the scene
  size_t outsideRaster = 0;             // no cell_id and outside the coverage raster
  size_t noSignal = 0;                  // no cell_id and the raster predicts no signal there
};

// Compares every point with `model` as it is now. A point with a cell_id is predicted by
// the link function for that sector (sectorRsrpDbm at the model's receiver height, line
// of sight by a ray through the city's buildings, indoor where `heights` has a roof over
// it), one without by the raster's RSRP and best server at its cell. `masts`: the
// sectors grouped by mast (scene::mastGroups of the model's sectors).
DriveTestComparison compareDriveTest(const CoverageModel& model, const scene::CityModel& city,
                                     const HeightRaster& heights, const std::vector<scene::DriveTestPoint>& points,
                                     const std::vector<std::vector<uint32_t>>& masts);

struct DriveTestCalibration {
  std::vector<double> mastOffsetDb;  // by mast; 0 where no point was compared
  int rounds = 0;
};

// Fits one power offset per mast, applied to each of its sectors' tx power through
// CoverageModel::updateSector (the model is left calibrated). With every point's serving
// sector fixed, the least-squares offsets are the masts' mean errors (the points of one
// mast depend on its offset alone); those are applied, the points without a cell_id pick
// their best server again, and this repeats until no offset moves by more than
// 0.05 dB (at most 6 rounds).
DriveTestCalibration calibrateDriveTest(CoverageModel& model, const scene::CityModel& city, const HeightRaster& heights,
                                        const std::vector<scene::DriveTestPoint>& points,
                                        const std::vector<std::vector<uint32_t>>& masts);

// A name for a mast: its sectors' ids' common stem ("gnb-39" for gnb-39-1..3), or the
// first sector's id.
std::string mastName(const std::vector<scene::Site5G>& sectors, const std::vector<uint32_t>& mast);

struct DriveTestRequest {
  std::vector<uint8_t> online;
  double cellM = 5, threshold = -110;
  bool calibrate = false;
  bool operator==(const DriveTestRequest&) const = default;
};

// What the layer reports (`twinscape kpi`, the inspector) and draws.
struct DriveTestReport {
  DriveTestComparison before;
  std::optional<DriveTestComparison> after;  // with the calibration applied
  std::vector<double> mastOffsetDb;          // empty unless calibrated
  int calibrationRounds = 0;
  CoverageKpis kpisBefore;
  std::optional<CoverageKpis> kpisAfter;
  std::vector<std::vector<uint32_t>> masts;
  std::vector<std::string> mastNames;
  double cellM = 0, computeMs = 0;
};

class DriveTestLayer final : public WorkerLayer<DriveTestRequest, DriveTestReport> {
 public:
  explicit DriveTestLayer(const scene::CityModel& city);
  std::string_view id() const override { return kDriveTest; }
  std::string title() const override { return "Drive test"; }
  void update(const twin::StateStore& state, twin::SimTime t) override;
  std::vector<KpiLine> kpiLines() const override;
  std::vector<LegendEntry> legend() const override;
  void draw(scene::OverlayDraw& out, double wallSeconds) const override;
  // Null until the first result.
  std::optional<DriveTestReport> report() const;

 private:
  const scene::CityModel& m_city;
  const PropId m_calibrate = addProp({"calibrate", "Calibrate sites", "", 0, 0, 0, 1, {"off", "on"}});
  const PropId m_range = addProp({"error_range_db", "Colour range", "dB", 0, 10, 2, 30, {}});
  const PropId m_threshold = addProp({"threshold_dbm", "KPI threshold", "dBm", 0, -110, -140, -60, {}});
  const PropId m_cellM = addProp({"cell_m", "Cell size", "m", 0, 5, 2, 50, {}});
};

// Diverging colour (RGBA8 sRGB) of an error: blue where measured is weaker than
// predicted, white near 0, red where stronger; saturated at ±rangeDb.
uint32_t driveTestErrorColor(double errorDb, double rangeDb);

}  // namespace ts::layers
