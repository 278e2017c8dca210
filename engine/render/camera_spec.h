// Camera specifications as users type them on the command line or in tours:
//   a bookmark name             "overview"
//   an eye and a target         "-800,-1200,600/0,0,40"          (ENU metres)
//   heading/pitch/range         "hpr:30,-35,2600/0,0,0"          (degrees, degrees, metres / target)
#pragma once
#include <string>

#include "core/result.h"
#include "render/camera.h"
#include "scene/city_model.h"

namespace ts::render {

Camera cameraFromBookmark(const scene::CameraBookmark& bookmark);
Result<Camera> parseCameraSpec(const std::string& spec, const scene::CityModel& city);

}  // namespace ts::render
