#include "gpu/device_select.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace ts::gpu {

const char* deviceTypeName(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return "discrete GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return "integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return "virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return "CPU";
    default:
      return "other";
  }
}

std::string apiVersionString(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
         std::to_string(VK_API_VERSION_PATCH(v));
}

namespace {

// Name, type, limits, driver and device-local memory; rejects devices below Vulkan 1.3.
void readProperties(VkPhysicalDevice device, DeviceReport& r) {
  VkPhysicalDeviceDriverProperties driverProps{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
  VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &driverProps};
  vkGetPhysicalDeviceProperties2(device, &props);
  const VkPhysicalDeviceProperties& p = props.properties;
  r.name = p.deviceName;
  r.type = p.deviceType;
  r.apiVersion = p.apiVersion;
  r.vendorId = p.vendorID;
  r.deviceId = p.deviceID;
  r.driver = std::string(driverProps.driverName) + " " + driverProps.driverInfo;
  r.maxImageDimension2D = p.limits.maxImageDimension2D;
  r.msaaSampleCounts = p.limits.framebufferColorSampleCounts & p.limits.framebufferDepthSampleCounts;

  VkPhysicalDeviceMemoryProperties mem;
  vkGetPhysicalDeviceMemoryProperties(device, &mem);
  for (uint32_t h = 0; h < mem.memoryHeapCount; ++h)
    if (mem.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) r.deviceLocalBytes += mem.memoryHeaps[h].size;

  if (p.apiVersion < VK_API_VERSION_1_3)
    r.rejectReasons.push_back("supports Vulkan " + apiVersionString(p.apiVersion) + ", needs 1.3");
}

// The first queue family that draws (and presents, with a present check).
void findGraphicsQueue(VkInstance instance, VkPhysicalDevice device, const PresentCheck& presentCheck,
                       DeviceReport& r) {
  uint32_t qfCount = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(device, &qfCount, nullptr);
  std::vector<VkQueueFamilyProperties> families(qfCount);
  vkGetPhysicalDeviceQueueFamilyProperties(device, &qfCount, families.data());
  for (uint32_t q = 0; q < qfCount; ++q) {
    if (!(families[q].queueFlags & VK_QUEUE_GRAPHICS_BIT)) continue;
    if (presentCheck && !presentCheck(instance, device, q)) continue;
    r.graphicsQueueFamily = q;
    break;
  }
  if (r.graphicsQueueFamily == UINT32_MAX)
    r.rejectReasons.push_back(presentCheck ? "no queue family that both draws and presents to the window"
                                           : "no graphics queue");
}

// The Vulkan 1.2 and 1.3 features the renderer relies on (asked only of 1.3 devices).
void checkFeatures(VkPhysicalDevice device, DeviceReport& r) {
  if (r.apiVersion < VK_API_VERSION_1_3) return;
  VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &f13};
  VkPhysicalDeviceFeatures2 f{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
  vkGetPhysicalDeviceFeatures2(device, &f);
  if (!f13.dynamicRendering) r.rejectReasons.push_back("no dynamicRendering feature");
  if (!f13.synchronization2) r.rejectReasons.push_back("no synchronization2 feature");
  if (!f12.timelineSemaphore) r.rejectReasons.push_back("no timelineSemaphore feature");
}

void checkExtensions(VkPhysicalDevice device, const std::vector<std::string>& requiredExtensions, DeviceReport& r) {
  uint32_t extCount = 0;
  vkEnumerateDeviceExtensionProperties(device, nullptr, &extCount, nullptr);
  std::vector<VkExtensionProperties> exts(extCount);
  vkEnumerateDeviceExtensionProperties(device, nullptr, &extCount, exts.data());
  for (const std::string& want : requiredExtensions) {
    bool found =
        std::any_of(exts.begin(), exts.end(), [&](const VkExtensionProperties& e) { return want == e.extensionName; });
    if (!found) r.rejectReasons.push_back("missing extension " + want);
  }
}

// The colour and depth formats every render target uses.
void checkFormats(VkPhysicalDevice device, DeviceReport& r) {
  auto formatSupports = [&](VkFormat fmt, VkFormatFeatureFlags need) {
    VkFormatProperties fp;
    vkGetPhysicalDeviceFormatProperties(device, fmt, &fp);
    return (fp.optimalTilingFeatures & need) == need;
  };
  if (!formatSupports(VK_FORMAT_R8G8B8A8_SRGB,
                      VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT | VK_FORMAT_FEATURE_TRANSFER_SRC_BIT))
    r.rejectReasons.push_back("R8G8B8A8_SRGB is not a usable colour attachment");
  if (!formatSupports(VK_FORMAT_D32_SFLOAT, VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT))
    r.rejectReasons.push_back("D32_SFLOAT is not a usable depth attachment");
}

}  // namespace

