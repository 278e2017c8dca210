#include "scenario_options.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

namespace ts::app {

void addScenarioOptions(CLI::App* sub, std::string& scenario, std::optional<uint32_t>& seed) {
  sub->add_option("--scenario", scenario,
                  "A scenario file (docs/scenario-format.md): the events, baselines and tours the simulator plays; "
                  "default: the scene's (the demo's is assets/scenarios/demo-2026-06-01.json)");
  sub->add_option("--seed", seed, "The scenario simulator's seed (default: the scenario's)");
}

Result<scenario::ScenarioFile> scenarioLogged(const std::string& option, const io::LoadedScene& loaded) {
  auto file = scenario::chooseScenario(option, loaded.scenario, loaded.city);
  if (!file) return file;
  for (const std::string& w : file->warnings) spdlog::warn("{}", w);
  const twin::Scenario& s = *file->scenario;
  if (!s.source.empty())
    spdlog::info("scenario '{}' ({}): {} events, {} tours", s.name, s.source, s.events.size(), file->tours.size());
  return file;
}

}  // namespace ts::app
