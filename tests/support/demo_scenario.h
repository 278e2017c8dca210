// The demo's scenario (assets/scenarios/demo-2026-06-01.json) for tests that run the
// simulator on the demo city: the events the tests expect come from it.
#pragma once
#include <memory>

#include "twin/scenario.h"

namespace ts::tests {

// With `repeat` off the scenario plays 1 June 2026 alone: other days show the baselines.
std::shared_ptr<const twin::Scenario> demoScenario(bool repeat = true);

}  // namespace ts::tests
