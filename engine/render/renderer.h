// Renderer v0: draws the city (merged building mesh), a ground plane and a sky gradient,
// lit by a sun and a sky hemisphere, depth-tested with MSAA, into any output image
// (an offscreen image or a swapchain image). It only adds passes to a FrameGraph: where
// the pixels go is the caller's business.
#pragma once
#include <vulkan/vulkan.h>

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "gpu/resources.h"
#include "render/camera.h"
#include "render/city_mesh.h"
#include "render/frame_graph.h"
#include "render/lighting.h"
#include "scene/overlay_draw.h"

namespace ts::gpu {
class Context;
}

namespace ts::render {

struct RendererOptions {
  VkFormat colorFormat = VK_FORMAT_R8G8B8A8_SRGB;  // sRGB: the GPU encodes linear results
  uint32_t msaaSamples = 4;                        // clamped to what the device supports
  uint32_t framesInFlight = 2;
};

// The image a frame ends up in.
struct OutputImage {
  ResourceId id;  // imported into the frame graph by the caller
  VkImageView view;
  VkExtent2D extent;
};

struct FrameStats {
  uint32_t drawCalls = 0;
  uint64_t triangles = 0;
};

class Renderer {
 public:
  Renderer(gpu::Context& ctx, const RendererOptions& options);
  ~Renderer();

  // Uploads a city and its textures (indexed by the mesh's batches); replaces the
  // previous one. A load-time call: waits for the GPU.
  void setCity(const CityMesh& mesh, std::span<const scene::Texture> textures = {});
  Lighting& lighting() { return m_lighting; }

  // Per-building look, by building id: an override colour (alpha = how much it replaces
  // the building's own colours), BUILDING_FLAG_HIDDEN / _HIGHLIGHT, and a transparency in
  // bits 8..15 (translucent buildings are drawn blended after everything opaque). Takes effect from
  // the next frame; the copy to the GPU is recorded in that frame, never waited for.
  void setBuildingStyle(uint32_t buildingId, const BuildingStyle& style);
  const BuildingStyle& buildingStyle(uint32_t buildingId) const { return m_styleCpu.at(buildingId); }
  // Every style slot at once (render/building_style.h lays them out); only the slots that
  // differ from what the renderer holds are copied to the GPU.
  void setStyles(std::span<const BuildingStyle> styles);
  size_t styleCount() const { return m_styleCpu.size(); }

  VkSampleCountFlagBits samples() const { return m_samples; }
  VkFormat colorFormat() const { return m_options.colorFormat; }

  // Adds the scene pass (sky, ground, buildings, and the live layers' overlays when given;
  // MSAA resolved into `output`). `frameSlot` picks this frame's uniform slot
  // (FrameRing::slot()).
  FrameStats addScenePasses(FrameGraph& graph, const OutputImage& output, const Camera& camera, uint32_t frameSlot,
                            const scene::OverlayDraw* overlays = nullptr);

 private:
  // What the scene pass records, fixed when the frame is built.
  struct ScenePass {
    OutputImage output;
    uint32_t dynamicOffset;                 // this frame's slot of the uniforms
    std::optional<VkBufferCopy> styleCopy;  // changed styles, staged for this frame
    bool translucent;                       // some buildings are translucent
  };
  void createFrameSet();
  void createTextureLayout();
  void createPipelines();
  std::optional<VkBufferCopy> stageStyles(uint32_t frameSlot);
  void recordScene(VkCommandBuffer cmd, const ScenePass& pass) const;
  void beginScene(VkCommandBuffer cmd, const OutputImage& output) const;
  void drawBuildings(VkCommandBuffer cmd) const;
  void ensureAttachments(VkExtent2D extent);
  void writeUniforms(const Camera& camera, VkExtent2D extent, uint32_t frameSlot);

  gpu::Context& m_ctx;
  RendererOptions m_options;
  std::unique_ptr<class OverlayRenderer> m_overlays;
  VkSampleCountFlagBits m_samples = VK_SAMPLE_COUNT_1_BIT;
  Lighting m_lighting;

  gpu::Owned<VkDescriptorSetLayout> m_setLayout;
  gpu::Owned<VkDescriptorPool> m_descriptorPool;
  VkDescriptorSet m_set = VK_NULL_HANDLE;
  gpu::Owned<VkPipelineLayout> m_layout;
  gpu::Owned<VkPipeline> m_buildingsPipeline, m_texturedPipeline, m_translucentPipeline, m_groundPipeline,
      m_skyPipeline;
  int m_translucentCount = 0;  // buildings whose style has a transparency
  gpu::Owned<VkDescriptorSetLayout> m_textureSetLayout;
  gpu::Owned<VkDescriptorPool> m_texturePool;
  gpu::Owned<VkSampler> m_sampler;
  std::vector<gpu::Image> m_textures;
  std::vector<VkDescriptorSet> m_textureSets;
  std::vector<CityMesh::Batch> m_batches;

  gpu::Buffer m_uniforms;  // framesInFlight slots of FrameUniforms
  VkDeviceSize m_uniformStride = 0;
  gpu::Buffer m_vertices, m_indices, m_styles;
  std::vector<BuildingStyle> m_styleCpu;  // what m_styles should hold
  bool m_styleDirty = false;
  uint32_t m_styleDirtyLo = 0, m_styleDirtyHi = 0;  // changed ids [lo, hi] when dirty
  gpu::Buffer m_styleStaging;                       // framesInFlight slots of the whole style array
  uint32_t m_indexCount = 0;
  float m_groundHalfSizeM = 5000;

  // MSAA colour and depth, sized to the output; only this renderer touches them.
  gpu::Image m_msaaColor, m_depth;
  ImageState m_msaaState, m_depthState;
};

}  // namespace ts::render
