#include "layers/live_layers.h"

#include <algorithm>

#include "layers/worker.h"
#include "twin/sim_clock.h"

namespace ts::layers {

// Re-filling the simulated window happens on a worker into a fresh store, swapped in
// when ready: a two-day fill takes ~0.1 s, too long for a frame.
struct LiveLayers::Fill {
  struct Request {
    double from, to;
  };
  struct Result {
    std::shared_ptr<twin::StateStore> store;
    double from, to;
  };
  LatestWorker<Request, Result> worker;
  std::shared_ptr<const Result> taken;
  Fill(const twin::Simulator& sim, std::shared_ptr<twin::Registry> names)
      : worker([&sim, names](const Request& r) {
          auto out = std::make_shared<Result>();
          out->store = std::make_shared<twin::StateStore>(names);
          twin::Simulator::configure(*out->store);
          sim.fill(*out->store, r.from, r.to);
          out->from = r.from, out->to = r.to;
          return out;
        }) {}
};

LiveLayers::LiveLayers(const scene::CityModel& city, LiveLayersOptions options)
    : m_city(city),
      m_options(options),
      m_simulator(city.entities, options.simulator),
      m_state(std::make_shared<twin::StateStore>()) {
  twin::Simulator::configure(*m_state);
  m_fill = std::make_unique<Fill>(m_simulator, m_state->registry());
  auto coverage = std::make_unique<CoverageLayer>(city);
  auto cameras = std::make_unique<CameraLayer>(city);
  auto dataCentres = std::make_unique<DataCentreLayer>(city);
  m_coverage = coverage.get(), m_cameras = cameras.get(), m_dataCentres = dataCentres.get();
  m_layers.push_back(std::move(coverage));
  m_layers.push_back(std::move(cameras));
  m_layers.push_back(std::move(dataCentres));
}

LiveLayers::~LiveLayers() = default;

Layer* LiveLayers::find(std::string_view id) {
  for (auto& l : m_layers)
    if (l->id() == id) return l.get();
  return nullptr;
}

std::string LiveLayers::idList() const {
  std::string ids;
  for (const auto& l : m_layers) ids += (ids.empty() ? "" : ", ") + std::string(l->id());
  return ids;
}

Result<> LiveLayers::show(const std::vector<std::string>& ids) {
  for (const std::string& id : ids)
    if (id != "none" && !find(id)) return fail("no layer '" + id + "' (there are " + idList() + ")");
  for (auto& l : m_layers) l->visible = ids.empty() || std::find(ids.begin(), ids.end(), l->id()) != ids.end();
  return {};
}

void LiveLayers::update(twin::SimTime t) {
  if (m_options.simulate) {
    auto done = m_fill->worker.latest();
    if (done && done != m_fill->taken) {
      m_fill->taken = done;
      // Only the simulated tier moves: what feeds wrote stays.
      m_state->takeSimulated(std::move(*done->store));  // consumed once, here
      m_filledFrom = done->from, m_filledTo = done->to;
    }
    const double w = m_options.windowSeconds, margin = w / 4;
    const bool inside = t >= m_filledFrom && t <= m_filledTo;
    if (!inside && m_filledTo < m_filledFrom) {
      // Nothing yet: fill now, so the very first frame already has state.
      twin::Simulator::configure(*m_state);
      m_simulator.fill(*m_state, t - w, t + w);
      m_filledFrom = t - w, m_filledTo = t + w;
    } else if (t < m_filledFrom + margin || t > m_filledTo - margin) {
      if (!m_fill->worker.busy()) m_fill->worker.post({t - w, t + w});
    }
  }
  for (auto& l : m_layers) l->update(*m_state, t);
}

void LiveLayers::finish(twin::SimTime t) {
  update(t);
  m_fill->worker.wait();
  update(t);
  for (auto& l : m_layers) l->finish();
}

LiveKpis LiveLayers::kpis(twin::SimTime t) const {
  LiveKpis k;
  k.time = t;
  k.utcOffsetMinutes = m_options.simulator.utcOffsetMinutes;
  k.temperatureC = m_state->valueAt(twin::kCityEntity, twin::attr::kTemperatureC, t);
  k.coverage = {m_coverage->report(), m_coverage->error()};
  k.cameras = {m_cameras->report(), m_cameras->error()};
  k.dataCentres = {m_dataCentres->report(), m_dataCentres->error()};
  if (m_options.simulate) k.events = m_simulator.events(t - 43200, t + 43200);
  return k;
}

scene::OverlayDraw LiveLayers::draw(double wallSeconds) const {
  scene::OverlayDraw out;
  for (const auto& l : m_layers) l->draw(out, wallSeconds);
  return out;
}

void LiveLayers::select(std::optional<scene::EntityRef> e) {
  for (auto& l : m_layers) l->select(e);
}

std::vector<std::string> LiveLayers::attributesOf(const scene::EntityRef& e) const {
  std::vector<std::string> out;
  for (const auto& l : m_layers)
    for (std::string& a : l->attributesOf(e))
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
  return out;
}

}  // namespace ts::layers
