// Camera specifications as users type them on the command line or in tours:
//   a bookmark name             "overview"
//   an eye and a target         "-800,-1200,600/0,0,40"          (ENU metres)
//   heading/pitch/range         "hpr:30,-35,2600/0,0,0"          (degrees, degrees, metres / target)
// "overview" works for every scene: without such a bookmark it frames the whole city.
#pragma once
#include <string>

#include "core/result.h"
#include "render/camera.h"
#include "scene/city_model.h"

namespace ts::render {

Camera cameraFromBookmark(const scene::CameraBookmark& bookmark);
// A view of the whole city from the south-south-west, for scenes without bookmarks.
scene::CameraBookmark overviewBookmark(const scene::CityModel& city);
Camera overviewCamera(const scene::CityModel& city);
Result<Camera> parseCameraSpec(const std::string& spec, const scene::CityModel& city);

}  // namespace ts::render
