#include "bench/render_bench.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "gpu/frame_ring.h"
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

  for (uint32_t samples : opt.msaaSamples) {
    render::RendererOptions ro;
    ro.msaaSamples = samples;
    render::Renderer renderer(c, ro);
    for (uint32_t count : opt.buildingCounts) {
      scene::CityModel city = scene::makeBenchGrid(count);
      render::CityMesh mesh = render::buildCityMesh(city);
      renderer.setCity(mesh);
      render::Camera camera = render::cameraFromBookmark(city.bookmarks.front());
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

}  // namespace ts::bench
