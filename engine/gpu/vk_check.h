// VK_CHECK for Vulkan calls whose failure is not the user's fault (device lost, out of
// memory): it throws a VulkanError naming the expression, file:line and the VkResult.
#pragma once
#include <vulkan/vulkan.h>

#include <stdexcept>
#include <string>

namespace ts::gpu {

const char* vkResultName(VkResult result);

class VulkanError : public std::runtime_error {
 public:
  VulkanError(const std::string& what, VkResult r) : std::runtime_error(what), result(r) {}
  VkResult result;
};

[[noreturn]] void throwVkError(const char* expr, VkResult result, const char* file, int line);

}  // namespace ts::gpu

#define VK_CHECK(expr)                                                                                    \
  do {                                                                                                    \
    VkResult vkCheckResult_ = (expr);                                                                     \
    if (vkCheckResult_ != VK_SUCCESS) ::ts::gpu::throwVkError(#expr, vkCheckResult_, __FILE__, __LINE__); \
  } while (0)
