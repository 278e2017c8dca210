#include "layers/coverage_layer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

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

namespace {

// The worker's side: the model (kept between requests, so a status change re-merges only
// what it touches) and the city it rasterises. Only the worker thread uses it.
class CoverageCompute {
 public:
  explicit CoverageCompute(const scene::CityModel& city) : m_city(city) {}
  std::shared_ptr<const CoverageResult> run(const CoverageRequest& r);

 private:
  std::shared_ptr<scene::DrapedImage> paint(const CoverageRequest& r) const;
  const scene::CityModel& m_city;
  std::unique_ptr<CoverageModel> m_model;
  double m_modelCellM = 0;
  O2iModel m_modelO2i = O2iModel::Low;
  twin::PathLossModel m_modelPathLoss = twin::PathLossModel::Tr38901;
};

// A new model for the request's cell size, O2I and path-loss choice; its validity
// warnings are logged once.
std::unique_ptr<CoverageModel> makeModel(const scene::CityModel& city, const CoverageRequest& r) {
  CoverageOptions options;
  options.o2i = r.o2i, options.model = r.model;
  for (const std::string& w : modelValidityWarnings(city.entities.sites5g, options)) spdlog::warn("{}", w);
  return makeCityCoverageModel(city, r.cellM, std::move(options));
}

std::shared_ptr<const CoverageResult> CoverageCompute::run(const CoverageRequest& r) {
  auto t0 = std::chrono::steady_clock::now();
  auto out = std::make_shared<CoverageResult>();
  if (!m_model || m_modelCellM != r.cellM || m_modelO2i != r.o2i || m_modelPathLoss != r.model) {
    m_model = makeModel(m_city, r);
    m_model->computeAll(r.online);
    m_modelCellM = r.cellM, m_modelO2i = r.o2i, m_modelPathLoss = r.model;
    out->cellsTouched = m_model->grid().cellCount();
  } else {
    out->cellsTouched = m_model->setOnline(r.online);
  }
  out->computeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  out->image = paint(r);
  out->kpis = m_model->kpis(r.threshold, r.reliabilityPct);
  out->online = r.online;
  return out;
}

std::shared_ptr<scene::DrapedImage> CoverageCompute::paint(const CoverageRequest& r) const {
  auto image = std::make_shared<scene::DrapedImage>();
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
  return image;
}

}  // namespace

CoverageLayer::CoverageLayer(const scene::CityModel& city)
    : WorkerLayer(
          [compute = std::make_shared<CoverageCompute>(city)](const CoverageRequest& r) { return compute->run(r); }),
      m_city(city) {
  // The scene's choices (checked when the scene file was read).
  for (const auto& [key, choice] : city.coverageChoices)
    if (auto set = setPropChoice(key, choice); !set) spdlog::warn("{}", set.error().message);
}

void CoverageLayer::update(const twin::StateStore& state, twin::SimTime t) {
  CoverageRequest r;
  const auto& sectors = m_city.entities.sites5g;
  r.online.resize(sectors.size());
  resetFreshness(sectors.size());
  for (size_t i = 0; i < sectors.size(); ++i) {
    auto status = state.readingAt(sectors[i].id, twin::attr::kStatus, t);
    noteReading(i, status);
    r.online[i] = !status || status->value >= 0.5 ? 1 : 0;  // no data: assume it runs (a stale value: as last known)
  }
  r.cellM = value(m_cellM), r.threshold = value(m_threshold), r.fair = value(m_fair);
  r.good = value(m_good), r.excellent = value(m_excellent), r.view = int(value(m_view));
  r.o2i = O2iModel(int(value(m_o2i))), r.model = twin::PathLossModel(int(value(m_model)));
  r.reliabilityPct = kReliabilityPcts[size_t(value(m_reliability))];
  postIfChanged(std::move(r));
}

