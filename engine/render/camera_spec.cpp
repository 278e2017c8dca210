#include "render/camera_spec.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <sstream>
#include <vector>

namespace ts::render {

Camera cameraFromBookmark(const scene::CameraBookmark& b) {
  return Camera::fromHeadingPitchRange(b.targetEnu, {b.headingDeg, b.pitchDeg, b.rangeM});
}

scene::CameraBookmark overviewBookmark(const scene::CityModel& city) {
  scene::CameraBookmark b;
  b.name = "overview";
  if (city.boundsEnu.valid()) {
    glm::vec3 c = city.boundsEnu.centre();
    b.targetEnu = {c.x, c.y, 0};
    b.rangeM = std::max(60.0, 1.3 * double(glm::length(city.boundsEnu.size())));
  }
  b.headingDeg = 30;
  b.pitchDeg = -35;
  return b;
}

Camera overviewCamera(const scene::CityModel& city) { return cameraFromBookmark(overviewBookmark(city)); }

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

Result<Camera> parseCameraSpec(const std::string& spec, const scene::CityModel& city) {
  const std::string usage = "; expected a bookmark (" + bookmarkList(city) +
                            "), EYE/TARGET as 'x,y,z/x,y,z' or 'hpr:HEADING,PITCH,RANGE/x,y,z'";
  size_t slash = spec.find('/');
  if (slash == std::string::npos) {
    if (const scene::CameraBookmark* b = city.findBookmark(spec)) return cameraFromBookmark(*b);
    if (spec == "overview") return overviewCamera(city);
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
