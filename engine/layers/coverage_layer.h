// The 5G coverage layer: the RSRP raster (or the best-server map) draped on the ground,
// recomputed on its worker when a sector's status in the StateStore changes (only what
// that sector reached), with the share of the district at or above the threshold.
#pragma once
#include <memory>

#include "layers/coverage.h"
#include "layers/layer.h"
#include "layers/worker.h"

namespace ts::layers {

class CoverageLayer final : public Layer {
 public:
  explicit CoverageLayer(const scene::CityModel& city);
  ~CoverageLayer() override;
  std::string id() const override { return "coverage5g"; }
  std::string title() const override { return "5G coverage"; }
  void update(const twin::StateStore& state, twin::SimTime t) override;
  void finish() override;
  bool busy() const override;
  std::optional<std::string> error() const override;
  nlohmann::json kpis() const override;
  std::vector<KpiLine> kpiLines() const override;
  std::vector<LegendEntry> legend() const override;
  void draw(LayerDraw& out, double wallSeconds) const override;
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const override;

  struct Result {
    std::shared_ptr<const DrapedImage> image;
    CoverageKpis kpis;
    std::vector<uint8_t> online;
    double computeMs = 0;  // the last recompute (full or incremental)
    size_t cellsTouched = 0;
  };
  std::shared_ptr<const Result> result() const { return m_worker->latest(); }

 private:
  struct Request {
    std::vector<uint8_t> online;
    double cellM, threshold, excellent, good, fair;
    int view;
  };
  std::shared_ptr<const Result> work(const Request& r);

  const scene::CityModel& m_city;
  // Worker-side state: only the worker thread touches these.
  std::unique_ptr<CoverageModel> m_model;
  double m_modelCellM = 0;
  // Frame-side.
  std::optional<Request> m_posted;
  std::unique_ptr<LatestWorker<Request, Result>> m_worker;  // last: stops first
};

// RSRP colour bands (RGBA8 sRGB) shared by the raster and its legend.
uint32_t rsrpColor(float dbm, double threshold, double fair, double good, double excellent);

}  // namespace ts::layers
