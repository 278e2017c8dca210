// The offscreen target: renders frames into an image that is read back to the CPU
// (stills, tests, benchmarks). Needs no display.
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

#include "gpu/frame_ring.h"
#include "gpu/resources.h"
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
  // Records and submits one frame. With `readback`, the frame also copies its pixels
  // into the readback buffer.
  Frame renderFrame(gpu::FrameRing& ring, Renderer& renderer, const Camera& camera, bool readback) {
    return renderFrame(ring, renderer, camera, nullptr, readback);
  }
  // The same with the live layers' overlays.
  Frame renderFrame(gpu::FrameRing& ring, Renderer& renderer, const Camera& camera, const layers::LayerDraw* overlays,
                    bool readback);

  // RGBA8 pixels of the last frame rendered with readback (rows tightly packed, top first).
  // Only valid after that frame's serial has completed.
  std::vector<uint8_t> pixels() const;
  VkExtent2D extent() const { return m_extent; }

 private:
  gpu::Context& m_ctx;
  VkExtent2D m_extent;
  gpu::Image m_color;
  ImageState m_colorState;
  gpu::Buffer m_readback;
};

}  // namespace ts::render
