// What a picture of the city shows, the same in the window (`view`) and headless
// (`render`): the camera, MSAA, the live layers at a sim time (which ones, the simulator's
// seed) and the buildings' style choices. Checked here once for both.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "layers/live_layers.h"
#include "render/building_style.h"
#include "scene/city_model.h"
#include "twin/simulator.h"

namespace ts::viewer {

struct ShowOptions {
  std::string camera = "overview";  // a bookmark or camera spec (render/camera_spec.h)
  uint32_t msaa = 4;                // clamped to what the device supports
  std::string at;                   // sim time (ISO 8601 with an offset); empty: see below
  std::vector<std::string> layers;  // live layers shown (ids); empty: all; "none": none
  std::optional<uint32_t> seed;     // the scenario simulator's (none: the scenario's)
  std::string scenario;             // --scenario: a scenario file (empty: the scene's)
  render::StyleChoices style;       // colour by, proposed buildings shown
  std::string replay;               // --replay: a recording's feeds instead of live ones
  std::string broker;               // --broker: overrides every feed's broker
};

// The sim time --at names; none when it is empty. Errors say "--at: ..." and why.
Result<std::optional<twin::SimTime>> parseAt(const std::string& at);

}  // namespace ts::viewer
