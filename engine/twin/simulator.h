// The scenario simulator: a seeded, deterministic stand-in for the live feeds of a city.
// It plays a scenario (twin/scenario.h, read from a file by engine/scenario): the
// baselines every entity kind follows and the scenario's events. It writes status, load,
// detections and temperature series into the StateStore for any window of time, and
// lists the events that happen in it for the timeline.
//
// Determinism. Every value is a pure function of (scenario, seed, entity, attribute,
// time): the randomness comes from a counter-based hash (splitmix64) of the seed, the
// entity's id, the attribute and a time index (step, hour or alert slot), never from a
// generator whose state depends on the window. So valueAt(e, a, t) is the same whichever
// window was filled, as long as t lies inside it, and the same in two Simulators built
// with the same scenario, seed and entities.
//
// Time. Days are local days of the scenario's UTC offset. Events happen where the file
// puts them; a repeating scenario plays them again every (end - start), before and after
// its range. Noise and camera alerts never repeat.
//
// Series (entity, attribute: interpolation); the figures are the baselines':
//   "city", temperature_c: Linear. The daily curve, smooth hourly noise, plus each heat
//     wave's rise times its envelope (ramps up, holds, ramps down).
//   data centre id, load_mw: Linear. IT load = capacity x utilisation; utilisation
//     follows the daily curve plus a per-DC offset (the built DCs spread evenly over
//     ±spread/2 in a seeded order, so exactly one is the busiest), smooth hourly noise,
//     the heat waves' and load ramps' rises; capped at utilisationMax.
//   data centre id, facility_mw: Linear. load_mw x PUE x (1 + coolingPerC per °C above
//     coolingAboveC).
//   Proposed data centres (proposed == true) are not built: load_mw and facility_mw are 0
//     until a commissioning event brings one into service (its load ramps up from 0 to
//     the baseline over the event, offset 0, and stays until the scenario's end).
//   camera id, status: Step. 1 online, 0 offline (a camera_cluster_offline event), 2
//     alert: a seeded alert in one alert slot (alertSeconds long, counted from the
//     epoch) with a chance of alertSeconds / (alertMeanDays x 86400) per slot, raised by an
//     alert_burst to its rate (a slot drawn right after a drawn one is skipped, so alerts
//     never merge). Offline wins over alert.
//   camera id, detections: Step. Objects counted in the step starting at the sample: the
//     traffic curve x detections per minute x a per-camera scale x (1 ± noise); 0 while
//     the camera is offline.
//   5G sector id, status: Step. 1 online, 0 during a site_outage naming it.
//
// What fill() writes for [from, to]: status series get their value at `from` and then a
// sample at each change inside the window, nothing else. Sampled series get a sample at
// every multiple of stepSeconds (since the epoch) from the grid point at or before
// `from` to the one at or after `to`; detections also get a sample at each start and
// end of an outage inside that range, so they read 0 exactly while a camera is offline.
#pragma once
#include <cstdint>
#include <glm/vec2.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scene/entities.h"
#include "twin/scenario.h"
#include "twin/state_store.h"

namespace ts::twin {

namespace attr {
inline constexpr const char* kStatus = "status";
inline constexpr const char* kLoadMw = "load_mw";
inline constexpr const char* kFacilityMw = "facility_mw";
inline constexpr const char* kDetections = "detections";
inline constexpr const char* kTemperatureC = "temperature_c";
inline constexpr const char* kAlertReason = "alert_reason";  // text, from feeds (cameras)
}  // namespace attr

// The entity that carries city-wide series (temperature_c).
inline constexpr const char* kCityEntity = "city";

// Status values. Sites: offline / online. Cameras: offline / online / alert.
inline constexpr double kStatusOffline = 0, kStatusOnline = 1, kStatusAlert = 2;

inline constexpr uint32_t kDefaultSeed = 2026;

struct SimulatorOptions {
  // The scenario played; null: the baselines alone (Scenario{}: no events).
  std::shared_ptr<const Scenario> scenario;
  std::optional<uint32_t> seed;  // overrides the scenario's
};

struct SimEvent {
  std::string kind;            // eventKindName(): "heat_wave", "site_outage", ...
  std::string id;              // the scenario's id of the event
  std::string label;           // for people
  SimTime start = 0, end = 0;  // [start, end)
  // Affected entities: the sectors of an outage, the cameras of a cluster or burst, the
  // data centres of a ramp or commissioning; for a heat wave the city and the built
  // data centres.
  std::vector<std::string> entities;
};

class Simulator {
 public:
  explicit Simulator(const scene::EntitySet& entities, SimulatorOptions options = {});
  ~Simulator();
  Simulator(Simulator&&) noexcept;

  // Sets the interpolation modes: status, detections Step; load_mw, facility_mw,
  // temperature_c Linear.
  static void configure(StateStore& store);

  // Writes every sample for [from, to] into the store (see the header comment).
  void fill(StateStore& store, SimTime from, SimTime to) const;

  // The scenario's events overlapping [from, to], by start time.
  std::vector<SimEvent> events(SimTime from, SimTime to) const;

  const Scenario& scenario() const { return *m_scenario; }
  uint32_t seed() const { return m_seed; }
  int utcOffsetMinutes() const { return m_scenario->utcOffsetMinutes; }
  // What the scenario names that the city does not have, or events that affect nothing:
  // "scenario demo.json: events[2] (outage-2): no 5G site or sector 'gnb-999'".
  const std::vector<std::string>& warnings() const { return m_warnings; }

 private:
  struct Resolved;  // the events with their entities found
  struct Occurrence;
  struct Samples;
  void resolveEvents();
  int64_t localDay(SimTime t) const;
  SimTime localMidnight(int64_t day) const;
  std::vector<Occurrence> occurrences(SimTime from, SimTime to, bool inService = false) const;
  // fill()'s phases: the sampling grid of a window with what depends only on time there
  // (events included), then the data centres' series and each camera's.
  Samples samplesFor(SimTime from, SimTime to) const;
  void fillDataCentres(StateStore& store, const Samples& s) const;
  void fillCamera(StateStore& store, size_t camera, SimTime from, SimTime to, const Samples& s,
                  std::vector<SimTime>& candidates) const;  // candidates: scratch
  SimEvent describe(const Occurrence& o) const;

  std::shared_ptr<const Scenario> m_scenario;
  uint32_t m_seed = kDefaultSeed;
  std::unique_ptr<Resolved> m_resolved;
  std::vector<std::string> m_warnings;

  std::vector<std::string> m_sectorIds;
  std::vector<glm::vec2> m_sectorPos;
  std::vector<std::string> m_cameraIds;
  std::vector<uint64_t> m_cameraKeys;
  std::vector<glm::vec2> m_cameraPos;
  std::vector<double> m_cameraScale;
  struct Dc {
    std::string id, name;
    uint64_t key;
    double capacityMw, pue, offset;
    bool proposed;
    glm::vec2 pos;
  };
  std::vector<Dc> m_dcs;
};

}  // namespace ts::twin
