// The offscreen target: renders frames into an image that is read back to the CPU
// (stills, tests, benchmarks). Needs no display.
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

#include "gpu/frame_ring.h"
#include "gpu/resources.h"
#include "render/frame_builder.h"
#include "render/readback_image.h"
#include "render/renderer.h"

namespace ts::render {

class OffscreenTarget {
 public:
  OffscreenTarget(gpu::Context& ctx, VkExtent2D extent, VkFormat format);

  struct Frame {
    FrameStats stats;
    uint64_t serial = 0;  // wait for it with Context::waitSerial before reading pixels
    double recordMs = 0;  // CPU time building the frame graph and recording commands
  };
  // Records and submits one frame of `view` (render/frame_builder.h). With `readback`,
  // the frame also copies its pixels into the readback buffer.
  Frame renderFrame(gpu::FrameRing& ring, Renderer& renderer, const SceneView& view, bool readback);
  // The same for a camera alone (the renderer's styles, no overlays).
  Frame renderFrame(gpu::FrameRing& ring, Renderer& renderer, const Camera& camera, bool readback) {
    return renderFrame(ring, renderer, SceneView{camera}, readback);
  }

  // A copy of the pixels of the last frame rendered with readback. Only valid after that
  // frame's serial has completed.
  ReadbackImage pixels() const;
  VkExtent2D extent() const { return m_extent; }

 private:
  gpu::Context& m_ctx;
  VkExtent2D m_extent;
  VkFormat m_format;
  gpu::Image m_color;
  ImageState m_colorState;
  gpu::Buffer m_readback;
};

}  // namespace ts::render
