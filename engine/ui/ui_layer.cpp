#include "ui/ui_layer.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_vulkan.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <cfloat>
#include <stdexcept>

#include "gpu/context.h"
#include "gpu/vk_check.h"
#include "ui/live_panel.h"

namespace ts::ui {

namespace {
void checkVk(VkResult r) {
  if (r != VK_SUCCESS) spdlog::error("imgui vulkan backend: {}", gpu::vkResultName(r));
}
constexpr const char* kFonts[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"};

// A font with Vietnamese letters ("Khu Công viên phần mềm Quang Trung").
void loadFont(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  bool fontLoaded = false;
  for (const char* f : kFonts) {
    if (!std::filesystem::exists(f)) continue;
    fontLoaded = io.Fonts->AddFontFromFileTTF(f, 15.0f * scale, nullptr, io.Fonts->GetGlyphRangesVietnamese());
    if (fontLoaded) break;
  }
  if (!fontLoaded) {
    spdlog::warn("no DejaVu or Noto font found (apt-get install fonts-dejavu-core): Vietnamese names will not display");
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * scale;
    io.Fonts->AddFontDefault(&cfg);
  }
}

// Dear ImGui 1.86's Vulkan backend draws in a classic render pass: load what the scene
// left, keep the attachment layout (the frame graph does the transitions).
gpu::Owned<VkRenderPass> createUiRenderPass(gpu::Context& ctx, VkFormat format) {
  VkAttachmentDescription color{};
  color.format = format;
  color.samples = VK_SAMPLE_COUNT_1_BIT;
  color.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;  // over the scene
  color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
  color.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
  color.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
  // The frame graph does the transitions: the pass starts and ends as an attachment.
  color.initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  color.finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
  VkSubpassDescription sub{};
  sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
  sub.colorAttachmentCount = 1;
  sub.pColorAttachments = &ref;
  VkSubpassDependency deps[2]{};
  deps[0] = {VK_SUBPASS_EXTERNAL,
             0,
             VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
             VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
             VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
             VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
             0};
  deps[1] = {0,
             VK_SUBPASS_EXTERNAL,
             VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
             VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
             VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
             VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
             0};
  VkRenderPassCreateInfo rp{VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO};
  rp.attachmentCount = 1;
  rp.pAttachments = &color;
  rp.subpassCount = 1;
  rp.pSubpasses = &sub;
  rp.dependencyCount = 2;
  rp.pDependencies = deps;
  VkRenderPass pass;
  VK_CHECK(vkCreateRenderPass(ctx.device(), &rp, nullptr, &pass));
  ctx.setName(pass, VK_OBJECT_TYPE_RENDER_PASS, "imgui render pass");
  return gpu::Owned<VkRenderPass>(ctx, pass);
}

bool isSrgbFormat(VkFormat f) {
  return f == VK_FORMAT_R8G8B8A8_SRGB || f == VK_FORMAT_B8G8R8A8_SRGB || f == VK_FORMAT_A8B8G8R8_SRGB_PACK32;
}

gpu::Owned<VkDescriptorPool> createUiDescriptorPool(gpu::Context& ctx) {
  VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 16}};
  VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  pci.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
  pci.maxSets = 16;
  pci.poolSizeCount = 1;
  pci.pPoolSizes = sizes;
  VkDescriptorPool pool;
  VK_CHECK(vkCreateDescriptorPool(ctx.device(), &pci, nullptr, &pool));
  ctx.setName(pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "imgui descriptor pool");
  return gpu::Owned<VkDescriptorPool>(ctx, pool);
}

}  // namespace

// What both kinds share: the one ImGui context, the style, the fonts, the render pass.
UiLayer::UiLayer(gpu::Context& ctx, VkFormat format, const UiOptions& options) : m_ctx(ctx) {
  IMGUI_CHECKVERSION();
  // The backends keep their state in the current context: a second layer would draw with
  // the first one's fonts and pipeline, or tear them down under it.
  if (ImGui::GetCurrentContext()) throw std::logic_error("a second ui::UiLayer in one process (ImGui has one context)");
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  m_iniPath = options.iniFile.string();
  io.IniFilename = m_iniPath.empty() ? nullptr : m_iniPath.c_str();
  if (!m_iniPath.empty()) std::filesystem::create_directories(options.iniFile.parent_path());
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(options.scale);
  loadFont(options.scale);
  m_overlayFonts = loadOverlayFonts();
  m_srgbTarget = isSrgbFormat(format);
  m_renderPass = createUiRenderPass(ctx, format);
  m_pool = createUiDescriptorPool(ctx);
}

UiLayer::UiLayer(gpu::Context& ctx, GLFWwindow* window, VkFormat format, uint32_t minImageCount, uint32_t imageCount,
                 const UiOptions& options)
    : UiLayer(ctx, format, options) {
  ImGui_ImplGlfw_InitForVulkan(window, true);  // chains to the window's own callbacks
  m_glfw = true;
  initVulkan(minImageCount, imageCount);
}

