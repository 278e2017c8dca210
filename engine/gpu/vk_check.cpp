#include "gpu/vk_check.h"

#include <spdlog/spdlog.h>

namespace ts::gpu {

namespace {
struct ResultName {
  VkResult result;
  const char* name;
};
#define TS_NAME(x) \
  { x, #x }
constexpr ResultName kResultNames[] = {
    TS_NAME(VK_SUCCESS),
    TS_NAME(VK_NOT_READY),
    TS_NAME(VK_TIMEOUT),
    TS_NAME(VK_EVENT_SET),
    TS_NAME(VK_EVENT_RESET),
    TS_NAME(VK_INCOMPLETE),
    TS_NAME(VK_ERROR_OUT_OF_HOST_MEMORY),
    TS_NAME(VK_ERROR_OUT_OF_DEVICE_MEMORY),
    TS_NAME(VK_ERROR_INITIALIZATION_FAILED),
    TS_NAME(VK_ERROR_DEVICE_LOST),
    TS_NAME(VK_ERROR_MEMORY_MAP_FAILED),
    TS_NAME(VK_ERROR_LAYER_NOT_PRESENT),
    TS_NAME(VK_ERROR_EXTENSION_NOT_PRESENT),
    TS_NAME(VK_ERROR_FEATURE_NOT_PRESENT),
    TS_NAME(VK_ERROR_INCOMPATIBLE_DRIVER),
    TS_NAME(VK_ERROR_TOO_MANY_OBJECTS),
    TS_NAME(VK_ERROR_FORMAT_NOT_SUPPORTED),
    TS_NAME(VK_ERROR_FRAGMENTED_POOL),
    TS_NAME(VK_ERROR_UNKNOWN),
    TS_NAME(VK_ERROR_OUT_OF_POOL_MEMORY),
    TS_NAME(VK_ERROR_FRAGMENTATION),
    TS_NAME(VK_ERROR_SURFACE_LOST_KHR),
    TS_NAME(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR),
    TS_NAME(VK_SUBOPTIMAL_KHR),
    TS_NAME(VK_ERROR_OUT_OF_DATE_KHR),
    TS_NAME(VK_ERROR_VALIDATION_FAILED_EXT),
};
#undef TS_NAME
}  // namespace

const char* vkResultName(VkResult r) {
  for (const ResultName& n : kResultNames)
    if (n.result == r) return n.name;
  return "VK_RESULT_UNKNOWN";
}

void throwVkError(const char* expr, VkResult result, const char* file, int line) {
  std::string msg =
      std::string(expr) + " failed with " + vkResultName(result) + " at " + file + ":" + std::to_string(line);
  spdlog::error("{}", msg);
  throw VulkanError(msg, result);
}

}  // namespace ts::gpu
