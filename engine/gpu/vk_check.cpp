#include "gpu/vk_check.h"

#include <spdlog/spdlog.h>

namespace ts::gpu {

const char* vkResultName(VkResult r) {
  switch (r) {
#define TS_CASE(x) case x: return #x;
    TS_CASE(VK_SUCCESS) TS_CASE(VK_NOT_READY) TS_CASE(VK_TIMEOUT) TS_CASE(VK_EVENT_SET)
    TS_CASE(VK_EVENT_RESET) TS_CASE(VK_INCOMPLETE) TS_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
    TS_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY) TS_CASE(VK_ERROR_INITIALIZATION_FAILED)
    TS_CASE(VK_ERROR_DEVICE_LOST) TS_CASE(VK_ERROR_MEMORY_MAP_FAILED)
    TS_CASE(VK_ERROR_LAYER_NOT_PRESENT) TS_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
    TS_CASE(VK_ERROR_FEATURE_NOT_PRESENT) TS_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
    TS_CASE(VK_ERROR_TOO_MANY_OBJECTS) TS_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
    TS_CASE(VK_ERROR_FRAGMENTED_POOL) TS_CASE(VK_ERROR_UNKNOWN) TS_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
    TS_CASE(VK_ERROR_FRAGMENTATION) TS_CASE(VK_ERROR_SURFACE_LOST_KHR)
    TS_CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR) TS_CASE(VK_SUBOPTIMAL_KHR)
    TS_CASE(VK_ERROR_OUT_OF_DATE_KHR) TS_CASE(VK_ERROR_VALIDATION_FAILED_EXT)
#undef TS_CASE
    default: return "VK_RESULT_UNKNOWN";
  }
}

void throwVkError(const char* expr, VkResult result, const char* file, int line) {
  std::string msg = std::string(expr) + " failed with " + vkResultName(result) + " at " + file + ":" +
                    std::to_string(line);
  spdlog::error("{}", msg);
  throw VulkanError(msg, result);
}

}  // namespace ts::gpu
