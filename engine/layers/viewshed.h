// AI-camera viewsheds: the ground cells each camera sees (within its range and field of
// view, in line of sight past the buildings through their height raster), and the fleet's
// coverage raster, how many online cameras see each cell, with the KPIs of the street
// ground watched.
//
// A camera's viewshed depends only on the buildings and the camera's placement, so it is
// computed once and kept (a sorted list of cells); the raster is the per-cell count over
// the viewsheds of the cameras online. A camera going off- or online adds or subtracts
// only its own cells.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "layers/raster.h"
#include "scene/city_model.h"
#include "scene/entities.h"

namespace ts::layers {

struct ViewshedOptions {
  // How high above the ground the point a camera must see is (0.3 m: kerbs and the
  // raster's low cover do not hide the street).
  double targetHeightM = 0.3;
};

// Surfaces higher than this over a cell make it "under a roof": never seen by a camera
// (it watches the street, not the roofs) and no street.
constexpr float kViewshedRoofM = 0.5f;

// The cells of the ground one camera sees, sorted and unique: within its range
// (horizontal distance of the cell centre), inside its horizontal field of view (heading
// ± hFov/2) and its vertical one (the depression angle of the ground point at the cell
// centre between tilt - vFov/2 and tilt + vFov/2), not under a roof, and in line of
// sight from the lens (posEnu + heightM) to the point targetHeightM above the ground
// there, blocked by the roofs of the height raster (the radial sweep). A camera outside
// the raster sees nothing of it.
std::vector<uint32_t> cameraViewshed(const HeightRaster& heights, const scene::AiCamera& camera,
                                     const ViewshedOptions& options = {});

// The street cells (1/0 per cell of the raster's grid): inside `area` (1/0 per cell;
// empty: everywhere), not under a roof, and not land cover (blocks' pavements, parks,
// water) when the city has land cover: the open public ground the cameras watch.
std::vector<uint8_t> streetMask(const scene::CityModel& city, const HeightRaster& heights,
                                const std::vector<uint8_t>& area);

struct CameraKpis {
  // online counts every camera that sees (status online or alert); alert those of them in
  // alert; online + offline = total.
  uint32_t online = 0, offline = 0, alert = 0, total = 0;
  double streetAreaKm2 = 0;
  double streetSeen1Pct = 0;  // of the street area, seen by at least one camera online
  double streetSeen2Pct = 0;  // ... by at least two (a second view for re-identification)
  bool operator==(const CameraKpis&) const = default;
};

class CameraFleetModel {
 public:
  // `heights`: what blocks the view (built buildings). `streetMask`: where the KPIs
  // count (1/0 per cell; empty: the whole grid).
  CameraFleetModel(std::shared_ptr<const HeightRaster> heights, std::vector<scene::AiCamera> cameras,
                   std::vector<uint8_t> streetMask, ViewshedOptions options = {});

  const GroundGrid& grid() const { return m_heights->grid; }
  const std::vector<scene::AiCamera>& cameras() const { return m_cameras; }
  const ViewshedOptions& options() const { return m_options; }

  // Every viewshed (in parallel), then the counts for `online` (per camera, 0 offline,
  // anything else sees; empty: all online).
  void computeAll(const std::vector<uint8_t>& online = {});
  // Applies a new online set (missing entries: online): only the cameras whose state
  // changed add or subtract their viewsheds. Returns the cell updates made (the sum of
  // their viewsheds' sizes; 0 when nothing changed).
  size_t setOnline(const std::vector<uint8_t>& online);

  const std::vector<uint16_t>& counts() const { return m_counts; }  // online cameras seeing each cell (saturating)
  const std::vector<uint32_t>& viewshed(uint32_t camera) const { return m_viewsheds[camera]; }
  const std::vector<uint8_t>& online() const { return m_online; }
  // `status` per camera: 0 offline, 1 online, 2 alert (an alert camera is online and
  // sees; missing entries: online). Empty: the online set the counts are for.
  CameraKpis kpis(const std::vector<uint8_t>& status = {}) const;
  // Bytes held by the viewsheds (reported by the benchmark).
  size_t viewshedBytes() const;

 private:
  std::shared_ptr<const HeightRaster> m_heights;
  std::vector<scene::AiCamera> m_cameras;
  std::vector<uint8_t> m_street;
  ViewshedOptions m_options;
  std::vector<std::vector<uint32_t>> m_viewsheds;  // by camera
  std::vector<uint8_t> m_online;                   // as given (0 offline, else seeing)
  std::vector<uint16_t> m_counts;
};

// The same viewshed without the sweep: the same range, field-of-view and roof tests per
// cell, and line of sight by a segment through the city's BVH from the lens to the
// target point. The tests' reference and the benchmark's baseline.
std::vector<uint32_t> cameraViewshedNaive(const scene::CityModel& city, const HeightRaster& heights,
                                          const scene::AiCamera& camera, const ViewshedOptions& options = {});

}  // namespace ts::layers
