#include "render/camera_modes.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

namespace ts::render {

const char* cameraModeName(CameraMode m) {
  switch (m) {
    case CameraMode::Orbit:
      return "orbit";
    case CameraMode::Fly:
      return "fly";
    case CameraMode::Walk:
      return "walk";
  }
  return "?";
}

namespace {
constexpr double kDeg = 3.14159265358979323846 / 180.0;

glm::vec3 direction(double headingDeg, double pitchDeg) {
  double h = headingDeg * kDeg, p = pitchDeg * kDeg;
  return glm::vec3(float(std::sin(h) * std::cos(p)), float(std::cos(h) * std::cos(p)), float(std::sin(p)));
}
glm::vec3 flatForward(double headingDeg) { return direction(headingDeg, 0); }
glm::vec3 flatRight(double headingDeg) { return direction(headingDeg + 90, 0); }
}  // namespace

FlyController FlyController::from(const Camera& c) {
  FlyController f;
  f.eyeEnu = c.eyeEnu;
  HeadingPitchRange hpr = c.headingPitchRange();
  f.headingDeg = hpr.headingDeg;
  f.pitchDeg = hpr.pitchDeg;
  return f;
}

Camera FlyController::camera() const {
  return Camera::lookAt(eyeEnu, eyeEnu + direction(headingDeg, pitchDeg) * 100.f);
}

void FlyController::look(double dx, double dy) {
  headingDeg = std::fmod(headingDeg + dx * 0.15 + 360.0, 360.0);
  pitchDeg = std::clamp(pitchDeg - dy * 0.15, -89.0, 89.0);
}

float FlyController::speedMps(bool fast) const {
  float s = std::clamp(std::max(eyeEnu.z, 0.f) * 0.2f, 5.f, 400.f);
  return fast ? s * 4.f : s;
}

void FlyController::move(const MoveIntent& in, double dt) {
  glm::vec3 d =
      direction(headingDeg, pitchDeg) * in.forward + flatRight(headingDeg) * in.right + glm::vec3(0, 0, 1) * in.up;
  if (glm::length(d) < 1e-6f) return;
  eyeEnu += glm::normalize(d) * speedMps(in.fast) * float(dt);
  eyeEnu.z = std::max(eyeEnu.z, 1.f);  // never under the ground
}

WalkController WalkController::from(const Camera& c) {
  WalkController w;
  HeadingPitchRange hpr = c.headingPitchRange();
  // Looking down from above: land where the camera looks; otherwise below the eye.
  glm::vec3 spot = hpr.pitchDeg < -10 ? c.targetEnu : c.eyeEnu;
  w.feetEnu = {spot.x, spot.y, 0.f};
  w.headingDeg = hpr.headingDeg;
  w.pitchDeg = 0;
  return w;
}

Camera WalkController::camera() const {
  glm::vec3 eye = feetEnu + glm::vec3(0, 0, kEyeHeightM);
  return Camera::lookAt(eye, eye + direction(headingDeg, pitchDeg) * 10.f);
}

void WalkController::look(double dx, double dy) {
  headingDeg = std::fmod(headingDeg + dx * 0.15 + 360.0, 360.0);
  pitchDeg = std::clamp(pitchDeg - dy * 0.15, -80.0, 80.0);
}

void WalkController::move(const MoveIntent& in, double dt, const scene::CityModel& city) {
  glm::vec3 d = flatForward(headingDeg) * in.forward + flatRight(headingDeg) * in.right;
  if (glm::length(d) < 1e-6f) return;
  const float step = (in.fast ? 4.f : 1.4f) * float(dt);
  auto blocked = [&](glm::vec3 from, glm::vec3 delta) {
    if (glm::length(delta) < 1e-6f) return false;
    glm::vec3 reach = delta + glm::normalize(delta) * kBodyRadiusM;  // keep the body off the wall
    for (float h : {0.4f, kEyeHeightM})                              // knees and eyes
      if (city.segmentBlocked(from + glm::vec3(0, 0, h), from + glm::vec3(0, 0, h) + reach)) return true;
    return false;
  };
  glm::vec3 delta = glm::normalize(d) * step;
  if (!blocked(feetEnu, delta)) {
    feetEnu += delta;
  } else {
    // Slide along the wall: try each axis of the move on its own.
    for (glm::vec3 part : {glm::vec3(delta.x, 0, 0), glm::vec3(0, delta.y, 0)})
      if (!blocked(feetEnu, part)) feetEnu += part;
  }
  feetEnu.z = 0.f;  // on the ground plane
}

CameraTransition::CameraTransition(const Camera& from, const Camera& to, double durationS)
    : m_from(from),
      m_to(to),
      m_fromHpr(from.headingPitchRange()),
      m_toHpr(to.headingPitchRange()),
      m_duration(std::max(durationS, 1e-3)),
      m_active(true) {
  // Turn the short way round.
  double dh = std::fmod(m_toHpr.headingDeg - m_fromHpr.headingDeg + 540.0, 360.0) - 180.0;
  m_toHpr.headingDeg = m_fromHpr.headingDeg + dh;
}

Camera CameraTransition::advance(double dt) {
  if (!m_active) return m_to;
  m_elapsed += dt;
  if (m_elapsed >= m_duration) {
    m_active = false;
    return m_to;  // exactly the bookmark, whatever the frame times were
  }
  double t = m_elapsed / m_duration;
  double s = t * t * (3.0 - 2.0 * t);  // ease in and out
  glm::vec3 target = m_from.targetEnu + (m_to.targetEnu - m_from.targetEnu) * float(s);
  // Range interpolated geometrically so long flights do not crawl at the end.
  double range = m_fromHpr.rangeM * std::pow(m_toHpr.rangeM / std::max(m_fromHpr.rangeM, 1e-3), s);
  HeadingPitchRange hpr{m_fromHpr.headingDeg + (m_toHpr.headingDeg - m_fromHpr.headingDeg) * s,
                        m_fromHpr.pitchDeg + (m_toHpr.pitchDeg - m_fromHpr.pitchDeg) * s, range};
  return Camera::fromHeadingPitchRange(target, hpr);
}

}  // namespace ts::render
