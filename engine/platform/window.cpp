#include "platform/window.h"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "platform/keys.h"

namespace ts::platform {

static_assert(key::kEscape == GLFW_KEY_ESCAPE && key::kF12 == GLFW_KEY_F12 && key::kLeftShift == GLFW_KEY_LEFT_SHIFT &&
              key::kRightShift == GLFW_KEY_RIGHT_SHIFT && key::letter('w') == GLFW_KEY_W && key::k1 == GLFW_KEY_1 &&
              key::kSpace == GLFW_KEY_SPACE && key::kLeftBracket == GLFW_KEY_LEFT_BRACKET &&
              key::kRightBracket == GLFW_KEY_RIGHT_BRACKET && key::kRight == GLFW_KEY_RIGHT &&
              key::kLeft == GLFW_KEY_LEFT);

struct WindowCallbacks {
  static Window* self(GLFWwindow* w) { return static_cast<Window*>(glfwGetWindowUserPointer(w)); }
  static void cursor(GLFWwindow* w, double x, double y) {
    Window* s = self(w);
    Input& in = s->m_pending;
    if (in.left || in.right || in.middle) {
      in.dragX += x - s->m_lastX;
      in.dragY += y - s->m_lastY;
    }
    s->m_lastX = x;
    s->m_lastY = y;
    in.mouseX = x;
    in.mouseY = y;
  }
  static void button(GLFWwindow* w, int button, int action, int) {
    Window* s = self(w);
    Input& in = s->m_pending;
    bool down = action == GLFW_PRESS;
    if (button == GLFW_MOUSE_BUTTON_LEFT) {
      double x, y;
      glfwGetCursorPos(w, &x, &y);
      if (down) {
        s->m_pressX = x, s->m_pressY = y;
      } else if (std::abs(x - s->m_pressX) + std::abs(y - s->m_pressY) < 4.0) {
        in.clicked = true;  // a click, not the end of a drag
        in.clickX = x, in.clickY = y;
      }
      in.left = down;
    }
    if (button == GLFW_MOUSE_BUTTON_RIGHT) in.right = down;
    if (button == GLFW_MOUSE_BUTTON_MIDDLE) in.middle = down;
  }
  static void scroll(GLFWwindow* w, double, double dy) { self(w)->m_pending.scroll += dy; }
  static void key(GLFWwindow* w, int key, int, int action, int) {
    Input& in = self(w)->m_pending;
    auto held = std::find(in.keysDown.begin(), in.keysDown.end(), key);
    if (action == GLFW_PRESS) in.keysPressed.push_back(key);
    if (action == GLFW_PRESS && held == in.keysDown.end()) in.keysDown.push_back(key);
    if (action == GLFW_RELEASE && held != in.keysDown.end()) in.keysDown.erase(held);
  }
  static void enter(GLFWwindow* w, int entered) { self(w)->m_pending.cursorInWindow = entered == GLFW_TRUE; }
};

namespace {
int g_glfwUsers = 0;
}

Result<std::unique_ptr<Window>> Window::create(const WindowOptions& o) {
  if (g_glfwUsers == 0 && !glfwInit()) {
    const char* why = nullptr;
    glfwGetError(&why);
    std::string display = std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "";
    return fail(std::string("cannot open a window: ") + (why ? why : "GLFW failed to start") +
                (display.empty() && !std::getenv("WAYLAND_DISPLAY")
                     ? " (no DISPLAY: use `render` for headless stills, or run under xvfb-run)"
                     : ""));
  }
  ++g_glfwUsers;
  if (!glfwVulkanSupported()) {
    if (--g_glfwUsers == 0) glfwTerminate();
    return fail("cannot open a window: GLFW finds no Vulkan loader");
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
  GLFWmonitor* monitor = nullptr;
  uint32_t w = o.width, h = o.height;
  if (o.fullscreen) {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    if (o.monitor < 0 || o.monitor >= count) {
      if (--g_glfwUsers == 0) glfwTerminate();
      return fail("--monitor " + std::to_string(o.monitor) + ": there are " + std::to_string(count) +
                  " monitors (0 to " + std::to_string(count - 1) + ")");
    }
    monitor = monitors[o.monitor];
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    w = uint32_t(mode->width);
    h = uint32_t(mode->height);
    glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
  }
  std::unique_ptr<Window> win(new Window());
  win->m_window = glfwCreateWindow(int(w), int(h), o.title.c_str(), monitor, nullptr);
  if (!win->m_window) {
    const char* why = nullptr;
    glfwGetError(&why);
    if (--g_glfwUsers == 0) glfwTerminate();
    return fail(std::string("cannot create the window: ") + (why ? why : "unknown GLFW error"));
  }
  glfwSetWindowUserPointer(win->m_window, win.get());
  glfwSetCursorPosCallback(win->m_window, WindowCallbacks::cursor);
  glfwSetMouseButtonCallback(win->m_window, WindowCallbacks::button);
  glfwSetScrollCallback(win->m_window, WindowCallbacks::scroll);
  glfwSetKeyCallback(win->m_window, WindowCallbacks::key);
  glfwSetCursorEnterCallback(win->m_window, WindowCallbacks::enter);
  return win;
}

Window::~Window() {
  if (m_window) glfwDestroyWindow(m_window);
  if (--g_glfwUsers == 0) glfwTerminate();
}

std::vector<std::string> Window::requiredInstanceExtensions() {
  uint32_t n = 0;
  const char** names = glfwGetRequiredInstanceExtensions(&n);
  return std::vector<std::string>(names, names + n);
}

bool Window::presentationSupported(VkInstance instance, VkPhysicalDevice device, uint32_t queueFamily) {
  return glfwGetPhysicalDevicePresentationSupport(instance, device, queueFamily) == GLFW_TRUE;
}

Result<gpu::Surface> Window::createSurface(VkInstance instance) {
  VkSurfaceKHR surface = VK_NULL_HANDLE;
  VkResult r = glfwCreateWindowSurface(instance, m_window, nullptr, &surface);
  if (r != VK_SUCCESS)
    return fail("cannot create a Vulkan surface for the window (VkResult " + std::to_string(int(r)) + ")");
  return gpu::Surface(instance, surface);
}

bool Window::shouldClose() const { return glfwWindowShouldClose(m_window); }
void Window::requestClose() { glfwSetWindowShouldClose(m_window, GLFW_TRUE); }

Input Window::poll() {
  glfwPollEvents();
  Input out = m_pending;
  m_pending.dragX = m_pending.dragY = 0;
  m_pending.scroll = 0;
  m_pending.keysPressed.clear();
  m_pending.clicked = false;
  return out;
}

void Window::waitEvents() { glfwWaitEventsTimeout(0.1); }

VkExtent2D Window::windowSize() const {
  int w = 0, h = 0;
  glfwGetWindowSize(m_window, &w, &h);
  return {uint32_t(std::max(w, 0)), uint32_t(std::max(h, 0))};
}

VkExtent2D Window::framebufferSize() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(m_window, &w, &h);
  return {uint32_t(std::max(w, 0)), uint32_t(std::max(h, 0))};
}

}  // namespace ts::platform
