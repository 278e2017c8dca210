// CityJSON 1.1 and 2.0 city models: Building and BuildingPart objects at LoD1/LoD2
// (MultiSurface, CompositeSurface, Solid, MultiSolid, CompositeSolid), the vertex
// `transform`, `metadata.referenceSystem` through PROJ, semantic surfaces (roofs and
// walls coloured apart) and attributes. Each Building, with its parts, becomes one
// building of the scene, standing on the scene's ground plane.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "io/input_limits.h"
#include "io/load_report.h"
#include "scene/city_model.h"

namespace ts::io {

struct CityJsonOptions {
  std::optional<std::string> crs;  // overrides metadata.referenceSystem
  std::optional<double> lod;       // highest LoD to use (default: the highest present)
  scene::BuildingStatus status = scene::BuildingStatus::Existing;
  uint32_t layer = 0;
  ProgressFn progress;  // optional
  InputLimits limits = kCityJsonLimits;
};

Result<LayerReport> loadCityJson(const std::filesystem::path& path, const CityJsonOptions& options,
                                 scene::CityModel& city);
// The same from the file's content; `path` names it in messages.
Result<LayerReport> loadCityJsonText(std::string_view text, const std::filesystem::path& path,
                                     const CityJsonOptions& options, scene::CityModel& city);

}  // namespace ts::io
