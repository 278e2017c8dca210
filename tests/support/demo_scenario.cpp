#include "demo_scenario.h"

#include <gtest/gtest.h>

#include "scenario/scenario_file.h"

namespace ts::tests {

std::shared_ptr<const twin::Scenario> demoScenario(bool repeat) {
  static const std::shared_ptr<const twin::Scenario> file = [] {
    auto f = scenario::loadScenario("demo");
    EXPECT_TRUE(f) << f.error().message;
    return f ? std::shared_ptr<const twin::Scenario>(f->scenario) : std::make_shared<const twin::Scenario>();
  }();
  static const std::shared_ptr<const twin::Scenario> once = [] {
    auto s = std::make_shared<twin::Scenario>(*file);
    s->repeat = false;
    return s;
  }();
  return repeat ? file : once;
}

}  // namespace ts::tests
