#include "render/offscreen.h"

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "gpu/context.h"
#include "gpu/transfer.h"

namespace ts::render {

OffscreenTarget::OffscreenTarget(gpu::Context& ctx, VkExtent2D extent, VkFormat format) : m_ctx(ctx), m_extent(extent) {
  gpu::ImageDesc d;
  d.format = format;
  d.extent = extent;
  d.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
  m_color = gpu::Image(ctx, d, "offscreen colour");
  m_readback = gpu::Buffer(ctx, VkDeviceSize(extent.width) * extent.height * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                           gpu::MemoryUsage::Readback, "offscreen readback");
}

OffscreenTarget::Frame OffscreenTarget::renderFrame(gpu::FrameRing& ring, Renderer& renderer, const Camera& camera,
                                                    const layers::LayerDraw* overlays, bool readback) {
  auto t0 = std::chrono::steady_clock::now();
  VkCommandBuffer cmd = ring.begin();
  FrameGraph graph;
  ResourceId out = graph.importImage("offscreen colour", m_color.handle(), VK_IMAGE_ASPECT_COLOR_BIT, m_colorState,
                                     true, Access::TransferSrc);
  Frame frame;
  frame.stats = renderer.addScenePasses(graph, {out, m_color.view(), m_extent}, camera, ring.slot(), overlays);
  if (readback) {
    VkImage image = m_color.handle();
    VkBuffer dst = m_readback.handle();
    VkExtent2D extent = m_extent;
    graph.addPass(
        "readback",
        [&](FrameGraph::Builder& b) {
          b.read(out, Access::TransferSrc);
          b.sideEffect();
        },
        [image, dst, extent](VkCommandBuffer c) { gpu::recordImageToBuffer(c, image, extent, dst); });
  }
  if (auto ok = graph.compile(); !ok) throw std::logic_error(ok.error().message);
  graph.execute(cmd);
  m_colorState = graph.finalState(out);
  frame.recordMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  frame.serial = ring.submit();
  return frame;
}

std::vector<uint8_t> OffscreenTarget::pixels() const {
  const auto* p = static_cast<const uint8_t*>(m_readback.mapped());
  return std::vector<uint8_t>(p, p + size_t(m_extent.width) * m_extent.height * 4);
}

}  // namespace ts::render
