// The live layers' drawing inside the scene pass: rasters draped on the ground (5G
// coverage, camera counts), instanced boxes (data-centre columns, camera icons) and
// lines (frusta). Owned by the Renderer. Nothing here waits for the GPU: a changed
// raster travels through this frame's slot of a staging buffer and is copied ahead of
// the scene; boxes and lines are written into this frame's slot of host-visible buffers.
#pragma once
#include <vulkan/vulkan.h>

#include <memory>
#include <string>
#include <vector>

#include "gpu/resources.h"
#include "scene/overlay_draw.h"

namespace ts::gpu {
class Context;
}

namespace ts::render {

class OverlayRenderer {
 public:
  OverlayRenderer(gpu::Context& ctx, VkDescriptorSetLayout frameSetLayout, VkDescriptorSetLayout textureSetLayout,
                  VkFormat colorFormat, VkSampleCountFlagBits samples, uint32_t framesInFlight);
  ~OverlayRenderer();

  // This frame's overlays; called before the frame graph records.
  void prepare(const scene::OverlayDraw& draw, uint32_t frameSlot);
  // Outside any render pass: the copies of changed rasters.
  void recordUploads(VkCommandBuffer cmd);
  // Inside the scene pass, after everything opaque.
  void recordDraws(VkCommandBuffer cmd, VkDescriptorSet frameSet, uint32_t dynamicOffset);
  uint32_t drawCalls() const;

 private:
  struct Draped;
  void ensureCapacity(gpu::Buffer& buffer, std::vector<VkDeviceSize>& slotBytes, VkDeviceSize bytesPerSlot,
                      VkBufferUsageFlags usage, const char* name);

  gpu::Context& m_ctx;
  uint32_t m_framesInFlight;
  uint32_t m_slot = 0;
  gpu::Owned<VkPipelineLayout> m_layout;
  gpu::Owned<VkPipeline> m_drapedPipeline, m_boxPipeline, m_linePipeline;
  gpu::Owned<VkSampler> m_sampler;
  gpu::Owned<VkDescriptorPool> m_pool;
  VkDescriptorSetLayout m_textureSetLayout;
  std::vector<std::unique_ptr<Draped>> m_draped;  // by layer, in first-seen order
  gpu::Buffer m_boxes, m_lines;                   // framesInFlight slots each
  std::vector<VkDeviceSize> m_boxSlotBytes, m_lineSlotBytes;
  uint32_t m_boxCount = 0, m_lineVertexCount = 0;
};

}  // namespace ts::render
