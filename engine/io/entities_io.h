// Entity lists (5G sites, AI cameras, data centres) from GeoJSON Point features or CSV.
// CSV: a header row; position from lat/lon columns (WGS 84) or x/y columns in the
// layer's CRS; the other columns are the entity's properties by name (see
// docs/scene-format.md). Unknown columns are kept out; bad rows are warnings.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "io/load_report.h"
#include "scene/city_model.h"

namespace ts::io {

Result<LayerReport> loadEntities(const std::filesystem::path& path, const std::string& kind,
                                 const std::optional<std::string>& crs, scene::CityModel& city);

// One CSV line's fields: commas separate, double quotes quote ("" is a quote), a trailing
// CR is dropped. Shared by the CSV readers (entities, drive tests).
std::vector<std::string> splitCsvLine(const std::string& line);

}  // namespace ts::io
