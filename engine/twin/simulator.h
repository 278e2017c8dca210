// The scenario simulator: a seeded, deterministic stand-in for the live feeds of the
// demo city. It writes status, load, detections and temperature series into the
// StateStore for any window of time, and lists the scenario's events for the timeline.
//
// Determinism. Every value is a pure function of (seed, entity, attribute, time): the
// randomness comes from a counter-based hash (splitmix64) of the seed, the entity's id,
// the attribute and a time index (step, hour or alert slot), never from a generator
// whose state depends on the window. So valueAt(e, a, t) is the same whichever window
// was filled, as long as t lies inside it, and the same in two Simulators built with the
// same seed and entities.
//
// Days and the cycle. Days are local days (utcOffsetMinutes, UTC+7 by default). The
// scenario repeats on a 3-day cycle counted from the local day of scenarioStart (days
// before it too: floor division). Events are a function of (seed, cycle day) only, so
// the same three-day story repeats; noise and camera alerts do not repeat. Event times
// are whole quarter hours, local.
//   Cycle day 0 (2026-06-01, 06-04, ... and 05-29, ... with the defaults):
//     09:00-11:00  camera_cluster_offline: every camera within 250 m of a seeded camera
//                  of the old district (within 2.5 km of the origin); a centre is
//                  picked so that the cluster holds at least 15 cameras when the city
//                  has such a place.
//     12:00-18:00  heat_wave: the city's temperature rises up to ~39 °C (normal day:
//                  ~27 °C at 05:00, ~33 °C at 14:30); data-centre loads rise by 10
//                  points of utilisation (ramp 12:00-13:30, full 13:30-17:00, back by
//                  18:00).
//     14:00-16:30  site_outage: every sector of one seeded physical macro site of the
//                  old district (FR1 sectors that share a position) goes offline.
//   Cycle days 1 and 2: a site outage of another district site at a seeded time
//   (starting 07:00-18:45, lasting 1-3 h) and another camera cluster (disjoint from the
//   other clusters of the cycle; starting 06:00-19:45, lasting 1-2 h). No heat wave.
//
// Series (entity, attribute: interpolation):
//   "city", temperature_c: Linear. Daily curve 27-33 °C, smooth noise ±0.5 °C, plus up
//     to +6 °C in the heat wave.
//   data centre id, load_mw: Linear. IT load = capacity x utilisation; utilisation
//     follows a daily curve (55 % at 04:00, 80 % at 14:30 local) plus a per-DC offset
//     (the built DCs get evenly spread offsets from -5 to +5 points in a seeded order, so
//     exactly one is the busiest) plus smooth noise (±3 points, value noise between
//     hourly hashed points) plus the heat wave's 10 points; capped at 98 %. So: below
//     ~88 % on a normal day, the busiest above 90 % from 14:00 to about 17:00 in the heat
//     wave, and nobody reaches 100 %.
//   data centre id, facility_mw: Linear. load_mw x PUE x (1 + 1 % per °C above 33 °C).
//   Proposed data centres (proposed == true, e.g. dc-ai-100mw) are not built: load_mw
//   and facility_mw are 0.
//   camera id, status: Step. 1 online, 0 offline (its cluster's outage), 2 alert: a
//     seeded 10-minute alert in a 10-minute slot of the epoch, with a probability of
//     1/432 per slot (about one alert per camera per 3 days; a slot drawn right after
//     a drawn one is skipped, so alerts never merge). Offline wins over alert.
//   camera id, detections: Step. Objects counted in the step starting at the sample: a
//     traffic curve with peaks at 07:30 and 17:30 local (and a smaller one at midday),
//     a per-camera scale and ±20 % noise; 0 while the camera is offline.
//   5G sector id, status: Step. 1 online, 0 during its site's outage.
//
// What fill() writes for [from, to]: status series get their value at `from` and then a
// sample at each change inside the window, nothing else. Sampled series get a sample at
// every multiple of stepSeconds (since the epoch) from the grid point at or before
// `from` to the one at or after `to`; detections also get a sample at each start and
// end of an outage inside that range, so they read 0 exactly while a camera is offline.
#pragma once
#include <array>
#include <cstdint>
#include <glm/vec2.hpp>
#include <string>
#include <vector>

