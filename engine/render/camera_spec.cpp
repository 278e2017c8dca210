#include "render/camera_spec.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <sstream>
#include <vector>

namespace ts::render {

Camera cameraFromBookmark(const scene::CameraBookmark& b) {
  return Camera::fromHeadingPitchRange(b.targetEnu, {b.headingDeg, b.pitchDeg, b.rangeM});
}

scene::Aabb sceneBounds(const scene::CityModel& city) {
  scene::Aabb b = city.boundsEnu;
  const scene::EntitySet& e = city.entities;
  for (const scene::Site5G& s : e.sites5g) b.extend(s.posEnu), b.extend(s.posEnu + glm::vec3(0, 0, s.antennaHeightM));
  for (const scene::AiCamera& c : e.cameras) b.extend(c.posEnu), b.extend(c.posEnu + glm::vec3(0, 0, c.heightM));
  for (const scene::DataCentre& d : e.dataCentres) b.extend(d.posEnu);
  for (const glm::dvec2& p : city.district.outer) b.extend(glm::vec3(p.x, p.y, 0));
  return b;
}

namespace {

// The bounds' corners in normalised device coordinates (x right, y down, -1..1).
std::pair<glm::vec2, glm::vec2> projectedExtent(const Camera& cam, double aspect, const scene::Aabb& b) {
  glm::vec2 lo(1e30f), hi(-1e30f);
  const glm::mat4 vp = cam.viewProjection(float(aspect));
  for (int k = 0; k < 8; ++k) {
    glm::vec3 c((k & 1) ? b.max.x : b.min.x, (k & 2) ? b.max.y : b.min.y, (k & 4) ? b.max.z : b.min.z);
    glm::vec4 clip = vp * glm::vec4(c, 1.f);
    glm::vec2 ndc = glm::vec2(clip) / clip.w;
    lo = glm::min(lo, ndc), hi = glm::max(hi, ndc);
  }
  return {lo, hi};
}

}  // namespace

Camera fitCamera(const scene::CityModel& city, double aspect) {
  const scene::Aabb bounds = sceneBounds(city);
  const HeadingPitchRange view{30, -35, 1};
  glm::vec3 target = bounds.valid() ? bounds.centre() : glm::vec3(0);
  if (!bounds.valid()) return Camera::fromHeadingPitchRange(target, {view.headingDeg, view.pitchDeg, 100});
  // The view direction of that heading and pitch, and the frame's axes.
  Camera cam = Camera::fromHeadingPitchRange(target, view);
  const glm::vec3 forward = glm::normalize(target - cam.eyeEnu);
  const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0, 0, 1)));
  const glm::vec3 up = glm::cross(right, forward);
  const double tanV = std::tan(glm::radians(double(cam.fovYDeg)) * 0.5), tanH = tanV * aspect;
  // A first distance that keeps every corner inside both half-angles (|x| <= tanH * depth,
  // |y| <= tanV * depth, depth = (corner - target) . forward + distance)...
  double distance = 1e-3;
  for (int k = 0; k < 8; ++k) {
    glm::vec3 c((k & 1) ? bounds.max.x : bounds.min.x, (k & 2) ? bounds.max.y : bounds.min.y,
                (k & 4) ? bounds.max.z : bounds.min.z);
    const glm::vec3 v = c - target;
    const double along = glm::dot(v, forward);
    distance =
        std::max({distance, std::abs(glm::dot(v, right)) / tanH - along, std::abs(glm::dot(v, up)) / tanV - along});
  }
  // ...then centre the bounds' picture (perspective makes the near side bigger) and
  // bring it to 90 % of the frame along its longer side.
  constexpr float kFill = 0.9f;
  for (int iteration = 0; iteration < 12; ++iteration) {
    cam = Camera::fromHeadingPitchRange(target, {view.headingDeg, view.pitchDeg, distance});
    auto [lo, hi] = projectedExtent(cam, aspect, bounds);
    const glm::vec2 mid = (lo + hi) * 0.5f, half = (hi - lo) * 0.5f;
    target += right * float(mid.x * tanH * distance) - up * float(mid.y * tanV * distance);
    distance *= std::max(half.x, half.y) / kFill;
  }
  cam = Camera::fromHeadingPitchRange(target, {view.headingDeg, view.pitchDeg, distance});
  cam.nearM = float(std::clamp(distance * 0.02, 0.01, 1.0));
  return cam;
}

namespace {

// "a,b,c" -> three finite numbers.
bool parseTriple(const std::string& s, double out[3]) {
  std::stringstream ss(s);
  std::string item;
  int n = 0;
  while (std::getline(ss, item, ',')) {
    if (n == 3) return false;
    try {
      size_t used = 0;
      out[n] = std::stod(item, &used);
      if (used != item.size() || !std::isfinite(out[n])) return false;
    } catch (...) {
      return false;
    }
    ++n;
  }
  return n == 3;
}

std::string bookmarkList(const scene::CityModel& city) {
  std::string names;
  for (const auto& b : city.bookmarks) names += (names.empty() ? "" : ", ") + b.name;
  return names.empty() ? "(none)" : names;
}

}  // namespace

Result<Camera> parseCameraSpec(const std::string& spec, const scene::CityModel& city, double aspect) {
  const std::string usage = "; expected a bookmark (" + bookmarkList(city) +
                            "), EYE/TARGET as 'x,y,z/x,y,z' or 'hpr:HEADING,PITCH,RANGE/x,y,z'";
  size_t slash = spec.find('/');
  if (slash == std::string::npos) {
    if (const scene::CameraBookmark* b = city.findBookmark(spec)) return cameraFromBookmark(*b);
    if (spec == "overview" || spec == "fit") return fitCamera(city, aspect);
    return fail("--camera '" + spec + "': no such bookmark" + usage);
  }
  std::string first = spec.substr(0, slash), second = spec.substr(slash + 1);
  double target[3];
  if (!parseTriple(second, target))
    return fail("--camera '" + spec + "': target '" + second + "' is not x,y,z" + usage);
  glm::vec3 t(target[0], target[1], target[2]);
  if (first.rfind("hpr:", 0) == 0) {
    double hpr[3];
    if (!parseTriple(first.substr(4), hpr) || hpr[2] <= 0 || std::abs(hpr[1]) > 90)
      return fail("--camera '" + spec + "': heading,pitch,range must be numbers with |pitch| <= 90 and range > 0" +
                  usage);
    return Camera::fromHeadingPitchRange(t, {hpr[0], hpr[1], hpr[2]});
  }
  double eye[3];
  if (!parseTriple(first, eye)) return fail("--camera '" + spec + "': eye '" + first + "' is not x,y,z" + usage);
  glm::vec3 e(eye[0], eye[1], eye[2]);
  if (glm::length(e - t) < 1e-3f) return fail("--camera '" + spec + "': eye and target are the same point");
  return Camera::lookAt(e, t);
}

}  // namespace ts::render
