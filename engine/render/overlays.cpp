#include "render/overlays.h"

#include <cstring>

#include "gpu/context.h"
#include "gpu/pipeline.h"
#include "gpu/transfer.h"
#include "gpu/vk_check.h"
#include "render/shader_types.h"

namespace ts::render {

namespace {

// Descriptor sets alive at once: one per draped layer, plus the replaced ones waiting for
// the frames that still sample them.
constexpr uint32_t kMaxDrapedSets = 32;

struct BoxInstance {
  float minEnu[3], maxEnu[3];
  uint32_t colorSrgb, flags;
};
static_assert(sizeof(BoxInstance) == 32);

struct LineVertex {
  float posEnu[3];
  uint32_t colorSrgb;
};
static_assert(sizeof(LineVertex) == 16);

}  // namespace

struct OverlayRenderer::Draped {
  std::string layer;
  std::shared_ptr<const scene::DrapedImage> uploaded;  // what the image holds (or is about to)
  gpu::Image image;
  VkDescriptorSet set = VK_NULL_HANDLE;
  gpu::Buffer staging;  // framesInFlight slots of the whole image
  VkDeviceSize slotBytes = 0;
  bool pending = false;  // a copy to record this frame
  VkDeviceSize pendingOffset = 0;
  bool fresh = true;   // the image has never been written (layout UNDEFINED)
  bool drawn = false;  // part of this frame
  float opacity = 0.75f;
  shader::DrapedPush push{};
};

OverlayRenderer::OverlayRenderer(gpu::Context& ctx, VkDescriptorSetLayout frameSetLayout,
                                 VkDescriptorSetLayout textureSetLayout, VkFormat colorFormat,
                                 VkSampleCountFlagBits samples, uint32_t framesInFlight)
    : m_ctx(ctx), m_framesInFlight(framesInFlight), m_textureSetLayout(textureSetLayout) {
  VkDevice dev = ctx.device();
  m_layout = gpu::createPipelineLayout(
      ctx, {frameSetLayout, textureSetLayout},
      {{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(shader::DrapedPush)}},
      "overlay pipeline layout");

  VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
  sci.magFilter = sci.minFilter = VK_FILTER_LINEAR;
  sci.addressModeU = sci.addressModeV = sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
  VkSampler sampler;
  VK_CHECK(vkCreateSampler(dev, &sci, nullptr, &sampler));
  m_sampler = gpu::Owned<VkSampler>(ctx, sampler);
  ctx.setName(sampler, VK_OBJECT_TYPE_SAMPLER, "draped raster sampler");

  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kMaxDrapedSets};
  VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  pci.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;  // a resized raster frees its old set
  pci.maxSets = kMaxDrapedSets;
  pci.poolSizeCount = 1;
  pci.pPoolSizes = &size;
  VkDescriptorPool pool;
  VK_CHECK(vkCreateDescriptorPool(dev, &pci, nullptr, &pool));
  m_pool = gpu::Owned<VkDescriptorPool>(ctx, pool);
  ctx.setName(pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "draped raster descriptor pool");

  gpu::GraphicsPipelineDesc d;
  d.layout = m_layout;
  d.colorFormat = colorFormat;
  d.samples = samples;
  d.name = "draped raster";
  d.vertexShader = "draped.vert";
  d.fragmentShader = "draped.frag";
  d.alphaBlend = true;
  d.depthWrite = false;
  m_drapedPipeline = gpu::createGraphicsPipeline(ctx, d);

  d.name = "overlay boxes";
  d.vertexShader = "boxes.vert";
  d.fragmentShader = "boxes.frag";
  d.alphaBlend = false;
  d.depthWrite = true;
  d.bindings = {{0, sizeof(BoxInstance), VK_VERTEX_INPUT_RATE_INSTANCE}};
  d.attributes = {{0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(BoxInstance, minEnu)},
                  {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(BoxInstance, maxEnu)},
                  {2, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(BoxInstance, colorSrgb)},
                  {3, 0, VK_FORMAT_R32_UINT, offsetof(BoxInstance, flags)}};
  m_boxPipeline = gpu::createGraphicsPipeline(ctx, d);

