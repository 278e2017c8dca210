#include "gpu/frame_ring.h"

#include <string>

#include "gpu/context.h"
#include "gpu/vk_check.h"

namespace ts::gpu {

FrameRing::FrameRing(Context& ctx, uint32_t framesInFlight) : m_ctx(ctx), m_slots(framesInFlight) {
  for (uint32_t i = 0; i < framesInFlight; ++i) {
    VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pci.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pci.queueFamilyIndex = ctx.queueFamily();
    VK_CHECK(vkCreateCommandPool(ctx.device(), &pci, nullptr, &m_slots[i].pool));
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = m_slots[i].pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    VK_CHECK(vkAllocateCommandBuffers(ctx.device(), &ai, &m_slots[i].cmd));
    ctx.setName(m_slots[i].pool, VK_OBJECT_TYPE_COMMAND_POOL, "frame pool " + std::to_string(i));
    ctx.setName(m_slots[i].cmd, VK_OBJECT_TYPE_COMMAND_BUFFER, "frame commands " + std::to_string(i));
  }
}

FrameRing::~FrameRing() {
  for (Slot& s : m_slots) m_ctx.waitSerial(s.serial);
  for (Slot& s : m_slots) vkDestroyCommandPool(m_ctx.device(), s.pool, nullptr);
}

VkCommandBuffer FrameRing::begin() {
  m_current = (uint32_t)(m_frameNumber % m_slots.size());
  Slot& s = m_slots[m_current];
  m_ctx.waitSerial(s.serial);
  m_ctx.collectGarbage();
  VK_CHECK(vkResetCommandPool(m_ctx.device(), s.pool, 0));
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  VK_CHECK(vkBeginCommandBuffer(s.cmd, &bi));
  m_recording = true;
  m_ctx.beginRecording();
  return s.cmd;
}

uint64_t FrameRing::submit(std::span<const VkSemaphoreSubmitInfo> waits,
                           std::span<const VkSemaphoreSubmitInfo> signals) {
  Slot& s = m_slots[m_current];
  VK_CHECK(vkEndCommandBuffer(s.cmd));
  m_recording = false;
  m_ctx.endRecording();
  s.serial = m_ctx.submit({&s.cmd, 1}, waits, signals);
  ++m_frameNumber;
  return s.serial;
}

}  // namespace ts::gpu
