#include "io/drive_test_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>

#include "io/entities_io.h"
#include "io/georef.h"

namespace ts::io {

namespace {

// The columns a drive-test file uses, by index in its header; -1 where absent.
struct Columns {
  int x = -1, y = -1, rsrp = -1, cell = -1;
  bool geographic = true;
};

std::string trimmed(std::string s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), space).base(), s.end());
  return s;
}

Result<Columns> findColumns(const std::vector<std::string>& header, const std::string& file) {
  auto index = [&](const char* name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (trimmed(header[i]) == name) return int(i);
    return -1;
  };
  Columns c;
  c.x = index("lon"), c.y = index("lat");
  if (c.x < 0 || c.y < 0) c.geographic = false, c.x = index("x"), c.y = index("y");
  if (c.x < 0 || c.y < 0)
    return fail(file + ": the header needs lat and lon columns (or x and y with the layer's crs)");
  c.rsrp = index("rsrp_dbm");
  if (c.rsrp < 0) return fail(file + ": the header needs an rsrp_dbm column (measured RSRP, dBm)");
  c.cell = index("cell_id");
  return c;
}

// The whole field as a finite number, or nothing.
std::optional<double> number(const std::string& field) {
  std::string t = trimmed(field);
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// One data row as a point, or what is wrong with it.
Result<scene::DriveTestPoint> readRow(const std::vector<std::string>& cells, const Columns& c, const CrsToEnu& crs,
                                      size_t headerSize) {
  if (cells.size() != headerSize)
    return fail(std::to_string(cells.size()) + " columns, the header has " + std::to_string(headerSize));
  auto x = number(cells[c.x]), y = number(cells[c.y]), rsrp = number(cells[c.rsrp]);
  const char* xName = c.geographic ? "lon" : "x";
  const char* yName = c.geographic ? "lat" : "y";
  if (!x) return fail(std::string(xName) + " '" + cells[c.x] + "' is not a number");
  if (!y) return fail(std::string(yName) + " '" + cells[c.y] + "' is not a number");
  if (c.geographic && (std::abs(*y) > 90 || std::abs(*x) > 180))
    return fail("lat " + cells[c.y] + ", lon " + cells[c.x] + " is not a position (±90, ±180 degrees)");
  if (!rsrp) return fail("rsrp_dbm '" + cells[c.rsrp] + "' is not a number");
  if (*rsrp < kMinDriveTestRsrpDbm || *rsrp > kMaxDriveTestRsrpDbm)
    return fail("rsrp_dbm " + cells[c.rsrp] + " is outside [-160, -20] dBm");
  glm::dvec3 enu;
  if (!crs.toEnu(*x, *y, 0, enu)) return fail("the position cannot be converted from " + crs.crs());
  scene::DriveTestPoint p;
  p.posEnu = {enu.x, enu.y};
  p.rsrpDbm = float(*rsrp);
  if (c.cell >= 0) p.cellId = trimmed(cells[c.cell]);
  return p;
}

}  // namespace

Result<LayerReport> loadDriveTestCsv(const std::filesystem::path& path, const std::optional<std::string>& crsOverride,
                                     scene::CityModel& city) {
  auto t0 = std::chrono::steady_clock::now();
  const std::string file = path.string(), name = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open drive-test file '" + file + "'");
  std::string line;
  if (!std::getline(in, line)) return fail("'" + file + "' is empty (expected a CSV header row)");
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 byte order mark
  const std::vector<std::string> header = splitCsvLine(line);
  auto columns = findColumns(header, "'" + file + "'");
  if (!columns) return std::unexpected(columns.error());
  auto crs = makeCrsToEnu(columns->geographic ? "OGC:CRS84" : crsOverride.value_or("OGC:CRS84"), city.origin);
  if (!crs) return fail("'" + file + "': " + crs.error().message);
  LayerReport report;
  report.source = file;
  report.kind = "drive test";
  for (size_t row = 2; std::getline(in, line); ++row) {
    if (trimmed(line).empty()) continue;
    ++report.items;
    const std::string where = name + ":" + std::to_string(row);
    auto point = readRow(splitCsvLine(line), *columns, *crs, header.size());
    if (!point) {
      report.warn(where + ": " + point.error().message + ", skipped");
      ++report.skipped;
      continue;
    }
    point->source = where;
    city.driveTest.points.push_back(std::move(*point));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace ts::io
