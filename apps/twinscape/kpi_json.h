// The live layers' KPIs as JSON: what `twinscape kpi` prints and `render --at` logs. The
// layers report typed structs (layers/live_layers.h); this edge names the fields.
#pragma once
#include <nlohmann/json.hpp>

#include "layers/live_layers.h"

namespace ts::app {

// {"time", "temperature_c", "layers": {"coverage5g", "cameras", "datacentres"}, "events"}.
// A layer without a result yet is an empty object; a failed one carries "error".
nlohmann::json kpiJson(const layers::LiveKpis& kpis, const scene::EntitySet& entities);

}  // namespace ts::app
