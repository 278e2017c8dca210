// The window as a render target: the swapchain's images take the frames, recorded by the
// same recordFrame() as offscreen stills, and are presented. A screenshot is a readback
// of the very image presented. Owns the window's surface (given by whoever made the
// window) and its swapchain; knows nothing of the window system.
#pragma once
#include <vulkan/vulkan.h>

#include <optional>
#include <vector>

#include "core/result.h"
#include "gpu/frame_ring.h"
#include "gpu/resources.h"
#include "gpu/surface.h"
#include "gpu/swapchain.h"
#include "render/frame_builder.h"
#include "render/readback_image.h"

namespace ts::render {

class SwapchainTarget {
 public:
  SwapchainTarget(gpu::Context& ctx, gpu::Surface surface, bool vsync, uint32_t framesInFlight);

  enum class Resize { Unchanged, Recreated, NoArea };
  // Makes the images match the window's framebuffer size (and rebuilds them after the
  // presentation engine said they are out of date). NoArea: minimised, draw nothing.
  Resize resize(VkExtent2D framebufferSize);

  // Acquires an image, records `view` into it (and a readback of it with `readback`) and
  // submits. False when the swapchain turned out to be out of date: the frame was
  // dropped; the next resize() rebuilds it.
  Result<bool> recordAndSubmit(gpu::FrameRing& ring, Renderer& renderer, const SceneView& view, bool readback);
  // Presents the submitted frame; false when the swapchain must be rebuilt.
  bool present();

  FrameStats lastStats() const { return m_stats; }
  uint64_t lastSerial() const { return m_serial; }
  // RGBA8 pixels of the last frame submitted with readback; valid once lastSerial() completed.
  ReadbackImage pixels() const;
  VkExtent2D extent() const { return m_swapchain.extent(); }
  VkFormat format() const { return m_swapchain.format(); }
  uint32_t imageCount() const { return m_swapchain.imageCount(); }
  uint32_t minImageCount() const { return m_swapchain.minImageCount(); }

 private:
  gpu::Context& m_ctx;
  gpu::Surface m_surface;  // first: outlives the swapchain
  gpu::Swapchain m_swapchain;
  bool m_haveImages = false, m_outOfDate = false;
  std::optional<gpu::Swapchain::Frame> m_frame;  // acquired and submitted, not yet presented
  gpu::Buffer m_readback;
  VkExtent2D m_readbackExtent{0, 0};
  FrameStats m_stats;
  uint64_t m_serial = 0;
};

}  // namespace ts::render
