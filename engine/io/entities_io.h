// Entity lists (5G sites, AI cameras, data centres) from GeoJSON Point features or CSV.
// CSV: a header row; position from lat/lon columns (WGS 84) or x/y columns in the
// layer's CRS; the other columns are the entity's properties by name (see
// docs/scene-format.md). Unknown columns are kept out; bad rows are warnings.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "io/input_limits.h"
#include "io/load_report.h"
#include "scene/city_model.h"

namespace ts::io {

// `kind` is "5g_sites", "ai_cameras" or "data_centres"; a .csv extension means CSV, any
// other GeoJSON. A file over the limits is an error naming it.
Result<LayerReport> loadEntities(const std::filesystem::path& path, const std::string& kind,
                                 const std::optional<std::string>& crs, scene::CityModel& city,
                                 const InputLimits& limits = kEntityLimits);
// The same from the file's content; `path` names it in messages and its extension picks
// the format.
Result<LayerReport> loadEntitiesText(std::string_view text, const std::filesystem::path& path, const std::string& kind,
                                     const std::optional<std::string>& crs, scene::CityModel& city,
                                     const InputLimits& limits = kEntityLimits);

// One CSV line's fields: commas separate, double quotes quote ("" is a quote), a trailing
// CR is dropped. Shared by the CSV readers (entities, drive tests).
std::vector<std::string> splitCsvLine(const std::string& line);

}  // namespace ts::io
