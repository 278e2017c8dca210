// What each fuzz harness does with its bytes, shared by the harnesses (harness.cpp) and
// by the unit test that replays tests/fuzz-regressions/ in the ordinary build
// (tests/unit/input_limits_test.cpp), so both go through the product's own entry points.
// Each returns the reader's error message, or "" when the input loaded.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_spec.h"
#include "feeds/mapping.h"
#include "io/cityjson.h"
#include "io/entities_io.h"
#include "io/geojson.h"
#include "io/model_cache.h"
#include "io/scene_file.h"
#include "twin/state_store.h"

namespace ts::fuzz {

template <class T>
std::string errorOf(const Result<T>& r) {
  return r ? std::string() : r.error().message;
}

// The scene the layer harnesses load into: the demo's origin in Ho Chi Minh City, so
// WGS 84 and UTM 48N inputs land nearby.
inline scene::CityModel city() {
  scene::CityModel c;
  c.origin = {10.78, 106.70, 0};
  return c;
}

inline std::string sceneFile(std::string_view bytes) {
  return errorOf(io::parseSceneJson(std::string(bytes), "/fuzz/scene.json"));
}

inline std::string geojson(std::string_view bytes) {
  scene::CityModel c = city();
  return errorOf(io::loadGeoJsonFootprintsText(bytes, "/fuzz/footprints.geojson", {}, c));
}

inline std::string cityjson(std::string_view bytes) {
  scene::CityModel c = city();
  return errorOf(io::loadCityJsonText(bytes, "/fuzz/model.city.json", {}, c));
}

// As one of the three entity kinds, picked by the input's length (each kind costs a PROJ
// set-up, the bulk of a run).
inline std::string entitiesCsv(std::string_view bytes) {
  const char* kinds[] = {"5g_sites", "ai_cameras", "data_centres"};
  scene::CityModel c = city();
  return errorOf(io::loadEntitiesText(bytes, "/fuzz/entities.csv", kinds[bytes.size() % 3], std::nullopt, c));
}

// The model it claims to be of lies in a folder that does not exist, so a relative
// dependency is never found there; the seeds in fuzz/corpus/model_cache have none.
inline std::string modelCache(std::string_view bytes) {
  std::vector<uint8_t> entry(bytes.begin(), bytes.end());
  return io::parseModelCacheEntry(entry, "/nonexistent-fuzz-dir/model.glb", 0x1234) ? "" : "entry refused";
}

// A feed with every kind of mapping: topic-level and payload ids, JSON pointers, units,
// named values, text, ISO 8601 and epoch times.
inline const char* kFuzzFeeds = R"([{
  "name": "fuzz", "broker": "mqtt://127.0.0.1:1883",
  "topics": [
    {"filter": "city/dc/+/telemetry", "entity": "data_centre", "id": {"topic_level": 2},
     "time": {"field": "ts", "unit": "ms"},
     "fields": [{"field": "it_kw", "attribute": "load_mw", "unit": "kW"},
                {"field": "/power/facility_kw", "attribute": "facility_mw", "unit": "kW"}]},
    {"filter": "city/cam/#", "entity": "camera", "id": {"field": "/meta/camera"},
     "time": {"field": "at", "unit": "iso8601"},
     "fields": [{"field": "state", "attribute": "status", "values": {"online": 1, "offline": 0, "alert": 2}},
                {"field": "reason", "attribute": "alert_reason", "type": "text"}]},
    {"filter": "city/weather", "entity": "city",
     "fields": [{"field": "temp_f", "attribute": "temperature_c", "unit": "F"}]}
  ]}])";

struct FeedMapper {
  scene::EntitySet entities;
  twin::StateStore store;
  std::unique_ptr<feeds::MessageMapper> mapper;
  FeedMapper() {
    entities.dataCentres.push_back({.id = "dc-1"});
    entities.cameras.push_back({.id = "cam-7"});
    auto specs = feeds::parseFeeds(nlohmann::json::parse(kFuzzFeeds), "fuzz", "/");
    auto index = std::make_shared<feeds::EntityIndex>(entities, *store.registry());
    mapper = std::make_unique<feeds::MessageMapper>(specs.value().at(0), index, *store.registry());
  }
};

// "topic\npayload", mapped as the feed's network thread maps a message.
inline std::string feedPayload(std::string_view bytes) {
  static FeedMapper m;
  size_t newline = bytes.find('\n');
  std::string_view topic = bytes.substr(0, newline);
  std::string_view payload = newline == std::string_view::npos ? std::string_view() : bytes.substr(newline + 1);
  std::vector<twin::Update> out;
  auto error = m.mapper->map(topic, payload, 1780300000.5, out);
  return error ? error->reason : "";
}

}  // namespace ts::fuzz
