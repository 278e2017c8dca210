// `twinscape tour`: a scenario's guided tour rendered headless to an H.264 MP4 (or PNG
// frames): each frame the tour's camera and sim time (scenario/tour.h), the live layers
// finished at that time, and the stop's presentation overlays, through the same
// PresentationRenderer as `render`'s stills; encoding runs on the sink's own thread,
// overlapping the rendering of the next frame.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "commands.h"

namespace ts::app {

struct TourOptions {
  std::string scene = "demo";
  std::string scenario;          // --scenario (empty: the scene's)
  std::optional<uint32_t> seed;  // (none: the scenario's)
  std::string tour;              // its name in the scenario
  std::string out = "tour.mp4";  // .mp4, or a folder for PNG frames
  std::string size = "1920x1080";
  uint32_t fps = 30;
  uint32_t msaa = 4;
  float uiScale = 1.0f;
  bool renderOnly = false;  // render every frame but write none (to time rendering alone)
};

int runTour(const CommonOptions& common, const TourOptions& options);

}  // namespace ts::app
