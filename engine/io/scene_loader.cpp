#include "io/scene_loader.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/progress.h"
#include "feeds/feed_sim.h"
#include "io/cityjson.h"
#include "io/drive_test_csv.h"
#include "io/entities_io.h"
#include "io/geojson.h"
#include "io/georef.h"
#include "io/model_import.h"
#include "scene/demo_description.h"

namespace ts::io {

size_t LoadedScene::failedLayers() const {
  size_t n = 0;
  for (const LayerReport& l : layers) n += !l.error.empty();
  return n;
}

namespace {

// The district ring in ENU; any point that cannot be converted drops the whole ring
// with a warning.
void placeDistrict(const SceneSpec& spec, LoadedScene& out) {
  auto toEnu = makeCrsToEnu("OGC:CRS84", spec.origin);
  if (!toEnu) {
    out.warnings.push_back(spec.file.string() + ": district ignored: " + toEnu.error().message);
    return;
  }
  out.city.districtName = spec.districtName;
  for (const glm::dvec2& ll : spec.districtLonLat) {
    glm::dvec3 enu;
    if (!toEnu->toEnu(ll.x, ll.y, 0, enu)) {
      out.warnings.push_back(spec.file.string() + ": district ignored: a point cannot be converted");
      out.city.district = {};
      break;
    }
    out.city.district.outer.emplace_back(enu.x, enu.y);
  }
}

Result<LayerReport> loadFootprintsLayer(const LayerSpec& l, uint32_t layer, const ProgressFn& progress,
                                        scene::CityModel& city) {
  FootprintOptions o;
  o.crs = l.crs;
  o.heightAttribute = l.heightAttribute;
  o.levelsAttribute = l.levelsAttribute;
  o.minHeightAttribute = l.minHeightAttribute;
  o.nameAttribute = l.nameAttribute;
  o.storeyHeightM = l.storeyHeightM;
  o.defaultHeightM = l.defaultHeightM;
  o.status = l.status;
  o.layer = layer;
  o.progress = progress;
  return loadGeoJsonFootprints(l.path, o, city);
}

Result<LayerReport> loadCityJsonLayer(const LayerSpec& l, uint32_t layer, const ProgressFn& progress,
                                      scene::CityModel& city) {
  CityJsonOptions o;
  o.crs = l.crs;
  o.lod = l.lod;
  o.status = l.status;
  o.layer = layer;
  o.progress = progress;
  return loadCityJson(l.path, o, city);
}

Result<LayerReport> loadModelLayer(const LayerSpec& l, uint32_t layer, const LoadOptions& options,
                                   const ProgressFn& progress, scene::CityModel& city) {
  ModelOptions o;
  o.placement = l.placement;
  o.upIsY = l.upIsY;
  o.status = l.status;
  o.layer = layer;
  o.name = l.name;
  o.cacheDir = options.modelCacheDir;
  o.progress = progress;
  return loadModel(l.path, o, city);
}

// Layer `layer` of the scene, by its type; a layer that fails is reported, not fatal.
LayerReport loadLayer(const LayerSpec& l, uint32_t layer, const LoadOptions& options, const ProgressFn& progress,
                      scene::CityModel& city) {
  Result<LayerReport> r = fail("");
  switch (l.type) {
    case LayerSpec::Type::Footprints:
      r = loadFootprintsLayer(l, layer, progress, city);
      break;
    case LayerSpec::Type::Entities:
      r = loadEntities(l.path, l.entityKind, l.crs, city);
      break;
    case LayerSpec::Type::CityJson:
      r = loadCityJsonLayer(l, layer, progress, city);
      break;
    case LayerSpec::Type::Model:
      r = loadModelLayer(l, layer, options, progress, city);
      break;
    case LayerSpec::Type::DriveTest:
      r = loadDriveTestCsv(l.path, l.crs, city);
      city.driveTest.calibrate = city.driveTest.calibrate || l.calibrate;
      break;
  }
  if (r) return std::move(*r);
  LayerReport report;
  report.source = l.path.string();
  report.error = r.error().message;
  spdlog::error("layer '{}' not loaded: {}", l.name, report.error);
  return report;
}

}  // namespace

Result<LoadedScene> loadScene(const SceneSpec& spec, const LoadOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  LoadedScene out;
  out.warnings = spec.warnings;
  out.city.name = spec.name.empty() ? spec.file.stem().string() : spec.name;
  out.city.origin = spec.origin;
  out.city.bookmarks = spec.bookmarks;
  out.city.coverageChoices = spec.coverageChoices;
  out.feeds = spec.feeds;
  out.scenario = spec.scenario.string();
  if (!spec.districtLonLat.empty()) placeDistrict(spec, out);
  constexpr size_t kSteps = 1000;  // per layer
  ProgressBar bar("loading " + spec.file.filename().string(), spec.layers.size() * kSteps);
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    const std::string layerLabel =
        "layer " + std::to_string(i + 1) + "/" + std::to_string(spec.layers.size()) + " " + l.path.filename().string();
    ProgressFn progress = [&](double f) {
      bar.update(i * kSteps + size_t(f * kSteps), layerLabel + "  buildings " +
                                                      std::to_string(out.city.buildings.size()) + "  triangles " +
                                                      std::to_string(out.city.geometry.triangleCount()));
    };
    out.layers.push_back(loadLayer(l, uint32_t(i), options, progress, out.city));
    progress(1.0);
  }
  out.city.finalize();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

Result<LoadedScene> loadScene(const std::string& scene, const LoadOptions& options) {
  if (scene == "demo") {
    auto t0 = std::chrono::steady_clock::now();
    // The description is embedded (assets/demo/); a broken one fails the load with its message.
    Result<scene::DemoDescription> description = scene::embeddedDemoDescription();
    if (!description) return std::unexpected(description.error());
    LoadedScene out;
    out.city = scene::makeDemoCity(*description, scene::kDemoSeed);
    auto feeds = feeds::demoFeeds();  // the demo publisher's topics (assets/demo/demo-feeds.json)
    if (!feeds) return std::unexpected(feeds.error());
    out.feeds = std::move(*feeds);
    out.scenario = "demo";  // assets/scenarios/demo-2026-06-01.json
    LayerReport r;
    r.source = "demo";
    r.kind = "procedural";
    r.buildings = out.city.buildings.size();
    r.triangles = out.city.geometry.triangleCount();
    out.seconds = r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.layers.push_back(std::move(r));
    return out;
  }
  auto spec = readSceneFile(scene);
  if (!spec) return std::unexpected(spec.error());
  return loadScene(*spec, options);
}

}  // namespace ts::io
