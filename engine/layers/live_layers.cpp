#include "layers/live_layers.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "layers/camera_layer.h"
#include "layers/coverage_layer.h"
#include "layers/datacentre_layer.h"
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
  explicit Fill(const twin::Simulator& sim)
      : worker([&sim](const Request& r) {
          auto out = std::make_shared<Result>();
          out->store = std::make_shared<twin::StateStore>();
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
  m_fill = std::make_unique<Fill>(m_simulator);
  m_layers.push_back(std::make_unique<CoverageLayer>(city));
  m_layers.push_back(std::make_unique<CameraLayer>(city));
  m_layers.push_back(std::make_unique<DataCentreLayer>(city));
}

LiveLayers::~LiveLayers() = default;

Layer* LiveLayers::find(const std::string& id) {
  for (auto& l : m_layers)
    if (l->id() == id) return l.get();
  return nullptr;
}

void LiveLayers::update(twin::SimTime t) {
  if (m_options.simulate) {
    auto done = m_fill->worker.latest();
    if (done && done != m_fill->taken) {
      m_fill->taken = done;
      m_state = done->store;
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

nlohmann::json LiveLayers::kpis(twin::SimTime t) const {
  nlohmann::json layers = nlohmann::json::object();
  for (const auto& l : m_layers) {
    layers[l->id()] = l->kpis();
    if (auto e = l->error()) layers[l->id()]["error"] = *e;
  }
  nlohmann::json events = nlohmann::json::array();
  const int offset = m_options.simulator.utcOffsetMinutes;
  if (m_options.simulate)
    for (const twin::SimEvent& e : m_simulator.events(t - 43200, t + 43200))
      events.push_back({{"kind", e.kind},
                        {"label", e.label},
                        {"start", twin::formatIsoTime(e.start, offset)},
                        {"end", twin::formatIsoTime(e.end, offset)},
                        {"active", e.start <= t && t < e.end}});
  nlohmann::json temp = nullptr;
  if (auto v = m_state->valueAt(twin::kCityEntity, twin::attr::kTemperatureC, t)) temp = *v;
  return {{"time", twin::formatIsoTime(t, offset)}, {"temperature_c", temp}, {"layers", layers}, {"events", events}};
}

LayerDraw LiveLayers::draw(double wallSeconds) const {
  LayerDraw out;
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