std::optional<CoverageReport> CoverageLayer::report() const {
  auto r = result();
  if (!r) return std::nullopt;
  return CoverageReport{r->kpis, r->image ? r->image->grid.cellM : 0.0};
}

std::vector<KpiLine> CoverageLayer::kpiLines() const {
  auto r = result();
  if (!r) return {{"Coverage", "computing.."}};
  const CoverageKpis& k = r->kpis;
  std::vector<KpiLine> lines{
      {fmt::format("Area >= {:.0f} dBm", k.thresholdDbm),
       fmt::format("{:.1f} % of {:.2f} km² (median)", k.coveredPct, k.areaKm2)},
      {"Outdoor / indoor", fmt::format("{:.1f} % / {:.1f} %", k.outdoorCoveredPct, k.indoorCoveredPct)}};
  if (k.reliabilityPct > 0)
    lines.push_back({fmt::format("At {:.0f} % reliability", k.reliabilityPct),
                     fmt::format("{:.1f} % ({:.1f} % / {:.1f} %)", k.reliableCoveredPct, k.reliableOutdoorCoveredPct,
                                 k.reliableIndoorCoveredPct)});
  lines.insert(lines.end(),
               {{"Models", fmt::format("path loss {}, O2I {}", twin::pathLossModelName(k.model), o2iModelName(k.o2i))},
                {"Mean RSRP", fmt::format("{:.1f} dBm", k.meanRsrpDbm)},
                {"Sectors online", fmt::format("{} / {}", k.sectorsOnline, k.sectorsTotal)},
                {"Stale (feeds)", fmt::format("{} of {} reported", freshness().stale, freshness().fromFeeds)},
                {"Last recompute", fmt::format("{:.0f} ms, {} cells", r->computeMs, r->cellsTouched)}});
  return lines;
}

std::vector<LegendEntry> CoverageLayer::legend() const {
  double t = value(m_threshold), f = value(m_fair), g = value(m_good), e = value(m_excellent);
  if (int(value(m_view)) == 1)
    return {{serverColor(0), "colour per serving sector"}, {0x60ffffffu, fmt::format("pale: below {:.0f} dBm", t)}};
  return {{rsrpColor(float(e), t, f, g, e), fmt::format(">= {:.0f} dBm", e)},
          {rsrpColor(float(g), t, f, g, e), fmt::format("{:.0f} .. {:.0f} dBm", g, e)},
          {rsrpColor(float(f), t, f, g, e), fmt::format("{:.0f} .. {:.0f} dBm", f, g)},
          {rsrpColor(float(t), t, f, g, e), fmt::format("{:.0f} .. {:.0f} dBm (threshold)", t, f)},
          {rsrpColor(float(t) - 1, t, f, g, e), fmt::format("below {:.0f} dBm", t)}};
}

void CoverageLayer::draw(scene::OverlayDraw& out, double) const {
  auto r = result();
  if (!visible || !r || !r->image) return;
  out.draped.push_back({std::string(id()), r->image, float(value(m_opacity))});
  // Masts of offline sectors: a red block at the antenna; of sectors whose status is stale,
  // a grey-violet one (what they last said is not known to hold).
  const auto& sectors = m_city.entities.sites5g;
  for (size_t i = 0; i < sectors.size() && i < r->online.size(); ++i) {
    if (r->online[i] && !stale(i)) continue;
    glm::vec3 p = sectors[i].posEnu + glm::vec3(0, 0, sectors[i].antennaHeightM);
    out.boxes.push_back({p - glm::vec3(2.5f, 2.5f, 1.5f), p + glm::vec3(2.5f, 2.5f, 1.5f),
                         stale(i) ? kStaleColor : rgba(230, 30, 30), 1u});
  }
}

std::vector<std::string> CoverageLayer::attributesOf(const scene::EntityRef& e) const {
  if (e.kind != scene::EntityKind::Site5G || e.index >= m_city.entities.sites5g.size()) return {};
  return {twin::attr::kStatus};
}

}  // namespace ts::layers
