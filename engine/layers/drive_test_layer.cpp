// The drive-test layer (declared in layers/drive_test.h): its worker keeps a coverage
// model of its own, since calibrating changes the sectors' power and the coverage layer's
// model must keep showing the network as configured.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <numeric>

#include "layers/drive_test.h"
#include "twin/simulator.h"

namespace ts::layers {

namespace {

// The worker's side; only the worker thread uses it.
class DriveTestCompute {
 public:
  explicit DriveTestCompute(const scene::CityModel& city)
      : m_city(city), m_masts(scene::mastGroups(city.entities.sites5g)) {}
  std::shared_ptr<const DriveTestReport> run(const DriveTestRequest& r);

 private:
  void prepare(const DriveTestRequest& r);
  const scene::CityModel& m_city;
  const std::vector<std::vector<uint32_t>> m_masts;
  std::unique_ptr<CoverageModel> m_model;
  double m_cellM = 0;
  bool m_calibrated = false;
};

// The model at the request's cell size, with the sectors as configured and the request's
// online set.
void DriveTestCompute::prepare(const DriveTestRequest& r) {
  if (!m_model || m_cellM != r.cellM) {
    m_model = makeCityCoverageModel(m_city, r.cellM);
    m_model->computeAll(r.online);
    m_cellM = r.cellM, m_calibrated = false;
    return;
  }
  // Undo the last calibration: only the sectors it re-tuned are swept again.
  const auto& configured = m_city.entities.sites5g;
  for (uint32_t s = 0; m_calibrated && s < configured.size(); ++s)
    if (m_model->sectors()[s].txPowerDbm != configured[s].txPowerDbm) m_model->updateSector(s, configured[s]);
  m_calibrated = false;
  m_model->setOnline(r.online);
}

std::shared_ptr<const DriveTestReport> DriveTestCompute::run(const DriveTestRequest& r) {
  const auto t0 = std::chrono::steady_clock::now();
  prepare(r);
  auto out = std::make_shared<DriveTestReport>();
  const auto& points = m_city.driveTest.points;
  out->masts = m_masts;
  for (const auto& mast : m_masts) out->mastNames.push_back(mastName(m_city.entities.sites5g, mast));
  out->before = compareDriveTest(*m_model, m_city, m_model->heights(), points, m_masts);
  out->kpisBefore = m_model->kpis(r.threshold);
  if (r.calibrate) {
    DriveTestCalibration c = calibrateDriveTest(*m_model, m_city, m_model->heights(), points, m_masts);
    m_calibrated = true;
    out->mastOffsetDb = std::move(c.mastOffsetDb);
    out->calibrationRounds = c.rounds;
    out->after = compareDriveTest(*m_model, m_city, m_model->heights(), points, m_masts);
    out->kpisAfter = m_model->kpis(r.threshold);
  }
  out->cellM = r.cellM;
  out->computeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

std::string statsText(const DriveTestStats& s) {
  return fmt::format("{:+.1f} / {:.1f} dB ({} points)", s.meanErrorDb, s.rmseDb, s.count);
}

}  // namespace

DriveTestLayer::DriveTestLayer(const scene::CityModel& city)
    : WorkerLayer(
          [compute = std::make_shared<DriveTestCompute>(city)](const DriveTestRequest& r) { return compute->run(r); }),
      m_city(city) {
  if (city.driveTest.calibrate) props()[m_calibrate.index].value = 1;
}

void DriveTestLayer::update(const twin::StateStore& state, twin::SimTime t) {
  DriveTestRequest r;
  const auto& sectors = m_city.entities.sites5g;
  r.online.resize(sectors.size());
  for (size_t i = 0; i < sectors.size(); ++i) {
    auto status = state.readingAt(sectors[i].id, twin::attr::kStatus, t);
    r.online[i] = !status || status->value >= 0.5 ? 1 : 0;  // as the coverage layer: no data, it runs
  }
  r.cellM = value(m_cellM), r.threshold = value(m_threshold), r.calibrate = value(m_calibrate) >= 0.5;
  postIfChanged(std::move(r));
}

std::optional<DriveTestReport> DriveTestLayer::report() const {
  auto r = result();
  if (!r) return std::nullopt;
  return *r;
}

std::vector<KpiLine> DriveTestLayer::kpiLines() const {
  auto r = result();
  if (!r) return {{"Drive test", "computing.."}};
  const DriveTestComparison& b = r->before;
  std::vector<KpiLine> lines{{"Compared", fmt::format("{} of {} points", b.overall.count, b.errorDb.size())},
                             {"Mean error / RMSE", statsText(b.overall)}};
  if (b.unknownCell + b.outsideRaster + b.noSignal > 0)
    lines.push_back({"Not compared", fmt::format("{} unknown cell, {} off the raster, {} no signal", b.unknownCell,
                                                 b.outsideRaster, b.noSignal)});
  if (!r->after) {
    lines.push_back({"Coverage (model)", fmt::format("{:.1f} %", r->kpisBefore.coveredPct)});
    return lines;
  }
  lines.push_back({"Calibrated", statsText(r->after->overall)});
  lines.push_back({"Coverage before / after",
                   fmt::format("{:.1f} % / {:.1f} %", r->kpisBefore.coveredPct, r->kpisAfter->coveredPct)});
  // The masts with the most points first.
  std::vector<size_t> order(r->masts.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t c) { return b.perMast[a].count > b.perMast[c].count; });
  for (size_t i = 0; i < order.size() && i < 8 && b.perMast[order[i]].count; ++i)
    lines.push_back({"Offset " + r->mastNames[order[i]],
                     fmt::format("{:+.1f} dB ({} points)", r->mastOffsetDb[order[i]], b.perMast[order[i]].count)});
  return lines;
}

std::vector<LegendEntry> DriveTestLayer::legend() const {
  const double range = value(m_range);
  return {{driveTestErrorColor(range, range), fmt::format("measured {:.0f} dB or more above the model", range)},
          {driveTestErrorColor(range / 2, range), fmt::format("{:+.0f} dB", range / 2)},
          {driveTestErrorColor(0, range), "as predicted"},
          {driveTestErrorColor(-range / 2, range), fmt::format("{:+.0f} dB", -range / 2)},
          {driveTestErrorColor(-range, range), fmt::format("measured {:.0f} dB or more below", range)},
          {0xff808080u, "not compared"}};
}

void DriveTestLayer::draw(scene::OverlayDraw& out, double) const {
  auto r = result();
  if (!visible || !r) return;
  // After calibration the points show what is left of the error.
  const std::vector<float>& error = r->after ? r->after->errorDb : r->before.errorDb;
  const auto& points = m_city.driveTest.points;
  const double range = value(m_range);
  for (size_t i = 0; i < points.size() && i < error.size(); ++i) {
    const glm::vec3 p(float(points[i].posEnu.x), float(points[i].posEnu.y), 0.f);
    const uint32_t color = std::isnan(error[i]) ? 0xff808080u : driveTestErrorColor(error[i], range);
    out.boxes.push_back({p + glm::vec3(-1.5f, -1.5f, 0.5f), p + glm::vec3(1.5f, 1.5f, 3.5f), color, 1u});
  }
}

}  // namespace ts::layers