UiLayer::UiLayer(gpu::Context& ctx, VkFormat format, uint32_t framesInFlight, const UiOptions& options)
    : UiLayer(ctx, format, options) {
  ImGui::GetIO().BackendPlatformName = "twinscape headless";
  // The backend cycles its vertex buffers over ImageCount frames and grows one in place:
  // as many as the frames in flight, so the one it touches is a frame the ring waited for.
  initVulkan(std::max(2u, framesInFlight), std::max(2u, framesInFlight));
}

void UiLayer::initVulkan(uint32_t minImageCount, uint32_t imageCount) {
  ImGui_ImplVulkan_InitInfo info{};
  info.Instance = m_ctx.instance();
  info.PhysicalDevice = m_ctx.physicalDevice();
  info.Device = m_ctx.device();
  info.QueueFamily = m_ctx.queueFamily();
  info.Queue = m_ctx.queue();
  info.DescriptorPool = m_pool;
  info.MinImageCount = std::max(2u, minImageCount);
  info.ImageCount = std::max(info.MinImageCount, imageCount);
  info.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
  info.CheckVkResultFn = checkVk;
  ImGui_ImplVulkan_Init(&info, m_renderPass);
  m_ctx.immediateSubmit([](VkCommandBuffer cmd) { ImGui_ImplVulkan_CreateFontsTexture(cmd); });
  ImGui_ImplVulkan_DestroyFontUploadObjects();
}

UiLayer::~UiLayer() {
  m_ctx.waitIdle();
  ImGui_ImplVulkan_Shutdown();
  if (m_glfw) ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

void UiLayer::newFrame() {
  ImGui_ImplVulkan_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

// The GLFW backend sets the window's cursor at each new frame from the one the last frame
// asked for; "none" hides it.
void UiLayer::hideMouseCursor() { ImGui::SetMouseCursor(ImGuiMouseCursor_None); }

void UiLayer::newFrame(VkExtent2D extent, double dtSeconds) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(extent.width), float(extent.height));
  io.DisplayFramebufferScale = ImVec2(1.f, 1.f);
  io.DeltaTime = float(std::max(dtSeconds, 1e-4));  // ImGui asserts a positive step
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);         // no pointer: nothing hovers
  ImGui_ImplVulkan_NewFrame();
  ImGui::NewFrame();
}

void UiLayer::drawOverlays(const Presentation& p, const PresentationInputs& in, const render::Camera& camera,
                           const std::vector<scene::OverlayLabel>& labels) {
  // In ImGui's display units: the framebuffer's pixels offscreen and on every display
  // Twinscape runs on today (a HiDPI window would scale them by its framebuffer scale).
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const float aspect = size.x / std::max(1.f, size.y);
  LivePanel::drawLabels(labels, camera.viewProjection(aspect), size.x, size.y);
  drawPresentation(ImGui::GetBackgroundDrawList(), p, in, camera, uint32_t(size.x), uint32_t(size.y), m_overlayFonts,
                   m_srgbTarget);
}

void UiLayer::discardFrame() { ImGui::EndFrame(); }

void UiLayer::swapchainRecreated(uint32_t minImageCount) {
  m_framebuffers.clear();  // retired through the context
  ImGui_ImplVulkan_SetMinImageCount(std::max(2u, minImageCount));
}

bool UiLayer::wantsMouse() const { return ImGui::GetIO().WantCaptureMouse; }
bool UiLayer::wantsKeyboard() const { return ImGui::GetIO().WantCaptureKeyboard; }

VkFramebuffer UiLayer::framebufferFor(VkImageView view, VkExtent2D extent) {
  auto it = m_framebuffers.find(view);
  if (it != m_framebuffers.end()) return it->second;
  VkRenderPass pass = m_renderPass;
  VkFramebufferCreateInfo fci{VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO};
  fci.renderPass = pass;
  fci.attachmentCount = 1;
  fci.pAttachments = &view;
  fci.width = extent.width;
  fci.height = extent.height;
  fci.layers = 1;
  VkFramebuffer fb;
  VK_CHECK(vkCreateFramebuffer(m_ctx.device(), &fci, nullptr, &fb));
  m_ctx.setName(fb, VK_OBJECT_TYPE_FRAMEBUFFER, "imgui framebuffer");
  return m_framebuffers.emplace(view, gpu::Owned<VkFramebuffer>(m_ctx, fb)).first->second;
}

void UiLayer::addPass(render::FrameGraph& graph, render::ResourceId target, VkImageView view, VkExtent2D extent) {
  ImGui::Render();
  ImDrawData* data = ImGui::GetDrawData();
  VkFramebuffer fb = framebufferFor(view, extent);
  VkRenderPass pass = m_renderPass;
  graph.addPass(
      "ui",
      [&](render::FrameGraph::Builder& b) {
        b.read(target, render::Access::ColorAttachment);
        b.write(target, render::Access::ColorAttachment);
      },
      [data, fb, pass, extent](VkCommandBuffer cmd) {
        VkRenderPassBeginInfo bi{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
        bi.renderPass = pass;
        bi.framebuffer = fb;
        bi.renderArea = {{0, 0}, extent};
        vkCmdBeginRenderPass(cmd, &bi, VK_SUBPASS_CONTENTS_INLINE);
        ImGui_ImplVulkan_RenderDrawData(data, cmd);
        vkCmdEndRenderPass(cmd);
      });
}

}  // namespace ts::ui
