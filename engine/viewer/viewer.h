// The interactive viewer behind `twinscape view`: a window (GLFW) showing the same
// renderer and passes as the headless path, with the swapchain image as the target,
// an orbit camera, and screenshots taken from the swapchain image itself.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "gpu/context.h"
#include "scene/city_model.h"

namespace ts::viewer {

struct ViewerOptions {
  std::string camera = "overview";  // bookmark or camera spec to start from
  uint32_t width = 1280, height = 720;
  bool fullscreen = false;
  int monitor = 0;
  bool vsync = true;
  uint32_t msaa = 4;
  uint32_t frames = 0;               // stop after this many frames; 0: until the window closes
  std::filesystem::path screenshot;  // with frames: save the last frame here
  bool kiosk = false;                // no panels (wall displays, tours)
  float uiScale = 1.0f;
  std::filesystem::path uiIniFile;  // where the panel layout is kept between runs
  std::filesystem::path userFile;   // the scene's user file (bookmarks); empty: none
  // Test hook: select the building under this window pixel after the first frame, as a
  // click there would (x, y); negative: none.
  double selectAtX = -1, selectAtY = -1;
  gpu::ContextOptions context;  // device, validation
  // Live layers: the sim time to start at (ISO 8601; empty: live, following wall time),
  // the playback speed (sim seconds per second; 0: paused), which layers are shown
  // (empty: all; "none": none), the simulator's seed, and whether the first frame waits
  // for the layers' first results (scripted runs, tests).
  std::string at;
  double speed = 60;
  std::vector<std::string> layers;
  uint32_t seed = 2026;
  bool syncLayers = false;
};

struct ViewerResult {
  uint64_t frames = 0;
  uint64_t validationMessages = 0;
  double frameMsMedian = 0, frameMsP95 = 0;  // wall time between frames, after 3 warm-up frames
  // The same split by whether a live layer was computing on its worker during the frame.
  double frameMsP95Busy = 0, frameMsP95Idle = 0, frameMsMedianBusy = 0, frameMsMedianIdle = 0;
  uint64_t framesBusy = 0;
  double presentMsMedian = 0;              // time in vkQueuePresentKHR
  uint32_t lastWidth = 0, lastHeight = 0;  // the window's size when it closed
};

// Runs until the window closes (or `frames` have been shown). Errors: no display, no
// device that can present, an unwritable screenshot.
Result<ViewerResult> runViewer(const ViewerOptions& options, const scene::CityModel& city);

}  // namespace ts::viewer
