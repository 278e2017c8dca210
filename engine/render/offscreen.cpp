#include "render/offscreen.h"

#include <chrono>
#include <stdexcept>

#include "gpu/context.h"

namespace ts::render {

OffscreenTarget::OffscreenTarget(gpu::Context& ctx, VkExtent2D extent, VkFormat format)
    : m_ctx(ctx), m_extent(extent), m_format(format) {
  gpu::ImageDesc d;
  d.format = format;
  d.extent = extent;
  d.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
  m_color = gpu::Image(ctx, d, "offscreen colour");
  m_readback = gpu::Buffer(ctx, VkDeviceSize(extent.width) * extent.height * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                           gpu::MemoryUsage::Readback, "offscreen readback");
}

OffscreenTarget::Frame OffscreenTarget::renderFrame(gpu::FrameRing& ring, Renderer& renderer, const SceneView& view,
                                                    bool readback) {
  auto t0 = std::chrono::steady_clock::now();
  VkCommandBuffer cmd = ring.begin();
  TargetImage target{"offscreen colour", m_color.handle(), m_color.view(), m_extent, m_colorState, Access::TransferSrc};
  auto recorded = recordFrame(cmd, renderer, target, view, ring.slot(), readback ? &m_readback : nullptr);
  // The graph here is fixed: failing to compile it is a bug, not a user's problem.
  if (!recorded) throw std::logic_error(recorded.error().message);
  m_colorState = recorded->finalState;
  Frame frame;
  frame.stats = recorded->stats;
  frame.recordMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  frame.serial = ring.submit();
  return frame;
}

ReadbackImage OffscreenTarget::pixels() const { return {m_extent, readbackPixels(m_readback, m_extent, m_format)}; }

}  // namespace ts::render
