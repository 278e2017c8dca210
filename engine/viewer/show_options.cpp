#include "viewer/show_options.h"

#include "twin/sim_clock.h"

namespace ts::viewer {

Result<std::optional<twin::SimTime>> parseAt(const std::string& at) {
  if (at.empty()) return std::optional<twin::SimTime>{};
  auto t = twin::parseIsoTime(at);
  if (!t) return fail("--at: " + t.error().message);
  return std::optional<twin::SimTime>(*t);
}

}  // namespace ts::viewer
