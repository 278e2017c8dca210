// The swapchain of a window surface: creation and re-creation (resize, out of date,
// minimised windows), present-mode choice, and per-image semaphores. Knows nothing of
// the window system: it is given a surface. Every handle it makes is owned (RAII): a
// failure half-way leaks nothing, and the destructor leaves nothing of the surface's
// behind (so the surface can go right after it).
#pragma once
#include <vulkan/vulkan.h>

#include <optional>
#include <vector>

#include "core/result.h"
#include "gpu/resources.h"

namespace ts::gpu {

class Context;

class Swapchain {
 public:
  // `vsync`: FIFO (never tears, paced to the display); otherwise MAILBOX, else IMMEDIATE.
  Swapchain(Context& ctx, VkSurfaceKHR surface, bool vsync, uint32_t framesInFlight);
  ~Swapchain();
  Swapchain(const Swapchain&) = delete;
  Swapchain& operator=(const Swapchain&) = delete;

  // (Re)creates the images for a window of `framebufferSize` pixels. Returns false while
  // the window has no area (minimised): render nothing until it has.
  bool recreate(VkExtent2D framebufferSize);

  struct Frame {
    uint32_t imageIndex;
    VkImage image;
    VkImageView view;
    VkSemaphore acquired;  // signalled when the image may be written
    VkSemaphore rendered;  // to signal when rendering is done; present waits on it
  };
  // The next image for frame slot `slot`; nullopt when the swapchain must be recreated.
  std::optional<Frame> acquire(uint32_t slot);
  // Presents; false when the swapchain must be recreated (out of date or suboptimal).
  bool present(const Frame& frame);

  VkFormat format() const { return m_format; }
  VkExtent2D extent() const { return m_extent; }
  VkPresentModeKHR presentMode() const { return m_presentMode; }
  uint32_t imageCount() const { return uint32_t(m_images.size()); }
  uint32_t minImageCount() const { return m_minImageCount; }
  bool valid() const { return m_swapchain.get() != VK_NULL_HANDLE; }

 private:
  VkExtent2D chooseExtent(VkExtent2D framebufferSize, const VkSurfaceCapabilitiesKHR& caps) const;
  VkPresentModeKHR choosePresentMode() const;
  void createImages();

  Context& m_ctx;
  VkSurfaceKHR m_surface;
  bool m_vsync;
  Owned<VkSwapchainKHR> m_swapchain;
  VkFormat m_format = VK_FORMAT_B8G8R8A8_SRGB;
  VkColorSpaceKHR m_colorSpace = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
  VkPresentModeKHR m_presentMode = VK_PRESENT_MODE_FIFO_KHR;
  VkExtent2D m_extent{0, 0};
  uint32_t m_minImageCount = 2;
  std::vector<VkImage> m_images;  // owned by the swapchain
  std::vector<Owned<VkImageView>> m_views;
  std::vector<Owned<VkSemaphore>> m_rendered;  // one per image
  std::vector<Owned<VkSemaphore>> m_acquired;  // one per frame slot
};

// Picks an sRGB BGRA/RGBA surface format the renderer can use, or fails naming what the
// surface offers.
Result<VkSurfaceFormatKHR> chooseSurfaceFormat(VkPhysicalDevice device, VkSurfaceKHR surface);

}  // namespace ts::gpu
