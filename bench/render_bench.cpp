#include "bench/render_bench.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "gpu/frame_ring.h"
#include "io/model_import.h"
#include "io/scene_loader.h"
#include "render/camera_spec.h"
#include "render/city_mesh.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/city_model.h"

namespace ts::bench {

namespace {
double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, size_t(p * (v.size() - 1) + 0.5));
  return v[i];
}
}  // namespace

Result<> runRenderBench(const RenderBenchOptions& opt, std::ostream& out) {
  auto ctx = gpu::Context::create(opt.context);
  if (!ctx) return std::unexpected(ctx.error());
  gpu::Context& c = **ctx;
  gpu::FrameRing ring(c);
  std::optional<io::LoadedScene> loaded;
  if (!opt.scene.empty()) {
    auto l = io::loadScene(opt.scene, {opt.cacheDir});
    if (!l) return std::unexpected(l.error());
    loaded = std::move(*l);
  }
  std::vector<uint32_t> counts =
      loaded ? std::vector<uint32_t>{uint32_t(loaded->city.buildings.size())} : opt.buildingCounts;

  for (uint32_t samples : opt.msaaSamples) {
    render::RendererOptions ro;
    ro.msaaSamples = samples;
    render::Renderer renderer(c, ro);
    for (uint32_t count : counts) {
      scene::CityModel grid;
      if (!loaded) grid = scene::makeBenchGrid(count);
      const scene::CityModel& city = loaded ? loaded->city : grid;
      render::CityMesh mesh = render::buildCityMesh(city);
      renderer.setCity(mesh, city.textures);
      const double aspect = double(opt.sizes.front().width) / opt.sizes.front().height;
      render::Camera camera =
          city.bookmarks.empty() ? render::fitCamera(city, aspect) : render::cameraFromBookmark(city.bookmarks.front());
      if (loaded && !opt.camera.empty()) {
        auto spec = render::parseCameraSpec(opt.camera, city, aspect);
        if (!spec) return std::unexpected(spec.error());
        camera = *spec;
      }
      for (VkExtent2D size : opt.sizes) {
        render::OffscreenTarget target(c, size, ro.colorFormat);
        std::vector<double> frameMs, recordMs;
        render::FrameStats stats;
        for (uint32_t f = 0; f < opt.warmupFrames + opt.frames; ++f) {
          auto t0 = std::chrono::steady_clock::now();
          auto frame = target.renderFrame(ring, renderer, camera, false);
          auto tSubmit = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double, std::milli>(frame.recordMs));
          c.waitSerial(frame.serial);
          auto t1 = std::chrono::steady_clock::now();
          if (f < opt.warmupFrames) continue;
          frameMs.push_back(std::chrono::duration<double, std::milli>(t1 - tSubmit).count());
          recordMs.push_back(frame.recordMs);
          stats = frame.stats;
        }
        nlohmann::json j;
        if (loaded) j["scene"] = opt.scene;
        j["buildings"] = count;
        j["width"] = size.width;
        j["height"] = size.height;
        j["msaa"] = uint32_t(renderer.samples());
        j["frames"] = opt.frames;
        j["frame_ms_median"] = percentile(frameMs, 0.5);
        j["frame_ms_p95"] = percentile(frameMs, 0.95);
        j["record_ms"] = percentile(recordMs, 0.5);
        j["triangles"] = stats.triangles;
        j["draw_calls"] = stats.drawCalls;
        j["device"] = c.deviceReport().name;
        out << j.dump() << std::endl;
      }
    }
  }
  if (c.validationEnabled() && c.validationMessageCount() > 0)
    return fail(std::to_string(c.validationMessageCount()) + " Vulkan validation messages (see log above)");
  return {};
}

Result<> runLoadBench(const std::filesystem::path& path, const std::filesystem::path& cacheDir,
                      const gpu::ContextOptions& context, std::ostream& out) {
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::time_point a, clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  auto ctx = gpu::Context::create(context);
  if (!ctx) return std::unexpected(ctx.error());
  render::Renderer renderer(**ctx, {});
  auto t0 = clock::now();
  scene::CityModel city;
  std::string kind;
  if (path.extension() == ".json" || path == "demo") {
    auto l = io::loadScene(path.string(), {cacheDir});
    if (!l) return std::unexpected(l.error());
    city = std::move(l->city);  // loadScene builds the BVH itself: bvh_ms stays 0
    kind = "scene";
  } else {
    io::ModelOptions mo;
    mo.cacheDir = cacheDir;
    auto r = io::loadModel(path, mo, city);
    if (!r) return std::unexpected(r.error());
    kind = r->kind;
  }
  auto t1 = clock::now();
  render::CityMesh mesh = render::buildCityMesh(city);
  auto t2 = clock::now();
  renderer.setCity(mesh, city.textures);
  (*ctx)->waitIdle();
  auto t3 = clock::now();
  if (kind != "scene") city.finalize();
  auto t4 = clock::now();
  nlohmann::json j;
  j["file"] = path.string();
  j["kind"] = kind;
  j["triangles"] = city.geometry.triangleCount();
  j["buildings"] = city.buildings.size();
  j["import_ms"] = ms(t0, t1);  // with a model cache, includes the model's spatial index
  j["mesh_ms"] = ms(t1, t2);
  j["gpu_upload_ms"] = ms(t2, t3);
  j["load_to_gpu_ms"] = ms(t0, t3);
  j["bvh_ms"] = ms(t3, t4);
  j["total_ms"] = ms(t0, t4);
  out << j.dump() << std::endl;
  return {};
}

}  // namespace ts::bench
