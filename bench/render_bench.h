// The renderer benchmark behind `twinscape bench`: N procedural buildings (12 triangles
// each) rendered headless at given sizes; one JSON line per case on `out`.
// Timings: frame_ms_* is submit-to-completion (the GPU's work), record_ms the CPU time
// to build the frame graph and record the command buffer. Not a test: no pass/fail.
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.h"
#include "gpu/context.h"

namespace ts::bench {

struct RenderBenchOptions {
  std::vector<uint32_t> buildingCounts{1000, 10000, 100000};
  std::vector<VkExtent2D> sizes{{1280, 720}, {1920, 1080}};
  std::vector<uint32_t> msaaSamples{1, 4};
  uint32_t frames = 20;
  uint32_t warmupFrames = 3;
  gpu::ContextOptions context;
  std::string scene;               // when set: render this scene ("demo" or a file) instead of grids
  std::string camera;              // with a scene: bookmark or camera spec (default: its first bookmark)
  std::filesystem::path cacheDir;  // model cache for `scene`
};

Result<> runRenderBench(const RenderBenchOptions& options, std::ostream& out);

// Times loading one model or scene the way the viewer does: import (or cache), merged
// mesh, GPU upload, BVH; one JSON line. `path` is a model file or a scene file.
Result<> runLoadBench(const std::filesystem::path& path, const std::filesystem::path& cacheDir,
                      const gpu::ContextOptions& context, std::ostream& out);

}  // namespace ts::bench