std::vector<DeviceReport> inspectDevices(VkInstance instance, const std::vector<std::string>& requiredExtensions,
                                         const PresentCheck& presentCheck) {
  uint32_t count = 0;
  vkEnumeratePhysicalDevices(instance, &count, nullptr);
  std::vector<VkPhysicalDevice> handles(count);
  vkEnumeratePhysicalDevices(instance, &count, handles.data());

  std::vector<DeviceReport> reports;
  for (uint32_t i = 0; i < count; ++i) {
    DeviceReport r;
    r.index = i;
    r.handle = handles[i];
    readProperties(handles[i], r);
    findGraphicsQueue(instance, handles[i], presentCheck, r);
    checkFeatures(handles[i], r);
    checkExtensions(handles[i], requiredExtensions, r);
    checkFormats(handles[i], r);
    reports.push_back(std::move(r));
  }
  return reports;
}

namespace {
int typeRank(VkPhysicalDeviceType t) {
  switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return 3;
    default:
      return 4;
  }
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return (char)std::tolower(c); });
  return s;
}
}  // namespace

std::string describeDevices(const std::vector<DeviceReport>& devices) {
  if (devices.empty())
    return "  (no Vulkan devices found; on a machine without a GPU install mesa-vulkan-drivers for lavapipe)\n";
  std::string out;
  for (const DeviceReport& d : devices) {
    out += "  [" + std::to_string(d.index) + "] " + d.name + " (" + deviceTypeName(d.type) + ", Vulkan " +
           apiVersionString(d.apiVersion) + "): ";
    if (d.suitable()) {
      out += "usable";
    } else {
      out += "rejected: ";
      for (size_t k = 0; k < d.rejectReasons.size(); ++k) out += (k ? "; " : "") + d.rejectReasons[k];
    }
    out += "\n";
  }
  return out;
}

Result<size_t> selectDevice(const std::vector<DeviceReport>& devices, const std::string& selector) {
  if (devices.empty()) return fail("no Vulkan device found.\n" + describeDevices(devices));
  if (!selector.empty()) {
    size_t index = 0;
    auto [ptr, ec] = std::from_chars(selector.data(), selector.data() + selector.size(), index);
    bool numeric = ec == std::errc() && ptr == selector.data() + selector.size();
    std::optional<size_t> pick;
    for (size_t k = 0; k < devices.size() && !pick; ++k) {
      if (numeric ? devices[k].index == index : lower(devices[k].name).find(lower(selector)) != std::string::npos)
        pick = k;
    }
    if (!pick)
      return fail("--device '" + selector + "' matches no Vulkan device (give an index or part of a name). Devices:\n" +
                  describeDevices(devices));
    if (!devices[*pick].suitable())
      return fail("--device '" + selector + "' selects " + devices[*pick].name +
                  ", which Twinscape cannot use. Devices:\n" + describeDevices(devices));
    return *pick;
  }
  std::optional<size_t> best;
  for (size_t k = 0; k < devices.size(); ++k) {
    if (!devices[k].suitable()) continue;
    if (!best || typeRank(devices[k].type) < typeRank(devices[*best].type)) best = k;
  }
  if (!best) return fail("no usable Vulkan device. Devices:\n" + describeDevices(devices));
  return *best;
}

}  // namespace ts::gpu
