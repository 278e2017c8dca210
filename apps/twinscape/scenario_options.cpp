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

Result<scenario::Tour> tourNamed(const scenario::ScenarioFile& file, const std::string& name) {
  if (auto it = file.tours.find(name); it != file.tours.end()) return it->second;
  const std::string source = file.scenario && !file.scenario->source.empty() ? file.scenario->source : "the scenario";
  std::string names;
  for (const auto& [n, tour] : file.tours) names += (names.empty() ? "" : ", ") + n;
  return fail("--tour: " + source + " has no tour '" + name + "' (" +
              (names.empty() ? std::string("it has none; --scenario FILE plays another") : "its tours: " + names) +
              ")");
}

}  // namespace ts::app
