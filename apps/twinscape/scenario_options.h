// --scenario and --seed, shared by every command that runs the scenario simulator (view,
// render, kpi, record, feed-sim, tour), and loading the scenario they name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "io/scene_loader.h"
#include "scenario/scenario_file.h"

namespace CLI {
class App;
}

namespace ts::app {

void addScenarioOptions(CLI::App* sub, std::string& scenario, std::optional<uint32_t>& seed);

// The scenario a command plays: --scenario's (`option`), else the scene's; its warnings
// logged. Errors name the file, the JSON path and what is wrong.
Result<scenario::ScenarioFile> scenarioLogged(const std::string& option, const io::LoadedScene& loaded);

// --tour NAME: the scenario's tour by that name; the error for an unknown one lists the
// tours there are (a usage error).
Result<scenario::Tour> tourNamed(const scenario::ScenarioFile& file, const std::string& name);

}  // namespace ts::app
