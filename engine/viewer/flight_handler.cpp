#include "viewer/flight_handler.h"

#include "render/camera_spec.h"

namespace ts::viewer {

void FlightHandler::handle(const FrameInput& in, ViewState& state) {
  if (state.flyTo) {
    state.rig.flyTo(render::cameraFromBookmark(*state.flyTo), kFlightSeconds);
    state.flyTo.reset();
  }
  const platform::Input& i = in.input;
  if (!in.uiWantsMouse && (i.left || i.right || i.middle || i.scroll != 0)) state.rig.cancelFlight();
  state.rig.advanceFlight(in.dtSeconds);
}

}  // namespace ts::viewer
