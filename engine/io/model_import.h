// Architects' models through Assimp: glTF 2.0 (.gltf/.glb), OBJ, FBX, Collada, IFC and
// the rest Assimp reads. Node transforms, per-material base colour and base-colour
// texture (embedded or external), vertex colours; normals generated only where a mesh
// has none. Each top-level node that holds geometry becomes one building (a model with
// a single top-level node is one building). A missing texture is a warning naming it.
#pragma once
#include <filesystem>
#include <string>

#include "core/result.h"
#include "io/load_report.h"
#include "io/scene_file.h"
#include "scene/city_model.h"

namespace ts::io {

struct ModelOptions {
  Placement placement;  // geographic anchor and/or ENU offset, heading, scale
  bool upIsY = true;    // glTF, OBJ, FBX, Collada and IFC (as Assimp gives it) are y-up; STL often z-up
  scene::BuildingStatus status = scene::BuildingStatus::Existing;
  uint32_t layer = 0;
  std::string name;                // the building name when the model is one building
  std::filesystem::path cacheDir;  // where imported models are cached; empty: no cache
  ProgressFn progress;             // optional
};

Result<LayerReport> loadModel(const std::filesystem::path& path, const ModelOptions& options, scene::CityModel& city);

}  // namespace ts::io
