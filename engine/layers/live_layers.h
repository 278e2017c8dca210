// The live layers of a city together: the StateStore they read, the scenario simulator
// that feeds it (until a real feed does), and the 5G coverage, AI-camera and
// data-centre layers. The viewer, `twinscape kpi` and `render --at` all go through this.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "layers/camera_layer.h"
#include "layers/coverage_layer.h"
#include "layers/datacentre_layer.h"
#include "layers/drive_test.h"
#include "layers/layer.h"
#include "twin/simulator.h"

namespace ts::layers {

// One layer's part of the KPIs: its figures (none before its first result) and why its
// last computation failed, if it did.
template <class Report>
struct LayerKpis {
  std::optional<Report> report;
  std::optional<std::string> error;
  Freshness freshness;  // of the values read at the last update
};

// Every layer's KPIs at one sim time, and the scenario's events around it: the figures
// `twinscape kpi` prints (as JSON, apps/twinscape) and the inspector shows.
struct LiveKpis {
  twin::SimTime time = 0;
  int utcOffsetMinutes = 0;            // local time of the scenario, for printing times
  std::optional<double> temperatureC;  // the city's, when the state has it
  LayerKpis<CoverageReport> coverage;
  LayerKpis<CameraReport> cameras;
  LayerKpis<DataCentreReport> dataCentres;
  std::optional<LayerKpis<DriveTestReport>> driveTest;  // when the scene has drive-test points
  std::vector<twin::SimEvent> events;                   // overlapping [time - 12 h, time + 12 h]
};

struct LiveLayersOptions {
  twin::SimulatorOptions simulator;
  bool simulate = true;          // feed the store from the simulator
  double windowSeconds = 86400;  // simulated state kept filled this far either side of t
  // A recording's replay: fills a store's feed tier for [from, to] (called on a worker),
  // or with from == to the state at that moment alone (a seek, on the frame thread).
  std::function<void(twin::StateStore&, twin::SimTime, twin::SimTime)> replay;
  double replayWindowSeconds = 1800;  // replayed state kept filled this far either side of t
  // The names of the city's entities and attributes, shared with feeds and replays that
  // write into the state (null: a new registry).
  std::shared_ptr<twin::Registry> names;
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
  Layer* find(std::string_view id);
  const Layer* find(std::string_view id) const;
  CoverageLayer& coverage() { return *m_coverage; }
  CameraLayer& cameras() { return *m_cameras; }
  DataCentreLayer& dataCentres() { return *m_dataCentres; }
  DriveTestLayer* driveTest() { return m_driveTest; }  // null: the scene has no drive-test points
  // Shows only the layers named (by id); none named: all; "none": none. An unknown id
  // is an error naming it and the ids there are; then nothing changes.
  Result<> show(const std::vector<std::string>& ids);
  // What show() checks, without showing: every id names a layer (or is "none").
  Result<> checkIds(const std::vector<std::string>& ids) const;
  // The layers' ids, comma-separated ("coverage5g, cameras, datacentres").
  std::string idList() const;

  // Live feeds: their updates are drained from this queue into the state at every update
  // (the frame thread); the queue must outlive the layers or be detached (null).
  void attachFeeds(twin::UpdateQueue* queue) { m_feeds = queue; }
  // Frame thread: makes sure the simulated (and replayed) window covers t (re-filled on a
  // worker, never waited for, when t nears its edge), drains the feeds, then updates
  // every layer at t.
  void update(twin::SimTime t);
  // Blocks until the state around t and every layer's work are published (headless).
  void finish(twin::SimTime t);
  // Every layer's KPIs at the last update, and the events around t.
  LiveKpis kpis(twin::SimTime t) const;
  scene::OverlayDraw draw(double wallSeconds) const;
  // The sim times the state holds now (the timeline's extent).
  std::pair<twin::SimTime, twin::SimTime> filledRange() const;
  void select(std::optional<scene::EntityRef> e);
  // The live attributes the layers keep for an entity (the selection panel's graphs).
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const;
  // For people, one line per attribute an entity has from a feed at t: "status 1 (feed, 12 s
  // old)" or "status 1 STALE (3 min old)" (the hover tooltip).
  std::vector<std::string> feedValuesOf(const scene::EntityRef& e, twin::SimTime t) const;

 private:
  struct Window;
  const scene::CityModel& m_city;
  LiveLayersOptions m_options;
  twin::Simulator m_simulator;
  std::shared_ptr<twin::StateStore> m_state;
  std::vector<std::unique_ptr<Window>> m_windows;  // the simulator's, a replay's
  twin::UpdateQueue* m_feeds = nullptr;
  std::vector<std::unique_ptr<Layer>> m_layers;
  CoverageLayer* m_coverage = nullptr;
  CameraLayer* m_cameras = nullptr;
  DataCentreLayer* m_dataCentres = nullptr;
  DriveTestLayer* m_driveTest = nullptr;
};

}  // namespace ts::layers
