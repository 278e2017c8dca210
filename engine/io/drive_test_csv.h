// Drive-test logs as CSV (docs/scene-format.md, "drive_test"): a header row, then one
// measurement a row. Columns by name, in any order: lat and lon (WGS 84 degrees; or x
// and y in the layer's crs), rsrp_dbm, and optionally cell_id (the serving 5G sector's
// id). Other columns (time, speed, ...) are ignored. A row that cannot be used is a
// warning naming file:line and what is wrong, and the rest load; a file without the
// needed columns is an error.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "io/load_report.h"
#include "scene/city_model.h"

namespace ts::io {

// Plausible measured RSRP, dBm: outside this a row is refused (a unit or column mix-up).
inline constexpr double kMinDriveTestRsrpDbm = -160, kMaxDriveTestRsrpDbm = -20;

// Appends the file's points to city.driveTest, in ENU through the scene's origin.
Result<LayerReport> loadDriveTestCsv(const std::filesystem::path& path, const std::optional<std::string>& crs,
                                     scene::CityModel& city);

}  // namespace ts::io