  d.name = "overlay lines";
  d.vertexShader = "lines.vert";
  d.fragmentShader = "lines.frag";
  d.topology = VK_PRIMITIVE_TOPOLOGY_LINE_LIST;
  d.bindings = {{0, sizeof(LineVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
  d.attributes = {{0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(LineVertex, posEnu)},
                  {1, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(LineVertex, colorSrgb)}};
  m_linePipeline = gpu::createGraphicsPipeline(ctx, d);
}

// The draped sets go with the pool.
OverlayRenderer::~OverlayRenderer() {
  for (const auto& d : m_draped)
    if (d->set != VK_NULL_HANDLE) m_ctx.countDescriptorSets(-1);
}

void OverlayRenderer::ensureCapacity(gpu::Buffer& buffer, std::vector<VkDeviceSize>& slotBytes,
                                     VkDeviceSize bytesPerSlot, VkBufferUsageFlags usage, const char* name) {
  if (!slotBytes.empty() && slotBytes[0] >= bytesPerSlot) return;
  // Grows by half again so a slowly growing list does not reallocate every frame; the old
  // buffer is retired only once the frames using it are done.
  VkDeviceSize per = std::max<VkDeviceSize>(bytesPerSlot + bytesPerSlot / 2, 4096);
  buffer = gpu::Buffer(m_ctx, per * m_framesInFlight, usage, gpu::MemoryUsage::Upload, name);
  slotBytes.assign(m_framesInFlight, per);
}

void OverlayRenderer::prepare(const scene::OverlayDraw& draw, uint32_t frameSlot) {
  m_slot = frameSlot % m_framesInFlight;
  for (auto& d : m_draped) d->drawn = false, d->pending = false;
  for (const scene::OverlayDraw::Draped& in : draw.draped) {
    if (!in.image || in.image->grid.cellCount() == 0 || in.image->rgba.size() != in.image->grid.cellCount()) continue;
    Draped* slot = nullptr;
    for (auto& d : m_draped)
      if (d->layer == in.layer) slot = d.get();
    if (!slot) {
      m_draped.push_back(std::make_unique<Draped>());
      slot = m_draped.back().get();
      slot->layer = in.layer;
    }
    slot->drawn = true;
    slot->opacity = in.opacity;
    slot->push.params = glm::vec4(0.35f, in.opacity, 0.65f, 0.f);
    if (slot->uploaded == in.image) continue;
    const scene::GroundGrid& g = in.image->grid;
    const VkDeviceSize bytes = VkDeviceSize(g.cellCount()) * 4;
    const bool resized =
        !slot->image || slot->image.extent().width != g.width || slot->image.extent().height != g.height;
    if (resized) {
      VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
      ai.descriptorPool = m_pool;
      ai.descriptorSetCount = 1;
      ai.pSetLayouts = &m_textureSetLayout;
      VkDescriptorSet set;
      if (vkAllocateDescriptorSets(m_ctx.device(), &ai, &set) != VK_SUCCESS)
        continue;  // pool spent: keep the old raster
      m_ctx.countDescriptorSets(1);
      if (slot->set != VK_NULL_HANDLE)  // freed once the frames that sample it are done
        m_ctx.retire([&ctx = m_ctx, pool = m_pool.get(), old = slot->set] {
          vkFreeDescriptorSets(ctx.device(), pool, 1, &old);
          ctx.countDescriptorSets(-1);
        });
      gpu::ImageDesc desc;
      desc.format = VK_FORMAT_R8G8B8A8_SRGB;
      desc.extent = {g.width, g.height};
      desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
      slot->image = gpu::Image(m_ctx, desc, "draped raster " + slot->layer);
      slot->staging = gpu::Buffer(m_ctx, bytes * m_framesInFlight, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                  gpu::MemoryUsage::Upload, "draped raster staging " + slot->layer);
      slot->slotBytes = bytes;
      slot->fresh = true;
      slot->set = set;
      VkDescriptorImageInfo ii{m_sampler.get(), slot->image.view(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
      VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = set;
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
      w.pImageInfo = &ii;
      vkUpdateDescriptorSets(m_ctx.device(), 1, &w, 0, nullptr);
    }
    slot->push.rect =
        glm::vec4(float(g.minEnu.x), float(g.minEnu.y), float(g.width * g.cellM), float(g.height * g.cellM));
    slot->pendingOffset = slot->slotBytes * m_slot;
    std::memcpy(static_cast<char*>(slot->staging.mapped()) + slot->pendingOffset, in.image->rgba.data(), bytes);
    slot->pending = true;
    slot->uploaded = in.image;
  }

  m_boxCount = uint32_t(draw.boxes.size());
  if (m_boxCount) {
    ensureCapacity(m_boxes, m_boxSlotBytes, m_boxCount * sizeof(BoxInstance), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT,
                   "overlay boxes");
    auto* out = reinterpret_cast<BoxInstance*>(static_cast<char*>(m_boxes.mapped()) + m_boxSlotBytes[0] * m_slot);
    for (const scene::OverlayBox& b : draw.boxes)
      *out++ = {{b.minEnu.x, b.minEnu.y, b.minEnu.z}, {b.maxEnu.x, b.maxEnu.y, b.maxEnu.z}, b.colorSrgb, b.flags};
  }
  m_lineVertexCount = uint32_t(draw.lines.size() * 2);
  if (m_lineVertexCount) {
    ensureCapacity(m_lines, m_lineSlotBytes, m_lineVertexCount * sizeof(LineVertex), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT,
                   "overlay lines");
    auto* out = reinterpret_cast<LineVertex*>(static_cast<char*>(m_lines.mapped()) + m_lineSlotBytes[0] * m_slot);
    for (const scene::OverlayLine& l : draw.lines) {
      *out++ = {{l.a.x, l.a.y, l.a.z}, l.colorSrgb};
      *out++ = {{l.b.x, l.b.y, l.b.z}, l.colorSrgb};
    }
  }
}

void OverlayRenderer::recordUploads(VkCommandBuffer cmd) {
  for (auto& d : m_draped) {
    if (!d->pending) continue;
    // Earlier frames sample the image: wait for them, copy, hand it back to the shaders.
    gpu::imageBarrier(cmd, d->image.handle(), VK_IMAGE_ASPECT_COLOR_BIT,
                      d->fresh ? VK_IMAGE_LAYOUT_UNDEFINED : VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                      VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, 0,
                      VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    VkBufferImageCopy region{};
    region.bufferOffset = d->pendingOffset;
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {d->image.extent().width, d->image.extent().height, 1};
    vkCmdCopyBufferToImage(cmd, d->staging.handle(), d->image.handle(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1,
                           &region);
    gpu::imageBarrier(cmd, d->image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                      VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
                      VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                      VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    d->fresh = false;
    d->pending = false;
  }
}

void OverlayRenderer::recordDraws(VkCommandBuffer cmd, VkDescriptorSet frameSet, uint32_t dynamicOffset) {
  bool bound = false;
  auto bindFrame = [&] {
    if (bound) return;
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 0, 1, &frameSet, 1, &dynamicOffset);
    bound = true;
  };
  if (m_boxCount) {
    bindFrame();
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_boxPipeline);
    VkBuffer vb = m_boxes.handle();
    VkDeviceSize offset = m_boxSlotBytes[0] * m_slot;
    vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &offset);
    vkCmdDraw(cmd, 36, m_boxCount, 0, 0);
  }
  if (m_lineVertexCount) {
    bindFrame();
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_linePipeline);
    VkBuffer vb = m_lines.handle();
    VkDeviceSize offset = m_lineSlotBytes[0] * m_slot;
    vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &offset);
    vkCmdDraw(cmd, m_lineVertexCount, 1, 0, 0);
  }
  for (auto& d : m_draped) {
    if (!d->drawn || d->fresh) continue;
    bindFrame();
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_drapedPipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 1, 1, &d->set, 0, nullptr);
    vkCmdPushConstants(cmd, m_layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof(d->push),
                       &d->push);
    vkCmdDraw(cmd, 6, 1, 0, 0);
  }
}

uint32_t OverlayRenderer::drawCalls() const {
  uint32_t n = (m_boxCount ? 1 : 0) + (m_lineVertexCount ? 1 : 0);
  for (const auto& d : m_draped) n += d->drawn && !d->fresh ? 1 : 0;
  return n;
}

}  // namespace ts::render
