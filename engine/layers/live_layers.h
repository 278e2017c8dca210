// The live layers of a city together: the StateStore they read, the scenario simulator
// that feeds it (until a real feed does), and the 5G coverage, AI-camera and
// data-centre layers. The viewer, `twinscape kpi` and `render --at` all go through this.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "layers/layer.h"
#include "twin/simulator.h"

namespace ts::layers {

struct LiveLayersOptions {
  twin::SimulatorOptions simulator;
  bool simulate = true;          // feed the store from the simulator
  double windowSeconds = 86400;  // simulated state kept filled this far either side of t
};

class LiveLayers {
 public:
  LiveLayers(const scene::CityModel& city, LiveLayersOptions options = {});
  ~LiveLayers();

  twin::StateStore& state() { return *m_state; }
  const twin::StateStore& state() const { return *m_state; }
  const twin::Simulator& simulator() const { return m_simulator; }
  std::vector<std::unique_ptr<Layer>>& layers() { return m_layers; }
  const std::vector<std::unique_ptr<Layer>>& layers() const { return m_layers; }
  Layer* find(const std::string& id);

  // Frame thread: makes sure the simulated window covers t (re-filled on a worker, never
  // waited for, when t nears its edge), then updates every layer at t.
  void update(twin::SimTime t);
  // Blocks until the state around t and every layer's work are published (headless).
  void finish(twin::SimTime t);
  // Every layer's KPIs at the last update, the events around it, as one JSON object.
  nlohmann::json kpis(twin::SimTime t) const;
  LayerDraw draw(double wallSeconds) const;
  // The sim times the state holds now (the timeline's extent).
  std::pair<twin::SimTime, twin::SimTime> filledRange() const { return {m_filledFrom, m_filledTo}; }
  void select(std::optional<scene::EntityRef> e);
  // The live attributes the layers keep for an entity (the selection panel's graphs).
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const;

 private:
  struct Fill;
  const scene::CityModel& m_city;
  LiveLayersOptions m_options;
  twin::Simulator m_simulator;
  std::shared_ptr<twin::StateStore> m_state;
  double m_filledFrom = 0, m_filledTo = -1;
  std::unique_ptr<Fill> m_fill;
  std::vector<std::unique_ptr<Layer>> m_layers;
};

}  // namespace ts::layers
