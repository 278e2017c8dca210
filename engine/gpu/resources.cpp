#include "gpu/resources.h"

#include <utility>

#include "gpu/context.h"
#include "gpu/vk_check.h"

namespace ts::gpu {

Buffer::Buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory, std::string_view name)
    : m_ctx(&ctx), m_size(size) {
  VkBufferCreateInfo ci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  ci.size = size;
  ci.usage = usage;
  ci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VK_CHECK(vkCreateBuffer(ctx.device(), &ci, nullptr, &m_buffer));
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(ctx.device(), m_buffer, &req);
  try {
    m_allocation = ctx.allocator().allocate(req, memory, true);
  } catch (...) {
    vkDestroyBuffer(ctx.device(), m_buffer, nullptr);
    m_buffer = VK_NULL_HANDLE;
    throw;
  }
  VK_CHECK(vkBindBufferMemory(ctx.device(), m_buffer, m_allocation.memory, m_allocation.offset));
  ctx.setName(m_buffer, VK_OBJECT_TYPE_BUFFER, name);
}

void Buffer::swap(Buffer& o) noexcept {
  std::swap(m_ctx, o.m_ctx);
  std::swap(m_buffer, o.m_buffer);
  std::swap(m_allocation, o.m_allocation);
  std::swap(m_size, o.m_size);
}

void Buffer::release() {
  if (!m_buffer) return;
  Context* ctx = m_ctx;
  VkBuffer buffer = m_buffer;
  Allocation alloc = m_allocation;
  ctx->retire([ctx, buffer, alloc] {
    vkDestroyBuffer(ctx->device(), buffer, nullptr);
    ctx->allocator().free(alloc);
  });
  m_buffer = VK_NULL_HANDLE;
  m_allocation = {};
}

Image::Image(Context& ctx, const ImageDesc& desc, std::string_view name) : m_ctx(&ctx), m_desc(desc) {
  VkImageCreateInfo ci{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
  ci.imageType = VK_IMAGE_TYPE_2D;
  ci.format = desc.format;
  ci.extent = {desc.extent.width, desc.extent.height, 1};
  ci.mipLevels = desc.mipLevels;
  ci.arrayLayers = 1;
  ci.samples = desc.samples;
  ci.tiling = VK_IMAGE_TILING_OPTIMAL;
  ci.usage = desc.usage;
  ci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  ci.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  VK_CHECK(vkCreateImage(ctx.device(), &ci, nullptr, &m_image));
  VkMemoryRequirements req;
  vkGetImageMemoryRequirements(ctx.device(), m_image, &req);
  try {
    m_allocation = ctx.allocator().allocate(req, MemoryUsage::GpuOnly, false);
    VK_CHECK(vkBindImageMemory(ctx.device(), m_image, m_allocation.memory, m_allocation.offset));
    VkImageViewCreateInfo vi{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    vi.image = m_image;
    vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
    vi.format = desc.format;
    vi.subresourceRange = {desc.aspect, 0, desc.mipLevels, 0, 1};
    VK_CHECK(vkCreateImageView(ctx.device(), &vi, nullptr, &m_view));
  } catch (...) {
    if (m_allocation) ctx.allocator().free(m_allocation);
    vkDestroyImage(ctx.device(), m_image, nullptr);
    m_image = VK_NULL_HANDLE;
    throw;
  }
  ctx.setName(m_image, VK_OBJECT_TYPE_IMAGE, name);
  ctx.setName(m_view, VK_OBJECT_TYPE_IMAGE_VIEW, std::string(name) + " view");
}

void Image::swap(Image& o) noexcept {
  std::swap(m_ctx, o.m_ctx);
  std::swap(m_image, o.m_image);
  std::swap(m_view, o.m_view);
  std::swap(m_allocation, o.m_allocation);
  std::swap(m_desc, o.m_desc);
}

void Image::release() {
  if (!m_image) return;
  Context* ctx = m_ctx;
  VkImage image = m_image;
  VkImageView view = m_view;
  Allocation alloc = m_allocation;
  ctx->retire([ctx, image, view, alloc] {
    vkDestroyImageView(ctx->device(), view, nullptr);
    vkDestroyImage(ctx->device(), image, nullptr);
    ctx->allocator().free(alloc);
  });
  m_image = VK_NULL_HANDLE;
  m_view = VK_NULL_HANDLE;
  m_allocation = {};
}

void retireHandle(Context& ctx, std::function<void(VkDevice)> destroy) {
  VkDevice d = ctx.device();
  ctx.retire([d, destroy = std::move(destroy)] { destroy(d); });
}

void destroyHandle(VkDevice d, VkPipeline h) { vkDestroyPipeline(d, h, nullptr); }
void destroyHandle(VkDevice d, VkPipelineLayout h) { vkDestroyPipelineLayout(d, h, nullptr); }
void destroyHandle(VkDevice d, VkDescriptorSetLayout h) { vkDestroyDescriptorSetLayout(d, h, nullptr); }
void destroyHandle(VkDevice d, VkDescriptorPool h) { vkDestroyDescriptorPool(d, h, nullptr); }
void destroyHandle(VkDevice d, VkSampler h) { vkDestroySampler(d, h, nullptr); }
void destroyHandle(VkDevice d, VkShaderModule h) { vkDestroyShaderModule(d, h, nullptr); }
void destroyHandle(VkDevice d, VkCommandPool h) { vkDestroyCommandPool(d, h, nullptr); }
void destroyHandle(VkDevice d, VkSemaphore h) { vkDestroySemaphore(d, h, nullptr); }
void destroyHandle(VkDevice d, VkFence h) { vkDestroyFence(d, h, nullptr); }
void destroyHandle(VkDevice d, VkImageView h) { vkDestroyImageView(d, h, nullptr); }
void destroyHandle(VkDevice d, VkRenderPass h) { vkDestroyRenderPass(d, h, nullptr); }
void destroyHandle(VkDevice d, VkFramebuffer h) { vkDestroyFramebuffer(d, h, nullptr); }
void destroyHandle(VkDevice d, VkSwapchainKHR h) { vkDestroySwapchainKHR(d, h, nullptr); }

}  // namespace ts::gpu
