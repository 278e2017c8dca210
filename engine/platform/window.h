// A desktop window through GLFW: creation (windowed, or fullscreen on a chosen monitor
// at its native mode), the Vulkan surface, and input gathered per frame.
#pragma once
#include <vulkan/vulkan.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "gpu/surface.h"
#include "platform/input.h"

struct GLFWwindow;

namespace ts::platform {

struct WindowOptions {
  std::string title = "Twinscape";
  uint32_t width = 1280, height = 720;
  bool fullscreen = false;
  int monitor = 0;  // index into the connected monitors, for fullscreen
};

class Window {
 public:
  // Fails with a clear message when there is no display or GLFW cannot start.
  static Result<std::unique_ptr<Window>> create(const WindowOptions& options);
  ~Window();

  // Instance extensions the window system needs (call after create()).
  static std::vector<std::string> requiredInstanceExtensions();
  static bool presentationSupported(VkInstance instance, VkPhysicalDevice device, uint32_t queueFamily);
  Result<gpu::Surface> createSurface(VkInstance instance);

  bool shouldClose() const;
  void requestClose();
  // Polls events and returns what happened since the last call.
  Input poll();
  void waitEvents();  // sleeps until something happens (minimised windows)
  VkExtent2D framebufferSize() const;
  VkExtent2D windowSize() const;  // in screen coordinates, what WindowOptions takes
  GLFWwindow* handle() const { return m_window; }

 private:
  Window() = default;
  GLFWwindow* m_window = nullptr;
  Input m_pending;
  double m_lastX = 0, m_lastY = 0;
  double m_pressX = 0, m_pressY = 0;
  friend struct WindowCallbacks;
};

}  // namespace ts::platform
