// The 5G coverage layer: the RSRP raster (or the best-server map) draped on the ground,
// recomputed on its worker when a sector's status in the StateStore changes (only what
// that sector reached), with the share of the district at or above the threshold.
#pragma once
#include <memory>

#include "layers/coverage.h"
#include "layers/layer.h"
#include "layers/worker.h"

namespace ts::layers {

// What the coverage layer's worker is asked for: the sectors online, the raster's cell
// size and the colour bands (threshold, fair, good, excellent in dBm), the view, the O2I
// and path-loss models and the location reliability of the KPI (0: the median only).
struct CoverageRequest {
  std::vector<uint8_t> online;
  double cellM = 5, threshold = -110, excellent = -80, good = -90, fair = -100;
  int view = 0;  // 0: RSRP, 1: best server
  O2iModel o2i = O2iModel::Low;
  twin::PathLossModel model = twin::PathLossModel::Tr38901;
  double reliabilityPct = 0;
  bool operator==(const CoverageRequest&) const = default;
};

struct CoverageResult {
  std::shared_ptr<const scene::DrapedImage> image;
  CoverageKpis kpis;
  std::vector<uint8_t> online;
  double computeMs = 0;  // the last recompute (full or incremental)
  size_t cellsTouched = 0;
};

// What the layer reports (`twinscape kpi`): the KPIs and the raster they were counted on.
struct CoverageReport {
  CoverageKpis kpis;
  double cellM = 0;
};

class CoverageLayer final : public WorkerLayer<CoverageRequest, CoverageResult> {
 public:
  explicit CoverageLayer(const scene::CityModel& city);
  std::string_view id() const override { return kCoverage5g; }
  std::string title() const override { return "5G coverage"; }
  void update(const twin::StateStore& state, twin::SimTime t) override;
  std::vector<KpiLine> kpiLines() const override;
  std::vector<LegendEntry> legend() const override;
  void draw(scene::OverlayDraw& out, double wallSeconds) const override;
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const override;
  // Null until the first result.
  std::optional<CoverageReport> report() const;

 private:
  const scene::CityModel& m_city;
  const PropId m_threshold = addProp({"threshold_dbm", "KPI threshold", "dBm", 0, -110, -140, -60, {}});
  const PropId m_fair = addProp({"fair_dbm", "Fair from", "dBm", 0, -100, -140, -40, {}});
  const PropId m_good = addProp({"good_dbm", "Good from", "dBm", 0, -90, -140, -40, {}});
  const PropId m_excellent = addProp({"excellent_dbm", "Excellent from", "dBm", 0, -80, -140, -40, {}});
  const PropId m_view = addProp({"view", "Show", "", 0, 0, 0, 1, {"RSRP", "Best server"}});
  const PropId m_opacity = addProp({"opacity", "Opacity", "", 0, 0.7, 0, 1, {}});
  const PropId m_cellM = addProp({"cell_m", "Cell size", "m", 0, 5, 2, 50, {}});
  // Choices in the order of O2iModel and twin::PathLossModel; kReliabilityPcts.
  const PropId m_o2i = addProp({"o2i", "Indoor loss (O2I)", "", 0, 0, 0, 2, {"low", "high", "by_use"}});
  const PropId m_model = addProp({"model", "Path loss", "", 0, 0, 0, 2, {"tr38901", "free_space", "cost231"}});
  const PropId m_reliability = addProp({"reliability", "KPI at", "", 0, 0, 0, 2, {"median", "90 %", "95 %"}});
};

// The location reliabilities the "reliability" prop offers, by choice (0: the median).
inline constexpr double kReliabilityPcts[] = {0, 90, 95};

// RSRP colour bands (RGBA8 sRGB) shared by the raster and its legend.
uint32_t rsrpColor(float dbm, double threshold, double fair, double good, double excellent);

}  // namespace ts::layers
