#include "viewer/show_options.h"

#include "twin/sim_clock.h"

namespace ts::viewer {

Result<std::optional<twin::SimTime>> parseAt(const std::string& at) {
  if (at.empty()) return std::optional<twin::SimTime>{};
  auto t = twin::parseIsoTime(at);
  if (!t) return fail("--at: " + t.error().message);
  return std::optional<twin::SimTime>(*t);
}

Result<std::unique_ptr<layers::LiveLayers>> makeLiveLayers(const scene::CityModel& city, const ShowOptions& options) {
  layers::LiveLayersOptions lo;
  lo.simulator.seed = options.seed;
  auto live = std::make_unique<layers::LiveLayers>(city, lo);
  if (auto shown = live->show(options.layers); !shown) return fail("--layers: " + shown.error().message);
  return live;
}

}  // namespace ts::viewer
