#include "render/frame_builder.h"

#include <utility>

#include "gpu/resources.h"
#include "gpu/transfer.h"

namespace ts::render {

namespace {

// Copies the finished image into `readback`; a side effect, so it is never culled.
void addReadbackPass(FrameGraph& graph, ResourceId image, const TargetImage& target, const gpu::Buffer& readback) {
  VkImage source = target.image;
  VkBuffer dst = readback.handle();
  VkExtent2D extent = target.extent;
  graph.addPass(
      "readback",
      [&](FrameGraph::Builder& b) {
        b.read(image, Access::TransferSrc);
        b.sideEffect();
      },
      [source, dst, extent](VkCommandBuffer cmd) { gpu::recordImageToBuffer(cmd, source, extent, dst); });
}

}  // namespace

Result<RecordedFrame> recordFrame(VkCommandBuffer cmd, Renderer& renderer, const TargetImage& target,
                                  const SceneView& view, uint32_t frameSlot, const gpu::Buffer* readback) {
  if (!view.styles.empty()) renderer.setStyles(view.styles);
  FrameGraph graph;
  // The target's contents never matter: the scene pass clears it.
  ResourceId out =
      graph.importImage(target.name, target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.state, true, target.final);
  RecordedFrame frame;
  frame.stats =
      renderer.addScenePasses(graph, {out, target.view, target.extent}, view.camera, frameSlot, view.overlays);
  if (view.ui) view.ui->addPass(graph, out, target.view, target.extent);
  if (readback) addReadbackPass(graph, out, target, *readback);
  if (auto ok = graph.compile(); !ok) return std::unexpected(ok.error());
  graph.execute(cmd);
  frame.finalState = graph.finalState(out);
  return frame;
}

std::vector<uint8_t> readbackPixels(const gpu::Buffer& readback, VkExtent2D extent, VkFormat format) {
  const auto* src = static_cast<const uint8_t*>(readback.mapped());
  std::vector<uint8_t> out(src, src + size_t(extent.width) * extent.height * 4);
  const bool bgra = format == VK_FORMAT_B8G8R8A8_SRGB || format == VK_FORMAT_B8G8R8A8_UNORM;
  for (size_t i = 0; i < out.size(); i += 4) {
    if (bgra) std::swap(out[i], out[i + 2]);
    out[i + 3] = 255;
  }
  return out;
}

}  // namespace ts::render
