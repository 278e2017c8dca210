// One frame, whatever the target: the scene pass for a SceneView (camera, building
// styles, the live layers' overlays), the UI drawn over it where there is one, and a
// readback of the finished image when the target asks for its pixels. The offscreen
// target (stills, benchmarks, tests) and the window's swapchain both record through
// recordFrame(); so will video and wall panels.
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "render/camera.h"
#include "render/frame_graph.h"
#include "render/renderer.h"
#include "scene/overlay_draw.h"

namespace ts::gpu {
class Buffer;
}

namespace ts::render {

// Something drawn over the finished scene into the target image (the window's inspector).
class UiPass {
 public:
  virtual ~UiPass() = default;
  // Adds a pass that reads and writes `target` (so the graph orders it after the scene).
  virtual void addPass(FrameGraph& graph, ResourceId target, VkImageView view, VkExtent2D extent) = 0;
};

// What a frame shows.
struct SceneView {
  Camera camera;
  // Every style slot (render/building_style.h); empty: the renderer keeps what it has.
  std::span<const BuildingStyle> styles;
  const scene::OverlayDraw* overlays = nullptr;  // the live layers' drawing; none: nothing
  UiPass* ui = nullptr;                          // drawn over the scene; none: the scene alone
};

// The image a frame ends in, as its target hands it over.
struct TargetImage {
  std::string name;
  VkImage image = VK_NULL_HANDLE;
  VkImageView view = VK_NULL_HANDLE;
  VkExtent2D extent{0, 0};
  ImageState state;                    // what its previous user left it in
  Access final = Access::TransferSrc;  // what it must be left as (TransferSrc for stills, Present for a window)
};

struct RecordedFrame {
  FrameStats stats;
  ImageState finalState;  // the target image's state after the frame: next frame's TargetImage::state
};

// Builds the frame graph of `view` into `target`, compiles it and records it into `cmd`.
// With `readback`, the finished image is also copied into it (tightly packed rows, 4
// bytes a pixel, in the image's own format). `frameSlot`: FrameRing::slot().
Result<RecordedFrame> recordFrame(VkCommandBuffer cmd, Renderer& renderer, const TargetImage& target,
                                  const SceneView& view, uint32_t frameSlot, const gpu::Buffer* readback = nullptr);

// RGBA8 pixels from a readback of a `format` image (BGRA swapped; alpha made opaque).
std::vector<uint8_t> readbackPixels(const gpu::Buffer& readback, VkExtent2D extent, VkFormat format);

}  // namespace ts::render
