// The other ways to move: flying (WASD and mouse look, faster the higher you are),
// walking at eye height on the ground without passing through buildings, and smooth
// time-based transitions to a bookmark.
#pragma once
#include <glm/vec3.hpp>

#include "render/camera.h"
#include "scene/city_model.h"

namespace ts::render {

// How the user moves: orbiting a target, flying, or walking on the ground.
enum class CameraMode { Orbit, Fly, Walk };
const char* cameraModeName(CameraMode m);  // "orbit", "fly", "walk"

// Movement asked for this frame, from keys: each component in -1..1.
struct MoveIntent {
  float forward = 0, right = 0, up = 0;
  bool fast = false;  // shift
};

struct FlyController {
  glm::vec3 eyeEnu{0, -500, 200};
  double headingDeg = 0, pitchDeg = -20;

  static FlyController from(const Camera& camera);
  Camera camera() const;
  void look(double dxPixels, double dyPixels);
  // Speed grows with height above the ground: 5 m/s near it, 400 m/s from 2 km up.
  float speedMps(bool fast) const;
  void move(const MoveIntent& intent, double dtSeconds);
};

struct WalkController {
  static constexpr float kEyeHeightM = 1.7f;
  static constexpr float kBodyRadiusM = 0.35f;
  glm::vec3 feetEnu{0, 0, 0};
  double headingDeg = 0, pitchDeg = 0;

  // Starts on the ground below a camera (at its target when it looks down).
  static WalkController from(const Camera& camera);
  Camera camera() const;
  void look(double dxPixels, double dyPixels);
  // Walks (1.4 m/s, 4 m/s fast) on the ground, sliding along walls; never through a
  // building.
  void move(const MoveIntent& intent, double dtSeconds, const scene::CityModel& city);
};

// A flight from one camera to another over `durationS` seconds, eased in and out.
class CameraTransition {
 public:
  CameraTransition() = default;
  CameraTransition(const Camera& from, const Camera& to, double durationS);
  bool active() const { return m_active; }
  // Advances by dt; returns the camera for now. At the end it is exactly `to`.
  Camera advance(double dtSeconds);

 private:
  Camera m_from, m_to;
  HeadingPitchRange m_fromHpr, m_toHpr;
  double m_duration = 1, m_elapsed = 0;
  bool m_active = false;
};

}  // namespace ts::render
