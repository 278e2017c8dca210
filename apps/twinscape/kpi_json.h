// The live layers' KPIs as JSON: what `twinscape kpi` prints and `render --at` logs. The
// layers report typed structs (layers/live_layers.h); this edge names the fields.
#pragma once
#include <nlohmann/json.hpp>

#include "feeds/mqtt_feed.h"
#include "feeds/replay.h"
#include "layers/live_layers.h"

namespace ts::app {

// {"time", "temperature_c", "layers": {"coverage5g", "cameras", "datacentres"}, "events"}.
// A layer without a result yet is an empty object; a failed one carries "error".
nlohmann::json kpiJson(const layers::LiveKpis& kpis, const scene::EntitySet& entities);
// Each feed's health: [{"name", "broker", "connected", "status", "messages", ...}].
nlohmann::json feedHealthJson(const std::vector<feeds::FeedHealth>& feeds);
// A replayed recording: {"file", "scene", "messages", "from", "to", "refused", "last_error"}.
nlohmann::json replayJson(const feeds::Replay& replay, const std::string& file);

}  // namespace ts::app
