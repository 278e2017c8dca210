#include "layers/coverage_layer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "twin/simulator.h"

namespace ts::layers {

namespace {

constexpr uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(g) << 8) | r;
}

// A distinct colour per sector for the best-server map (golden-angle hues).
uint32_t serverColor(int sector) {
  double h = std::fmod(sector * 137.50776, 360.0) / 60.0, s = 0.65, v = 0.95;
  double c = v * s, x = c * (1 - std::abs(std::fmod(h, 2.0) - 1)), m = v - c;
  double r = 0, g = 0, b = 0;
  switch (int(h)) {
    case 0:
      r = c, g = x;
      break;
    case 1:
      r = x, g = c;
      break;
    case 2:
      g = c, b = x;
      break;
    case 3:
      g = x, b = c;
      break;
    case 4:
      r = x, b = c;
      break;
    default:
      r = c, b = x;
      break;
  }
  return rgba(uint8_t((r + m) * 255), uint8_t((g + m) * 255), uint8_t((b + m) * 255), 230);
}

}  // namespace

uint32_t rsrpColor(float dbm, double threshold, double fair, double good, double excellent) {
  if (dbm <= kNoSignal) return 0;
  if (dbm >= excellent) return rgba(0, 120, 60, 235);
  if (dbm >= good) return rgba(60, 176, 80, 230);
  if (dbm >= fair) return rgba(200, 220, 60, 225);
  if (dbm >= threshold) return rgba(250, 160, 40, 225);
  return rgba(215, 40, 40, 200);
}

CoverageLayer::CoverageLayer(const scene::CityModel& city) : m_city(city) {
  addProp({"threshold_dbm", "KPI threshold", "dBm", 0, -110, -140, -60, {}});
  addProp({"fair_dbm", "Fair from", "dBm", 0, -100, -140, -40, {}});
  addProp({"good_dbm", "Good from", "dBm", 0, -90, -140, -40, {}});
  addProp({"excellent_dbm", "Excellent from", "dBm", 0, -80, -140, -40, {}});
  addProp({"view", "Show", "", 0, 0, 0, 1, {"RSRP", "Best server"}});
  addProp({"opacity", "Opacity", "", 0, 0.7, 0, 1, {}});
  addProp({"cell_m", "Cell size", "m", 0, 5, 2, 50, {}});
  m_worker = std::make_unique<LatestWorker<Request, Result>>([this](const Request& r) { return work(r); });
}

CoverageLayer::~CoverageLayer() { m_worker.reset(); }

void CoverageLayer::update(const twin::StateStore& state, twin::SimTime t) {
  Request r;
  const auto& sectors = m_city.entities.sites5g;
  r.online.resize(sectors.size());
  for (size_t i = 0; i < sectors.size(); ++i) {
    auto status = state.valueAt(sectors[i].id, twin::attr::kStatus, t);
    r.online[i] = !status || *status >= 0.5 ? 1 : 0;  // no data: assume it runs
  }
  r.cellM = prop("cell_m"), r.threshold = prop("threshold_dbm"), r.fair = prop("fair_dbm");
  r.good = prop("good_dbm"), r.excellent = prop("excellent_dbm"), r.view = int(prop("view"));
  if (m_posted && m_posted->online == r.online && m_posted->cellM == r.cellM && m_posted->threshold == r.threshold &&
      m_posted->fair == r.fair && m_posted->good == r.good && m_posted->excellent == r.excellent &&
      m_posted->view == r.view)
    return;
  m_posted = r;
  m_worker->post(std::move(r));
}

void CoverageLayer::finish() { m_worker->wait(); }
bool CoverageLayer::busy() const { return m_worker->busy(); }
std::optional<std::string> CoverageLayer::error() const { return m_worker->error(); }

