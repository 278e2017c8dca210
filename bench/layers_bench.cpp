#include "bench/layers_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "layers/coverage.h"
#include "layers/raster.h"
#include "layers/viewshed.h"

namespace ts::bench {

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

Result<> runLayersBench(const scene::CityModel& city, const LayersBenchOptions& options, std::ostream& out) {
  using nlohmann::json;
  const layers::GroundGrid grid = layers::analysisGrid(city, options.cellM);
  auto t0 = Clock::now();
  auto heights = std::make_shared<layers::HeightRaster>(layers::rasterizeHeights(city, grid, layers::isBuilt));
  const double heightsMs = msSince(t0);
  t0 = Clock::now();
  std::vector<uint8_t> mask = layers::analysisMask(city, grid);
  const double maskMs = msSince(t0);
  const auto& sectors = city.entities.sites5g;
  out << json{{"case", "grid"},        {"cell_m", options.cellM},   {"width", grid.width},
              {"height", grid.height}, {"cells", grid.cellCount()}, {"heights_ms", heightsMs},
              {"mask_ms", maskMs},     {"sectors", sectors.size()}}
             .dump()
      << "\n";

  // Full computation, several rounds on fresh models.
  std::vector<double> fullMs;
  std::unique_ptr<layers::CoverageModel> model;
  for (uint32_t r = 0; r < std::max(1u, options.rounds); ++r) {
    model = std::make_unique<layers::CoverageModel>(heights, sectors, mask);
    t0 = Clock::now();
    model->computeAll();
    fullMs.push_back(msSince(t0));
  }
  layers::CoverageKpis k = model->kpis(-110);
  out << json{{"case", "coverage_full"},
              {"ms", fullMs},
              {"ms_median", median(fullMs)},
              {"footprint_mb", double(model->footprintBytes()) / 1e6},
              {"area_km2", k.areaKm2},
              {"covered_pct", k.coveredPct},
              {"outdoor_covered_pct", k.outdoorCoveredPct},
              {"indoor_covered_pct", k.indoorCoveredPct},
              {"mean_rsrp_dbm", k.meanRsrpDbm}}
             .dump()
      << "\n";

  // One mast (all its sectors) off and back on; then one sector re-tuned.
  const std::vector<std::vector<uint32_t>> masts = scene::mastGroups(sectors);
  std::vector<double> offMs, onMs, retuneMs;
  size_t touched = 0;
  uint32_t n = 0;
  for (const std::vector<uint32_t>& group : masts) {
    const glm::vec3& pos = sectors[group.front()].posEnu;
    if (!grid.contains(glm::dvec2(pos.x, pos.y)) || n++ % 7) continue;  // a spread of masts
    std::vector<uint8_t> online(sectors.size(), 1);
    for (uint32_t s : group) online[s] = 0;
    t0 = Clock::now();
    touched += model->setOnline(online);
    offMs.push_back(msSince(t0));
    t0 = Clock::now();
    model->setOnline(std::vector<uint8_t>(sectors.size(), 1));
    onMs.push_back(msSince(t0));
    scene::Site5G tuned = sectors[group[0]];
    tuned.downtiltDeg += 2;
    t0 = Clock::now();
    model->updateSector(group[0], tuned);
    retuneMs.push_back(msSince(t0));
    model->updateSector(group[0], sectors[group[0]]);
  }
  out << json{{"case", "coverage_one_site"},
              {"masts", offMs.size()},
              {"offline_ms_median", median(offMs)},
              {"offline_ms_max", offMs.empty() ? 0 : *std::max_element(offMs.begin(), offMs.end())},
              {"online_ms_median", median(onMs)},
              {"retune_sector_ms_median", median(retuneMs)},
              {"retune_sector_ms_max", retuneMs.empty() ? 0 : *std::max_element(retuneMs.begin(), retuneMs.end())},
              {"cells_touched_mean", offMs.empty() ? 0 : double(touched) / double(offMs.size())}}
             .dump()
      << "\n";

  if (options.naiveStride > 0) {
    const uint32_t stride = options.naiveStride;
    t0 = Clock::now();
    layers::NaiveCoverage naive = layers::computeCoverageNaive(city, *heights, sectors, model->options(), stride);
    const double naiveMs = msSince(t0);
    size_t compared = 0, close = 0, same = 0;
    for (uint32_t iy = 0; iy < grid.height; iy += stride)
      for (uint32_t ix = 0; ix < grid.width; ix += stride) {
        size_t c = size_t(iy) * grid.width + ix;
        ++compared;
        float a = model->rsrpDbm()[c], b = naive.rsrp[c];
        bool noneA = a == layers::kNoSignal, noneB = b == layers::kNoSignal;
        close += (noneA == noneB && (noneA || std::abs(a - b) < 1.0f));
        same += model->bestServer()[c] == naive.best[c];
      }
    const double fraction = double(compared) / double(grid.cellCount());
    const double naiveFullMs = naiveMs / fraction;
    out << json{{"case", "coverage_naive_raycast"},
                {"stride", stride},
                {"cells", compared},
                {"rays", naive.rays},
                {"ms", naiveMs},
                {"estimated_full_ms", naiveFullMs},
                {"speedup_vs_full", naiveFullMs / median(fullMs)},
                {"within_1db_pct", 100.0 * double(close) / double(compared)},
                {"same_server_pct", 100.0 * double(same) / double(compared)}}
               .dump()
        << "\n";
  }
  // Camera viewsheds and the fleet raster, at the camera layer's 2.5 m and at 5 m.
  for (double cell : {2.5, 5.0}) {
    const layers::GroundGrid cg = layers::analysisGrid(city, cell);
    auto ch = std::make_shared<layers::HeightRaster>(layers::rasterizeHeights(city, cg, layers::isBuilt));
    auto streets = layers::streetMask(city, *ch, layers::analysisMask(city, cg));
    std::vector<double> ms;
    std::unique_ptr<layers::CameraFleetModel> fleet;
    for (uint32_t r = 0; r < std::max(1u, options.rounds); ++r) {
      fleet = std::make_unique<layers::CameraFleetModel>(ch, city.entities.cameras, streets);
      t0 = Clock::now();
      fleet->computeAll();
      ms.push_back(msSince(t0));
    }
    // One camera cluster (every 20th camera) off: the incremental update.
    std::vector<uint8_t> online(city.entities.cameras.size(), 1);
    for (size_t i = 0; i < online.size(); i += 20) online[i] = 0;
    t0 = Clock::now();
    fleet->setOnline(online);
    const double offMs = msSince(t0);
    // The naive reference for the same cameras (BVH segment per cell).
    t0 = Clock::now();
    size_t naiveCells = 0;
    for (const scene::AiCamera& cam : city.entities.cameras)
      naiveCells += layers::cameraViewshedNaive(city, *ch, cam).size();
    const double naiveMs = msSince(t0);
    layers::CameraKpis k = fleet->kpis();
    out << json{{"case", "camera_viewsheds"},
                {"cell_m", cell},
                {"cameras", city.entities.cameras.size()},
                {"ms", ms},
                {"ms_median", median(ms)},
                {"one_in_20_offline_ms", offMs},
                {"naive_raycast_ms", naiveMs},
                {"speedup_vs_naive", naiveMs / median(ms)},
                {"naive_cells", naiveCells},
                {"viewshed_bytes", fleet->viewshedBytes()},
                {"street_area_km2", k.streetAreaKm2},
                {"street_seen_1_pct", k.streetSeen1Pct},
                {"street_seen_2_pct", k.streetSeen2Pct}}
               .dump()
        << "\n";
  }
  return {};
}

}  // namespace ts::bench
