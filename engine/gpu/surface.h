// A window surface, owned: vkDestroySurfaceKHR runs when it goes, whatever path leaves
// the scope. Whoever creates the surface (platform::Window) hands it over in one of
// these at once, so no early return can leak it. Destroy every swapchain of the surface
// before it (declare the Surface first).
#pragma once
#include <vulkan/vulkan.h>

#include <utility>

namespace ts::gpu {

class Surface {
 public:
  Surface() = default;
  Surface(VkInstance instance, VkSurfaceKHR surface) : m_instance(instance), m_surface(surface) {}
  Surface(Surface&& o) noexcept : m_instance(o.m_instance), m_surface(std::exchange(o.m_surface, VK_NULL_HANDLE)) {}
  Surface& operator=(Surface&& o) noexcept {
    if (this != &o) {
      reset();
      m_instance = o.m_instance;
      m_surface = std::exchange(o.m_surface, VK_NULL_HANDLE);
    }
    return *this;
  }
  Surface(const Surface&) = delete;
  Surface& operator=(const Surface&) = delete;
  ~Surface() { reset(); }

  VkSurfaceKHR get() const { return m_surface; }
  void reset() {
    if (m_surface) vkDestroySurfaceKHR(m_instance, m_surface, nullptr);
    m_surface = VK_NULL_HANDLE;
  }

 private:
  VkInstance m_instance = VK_NULL_HANDLE;
  VkSurfaceKHR m_surface = VK_NULL_HANDLE;
};

}  // namespace ts::gpu
