// Dear ImGui (Debian's 1.86) on top of the frame: the Vulkan backend, a font that covers
// Vietnamese (and the presentation overlays' font sizes), a UI scale, the layout saved
// between runs, and a frame-graph pass that draws the UI over the scene. ImGui 1.86's
// Vulkan backend needs a classic VkRenderPass: this layer owns one (load, not clear) and
// a framebuffer per target image.
//
// Two ways to run it, the same fonts, style and drawing: over a window (the GLFW backend
// feeds input, display size and time) or headless (offscreen stills and video: the caller
// gives each frame's size and time, there is no input). ImGui has one current context and
// this layer owns it: only one UiLayer may exist at a time in a process (checked).
#pragma once
#include <vulkan/vulkan.h>

#include <filesystem>
#include <map>

#include "gpu/resources.h"
#include "render/frame_builder.h"
#include "render/frame_graph.h"
#include "ui/presentation.h"

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
  // Over a window: `colorFormat` is the swapchain's.
  UiLayer(gpu::Context& ctx, GLFWwindow* window, VkFormat colorFormat, uint32_t minImageCount, uint32_t imageCount,
          const UiOptions& options);
  // Headless, onto images of `colorFormat` (render::OffscreenTarget's), with up to
  // `framesInFlight` frames recorded before the first of them completes.
  UiLayer(gpu::Context& ctx, VkFormat colorFormat, uint32_t framesInFlight, const UiOptions& options);
  ~UiLayer();
  UiLayer(const UiLayer&) = delete;
  UiLayer& operator=(const UiLayer&) = delete;

  // Starts a window frame (size, time and input from GLFW).
  void newFrame();
  // Starts a headless frame of `extent` pixels, `dtSeconds` after the last one (> 0).
  void newFrame(VkExtent2D extent, double dtSeconds);
  // Ends a frame that will not be drawn (the swapchain was out of date).
  void discardFrame();
  // After a swapchain re-creation: framebuffers are rebuilt on demand.
  void swapchainRecreated(uint32_t minImageCount);
  // Ends the ImGui frame and adds the pass drawing it onto `target` (read and written).
  void addPass(render::FrameGraph& graph, render::ResourceId target, VkImageView view, VkExtent2D extent) override;
  bool wantsMouse() const;
  bool wantsKeyboard() const;
  // No mouse pointer over the window (a kiosk wall shows the city and nothing else): call
  // within each frame; the window's cursor follows from the next.
  void hideMouseCursor();
  // Draws the presentation overlays (ui/presentation.h) and the live layers' labels into
  // this frame, under any panel: the one call the window and offscreen frames make.
  void drawOverlays(const Presentation& p, const PresentationInputs& in, const render::Camera& camera,
                    const std::vector<scene::OverlayLabel>& labels);
  // Whether the target encodes sRGB (colours given to ImGui are then linear).
  bool srgbTarget() const { return m_srgbTarget; }

 private:
  UiLayer(gpu::Context& ctx, VkFormat colorFormat, const UiOptions& options);
  void initVulkan(uint32_t minImageCount, uint32_t imageCount);
  VkFramebuffer framebufferFor(VkImageView view, VkExtent2D extent);

  gpu::Context& m_ctx;
  gpu::Owned<VkRenderPass> m_renderPass;
  gpu::Owned<VkDescriptorPool> m_pool;
  std::map<VkImageView, gpu::Owned<VkFramebuffer>> m_framebuffers;
  std::string m_iniPath;
  OverlayFonts m_overlayFonts;
  bool m_srgbTarget = true;
  bool m_glfw = false;  // the GLFW backend is initialised (a window layer)
};

}  // namespace ts::ui
