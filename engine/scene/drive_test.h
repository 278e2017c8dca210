// Measured drive-test samples: where a test phone stood (ENU metres, on the ground) and
// the RSRP it measured (dBm), with the serving cell (a 5G sector's id) when the log names
// it. What the model predicted there and the error are the drive-test layer's business
// (layers/drive_test.h); this is what was measured.
#pragma once
#include <cstdint>
#include <glm/vec2.hpp>
#include <string>
#include <vector>

namespace ts::scene {

struct DriveTestPoint {
  glm::dvec2 posEnu{0};
  float rsrpDbm = 0;
  std::string cellId;  // empty: not given (compared with the best server)
  std::string source;  // "file.csv:12", for messages
};

struct DriveTestSet {
  std::vector<DriveTestPoint> points;  // every drive-test layer of the scene, in file order
  bool calibrate = false;              // a layer asked for the per-site calibration
};

}  // namespace ts::scene
