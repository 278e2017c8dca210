// Bookmark flights: a bookmark chosen in the inspector starts an eased flight there
// (1.5 s); any mouse button or the wheel over the view hands the camera back to the user.
#pragma once
#include "viewer/handler.h"

namespace ts::viewer {

class FlightHandler final : public InputHandler {
 public:
  static constexpr double kFlightSeconds = 1.5;
  void handle(const FrameInput& in, ViewState& state) override;
};

}  // namespace ts::viewer
