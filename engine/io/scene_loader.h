// Loads a whole scene: the built-in demo, or a scene file and every layer it lists.
// A layer that cannot be loaded (missing file, invalid JSON, unknown CRS) is reported
// with its error and the rest of the scene still loads; only a scene file that cannot
// be read or understood fails the load.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"
#include "io/load_report.h"
#include "io/scene_file.h"
#include "scene/city_model.h"

namespace ts::io {

struct LoadedScene {
  scene::CityModel city;
  std::vector<LayerReport> layers;
  std::vector<feeds::FeedSpec> feeds;  // the scene's live feeds (none: the simulator alone)
  std::string scenario;                // the scenario it plays: "demo", a file, or empty (none)
  std::vector<std::string> warnings;   // scene-file warnings (unknown keys…)
  double seconds = 0;
  size_t failedLayers() const;
};

struct LoadOptions {
  std::filesystem::path modelCacheDir;  // empty: no model cache (see defaultCacheDir())
};

// `scene`: "demo", or the path of a scene file (.json).
Result<LoadedScene> loadScene(const std::string& scene, const LoadOptions& options = {});
Result<LoadedScene> loadScene(const SceneSpec& spec, const LoadOptions& options = {});

}  // namespace ts::io