std::shared_ptr<const CoverageLayer::Result> CoverageLayer::work(const Request& r) {
  auto t0 = std::chrono::steady_clock::now();
  auto out = std::make_shared<Result>();
  if (!m_model || m_modelCellM != r.cellM) {
    GroundGrid grid = analysisGrid(m_city, r.cellM);
    auto heights = std::make_shared<HeightRaster>(rasterizeHeights(m_city, grid, isBuilt));
    m_model = std::make_unique<CoverageModel>(heights, m_city.entities.sites5g, analysisMask(m_city, grid));
    m_model->computeAll(r.online);
    m_modelCellM = r.cellM;
    out->cellsTouched = grid.cellCount();
  } else {
    out->cellsTouched = m_model->setOnline(r.online);
  }
  out->computeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  auto image = std::make_shared<DrapedImage>();
  image->grid = m_model->grid();
  image->rgba.resize(image->grid.cellCount());
  const auto& rsrp = m_model->rsrpDbm();
  const auto& best = m_model->bestServer();
  const auto& area = m_model->areaMask();
  for (size_t c = 0; c < rsrp.size(); ++c) {
    if (!area.empty() && !area[c]) {
      // Outside the district: drawn faintly, so the KPI's area stands out.
      uint32_t col = r.view == 1 ? (best[c] < 0 ? 0 : serverColor(best[c]))
                                 : rsrpColor(rsrp[c], r.threshold, r.fair, r.good, r.excellent);
      image->rgba[c] = (col & 0x00ffffffu) | (uint32_t(((col >> 24) * 3) / 10) << 24);
      continue;
    }
    if (r.view == 1) {
      image->rgba[c] = best[c] < 0              ? 0
                       : rsrp[c] >= r.threshold ? serverColor(best[c])
                                                : (serverColor(best[c]) & 0x00ffffffu) | 0x60000000u;
    } else {
      image->rgba[c] = rsrpColor(rsrp[c], r.threshold, r.fair, r.good, r.excellent);
    }
  }
  out->image = std::move(image);
  out->kpis = m_model->kpis(r.threshold);
  out->online = r.online;
  return out;
}

nlohmann::json CoverageLayer::kpis() const {
  auto r = result();
  if (!r) return nlohmann::json::object();
  const CoverageKpis& k = r->kpis;
  return {{"threshold_dbm", k.thresholdDbm},
          {"area_km2", k.areaKm2},
          {"covered_pct", k.coveredPct},
          {"outdoor_covered_pct", k.outdoorCoveredPct},
          {"indoor_covered_pct", k.indoorCoveredPct},
          {"mean_rsrp_dbm", k.meanRsrpDbm},
          {"sectors_online", k.sectorsOnline},
          {"sectors_total", k.sectorsTotal},
          {"cell_m", r->image ? r->image->grid.cellM : 0.0}};
}

std::vector<KpiLine> CoverageLayer::kpiLines() const {
  auto r = result();
  if (!r) return {{"Coverage", "computing.."}};
  const CoverageKpis& k = r->kpis;
  return {{fmt::format("Area >= {:.0f} dBm", k.thresholdDbm),
           fmt::format("{:.1f} % of {:.2f} km²", k.coveredPct, k.areaKm2)},
          {"Outdoor / indoor", fmt::format("{:.1f} % / {:.1f} %", k.outdoorCoveredPct, k.indoorCoveredPct)},
          {"Mean RSRP", fmt::format("{:.1f} dBm", k.meanRsrpDbm)},
          {"Sectors online", fmt::format("{} / {}", k.sectorsOnline, k.sectorsTotal)},
          {"Last recompute", fmt::format("{:.0f} ms, {} cells", r->computeMs, r->cellsTouched)}};
}

std::vector<LegendEntry> CoverageLayer::legend() const {
  double t = prop("threshold_dbm"), f = prop("fair_dbm"), g = prop("good_dbm"), e = prop("excellent_dbm");
  if (int(prop("view")) == 1)
    return {{serverColor(0), "colour per serving sector"}, {0x60ffffffu, fmt::format("pale: below {:.0f} dBm", t)}};
  return {{rsrpColor(float(e), t, f, g, e), fmt::format(">= {:.0f} dBm", e)},
          {rsrpColor(float(g), t, f, g, e), fmt::format("{:.0f} .. {:.0f} dBm", g, e)},
          {rsrpColor(float(f), t, f, g, e), fmt::format("{:.0f} .. {:.0f} dBm", f, g)},
          {rsrpColor(float(t), t, f, g, e), fmt::format("{:.0f} .. {:.0f} dBm (threshold)", t, f)},
          {rsrpColor(float(t) - 1, t, f, g, e), fmt::format("below {:.0f} dBm", t)}};
}

void CoverageLayer::draw(LayerDraw& out, double) const {
  auto r = result();
  if (!visible || !r || !r->image) return;
  out.draped.push_back({id(), r->image, float(prop("opacity"))});
  // Masts of offline sectors: a red block at the antenna.
  const auto& sectors = m_city.entities.sites5g;
  for (size_t i = 0; i < sectors.size() && i < r->online.size(); ++i) {
    if (r->online[i]) continue;
    glm::vec3 p = sectors[i].posEnu + glm::vec3(0, 0, sectors[i].antennaHeightM);
    out.boxes.push_back({p - glm::vec3(2.5f, 2.5f, 1.5f), p + glm::vec3(2.5f, 2.5f, 1.5f), rgba(230, 30, 30), 1u});
  }
}

std::vector<std::string> CoverageLayer::attributesOf(const scene::EntityRef& e) const {
  if (e.kind != scene::EntityKind::Site5G || e.index >= m_city.entities.sites5g.size()) return {};
  return {twin::attr::kStatus};
}

}  // namespace ts::layers
