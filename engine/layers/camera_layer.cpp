#include "layers/camera_layer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <glm/trigonometric.hpp>

#include "twin/simulator.h"

namespace ts::layers {

namespace {
constexpr uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(g) << 8) | r;
}
constexpr uint32_t kOnline = rgba(40, 200, 90), kOffline = rgba(120, 120, 128), kAlert = rgba(255, 60, 40);
constexpr uint32_t kBlind = rgba(220, 40, 40, 170), kSeenOnce = rgba(250, 200, 40, 190),
                   kSeenTwice = rgba(40, 190, 90, 200);

uint32_t statusColor(uint8_t s) { return s == 0 ? kOffline : s == 2 ? kAlert : kOnline; }

// Unit direction of a camera ray: azimuth clockwise from north, elevation (negative down).
glm::vec3 direction(double azimuthDeg, double elevationDeg) {
  double az = glm::radians(azimuthDeg), el = glm::radians(elevationDeg);
  return glm::vec3(float(std::sin(az) * std::cos(el)), float(std::cos(az) * std::cos(el)), float(std::sin(el)));
}
// The worker's side: the fleet model (kept between requests, so a status change only
// adds or removes the cameras that changed) and the street mask. Only the worker uses it.
class CameraCompute {
 public:
  explicit CameraCompute(const scene::CityModel& city) : m_city(city) {}
  std::shared_ptr<const CameraResult> run(const CameraRequest& r);

 private:
  const scene::CityModel& m_city;
  std::unique_ptr<CameraFleetModel> m_model;
  std::vector<uint8_t> m_streets;
  double m_modelCellM = 0;
};

std::shared_ptr<const CameraResult> CameraCompute::run(const CameraRequest& r) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<uint8_t> online(r.status.size());
  for (size_t i = 0; i < online.size(); ++i) online[i] = r.status[i] != 0;
  if (!m_model || m_modelCellM != r.cellM) {
    GroundGrid grid = analysisGrid(m_city, r.cellM);
    auto heights = std::make_shared<HeightRaster>(rasterizeHeights(m_city, grid, isBuilt));
    m_streets = streetMask(m_city, *heights, analysisMask(m_city, grid));
    m_model = std::make_unique<CameraFleetModel>(heights, m_city.entities.cameras, m_streets);
    m_model->computeAll(online);
    m_modelCellM = r.cellM;
  } else {
    m_model->setOnline(online);
  }
  auto out = std::make_shared<CameraResult>();
  out->computeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  auto image = std::make_shared<scene::DrapedImage>();
  image->grid = m_model->grid();
  const auto& counts = m_model->counts();
  image->rgba.resize(counts.size());
  for (size_t c = 0; c < counts.size(); ++c)
    image->rgba[c] = counts[c] >= 2 ? kSeenTwice : counts[c] == 1 ? kSeenOnce : m_streets[c] ? kBlind : 0;
  out->image = std::move(image);
  out->kpis = m_model->kpis(r.status);
  out->status = r.status;
  return out;
}

}  // namespace

CameraLayer::CameraLayer(const scene::CityModel& city)
    : WorkerLayer(
          [compute = std::make_shared<CameraCompute>(city)](const CameraRequest& r) { return compute->run(r); }),
      m_city(city) {}

void CameraLayer::update(const twin::StateStore& state, twin::SimTime t) {
  const auto& cams = m_city.entities.cameras;
  CameraRequest r;
  r.status.resize(cams.size());
  resetFreshness(cams.size());
  for (size_t i = 0; i < cams.size(); ++i) {
    auto s = state.readingAt(cams[i].id, twin::attr::kStatus, t);
    noteReading(i, s);
    r.status[i] = !s ? 1 : uint8_t(std::clamp(int(std::lround(s->value)), 0, 2));
  }
  r.cellM = value(m_cellM);
  m_status = r.status;
  postIfChanged(std::move(r));
}

std::optional<CameraReport> CameraLayer::report() const {
  auto r = result();
  if (!r) return std::nullopt;
  return CameraReport{r->kpis, r->image ? r->image->grid.cellM : 0.0};
}

std::vector<KpiLine> CameraLayer::kpiLines() const {
  auto r = result();
  if (!r) return {{"Cameras", "computing.."}};
  const CameraKpis& k = r->kpis;
  return {{"Online", fmt::format("{} / {} ({} alert, {} offline)", k.online, k.total, k.alert, k.offline)},
          {"Street seen >= 1", fmt::format("{:.1f} % of {:.2f} km²", k.streetSeen1Pct, k.streetAreaKm2)},
          {"Street seen >= 2", fmt::format("{:.1f} %", k.streetSeen2Pct)},
          {"Stale (feeds)", fmt::format("{} of {} reported", freshness().stale, freshness().fromFeeds)},
          {"Last recompute", fmt::format("{:.0f} ms", r->computeMs)}};
}

std::vector<LegendEntry> CameraLayer::legend() const {
  return {{kOnline, "camera online"},           {kAlert, "camera alert"},          {kOffline, "camera offline"},
          {kStaleColor, "camera status stale"}, {kSeenTwice, "seen by 2 or more"}, {kSeenOnce, "seen by 1"},
          {kBlind, "street blind spot"}};
}

void CameraLayer::draw(scene::OverlayDraw& out, double wallSeconds) const {
  if (!visible) return;
  auto r = result();
  const int raster = int(value(m_raster));
  if (r && r->image && (raster == 1 || (raster == 2 && out.draped.empty())))
    out.draped.push_back({std::string(id()), r->image, float(value(m_opacity))});
  const auto& cams = m_city.entities.cameras;
  const int frusta = int(value(m_frusta));
  const bool blink = std::fmod(wallSeconds, 1.0) < 0.6;
  for (size_t i = 0; i < cams.size(); ++i) {
    const scene::AiCamera& c = cams[i];
    uint8_t s = i < m_status.size() ? m_status[i] : 1;
    glm::vec3 lens = c.posEnu + glm::vec3(0, 0, c.heightM);
    float size = s == 2 && blink ? 1.6f : 1.0f;
    const uint32_t color = stale(i) ? kStaleColor : statusColor(s);
    out.boxes.push_back(
        {lens - glm::vec3(size, size, size * 0.7f), lens + glm::vec3(size, size, size * 0.7f), color, 1u});
    bool selected = m_selected && m_selected->kind == scene::EntityKind::Camera && m_selected->index == i;
    if (!(frusta == 2 || (frusta == 1 && selected))) continue;
    // The frustum to its range: four edge rays, their far ends joined.
    glm::vec3 corners[4];
    int k = 0;
    for (double dh : {-0.5, 0.5})
      for (double dv : {-0.5, 0.5})
        corners[k++] = lens + direction(c.headingDeg + dh * c.hFovDeg, -c.tiltDeg + dv * c.vFovDeg) * c.rangeM;
    std::swap(corners[2], corners[3]);  // ring order
    uint32_t col = selected ? rgba(0, 220, 255) : (statusColor(s) & 0x00ffffffu) | 0xff000000u;
    for (int j = 0; j < 4; ++j) {
      glm::vec3 a = corners[j], b = corners[(j + 1) % 4];
      a.z = std::max(a.z, 0.2f), b.z = std::max(b.z, 0.2f);
      out.lines.push_back({lens, a, col});
      out.lines.push_back({a, b, col});
    }
  }
}

std::vector<std::string> CameraLayer::attributesOf(const scene::EntityRef& e) const {
  if (e.kind != scene::EntityKind::Camera || e.index >= m_city.entities.cameras.size()) return {};
  return {twin::attr::kStatus, twin::attr::kDetections};
}

}  // namespace ts::layers
