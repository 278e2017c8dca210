// Getting data onto and off the GPU: device-local buffers filled from CPU memory (written
// in place when the device-local memory is host-visible, else through a staging buffer),
// and image barriers/copies shared by uploads, readbacks and the frame graph.
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gpu/resources.h"

namespace ts::gpu {

// A device-local buffer holding `bytes`. Blocks until the copy (if any) completes.
Buffer uploadBuffer(Context& ctx, std::span<const std::byte> bytes, VkBufferUsageFlags usage, std::string_view name);

template <class T>
Buffer uploadBuffer(Context& ctx, std::span<const T> items, VkBufferUsageFlags usage, std::string_view name) {
  return uploadBuffer(ctx, std::as_bytes(items), usage, name);
}

// One image layout transition with synchronization2 stages/accesses.
// `baseMip`/`mipCount` select mip levels (default: all).
void imageBarrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout oldLayout,
                  VkImageLayout newLayout, VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess,
                  VkPipelineStageFlags2 dstStage, VkAccessFlags2 dstAccess, uint32_t baseMip = 0,
                  uint32_t mipCount = VK_REMAINING_MIP_LEVELS);

// A global memory barrier (synchronization2): everything written by srcStage/srcAccess
// becomes visible to dstStage/dstAccess.
void memoryBarrier(VkCommandBuffer cmd, VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess,
                   VkPipelineStageFlags2 dstStage, VkAccessFlags2 dstAccess);

// Records a copy of a colour image (in TRANSFER_SRC_OPTIMAL) into `dst` (tightly packed)
// and makes the result visible to the host.
void recordImageToBuffer(VkCommandBuffer cmd, VkImage image, VkExtent2D extent, VkBuffer dst);

}  // namespace ts::gpu
