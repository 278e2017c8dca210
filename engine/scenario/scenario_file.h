// Scenario files (docs/scenario-format.md): JSON under assets/scenarios/ or anywhere,
// read into the simulator's twin::Scenario and the file's guided tours. Errors name the
// file, the JSON path and what is wrong; unknown keys are warnings. Entities the file
// names are only checked against a city by the Simulator (a warning there, not an error).
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "scenario/tour.h"
#include "scene/city_model.h"
#include "twin/scenario.h"

namespace ts::scenario {

struct ScenarioFile {
  std::shared_ptr<twin::Scenario> scenario;
  std::map<std::string, Tour> tours;
  std::vector<std::string> warnings;  // unknown keys
};

// Parses a scenario's JSON text; `source` names it in messages (a path, or "demo").
Result<ScenarioFile> parseScenario(const std::string& text, const std::string& source);
// Reads a file, or with "demo" the embedded demo scenario (assets/scenarios/).
Result<ScenarioFile> loadScenario(const std::string& pathOrDemo);

// The scenario to play: `option`'s (--scenario: a file, or "demo") when given, else the
// scene's own (`sceneScenario`: "demo" for the demo city, a scene file's "scenario"), else
// the baselines without events. Its places are located in `city`.
Result<ScenarioFile> chooseScenario(const std::string& option, const std::string& sceneScenario,
                                    const scene::CityModel& city);

// Puts the events' WGS 84 places into the city's ENU frame (through PROJ). A place that
// cannot be located stays unlocated (the Simulator warns).
void locate(twin::Scenario& scenario, const scene::CityModel& city);

// The demo scenario's name for --scenario and its path under assets/.
inline constexpr const char* kDemoScenario = "scenarios/demo-2026-06-01.json";

}  // namespace ts::scenario
