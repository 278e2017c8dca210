// The viewer's camera: one controller per mode (orbit, fly, walk), the mode in use, and
// an eased flight to a bookmark that overrides them while it lasts. Switching modes or
// ending a flight keeps the view where it is. Pure maths: no window, no GPU.
#pragma once
#include "render/camera.h"
#include "render/camera_modes.h"
#include "render/orbit_controller.h"

namespace ts::viewer {

class CameraRig {
 public:
  explicit CameraRig(const render::Camera& start);

  render::CameraMode mode() const { return m_mode; }
  // The camera this frame: the flight's while flying, else the mode's controller's.
  render::Camera camera() const;
  // Switches to `mode`, starting its controller from the current view.
  void switchTo(render::CameraMode mode);

  render::OrbitController& orbit() { return m_orbit; }
  render::FlyController& fly() { return m_fly; }
  render::WalkController& walk() { return m_walk; }

  // Flies from the current view to `to` over `seconds`, then orbits there.
  void flyTo(const render::Camera& to, double seconds);
  bool flying() const { return m_flight.active(); }
  void advanceFlight(double dtSeconds);
  // The user took over: orbit from wherever the flight got to.
  void cancelFlight();

 private:
  render::CameraMode m_mode = render::CameraMode::Orbit;
  render::OrbitController m_orbit;
  render::FlyController m_fly;
  render::WalkController m_walk;
  render::CameraTransition m_flight;
  render::Camera m_flightCamera;
};

}  // namespace ts::viewer
