// Context: the Vulkan instance, the chosen device and its queue, the memory allocator,
// submission with a timeline semaphore, and deferred destruction. It needs no display:
// a window target adds its surface extensions and a present check through the options.
#pragma once
#include <vulkan/vulkan.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "gpu/allocator.h"
#include "gpu/device_select.h"

namespace ts::gpu {

struct ContextOptions {
  bool validation = false;                      // VK_LAYER_KHRONOS_validation, synchronization validation on
  std::string deviceSelector;                   // --device NAME|INDEX; empty picks the best device
  std::vector<std::string> instanceExtensions;  // e.g. the window system's surface extensions
  std::vector<std::string> deviceExtensions;    // e.g. VK_KHR_swapchain
  PresentCheck presentCheck;                    // null for headless
  // Write device-local buffers in place when that memory is host-visible (unified
  // memory, lavapipe). Off forces staging copies, as on a discrete GPU.
  bool directUploads = true;
};

// Counts validation warnings and errors; shared with the debug messenger callback.
struct ValidationCounter {
  std::atomic<uint64_t> messages{0};
};

// Creates a bare instance (validation optional) for enumerating devices.
struct InstanceHandle {
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  bool debugUtils = false;
  std::shared_ptr<ValidationCounter> counter;
  InstanceHandle() = default;
  InstanceHandle(InstanceHandle&&) noexcept;
  InstanceHandle& operator=(InstanceHandle&& o) noexcept;
  ~InstanceHandle();
};
Result<InstanceHandle> createInstance(bool validation, const std::vector<std::string>& extensions);

class Context {
 public:
  static Result<std::unique_ptr<Context>> create(const ContextOptions& options);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  VkInstance instance() const { return m_instance.instance; }
  VkPhysicalDevice physicalDevice() const { return m_report.handle; }
  VkDevice device() const { return m_device; }
  VkQueue queue() const { return m_queue; }
  uint32_t queueFamily() const { return m_report.graphicsQueueFamily; }
  const DeviceReport& deviceReport() const { return m_report; }
  const VkPhysicalDeviceProperties& properties() const { return m_properties; }
  Allocator& allocator() { return *m_allocator; }
  bool validationEnabled() const { return m_validation; }
  // Validation warnings and errors reported since creation (0 when validation is off).
  uint64_t validationMessageCount() const { return m_instance.counter->messages.load(); }
  // The counter itself, which outlives the Context: messages at device and instance
  // destruction (leaked objects) still count.
  std::shared_ptr<const ValidationCounter> validationCounter() const { return m_instance.counter; }

  // Debug name for any handle (shows in validation messages and GPU debuggers).
  void setName(VkObjectType type, uint64_t handle, std::string_view name) const;
  template <class H>
  void setName(H handle, VkObjectType type, std::string_view name) const {
    setName(type, reinterpret_cast<uint64_t>(handle), name);
  }

  // Submits command buffers; the timeline semaphore is signalled with a new serial,
  // which is returned. Extra waits/signals are for swapchain semaphores.
  uint64_t submit(std::span<const VkCommandBuffer> commandBuffers, std::span<const VkSemaphoreSubmitInfo> waits = {},
                  std::span<const VkSemaphoreSubmitInfo> signals = {});
  // Presents under the queue lock (the queue is shared with submissions).
  VkResult present(const VkPresentInfoKHR& info);
  uint64_t lastSubmittedSerial() const { return m_submitted; }
  uint64_t completedSerial() const;
  void waitSerial(uint64_t serial) const;
  void waitIdle();

  // Runs `record` in a one-shot command buffer, submits and waits. For loading, not frames.
  void immediateSubmit(const std::function<void(VkCommandBuffer)>& record);

  // Deferred destruction: `destroy` runs once every submission that could still use the
  // object has completed: everything submitted so far, and the frame being recorded.
  void retire(std::function<void()> destroy);
  // Runs the destructions that are safe now. Called by the frame ring every frame.
  void collectGarbage();
  // The frame ring brackets recording with these, so objects dropped mid-recording
  // also wait for the submission being recorded.
  void beginRecording() { ++m_recording; }
  void endRecording() { --m_recording; }

  // Descriptor sets the engine's own pools hold (allocated and not yet freed; ImGui's
  // backend allocates its font set itself and is not counted). The viewer's --stats
  // samples it: a count that keeps growing is a leak.
  void countDescriptorSets(int64_t delta) { m_descriptorSets += delta; }
  int64_t liveDescriptorSets() const { return m_descriptorSets.load(); }

 private:
  Context() = default;

  InstanceHandle m_instance;
  DeviceReport m_report;
  VkPhysicalDeviceProperties m_properties{};
  VkDevice m_device = VK_NULL_HANDLE;
  VkQueue m_queue = VK_NULL_HANDLE;
  VkSemaphore m_timeline = VK_NULL_HANDLE;
  VkCommandPool m_immediatePool = VK_NULL_HANDLE;
  bool m_validation = false;
  std::unique_ptr<Allocator> m_allocator;
  PFN_vkSetDebugUtilsObjectNameEXT m_setObjectName = nullptr;

  std::mutex m_queueMutex;
  std::atomic<uint64_t> m_submitted{0};
  std::atomic<int> m_recording{0};
  std::atomic<int64_t> m_descriptorSets{0};
  struct Retired {
    uint64_t serial;
    std::function<void()> destroy;
  };
  std::mutex m_retireMutex;
  std::deque<Retired> m_retired;
};

}  // namespace ts::gpu