#include "scene/entities.h"
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

struct SimulatorOptions {
  uint32_t seed = 2026;
  double stepSeconds = 300;            // the sampling grid of load, detections and temperature
  int utcOffsetMinutes = 420;          // local time: Asia/Ho_Chi_Minh (UTC+7, no DST)
  SimTime scenarioStart = 1780246800;  // 2026-06-01T00:00:00+07:00: cycle day 0
};

struct SimEvent {
  std::string kind;            // "heat_wave", "site_outage", "camera_cluster_offline"
  std::string label;           // for people
  SimTime start = 0, end = 0;  // [start, end)
  // Affected entities: the sectors of the site, the cameras of the cluster, or for the
  // heat wave the city and the built data centres.
  std::vector<std::string> entities;
};

class Simulator {
 public:
  explicit Simulator(const scene::EntitySet& entities, SimulatorOptions options = {});

  // Sets the interpolation modes: status, detections Step; load_mw, facility_mw,
  // temperature_c Linear.
  static void configure(StateStore& store);

  // Writes every sample for [from, to] into the store (see the header comment).
  void fill(StateStore& store, SimTime from, SimTime to) const;

  // The scenario's events overlapping [from, to], by start time.
  std::vector<SimEvent> events(SimTime from, SimTime to) const;

  const SimulatorOptions& options() const { return m_options; }

 private:
  struct DayPlan {
    bool heatWave = false;
    double heatStart = 0, heatEnd = 0;  // seconds after local midnight
    int outageSite = -1;                // index into m_siteSectors
    double outageStart = 0, outageEnd = 0;
    int clusterCentre = -1;    // camera index
    std::vector<int> cluster;  // camera indices
    double clusterStart = 0, clusterEnd = 0;
  };
  // One event on one day, with entity indices.
  struct Occurrence {
    enum Kind { HeatWave, SiteOutage, CameraCluster } kind;
    SimTime start, end;
    int index;  // HeatWave: -1; SiteOutage: site; CameraCluster: cycle day of the plan
  };

  int64_t localDay(SimTime t) const;
  SimTime localMidnight(int64_t day) const;
  const DayPlan& planFor(int64_t day) const;
  std::vector<Occurrence> occurrences(SimTime from, SimTime to) const;
  double heatEnvelope(SimTime t) const;  // 0..1
  double temperatureAt(SimTime t, double heat) const;
  void planCycle();
  // fill()'s phases: the sampling grid of a window with what depends only on time there
  // (outages included), then the data centres' series and each camera's.
  struct Samples;
  Samples samplesFor(SimTime from, SimTime to) const;
  void fillDataCentres(StateStore& store, const Samples& s) const;
  void fillCamera(StateStore& store, size_t camera, SimTime from, SimTime to, const Samples& s,
                  std::vector<SimTime>& candidates) const;  // candidates: scratch

  SimulatorOptions m_options;
  int64_t m_startDay = 0;
  std::array<DayPlan, 3> m_plans;

  std::vector<std::string> m_sectorIds;
  std::vector<std::vector<int>> m_siteSectors;  // physical macro sites: sector indices
  std::vector<glm::vec2> m_sitePos;
  std::vector<std::string> m_cameraIds;
  std::vector<uint64_t> m_cameraKeys;
  std::vector<glm::vec2> m_cameraPos;
  std::vector<double> m_cameraScale;
  struct Dc {
    std::string id;
    uint64_t key;
    double capacityMw, pue, offset;
    bool proposed;
  };
  std::vector<Dc> m_dcs;
};

}  // namespace ts::twin
