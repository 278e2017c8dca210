// The subcommands of the twinscape CLI. Each returns a process exit code.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "gpu/context.h"

namespace ts::app {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;     // the command could not do its work (file, device…)
constexpr int kExitUsage = 2;       // bad arguments
constexpr int kExitValidation = 3;  // finished, but Vulkan validation reported problems

struct CommonOptions {
  std::string device;       // --device NAME|INDEX
  bool validation = false;  // --validation
  std::string cacheDir;     // --cache-dir (empty: the default)
  bool noCache = false;     // --no-cache
  gpu::ContextOptions contextOptions() const;
  std::filesystem::path modelCacheDir() const;
};

struct RenderOptions {
  std::string scene = "demo";
  std::string size = "1920x1080";
  std::string camera = "overview";
  std::string out = "twinscape.png";
  uint32_t msaa = 4;
  double sunAzimuthDeg = 135, sunElevationDeg = 50;
  std::string at;                   // sim time (ISO 8601): draw the live layers as they were then
  std::vector<std::string> layers;  // with at: which layers (default all)
  uint32_t seed = 2026;             // the scenario simulator's seed
};

struct KpiOptions {
  std::string scene = "demo";
  std::string at;  // ISO 8601 sim time
  uint32_t seed = 2026;
  double thresholdDbm = -110;
  double cellM = 5;
};

struct ViewOptions {
  std::string scene = "demo";
  std::string camera = "overview";
  std::string size;  // empty: the size the window had last time, else 1280x720
  bool fullscreen = false;
  int monitor = 0;
  std::string vsync = "on";
  uint32_t msaa = 4;
  uint32_t frames = 0;
  std::string screenshot;
  bool kiosk = false;
  float uiScale = 1.0f;
  std::vector<double> selectAt;  // x, y: select what is under that pixel (tests, scripted demos)
  std::string at;                // live layers: start time (empty: live)
  double speed = 60;
  std::vector<std::string> layers;
  uint32_t seed = 2026;
  bool syncLayers = false;
};

struct BenchOptions {
  std::string scene;   // render this scene instead of the grids
  std::string camera;  // with scene: the view
  std::string load;    // time loading this model or scene file instead of rendering
  std::vector<uint32_t> buildings{1000, 10000, 100000};
  std::vector<std::string> sizes{"1280x720", "1920x1080"};
  std::vector<uint32_t> msaa{1, 4};
  uint32_t frames = 20;
  bool layers = false;       // time the live layers (coverage) on `scene` instead of rendering
  double cellM = 5;          // with layers: raster cell size
  uint32_t naiveStride = 8;  // with layers: lattice of the ray-cast baseline (0: skip it)
};

int runDevices(const CommonOptions& common);
int runRender(const CommonOptions& common, const RenderOptions& options);
int runBench(const CommonOptions& common, const BenchOptions& options);
int runValidate(const CommonOptions& common, const std::string& scene);
int runView(const CommonOptions& common, const ViewOptions& options);
int runKpi(const CommonOptions& common, const KpiOptions& options);

}  // namespace ts::app
