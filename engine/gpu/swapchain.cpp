#include "gpu/swapchain.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "gpu/context.h"
#include "gpu/vk_check.h"

namespace ts::gpu {

Result<VkSurfaceFormatKHR> chooseSurfaceFormat(VkPhysicalDevice device, VkSurfaceKHR surface) {
  uint32_t n = 0;
  vkGetPhysicalDeviceSurfaceFormatsKHR(device, surface, &n, nullptr);
  std::vector<VkSurfaceFormatKHR> formats(n);
  vkGetPhysicalDeviceSurfaceFormatsKHR(device, surface, &n, formats.data());
  for (VkFormat want : {VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB})
    for (const VkSurfaceFormatKHR& f : formats)
      if (f.format == want && f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) return f;
  std::string offered;
  for (const VkSurfaceFormatKHR& f : formats) offered += " " + std::to_string(int(f.format));
  return fail("the window surface offers no sRGB 8-bit format (formats:" + offered + ")");
}

Swapchain::Swapchain(Context& ctx, VkSurfaceKHR surface, bool vsync, uint32_t framesInFlight)
    : m_ctx(ctx), m_surface(surface), m_vsync(vsync) {
  VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
  for (uint32_t i = 0; i < framesInFlight; ++i) {
    VkSemaphore s;
    VK_CHECK(vkCreateSemaphore(ctx.device(), &sci, nullptr, &s));
    m_acquired.emplace_back(ctx, s);
    ctx.setName(s, VK_OBJECT_TYPE_SEMAPHORE, "swapchain acquired " + std::to_string(i));
  }
}

Swapchain::~Swapchain() {
  // The swapchain must be gone before its surface: wait, drop every handle, and destroy
  // what they retired now rather than at the next frame (there is none).
  m_ctx.waitIdle();
  m_views.clear();
  m_rendered.clear();
  m_acquired.clear();
  m_swapchain.reset();
  m_ctx.collectGarbage();
}

VkExtent2D Swapchain::chooseExtent(VkExtent2D size, const VkSurfaceCapabilitiesKHR& caps) const {
  VkExtent2D extent = caps.currentExtent.width != UINT32_MAX ? caps.currentExtent : size;
  extent.width = std::clamp(extent.width, caps.minImageExtent.width, caps.maxImageExtent.width);
  extent.height = std::clamp(extent.height, caps.minImageExtent.height, caps.maxImageExtent.height);
  return extent;
}

VkPresentModeKHR Swapchain::choosePresentMode() const {
  uint32_t n = 0;
  vkGetPhysicalDeviceSurfacePresentModesKHR(m_ctx.physicalDevice(), m_surface, &n, nullptr);
  std::vector<VkPresentModeKHR> modes(n);
  vkGetPhysicalDeviceSurfacePresentModesKHR(m_ctx.physicalDevice(), m_surface, &n, modes.data());
  auto has = [&](VkPresentModeKHR m) { return std::find(modes.begin(), modes.end(), m) != modes.end(); };
  if (m_vsync) return VK_PRESENT_MODE_FIFO_KHR;  // always available
  return has(VK_PRESENT_MODE_MAILBOX_KHR)     ? VK_PRESENT_MODE_MAILBOX_KHR
         : has(VK_PRESENT_MODE_IMMEDIATE_KHR) ? VK_PRESENT_MODE_IMMEDIATE_KHR
                                              : VK_PRESENT_MODE_FIFO_KHR;
}

bool Swapchain::recreate(VkExtent2D size) {
  VkSurfaceCapabilitiesKHR caps;
  VK_CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(m_ctx.physicalDevice(), m_surface, &caps));
  VkExtent2D extent = chooseExtent(size, caps);
  if (extent.width == 0 || extent.height == 0 || size.width == 0 || size.height == 0) return false;

