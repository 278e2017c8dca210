// The subcommands of the twinscape CLI. Each returns a process exit code.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "gpu/context.h"
#include "io/scene_loader.h"
#include "ui/presentation.h"
#include "viewer/viewer.h"

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

// The flags `render` and `view` share: what the picture shows.
struct ShowFlags {
  viewer::ShowOptions show;
  std::string colourBy = "source";  // --colour-by
  bool hideProposed = false;        // --hide-proposed
  // The presentation overlays (ui/presentation.h).
  std::string caption;                // --caption
  std::vector<std::string> kpiCards;  // --kpi-cards
  bool overlays = false;              // --overlays: clock, legend, scale bar, north arrow
  // The show options with the style flags applied (the choices were checked by CLI11).
  viewer::ShowOptions resolved() const;
  // The overlays the flags ask for at `uiScale`; errors: a bad --kpi-cards (exit 2).
  Result<ui::Presentation> presentation(float uiScale) const;
};

struct RenderOptions {
  std::string scene = "demo";
  std::string size = "1920x1080";
  std::string out = "twinscape.png";
  ShowFlags flags;
  double sunAzimuthDeg = 135, sunElevationDeg = 50;
  float uiScale = 1.0f;  // of the presentation overlays
};

struct KpiOptions {
  std::string scene = "demo";
  viewer::ShowOptions show;  // at, seed, replay, broker
  double thresholdDbm = -110;
  double cellM = 5;
  double listenS = 15;     // live: how long to gather the feeds' messages (longer than their publish interval)
  bool calibrate = false;  // calibrate the sites by the scene's drive test
  std::string o2i, model;  // the coverage layer's choices (its props); empty: the scene's, else low / tr38901
  int reliabilityPct = 0;  // 0: the median only; 90 or 95
};

struct RecordOptions {
  std::string scene = "demo";
  std::string out;
  std::string broker;            // overrides every feed's broker
  double durationS = 0;          // 0: until interrupted (Ctrl-C, SIGTERM)
  std::string scenario;          // --scenario (empty: the scene's)
  std::optional<uint32_t> seed;  // kept for replays (none: the scenario's)
};

struct ViewOptions {
  std::string scene = "demo";
  std::string size;  // empty: the size the window had last time, else 1280x720
  std::string vsync = "on";
  std::string screenshot;
  std::vector<double> selectAt;  // x, y: select what is under that pixel (tests, scripted demos)
  std::string tour;              // play this tour of the scenario, looping
  ShowFlags flags;
  viewer::ViewerOptions viewer;  // the rest, bound directly by the CLI
};

struct BenchOptions {
  std::string scene;       // render this scene instead of the grids
  std::string camera;      // with scene: the view
  std::string load;        // time loading this model or scene file instead of rendering
  std::string soakReport;  // judge a soak's `view --stats` file instead (bench/soak.sh)
  std::vector<uint32_t> buildings{1000, 10000, 100000};
  std::vector<std::string> sizes{"1280x720", "1920x1080"};
  std::vector<uint32_t> msaa{1, 4};
  uint32_t frames = 20;
  bool layers = false;         // time the live layers (coverage) on `scene` instead of rendering
  bool feeds = false;          // time the feeds (ingest, latency, recording, seeking) instead
  std::string broker;          // with feeds: use this broker (default: start mosquitto)
  uint32_t messages = 200000;  // with feeds: per burst
  double recordingHours = 24;  // with feeds: the synthetic recording sought in
  double cellM = 5;            // with layers: raster cell size
  uint32_t naiveStride = 8;    // with layers: lattice of the ray-cast baseline (0: skip it)
  bool video = false;          // time the MP4 encoder per x264 preset instead
  std::string videoImage;      // with video: the PNG zoomed into (default: a synthetic pattern)
  std::string videoSize = "1920x1080";
  std::string videoOut;  // with video: keep the MP4s in this folder
  uint32_t videoFrames = 120;
  int crf = 18;
  std::vector<std::string> presets{"ultrafast", "superfast", "veryfast", "faster", "fast", "medium"};
};

int runDevices(const CommonOptions& common);
int runRender(const CommonOptions& common, const RenderOptions& options);
int runBench(const CommonOptions& common, const BenchOptions& options);
int runValidate(const CommonOptions& common, const std::string& scene);
int runView(const CommonOptions& common, const ViewOptions& options);
int runKpi(const CommonOptions& common, const KpiOptions& options);
int runRecord(const CommonOptions& common, const RecordOptions& options);

// Shared by the commands.
// WIDTHxHEIGHT, each from 16 to `maxDimension`; errors say "--size ...".
Result<VkExtent2D> parseSize(const std::string& s, uint32_t maxDimension);
// Loads `name` ("demo" or a scene file), logging what each layer found.
Result<io::LoadedScene> loadSceneLogged(const std::string& name, const CommonOptions& common);
// Logs each live layer whose computation failed on `scene`; true if any did.
bool reportLayerErrors(const layers::LiveLayers& live, const std::string& scene);
// Exit code after a GPU command: validation problems turn success into kExitValidation.
int finish(const gpu::Context& ctx, int code);

}  // namespace ts::app
