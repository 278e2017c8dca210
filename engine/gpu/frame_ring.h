// FrameRing: N frames in flight. Each slot owns a command pool and buffer; begin() waits
// only for the submission that last used the slot (not for the device to go idle), runs
// the deferred destructions that became safe, and starts recording.
#pragma once
#include <vulkan/vulkan.h>

#include <span>
#include <vector>

namespace ts::gpu {

class Context;

class FrameRing {
 public:
  explicit FrameRing(Context& ctx, uint32_t framesInFlight = 2);
  ~FrameRing();
  FrameRing(const FrameRing&) = delete;
  FrameRing& operator=(const FrameRing&) = delete;

  VkCommandBuffer begin();
  // Ends and submits the current frame's command buffer; returns its timeline serial.
  uint64_t submit(std::span<const VkSemaphoreSubmitInfo> waits = {},
                  std::span<const VkSemaphoreSubmitInfo> signals = {});

  uint32_t framesInFlight() const { return (uint32_t)m_slots.size(); }
  uint32_t slot() const { return m_current; }
  uint64_t frameNumber() const { return m_frameNumber; }

 private:
  struct Slot {
    VkCommandPool pool = VK_NULL_HANDLE;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    uint64_t serial = 0;
  };
  Context& m_ctx;
  std::vector<Slot> m_slots;
  uint32_t m_current = 0;
  uint64_t m_frameNumber = 0;
  bool m_recording = false;
};

}  // namespace ts::gpu
