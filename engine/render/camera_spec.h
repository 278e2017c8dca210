// Camera specifications as users type them on the command line or in tours:
//   a bookmark name             "overview"
//   an eye and a target         "-800,-1200,600/0,0,40"          (ENU metres)
//   heading/pitch/range         "hpr:30,-35,2600/0,0,0"          (degrees, degrees, metres / target)
//   the whole scene             "fit"
// "overview" works for every scene: without such a bookmark it is "fit".
#pragma once
#include <string>

#include "core/result.h"
#include "render/camera.h"
#include "scene/city_model.h"

namespace ts::render {

Camera cameraFromBookmark(const scene::CameraBookmark& bookmark);

// What framing takes in: the buildings, the equipment (up to its antennas and poles) and
// the district boundary; empty for an empty scene.
scene::Aabb sceneBounds(const scene::CityModel& city);
// The whole scene seen from the south-south-west (heading 30°, pitch -35°), at the
// distance where its bounds just fill a frame of `aspect` (width / height) with a 5 %
// margin on each side; the near plane comes closer for small models.
Camera fitCamera(const scene::CityModel& city, double aspect);

// `aspect`: the frame's width / height, which "fit" needs.
Result<Camera> parseCameraSpec(const std::string& spec, const scene::CityModel& city, double aspect = 16.0 / 9.0);

}  // namespace ts::render
