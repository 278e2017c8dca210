// What each Vulkan physical device is, whether Twinscape can use it (and if not, why),
// and which one to pick. Kept apart from Context so the choice can be unit-tested
// with made-up reports.
#pragma once
#include <vulkan/vulkan.h>

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::gpu {

struct DeviceReport {
  uint32_t index = 0;
  VkPhysicalDevice handle = VK_NULL_HANDLE;
  std::string name;
  VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
  uint32_t apiVersion = 0;
  std::string driver;  // driver name and info, e.g. "llvmpipe Mesa 22.3.6"
  uint32_t vendorId = 0, deviceId = 0;
  uint64_t deviceLocalBytes = 0;
  uint32_t maxImageDimension2D = 0;
  VkSampleCountFlags msaaSampleCounts = 0;  // usable for both colour and depth
  uint32_t graphicsQueueFamily = UINT32_MAX;
  std::vector<std::string> rejectReasons;  // empty: suitable
  bool suitable() const { return rejectReasons.empty(); }
};

const char* deviceTypeName(VkPhysicalDeviceType type);
std::string apiVersionString(uint32_t version);

// Decides for a queue family whether it can present (window targets); null: headless.
using PresentCheck = std::function<bool(VkInstance, VkPhysicalDevice, uint32_t queueFamily)>;

// Describes every physical device, recording why each unsuitable one is rejected:
// API below 1.3, no graphics queue, missing dynamic rendering / synchronization2 /
// timeline semaphores, missing extensions, unusable colour or depth formats.
std::vector<DeviceReport> inspectDevices(VkInstance instance, const std::vector<std::string>& requiredExtensions,
                                         const PresentCheck& presentCheck);

// Picks a device. An empty selector prefers discrete, then integrated, then virtual,
// then CPU devices (lower index breaks ties). A selector of digits picks that index;
// any other selector picks the first device whose name contains it (case-insensitive).
// The error lists every device and why it was rejected.
Result<size_t> selectDevice(const std::vector<DeviceReport>& devices, const std::string& selector);

// One line per device, for errors and `twinscape devices`.
std::string describeDevices(const std::vector<DeviceReport>& devices);

}  // namespace ts::gpu
