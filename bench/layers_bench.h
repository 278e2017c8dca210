// The live layers' benchmark behind `twinscape bench --layers`: the 5G coverage raster of
// a scene (full computation, one site going off and back on, one sector re-tuned) and the
// same model computed by per-cell, per-sector ray casting on a lattice of cells, for the
// speed-up. One JSON object per measurement on `out`. Not a test: no pass/fail.
#pragma once
#include <cstdint>
#include <ostream>

#include "core/result.h"
#include "scene/city_model.h"

namespace ts::bench {

struct LayersBenchOptions {
  double cellM = 5;
  uint32_t rounds = 3;
  uint32_t naiveStride = 8;  // the ray-cast baseline on every 8th cell in x and y (1/64 of them); 0: skip it
};

Result<> runLayersBench(const scene::CityModel& city, const LayersBenchOptions& options, std::ostream& out);

}  // namespace ts::bench
