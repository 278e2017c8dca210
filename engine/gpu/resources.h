// Move-only RAII buffers and images placed by the Allocator. Destruction is deferred:
// the destructor hands the handle to Context::retire, so nothing the GPU may still read
// is destroyed early, and the frame loop never waits for the device to go idle.
#pragma once
#include <vulkan/vulkan.h>

#include <functional>
#include <string_view>

#include "gpu/allocator.h"

namespace ts::gpu {

class Context;

class Buffer {
 public:
  Buffer() = default;
  Buffer(Context& ctx, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory, std::string_view name);
  Buffer(Buffer&& o) noexcept { swap(o); }
  Buffer& operator=(Buffer&& o) noexcept {
    Buffer tmp(std::move(o));
    swap(tmp);
    return *this;
  }
  ~Buffer() { release(); }

  VkBuffer handle() const { return m_buffer; }
  VkDeviceSize size() const { return m_size; }
  // CPU pointer to the contents when the memory is host-visible, else null.
  void* mapped() const { return m_allocation.mapped; }
  explicit operator bool() const { return m_buffer != VK_NULL_HANDLE; }

 private:
  void swap(Buffer& o) noexcept;
  void release();
  Context* m_ctx = nullptr;
  VkBuffer m_buffer = VK_NULL_HANDLE;
  Allocation m_allocation;
  VkDeviceSize m_size = 0;
};

struct ImageDesc {
  VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
  VkExtent2D extent{1, 1};
  VkImageUsageFlags usage = 0;
  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
  uint32_t mipLevels = 1;
  VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
};

class Image {
 public:
  Image() = default;
  Image(Context& ctx, const ImageDesc& desc, std::string_view name);
  Image(Image&& o) noexcept { swap(o); }
  Image& operator=(Image&& o) noexcept {
    Image tmp(std::move(o));
    swap(tmp);
    return *this;
  }
  ~Image() { release(); }

  VkImage handle() const { return m_image; }
  VkImageView view() const { return m_view; }
  const ImageDesc& desc() const { return m_desc; }
  VkExtent2D extent() const { return m_desc.extent; }
  VkFormat format() const { return m_desc.format; }
  explicit operator bool() const { return m_image != VK_NULL_HANDLE; }

 private:
  void swap(Image& o) noexcept;
  void release();
  Context* m_ctx = nullptr;
  VkImage m_image = VK_NULL_HANDLE;
  VkImageView m_view = VK_NULL_HANDLE;
  Allocation m_allocation;
  ImageDesc m_desc;
};

// Owns any other device-level handle (pipeline, layout, sampler, descriptor pool…) and
// retires it through the Context like Buffer and Image.
template <class H>
class Owned {
 public:
  Owned() = default;
  Owned(Context& ctx, H handle) : m_ctx(&ctx), m_handle(handle) {}
  Owned(Owned&& o) noexcept : m_ctx(o.m_ctx), m_handle(o.m_handle) { o.m_handle = VK_NULL_HANDLE; }
  Owned& operator=(Owned&& o) noexcept {
    if (this != &o) {
      reset();
      m_ctx = o.m_ctx;
      m_handle = o.m_handle;
      o.m_handle = VK_NULL_HANDLE;
    }
    return *this;
  }
  ~Owned() { reset(); }
  H get() const { return m_handle; }
  operator H() const { return m_handle; }
  void reset();

 private:
  Context* m_ctx = nullptr;
  H m_handle = VK_NULL_HANDLE;
};

// Destroys a handle now; used by Owned<H>::reset through the retire list.
void destroyHandle(VkDevice d, VkPipeline h);
void destroyHandle(VkDevice d, VkPipelineLayout h);
void destroyHandle(VkDevice d, VkDescriptorSetLayout h);
void destroyHandle(VkDevice d, VkDescriptorPool h);
void destroyHandle(VkDevice d, VkSampler h);
void destroyHandle(VkDevice d, VkShaderModule h);
void destroyHandle(VkDevice d, VkCommandPool h);
void destroyHandle(VkDevice d, VkSemaphore h);
void destroyHandle(VkDevice d, VkFence h);
void destroyHandle(VkDevice d, VkImageView h);
void destroyHandle(VkDevice d, VkRenderPass h);
void destroyHandle(VkDevice d, VkFramebuffer h);
void destroyHandle(VkDevice d, VkSwapchainKHR h);

void retireHandle(Context& ctx, std::function<void(VkDevice)> destroy);

template <class H>
void Owned<H>::reset() {
  if (m_handle && m_ctx) {
    H h = m_handle;
    retireHandle(*m_ctx, [h](VkDevice d) { destroyHandle(d, h); });
  }
  m_handle = VK_NULL_HANDLE;
}

}  // namespace ts::gpu
