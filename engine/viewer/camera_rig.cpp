#include "viewer/camera_rig.h"

namespace ts::viewer {

CameraRig::CameraRig(const render::Camera& start)
    : m_orbit(render::OrbitController::from(start)),
      m_fly(render::FlyController::from(start)),
      m_walk(render::WalkController::from(start)) {}

render::Camera CameraRig::camera() const {
  if (flying()) return m_flightCamera;
  switch (m_mode) {
    case render::CameraMode::Fly:
      return m_fly.camera();
    case render::CameraMode::Walk:
      return m_walk.camera();
    case render::CameraMode::Orbit:
      break;
  }
  return m_orbit.camera();
}

void CameraRig::switchTo(render::CameraMode mode) {
  const render::Camera now = camera();
  m_flight = {};
  if (mode == render::CameraMode::Orbit) m_orbit = render::OrbitController::from(now);
  if (mode == render::CameraMode::Fly) m_fly = render::FlyController::from(now);
  if (mode == render::CameraMode::Walk) m_walk = render::WalkController::from(now);
  m_mode = mode;
}

void CameraRig::flyTo(const render::Camera& to, double seconds) {
  m_flightCamera = camera();
  m_flight = render::CameraTransition(m_flightCamera, to, seconds);
  m_mode = render::CameraMode::Orbit;
}

void CameraRig::advanceFlight(double dtSeconds) {
  if (!flying()) return;
  m_flightCamera = m_flight.advance(dtSeconds);
  if (!m_flight.active()) m_orbit = render::OrbitController::from(m_flightCamera);
}

void CameraRig::cancelFlight() {
  if (!flying()) return;
  m_flight = {};
  m_orbit = render::OrbitController::from(m_flightCamera);
}

}  // namespace ts::viewer