  auto format = chooseSurfaceFormat(m_ctx.physicalDevice(), m_surface);
  if (!format) throw std::runtime_error(format.error().message);
  m_format = format->format;
  m_colorSpace = format->colorSpace;
  m_presentMode = choosePresentMode();
  // Dear ImGui's Vulkan backend asserts MinImageCount >= 2; one more than the minimum
  // keeps the presentation engine from stalling us.
  m_minImageCount = std::max(2u, caps.minImageCount + 1);
  if (caps.maxImageCount) m_minImageCount = std::min(m_minImageCount, caps.maxImageCount);

  VkSwapchainCreateInfoKHR ci{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
  ci.surface = m_surface;
  ci.minImageCount = m_minImageCount;
  ci.imageFormat = m_format;
  ci.imageColorSpace = m_colorSpace;
  ci.imageExtent = extent;
  ci.imageArrayLayers = 1;
  ci.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | (caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
  ci.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
  ci.preTransform = caps.currentTransform;
  ci.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
  ci.presentMode = m_presentMode;
  ci.clipped = VK_TRUE;
  ci.oldSwapchain = m_swapchain.get();
  // Every frame that used the old images must be finished before they go (a rare event:
  // resizes, not the frame loop).
  m_ctx.waitIdle();
  VkSwapchainKHR created;
  VK_CHECK(vkCreateSwapchainKHR(m_ctx.device(), &ci, nullptr, &created));
  m_views.clear();  // before the old swapchain: they view its images
  m_rendered.clear();
  m_swapchain = Owned<VkSwapchainKHR>(m_ctx, created);
  m_extent = extent;
  createImages();
  spdlog::debug("swapchain: {}x{}, {} images, present mode {}", extent.width, extent.height, m_images.size(),
                int(m_presentMode));
  return true;
}

void Swapchain::createImages() {
  uint32_t n = 0;
  vkGetSwapchainImagesKHR(m_ctx.device(), m_swapchain, &n, nullptr);
  m_images.resize(n);
  vkGetSwapchainImagesKHR(m_ctx.device(), m_swapchain, &n, m_images.data());
  VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
  for (uint32_t i = 0; i < n; ++i) {
    VkImageViewCreateInfo vi{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    vi.image = m_images[i];
    vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
    vi.format = m_format;
    vi.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    VkImageView view;
    VK_CHECK(vkCreateImageView(m_ctx.device(), &vi, nullptr, &view));
    m_views.emplace_back(m_ctx, view);
    VkSemaphore s;
    VK_CHECK(vkCreateSemaphore(m_ctx.device(), &sci, nullptr, &s));
    m_rendered.emplace_back(m_ctx, s);
    m_ctx.setName(m_images[i], VK_OBJECT_TYPE_IMAGE, "swapchain image " + std::to_string(i));
    m_ctx.setName(view, VK_OBJECT_TYPE_IMAGE_VIEW, "swapchain view " + std::to_string(i));
    m_ctx.setName(s, VK_OBJECT_TYPE_SEMAPHORE, "swapchain rendered " + std::to_string(i));
  }
}

std::optional<Swapchain::Frame> Swapchain::acquire(uint32_t slot) {
  if (!valid()) return std::nullopt;
  VkSemaphore acquired = m_acquired[slot % m_acquired.size()];
  uint32_t index = 0;
  VkResult r = vkAcquireNextImageKHR(m_ctx.device(), m_swapchain, UINT64_MAX, acquired, VK_NULL_HANDLE, &index);
  if (r == VK_ERROR_OUT_OF_DATE_KHR) return std::nullopt;
  if (r != VK_SUBOPTIMAL_KHR) VK_CHECK(r);  // suboptimal still gives an image: use it, recreate after present
  return Frame{index, m_images[index], m_views[index], acquired, m_rendered[index]};
}

bool Swapchain::present(const Frame& frame) {
  VkPresentInfoKHR pi{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
  pi.waitSemaphoreCount = 1;
  pi.pWaitSemaphores = &frame.rendered;
  pi.swapchainCount = 1;
  VkSwapchainKHR swapchain = m_swapchain;
  pi.pSwapchains = &swapchain;
  pi.pImageIndices = &frame.imageIndex;
  VkResult r = m_ctx.present(pi);
  if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR) return false;
  VK_CHECK(r);
  return true;
}

}  // namespace ts::gpu
