// The AI-camera layer: an icon per camera coloured by its status (online, offline,
// alert), its view frustum on demand, and the fleet coverage raster (how many online
// cameras see each street cell; blind spots in red) from occlusion-aware viewsheds
// computed on the layer's worker.
#pragma once
#include <memory>

#include "layers/layer.h"
#include "layers/viewshed.h"
#include "layers/worker.h"

namespace ts::layers {

class CameraLayer final : public Layer {
 public:
  explicit CameraLayer(const scene::CityModel& city);
  ~CameraLayer() override;
  std::string id() const override { return "cameras"; }
  std::string title() const override { return "AI cameras"; }
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
    CameraKpis kpis;
    std::vector<uint8_t> status;  // per camera: 0 offline, 1 online, 2 alert
    double computeMs = 0;
  };
  std::shared_ptr<const Result> result() const { return m_worker->latest(); }

 private:
  struct Request {
    std::vector<uint8_t> status;
    double cellM;
  };
  std::shared_ptr<const Result> work(const Request& r);

  const scene::CityModel& m_city;
  std::unique_ptr<CameraFleetModel> m_model;  // worker side
  std::vector<uint8_t> m_streets;             // worker side
  double m_modelCellM = 0;
  std::optional<Request> m_posted;
  std::vector<uint8_t> m_status;  // frame side, at the last update
  std::unique_ptr<LatestWorker<Request, Result>> m_worker;
};

}  // namespace ts::layers
