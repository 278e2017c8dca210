// GeoJSON building footprints (RFC 7946, and older files with a `crs` member):
// Polygon and MultiPolygon features, holes included, extruded to walls and a flat roof.
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

struct FootprintOptions {
  std::optional<std::string> crs;          // overrides the file's CRS (default OGC:CRS84)
  std::string heightAttribute = "height";  // metres to the roof
  std::string levelsAttribute = "building:levels";
  std::string minHeightAttribute = "min_height";
  std::string nameAttribute = "name";
  double storeyHeightM = 3.2;                                      // per level when only levels are known
  double defaultHeightM = 10.0;                                    // when neither is known
  scene::BuildingStatus status = scene::BuildingStatus::Existing;  // unless a feature says "proposed"
  uint32_t layer = 0;
  ProgressFn progress;  // optional
  InputLimits limits = kGeoJsonLimits;
};

// Adds every usable footprint to `city` (call city.finalize() after the last layer).
// A file that cannot be read or parsed is an error naming it; a bad feature is a warning
// naming its index (and id) and is skipped or repaired, and the rest still load.
Result<LayerReport> loadGeoJsonFootprints(const std::filesystem::path& path, const FootprintOptions& options,
                                          scene::CityModel& city);
// The same from the file's content; `path` names it in messages.
Result<LayerReport> loadGeoJsonFootprintsText(std::string_view text, const std::filesystem::path& path,
                                              const FootprintOptions& options, scene::CityModel& city);

// Reads a height-like value: a number, or a string such as "12", "12.5 m", "12,5".
std::optional<double> parseMetres(const std::string& text);

}  // namespace ts::io
