// The interactive viewer behind `twinscape view`: a window (GLFW) showing the same frames
// as the headless path (render/frame_builder.h), with the swapchain image as the target.
// A frame runs in phases, the shape of VulkanSceneGraph's Viewer:
//   advanceToNextFrame  poll the window, time the frame, follow its size
//   handleEvents        the input handlers (orbit, fly, walk, picking, bookmark flights,
//                       screenshots, command keys) change the ViewState
//   update              sim clock, live layers, the inspector's panels, building styles:
//                       the frame's SceneView
//   recordAndSubmit     the SceneView through the window target
//   present             present, frame statistics, screenshots
// The viewer owns no rendering logic of its own.
#pragma once
#include <atomic>
#include <chrono>
#include <filesystem>
#include <glm/vec2.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "core/result.h"
#include "feeds/feed_spec.h"
#include "gpu/context.h"
#include "scenario/tour.h"
#include "scene/city_model.h"
#include "ui/presentation.h"
#include "viewer/show_options.h"

namespace ts::viewer {

struct ViewerOptions {
  ShowOptions show;  // camera, MSAA, live layers (--at), style choices
  // The presentation overlays (caption, clock, legend, KPI cards, scale bar, north arrow),
  // drawn under the panels; kiosk: exactly what `render` draws with the same flags.
  ui::Presentation presentation;
  uint32_t width = 1280, height = 720;
  bool fullscreen = false;
  int monitor = 0;
  bool vsync = true;
  uint32_t frames = 0;               // stop after this many frames; 0: until the window closes
  std::filesystem::path screenshot;  // with frames: save the last frame here
  bool kiosk = false;                // no panels (wall displays, tours)
  float uiScale = 1.0f;
  std::filesystem::path uiIniFile;  // where the panel layout is kept between runs
  std::filesystem::path userFile;   // the scene's user file (bookmarks); empty: none
  // Test hook: select what is under this window pixel after the first frame, as a click
  // there would (wherever the panels are).
  std::optional<glm::dvec2> selectAt;
  gpu::ContextOptions context;  // device, validation
  // With show.at: playback speed in sim seconds per second (0: paused). Without: live.
  double speed = 60;
  // With show.at: play the scenario's time range in a loop (a wall showing its day for weeks).
  bool loop = false;
  bool syncLayers = false;  // the first frame waits for the live layers' first results
  // The scene's live feeds: connected when the clock is live (no show.at, no show.replay),
  // or with feedsInPlayback also while playing from show.at (a soak: a feed flood while
  // the simulator runs fast).
  std::vector<feeds::FeedSpec> feeds;
  bool feedsInPlayback = false;
  // Appends a line of statistics (viewer/stats_log.h) every statsIntervalS wall seconds.
  std::filesystem::path stats;  // empty: none
  double statsIntervalS = 5;
  // Closes the window as Esc does when it turns true (Ctrl-C, SIGTERM); null: never.
  const std::atomic<bool>* stop = nullptr;
  // The scenario the simulator plays (null: baselines alone).
  std::shared_ptr<const twin::Scenario> scenario;
  // A guided tour to play (`view --tour`), looping until the window closes: its camera,
  // sim time, layers and overlays replace the user's (the mouse does not move the camera;
  // space pauses, left / right go to the previous / next stop). A first stop without a time
  // starts at show.at, else at the scenario's start.
  std::optional<scenario::Tour> tour;
};

struct ViewerResult {
  uint64_t frames = 0;
  double frameMsMedian = 0, frameMsP95 = 0;  // wall time between frames, after 3 warm-up frames
  // The same split by whether a live layer was computing on its worker during the frame.
  double frameMsP95Busy = 0, frameMsP95Idle = 0, frameMsMedianBusy = 0, frameMsMedianIdle = 0;
  uint64_t framesBusy = 0;
  double presentMsMedian = 0;              // time in vkQueuePresentKHR
  uint32_t lastWidth = 0, lastHeight = 0;  // the window's size when it closed
};

class Viewer {
 public:
  // Opens the window and the device. Errors: no display, no device that can present, a
  // bad camera, time or layer, an unwritable screenshot.
  static Result<std::unique_ptr<Viewer>> create(const ViewerOptions& options, const scene::CityModel& city);
  ~Viewer();
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;

  // Runs the phases until the window closes (Esc) or `frames` have been shown.
  Result<ViewerResult> run();

  // The phases of one frame, in the order run() calls them.
  bool advanceToNextFrame();  // false: stop
  void handleEvents();
  void update();
  Result<> recordAndSubmit();
  void present();

  // Counts Vulkan validation messages; outlives the viewer (messages at teardown count).
  std::shared_ptr<const gpu::ValidationCounter> validationCounter() const;

 private:
  struct Parts;
  explicit Viewer(std::unique_ptr<Parts> parts);
  void followTour();
  void drawPanels(double wallNow);
  void composeView();
  void sampleStats();

  std::unique_ptr<Parts> m_;
};

}  // namespace ts::viewer
