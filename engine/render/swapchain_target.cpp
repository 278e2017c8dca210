#include "render/swapchain_target.h"

#include "gpu/context.h"

namespace ts::render {

SwapchainTarget::SwapchainTarget(gpu::Context& ctx, gpu::Surface surface, bool vsync, uint32_t framesInFlight)
    : m_ctx(ctx), m_surface(std::move(surface)), m_swapchain(ctx, m_surface.get(), vsync, framesInFlight) {}

SwapchainTarget::Resize SwapchainTarget::resize(VkExtent2D size) {
  if (size.width == 0 || size.height == 0) return Resize::NoArea;
  const VkExtent2D now = m_swapchain.extent();
  if (m_haveImages && !m_outOfDate && size.width == now.width && size.height == now.height) return Resize::Unchanged;
  m_haveImages = m_swapchain.recreate(size);
  m_outOfDate = false;
  return m_haveImages ? Resize::Recreated : Resize::NoArea;
}

Result<bool> SwapchainTarget::recordAndSubmit(gpu::FrameRing& ring, Renderer& renderer, const SceneView& view,
                                              bool readback) {
  VkCommandBuffer cmd = ring.begin();
  m_frame = m_swapchain.acquire(ring.slot());
  if (!m_frame) {  // out of date: submit the empty frame, rebuild, try again
    ring.submit();
    m_outOfDate = true;
    return false;
  }
  const VkExtent2D extent = m_swapchain.extent();
  if (readback && (m_readbackExtent.width != extent.width || m_readbackExtent.height != extent.height)) {
    m_readback = gpu::Buffer(m_ctx, VkDeviceSize(extent.width) * extent.height * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             gpu::MemoryUsage::Readback, "screenshot readback");
    m_readbackExtent = extent;
  }
  // The image comes from the presentation engine; the acquire semaphore is waited at
  // colour-attachment output, so the first barrier starts from that stage.
  TargetImage target{"swapchain image",
                     m_frame->image,
                     m_frame->view,
                     extent,
                     {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE},
                     Access::Present};
  auto recorded = recordFrame(cmd, renderer, target, view, ring.slot(), readback ? &m_readback : nullptr);
  if (!recorded) {
    ring.submit();  // the slot's command buffer must still be ended and submitted
    return std::unexpected(recorded.error());
  }
  m_stats = recorded->stats;
  VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,         nullptr, m_frame->acquired, 0,
                             VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, 0};
  VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, nullptr, m_frame->rendered, 0,
                               VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,    0};
  m_serial = ring.submit({&wait, 1}, {&signal, 1});
  return true;
}

bool SwapchainTarget::present() {
  if (!m_frame) return false;
  bool ok = m_swapchain.present(*m_frame);
  m_frame.reset();
  if (!ok) m_outOfDate = true;
  return ok;
}

ReadbackImage SwapchainTarget::pixels() const {
  return {m_readbackExtent, readbackPixels(m_readback, m_readbackExtent, m_swapchain.format())};
}

}  // namespace ts::render
