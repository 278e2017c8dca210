// A scenario as the simulator reads it: a time range in a time zone, the baseline curves
// every entity kind follows, and the events that change them (docs/scenario-format.md).
// Parsed from files by engine/scenario/scenario_file.h; the types live here so that the
// simulator needs no file code. Entities are named by id; resolving names and places to
// the city's entities happens in the Simulator, where an unknown one is a warning.
#pragma once
#include <cstdint>
#include <glm/vec2.hpp>
#include <optional>
#include <string>
#include <vector>

#include "twin/state_store.h"

namespace ts::twin {

// A daily curve: `low` at local hour `lowHour`, `high` at `highHour` (lowHour < highHour),
// half cosines between them, flat at neither end.
struct DailyCurve {
  double low = 0, lowHour = 0, high = 0, highHour = 12;
};

// A bump of a camera's traffic curve: a Gaussian in local hours.
struct TrafficPeak {
  double hour = 0, widthH = 1, height = 1;
};

struct Baselines {
  // The city's temperature_c: the daily curve plus smooth noise of this amplitude.
  DailyCurve temperatureC{27, 5, 33, 14.5};
  double temperatureNoiseC = 0.5;
  // Data centres: utilisation (0..1) on a daily curve, spread evenly over the built ones
  // (the busiest +spread/2, the quietest -spread/2, in a seeded order), smooth noise,
  // capped; facility power = IT load x PUE x (1 + coolingPerC per °C above coolingAboveC).
  DailyCurve utilisation{0.55, 4, 0.80, 14.5};
  double utilisationSpread = 0.10, utilisationNoise = 0.03, utilisationMax = 0.98;
  double coolingAboveC = 33, coolingPerC = 0.01;
  // Cameras: detections per minute at a traffic curve's 1.0 (times a per-camera scale in
  // [scaleMin, scaleMax], ±noise), the curve a floor plus its peaks.
  double detectionsPerMinute = 8, detectionScaleMin = 0.4, detectionScaleMax = 1.6, detectionNoise = 0.2;
  double trafficFloor = 0.06;
  std::vector<TrafficPeak> trafficPeaks{{7.5, 1.1, 0.88}, {17.5, 1.4, 0.94}, {12.5, 2.2, 0.40}};
  // Camera alerts: each lasts alertSeconds; on average one per camera every alertMeanDays.
  double alertSeconds = 600, alertMeanDays = 3;
};

// Which entities an event affects: listed ids, and/or every one within radiusM of a
// place (a point in the scene's ENU metres, a WGS 84 position located into it, or another
// entity's position). Sites are named by a sector id or a site id ("gnb-39": its sectors
// "gnb-39-1", "gnb-39-2", ...).
struct EntitySelection {
  std::vector<std::string> ids;
  bool all = false;
  std::optional<glm::dvec2> centreEnu;     // east, north (m)
  std::optional<glm::dvec2> centreLonLat;  // degrees; located into centreEnu by the loader
  std::string aroundEntity;                // "cam-432": the place is that entity's
  double radiusM = 0;
  bool empty() const { return ids.empty() && !all && !centreEnu && !centreLonLat && aroundEntity.empty(); }
};

enum class EventKind { SiteOutage, CameraClusterOffline, HeatWave, LoadRamp, Commissioning, AlertBurst };
const char* eventKindName(EventKind kind);  // "site_outage", "camera_cluster_offline", ...

struct ScenarioEvent {
  EventKind kind = EventKind::SiteOutage;
  std::string id;              // unique in the scenario, for people and tours
  std::string label;           // empty: made from the kind and what it affects
  SimTime start = 0, end = 0;  // [start, end)
  EntitySelection target;      // sites, cameras or data centres (heat wave: none)
  // Heat wave: the city warms by riseC and data-centre utilisation rises by loadRise.
  // Load ramp: the target data centres' utilisation rises by loadRise.
  // Both ramp up over rampUpS from start and down over rampDownS before end.
  double riseC = 0, loadRise = 0, rampUpS = 0, rampDownS = 0;
  // Commissioning: the target (proposed) data centres come into service at start and
  // their load ramps up to the baseline by end; they stay in service afterwards.
  // Alert burst: each target camera raises alerts at this rate while the burst lasts.
  double alertsPerHour = 0;
};

struct Scenario {
  std::string name;            // for people
  std::string description;     // for people
  std::string source;          // the file it came from (messages); empty: built in
  SimTime start = 1780246800;  // 2026-06-01T00:00:00+07:00
  SimTime end = 1780333200;    // a day later; the scenario's events lie in [start, end)
  // Outside [start, end) the events come back every (end - start) when repeating (a daily
  // scenario plays every day on a live wall), else the baselines alone run there.
  bool repeat = false;
  int utcOffsetMinutes = 420;  // local time (Asia/Ho_Chi_Minh: UTC+7, no DST)
  std::string timeZoneName = "Asia/Ho_Chi_Minh";
  uint32_t seed = 2026;
  double stepSeconds = 300;  // the sampling grid of load, detections and temperature
  Baselines baselines;
  std::vector<ScenarioEvent> events;
};

}  // namespace ts::twin
