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

struct CameraRequest {
  std::vector<uint8_t> status;  // per camera: 0 offline, 1 online, 2 alert
  double cellM = 2.5;
  bool operator==(const CameraRequest&) const = default;
};

struct CameraResult {
  std::shared_ptr<const scene::DrapedImage> image;
  CameraKpis kpis;
  std::vector<uint8_t> status;  // per camera: 0 offline, 1 online, 2 alert
  double computeMs = 0;
};

// What the layer reports (`twinscape kpi`): the KPIs and the raster they were counted on.
struct CameraReport {
  CameraKpis kpis;
  double cellM = 0;
};

class CameraLayer final : public WorkerLayer<CameraRequest, CameraResult> {
 public:
  explicit CameraLayer(const scene::CityModel& city);
  std::string_view id() const override { return kCameras; }
  std::string title() const override { return "AI cameras"; }
  void update(const twin::StateStore& state, twin::SimTime t) override;
  std::vector<KpiLine> kpiLines() const override;
  std::vector<LegendEntry> legend() const override;
  void draw(scene::OverlayDraw& out, double wallSeconds) const override;
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const override;
  // Null until the first result.
  std::optional<CameraReport> report() const;

 private:
  const scene::CityModel& m_city;
  std::vector<uint8_t> m_status;  // at the last update
  const PropId m_frusta = addProp({"frusta", "Frusta", "", 0, 1, 0, 2, {"none", "selected", "all"}});
  // auto: the fleet raster shows when no other layer drapes the ground (one ground
  // raster at a time reads best; "on" overlays both).
  const PropId m_raster = addProp({"raster", "Fleet coverage", "", 0, 2, 0, 2, {"off", "on", "auto"}});
  const PropId m_opacity = addProp({"opacity", "Opacity", "", 0, 0.75, 0, 1, {}});
  const PropId m_cellM = addProp({"cell_m", "Cell size", "m", 0, 2.5, 1, 20, {}});
};

}  // namespace ts::layers
