// Dear ImGui (Debian's 1.86) on top of the frame: the GLFW and Vulkan backends, a font
// that covers Vietnamese, a UI scale, the layout saved between runs, and a frame-graph
// pass that draws the UI over the scene. ImGui 1.86's Vulkan backend needs a classic
// VkRenderPass: this layer owns one (load, not clear) and a framebuffer per swapchain image.
#pragma once
#include <vulkan/vulkan.h>

#include <filesystem>
#include <map>

#include "gpu/resources.h"
#include "render/frame_builder.h"
#include "render/frame_graph.h"

struct GLFWwindow;

namespace ts::gpu {
class Context;
}

namespace ts::ui {

struct UiOptions {
  float scale = 1.0f;             // 2 for 4K, more for wall displays
  std::filesystem::path iniFile;  // layout persistence; empty: none
};

class UiLayer final : public render::UiPass {
 public:
  UiLayer(gpu::Context& ctx, GLFWwindow* window, VkFormat colorFormat, uint32_t minImageCount, uint32_t imageCount,
          const UiOptions& options);
  ~UiLayer();
  UiLayer(const UiLayer&) = delete;
  UiLayer& operator=(const UiLayer&) = delete;

  void newFrame();
  // Ends a frame that will not be drawn (the swapchain was out of date).
  void discardFrame();
  // After a swapchain re-creation: framebuffers are rebuilt on demand.
  void swapchainRecreated(uint32_t minImageCount);
  // Ends the ImGui frame and adds the pass drawing it onto `target` (read and written).
  void addPass(render::FrameGraph& graph, render::ResourceId target, VkImageView view, VkExtent2D extent) override;
  bool wantsMouse() const;
  bool wantsKeyboard() const;

 private:
  VkFramebuffer framebufferFor(VkImageView view, VkExtent2D extent);

  gpu::Context& m_ctx;
  gpu::Owned<VkRenderPass> m_renderPass;
  gpu::Owned<VkDescriptorPool> m_pool;
  std::map<VkImageView, gpu::Owned<VkFramebuffer>> m_framebuffers;
  std::string m_iniPath;
};

}  // namespace ts::ui
