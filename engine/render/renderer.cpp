#include "render/renderer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <glm/glm.hpp>
#include <optional>

#include "gpu/context.h"
#include "gpu/pipeline.h"
#include "gpu/texture.h"
#include "gpu/transfer.h"
#include "gpu/vk_check.h"
#include "render/overlays.h"

namespace ts::render {

namespace {

VkSampleCountFlagBits pickSamples(uint32_t wanted, VkSampleCountFlags supported) {
  for (uint32_t s = std::min<uint32_t>(wanted, 64); s > 1; s >>= 1)
    if (supported & s) return (VkSampleCountFlagBits)s;
  return VK_SAMPLE_COUNT_1_BIT;
}

}  // namespace

Renderer::Renderer(gpu::Context& ctx, const RendererOptions& options) : m_ctx(ctx), m_options(options) {
  m_samples = pickSamples(options.msaaSamples, ctx.deviceReport().msaaSampleCounts);
  createFrameSet();
  createTextureLayout();
  m_layout = gpu::createPipelineLayout(ctx, {m_setLayout.get(), m_textureSetLayout.get()},
                                       {{VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(uint32_t)}}, "scene pipeline layout");

  VkDeviceSize align = std::max<VkDeviceSize>(ctx.properties().limits.minUniformBufferOffsetAlignment, 16);
  m_uniformStride = (sizeof(FrameUniforms) + align - 1) / align * align;
  m_uniforms = gpu::Buffer(ctx, m_uniformStride * options.framesInFlight, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                           gpu::MemoryUsage::Upload, "frame uniforms");

  createPipelines();
  m_overlays = std::make_unique<OverlayRenderer>(ctx, m_setLayout, m_textureSetLayout, options.colorFormat, m_samples,
                                                 options.framesInFlight);
}

// Set 0: the frame's uniforms (a dynamic offset per frame slot) and the style buffer.
void Renderer::createFrameSet() {
  VkDevice dev = m_ctx.device();
  gpu::Context& ctx = m_ctx;
  VkDescriptorSetLayoutBinding bindings[2] = {
      {0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT,
       nullptr},
      {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
  };
  VkDescriptorSetLayoutCreateInfo lci{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  lci.bindingCount = 2;
  lci.pBindings = bindings;
  VkDescriptorSetLayout setLayout;
  VK_CHECK(vkCreateDescriptorSetLayout(dev, &lci, nullptr, &setLayout));
  m_setLayout = gpu::Owned<VkDescriptorSetLayout>(ctx, setLayout);
  ctx.setName(setLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "scene set layout");

  VkDescriptorPoolSize sizes[2] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, 1},
                                   {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1}};
  VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  pci.maxSets = 1;
  pci.poolSizeCount = 2;
  pci.pPoolSizes = sizes;
  VkDescriptorPool pool;
  VK_CHECK(vkCreateDescriptorPool(dev, &pci, nullptr, &pool));
  m_descriptorPool = gpu::Owned<VkDescriptorPool>(ctx, pool);
  ctx.setName(pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "scene descriptor pool");
  VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  ai.descriptorPool = pool;
  ai.descriptorSetCount = 1;
  ai.pSetLayouts = &setLayout;
  VK_CHECK(vkAllocateDescriptorSets(dev, &ai, &m_set));
  ctx.countDescriptorSets(1);
  ctx.setName(m_set, VK_OBJECT_TYPE_DESCRIPTOR_SET, "scene set");
}

// Set 1: a model's base-colour texture, and its sampler.
void Renderer::createTextureLayout() {
  VkDevice dev = m_ctx.device();
  gpu::Context& ctx = m_ctx;
  VkDescriptorSetLayoutBinding texBinding{0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT,
                                          nullptr};
  VkDescriptorSetLayoutCreateInfo tci{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  tci.bindingCount = 1;
  tci.pBindings = &texBinding;
  VkDescriptorSetLayout texLayout;
  VK_CHECK(vkCreateDescriptorSetLayout(dev, &tci, nullptr, &texLayout));
  m_textureSetLayout = gpu::Owned<VkDescriptorSetLayout>(ctx, texLayout);
  ctx.setName(texLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "base colour texture set layout");

  VkSamplerCreateInfo sci{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO};
  sci.magFilter = sci.minFilter = VK_FILTER_LINEAR;
  sci.mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR;
  sci.addressModeU = sci.addressModeV = sci.addressModeW = VK_SAMPLER_ADDRESS_MODE_REPEAT;
  sci.maxLod = VK_LOD_CLAMP_NONE;
  VkSampler sampler;
  VK_CHECK(vkCreateSampler(dev, &sci, nullptr, &sampler));
  m_sampler = gpu::Owned<VkSampler>(ctx, sampler);
  ctx.setName(sampler, VK_OBJECT_TYPE_SAMPLER, "base colour sampler");
}

void Renderer::createPipelines() {
  gpu::Context& ctx = m_ctx;
  const RendererOptions& options = m_options;
  gpu::GraphicsPipelineDesc d;
  d.layout = m_layout;
  d.colorFormat = options.colorFormat;
  d.samples = m_samples;
  d.name = "buildings";
  d.vertexShader = "buildings.vert";
  d.fragmentShader = "buildings.frag";
  d.bindings = {{0, sizeof(BuildingVertex), VK_VERTEX_INPUT_RATE_VERTEX}};
  d.attributes = {{BUILDING_ATTR_POSITION, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(BuildingVertex, posEnu)},
                  {BUILDING_ATTR_NORMAL, 0, VK_FORMAT_R8G8B8A8_SNORM, offsetof(BuildingVertex, normal)},
                  {BUILDING_ATTR_ID, 0, VK_FORMAT_R32_UINT, offsetof(BuildingVertex, buildingId)},
                  {BUILDING_ATTR_COLOR, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(BuildingVertex, colorSrgb)}};
  d.cullMode = VK_CULL_MODE_BACK_BIT;
  m_buildingsPipeline = gpu::createGraphicsPipeline(ctx, d);

  // Models may be open or single-sided: draw both faces of textured geometry.
  d.name = "buildings textured";
  d.vertexShader = "buildings_textured.vert";
  d.fragmentShader = "buildings_textured.frag";
  d.attributes.push_back({BUILDING_ATTR_UV, 0, VK_FORMAT_R16G16_SFLOAT, offsetof(BuildingVertex, uvHalf)});
  d.cullMode = VK_CULL_MODE_NONE;
  m_texturedPipeline = gpu::createGraphicsPipeline(ctx, d);

  // Translucent buildings: blended over everything opaque, not writing depth.
  d.name = "buildings translucent";
  d.vertexShader = "buildings.vert";
  d.fragmentShader = "buildings.frag";
  d.attributes.pop_back();
  d.cullMode = VK_CULL_MODE_BACK_BIT;
  d.alphaBlend = true;
  d.depthWrite = false;
  m_translucentPipeline = gpu::createGraphicsPipeline(ctx, d);
  d.alphaBlend = false;
  d.depthWrite = true;

  d.name = "ground";
  d.vertexShader = "ground.vert";
  d.fragmentShader = "ground.frag";
  d.bindings.clear();
  d.attributes.clear();
  d.cullMode = VK_CULL_MODE_NONE;
  m_groundPipeline = gpu::createGraphicsPipeline(ctx, d);

  // Drawn last at the far plane: fills only what no surface covered, without writing depth.
  d.name = "sky";
  d.vertexShader = "sky.vert";
  d.fragmentShader = "sky.frag";
  d.depthWrite = false;
  d.depthCompare = VK_COMPARE_OP_EQUAL;
  m_skyPipeline = gpu::createGraphicsPipeline(ctx, d);
}

// The pools go with the renderer, and their sets with them.
Renderer::~Renderer() { m_ctx.countDescriptorSets(-1 - int64_t(m_textureSets.size())); }

void Renderer::setCity(const CityMesh& mesh, std::span<const scene::Texture> textures) {
  // The descriptor set is rewritten below: nothing in flight may still use it.
  m_ctx.waitIdle();
  m_batches = mesh.batches;
  std::vector<gpu::TextureSource> sources;
  for (const scene::Texture& t : textures) sources.push_back({t.width, t.height, t.rgba, t.name});
  m_textures = gpu::uploadTextures(m_ctx, sources);
  m_ctx.countDescriptorSets(-int64_t(m_textureSets.size()));  // freed with their pool
  m_textureSets.clear();
  m_texturePool = {};
  if (!m_textures.empty()) {
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, uint32_t(m_textures.size())};
    VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pci.maxSets = uint32_t(m_textures.size());
    pci.poolSizeCount = 1;
    pci.pPoolSizes = &size;
    VkDescriptorPool pool;
    VK_CHECK(vkCreateDescriptorPool(m_ctx.device(), &pci, nullptr, &pool));
    m_texturePool = gpu::Owned<VkDescriptorPool>(m_ctx, pool);
    m_ctx.setName(pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "texture descriptor pool");
    std::vector<VkDescriptorSetLayout> layouts(m_textures.size(), m_textureSetLayout.get());
    VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    ai.descriptorPool = pool;
    ai.descriptorSetCount = uint32_t(layouts.size());
    ai.pSetLayouts = layouts.data();
    m_textureSets.resize(m_textures.size());
    VK_CHECK(vkAllocateDescriptorSets(m_ctx.device(), &ai, m_textureSets.data()));
    m_ctx.countDescriptorSets(int64_t(m_textureSets.size()));
    for (size_t i = 0; i < m_textures.size(); ++i) {
      VkDescriptorImageInfo ii{m_sampler.get(), m_textures[i].view(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
      VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      w.dstSet = m_textureSets[i];
      w.descriptorCount = 1;
      w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
      w.pImageInfo = &ii;
      vkUpdateDescriptorSets(m_ctx.device(), 1, &w, 0, nullptr);
    }
  }
  m_vertices =
      gpu::uploadBuffer<BuildingVertex>(m_ctx, mesh.vertices, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, "building vertices");
  m_indices = gpu::uploadBuffer<uint32_t>(m_ctx, mesh.indices, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, "building indices");
  m_styleCpu = mesh.styles;
  if (m_styleCpu.empty()) m_styleCpu.push_back({0, BUILDING_FLAG_HIDDEN});
  m_translucentCount = 0;
  for (const BuildingStyle& s : m_styleCpu) m_translucentCount += (s.flags & BUILDING_TRANSPARENCY_MASK) != 0;
  m_styles = gpu::uploadBuffer<BuildingStyle>(m_ctx, m_styleCpu, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, "building styles");
  m_styleStaging = gpu::Buffer(m_ctx, m_styleCpu.size() * sizeof(BuildingStyle) * m_options.framesInFlight,
                               VK_BUFFER_USAGE_TRANSFER_SRC_BIT, gpu::MemoryUsage::Upload, "building style staging");
  m_styleDirty = false;
  m_indexCount = (uint32_t)mesh.indices.size();

  float extent = 0;
  for (const BuildingVertex& v : mesh.vertices)
    extent = std::max({extent, std::abs(v.posEnu[0]), std::abs(v.posEnu[1])});
  // Far enough that haze hides its edge against the sky (1 - e^-4 at the default density).
  m_groundHalfSizeM = std::max(100000.f, extent * 6.f);

  VkDescriptorBufferInfo ubo{m_uniforms.handle(), 0, sizeof(FrameUniforms)};
  VkDescriptorBufferInfo ssbo{m_styles.handle(), 0, VK_WHOLE_SIZE};
  VkWriteDescriptorSet w[2]{};
  w[0] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,    nullptr, m_set, 0,      0, 1,
          VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER_DYNAMIC, nullptr, &ubo,  nullptr};
  w[1] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, nullptr, m_set, 1,      0, 1,
          VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,      nullptr, &ssbo, nullptr};
  vkUpdateDescriptorSets(m_ctx.device(), 2, w, 0, nullptr);
}

void Renderer::setStyles(std::span<const BuildingStyle> styles) {
  const size_t n = std::min(styles.size(), m_styleCpu.size());
  for (size_t i = 0; i < n; ++i) setBuildingStyle(uint32_t(i), styles[i]);
}

void Renderer::setBuildingStyle(uint32_t id, const BuildingStyle& style) {
  if (id + 1 >= m_styleCpu.size()) return;  // the last slot is the land cover's
  if (m_styleCpu[id] == style) return;
  auto translucent = [](const BuildingStyle& s) { return (s.flags & BUILDING_TRANSPARENCY_MASK) != 0; };
  m_translucentCount += int(translucent(style)) - int(translucent(m_styleCpu[id]));
  m_styleCpu[id] = style;
  if (!m_styleDirty) {
    m_styleDirtyLo = m_styleDirtyHi = id;
    m_styleDirty = true;
  } else {
    m_styleDirtyLo = std::min(m_styleDirtyLo, id);
    m_styleDirtyHi = std::max(m_styleDirtyHi, id);
  }
}

void Renderer::ensureAttachments(VkExtent2D extent) {
  if (m_depth && m_depth.extent().width == extent.width && m_depth.extent().height == extent.height) return;
  gpu::ImageDesc depth;
  depth.format = VK_FORMAT_D32_SFLOAT;
  depth.extent = extent;
  depth.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
  depth.samples = m_samples;
  depth.aspect = VK_IMAGE_ASPECT_DEPTH_BIT;
  m_depth = gpu::Image(m_ctx, depth, "scene depth");
  m_depthState = {};
  if (m_samples != VK_SAMPLE_COUNT_1_BIT) {
    gpu::ImageDesc color;
    color.format = m_options.colorFormat;
    color.extent = extent;
    color.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
    color.samples = m_samples;
    m_msaaColor = gpu::Image(m_ctx, color, "scene msaa colour");
    m_msaaState = {};
  }
}

void Renderer::writeUniforms(const Camera& camera, VkExtent2D extent, uint32_t frameSlot) {
  FrameUniforms u{};
  float aspect = float(extent.width) / float(extent.height);
  u.viewProj = camera.viewProjection(aspect);
  u.invViewProj = glm::inverse(u.viewProj);
  u.cameraPosEnu = glm::vec4(camera.eyeEnu, 1.0f);
  const Lighting& l = m_lighting;
  u.sunDirection = glm::vec4(l.sunDirectionEnu(), l.sunIntensity);
  u.sunColor = glm::vec4(l.sunColor, l.exposure);
  u.skyZenith = glm::vec4(l.skyZenith, l.ambientIntensity);
  u.skyHorizon = glm::vec4(l.skyHorizon, l.fogDensityPerM);
  u.groundAmbient = glm::vec4(l.groundAmbient, 0);
  u.groundColor = glm::vec4(l.groundColor, m_groundHalfSizeM);
  std::memcpy(static_cast<char*>(m_uniforms.mapped()) + m_uniformStride * frameSlot, &u, sizeof(u));
}

// Changed styles travel through this frame's slot of the staging buffer: the copy and its
// barriers are recorded ahead of the scene, so no frame waits for another.
std::optional<VkBufferCopy> Renderer::stageStyles(uint32_t frameSlot) {
  if (!m_styleDirty) return std::nullopt;
  const VkDeviceSize slot = (frameSlot % m_options.framesInFlight) * m_styleCpu.size() * sizeof(BuildingStyle);
  const VkDeviceSize offset = m_styleDirtyLo * sizeof(BuildingStyle);
  const VkDeviceSize size = (m_styleDirtyHi - m_styleDirtyLo + 1) * sizeof(BuildingStyle);
  std::memcpy(static_cast<char*>(m_styleStaging.mapped()) + slot + offset, &m_styleCpu[m_styleDirtyLo], size);
  m_styleDirty = false;
  return VkBufferCopy{slot + offset, offset, size};
}

FrameStats Renderer::addScenePasses(FrameGraph& graph, const OutputImage& output, const Camera& camera,
                                    uint32_t frameSlot, const scene::OverlayDraw* overlays) {
  ensureAttachments(output.extent);
  writeUniforms(camera, output.extent, frameSlot % m_options.framesInFlight);
  const bool msaa = m_samples != VK_SAMPLE_COUNT_1_BIT;
  // Both are cleared every frame: their previous contents never matter.
  ResourceId depth = graph.importImage("scene depth", m_depth.handle(), VK_IMAGE_ASPECT_DEPTH_BIT, m_depthState, true,
                                       Access::DepthAttachment);
  ResourceId msaaColor = msaa ? graph.importImage("scene msaa colour", m_msaaColor.handle(), VK_IMAGE_ASPECT_COLOR_BIT,
                                                  m_msaaState, true, Access::ColorAttachment)
                              : ResourceId::invalid();
  m_depthState = stateFor(Access::DepthAttachment);
  if (msaa) m_msaaState = stateFor(Access::ColorAttachment);

  ScenePass pass{output, uint32_t(m_uniformStride * (frameSlot % m_options.framesInFlight)), stageStyles(frameSlot),
                 m_translucentCount > 0};
  m_overlays->prepare(overlays ? *overlays : scene::OverlayDraw{}, frameSlot);
  FrameStats stats;
  stats.drawCalls = 2 + uint32_t(m_batches.size()) + (pass.translucent ? 1 : 0) + m_overlays->drawCalls();
  stats.triangles = m_indexCount / 3 + 2 + 1;
  graph.addPass(
      "scene",
      [&](FrameGraph::Builder& b) {
        b.write(depth, Access::DepthAttachment);
        if (msaaColor.valid()) b.write(msaaColor, Access::ColorAttachment);
        b.write(output.id, Access::ColorAttachment);
      },
      [this, pass](VkCommandBuffer cmd) { recordScene(cmd, pass); });
  return stats;
}

void Renderer::recordScene(VkCommandBuffer cmd, const ScenePass& pass) const {
  if (pass.styleCopy) {
    // Earlier frames' vertex shaders read the styles: wait for them, copy, publish.
    gpu::memoryBarrier(cmd, VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT, 0, VK_PIPELINE_STAGE_2_COPY_BIT,
                       VK_ACCESS_2_TRANSFER_WRITE_BIT);
    vkCmdCopyBuffer(cmd, m_styleStaging.handle(), m_styles.handle(), 1, &*pass.styleCopy);
    gpu::memoryBarrier(cmd, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                       VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_READ_BIT);
  }
  m_overlays->recordUploads(cmd);
  beginScene(cmd, pass.output);
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 0, 1, &m_set, 1, &pass.dynamicOffset);
  // Buildings first, then the ground and the sky only where still uncovered: on a CPU
  // rasteriser every shaded pixel counts.
  drawBuildings(cmd);
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_groundPipeline);
  vkCmdDraw(cmd, 6, 1, 0, 0);
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_skyPipeline);
  vkCmdDraw(cmd, 3, 1, 0, 0);
  m_overlays->recordDraws(cmd, m_set, pass.dynamicOffset);
  if (pass.translucent && !m_batches.empty() && m_batches.front().texture < 0) {
    // The plain batch again, now keeping only translucent buildings, blended last.
    const uint32_t translucentPass = BUILDING_PASS_TRANSLUCENT;
    // The overlays' pipeline layout differs in its push constants: bind set 0 again.
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 0, 1, &m_set, 1, &pass.dynamicOffset);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_translucentPipeline);
    vkCmdPushConstants(cmd, m_layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof translucentPass, &translucentPass);
    vkCmdDrawIndexed(cmd, m_batches.front().indexCount, 1, m_batches.front().firstIndex, 0, 0);
  }
  vkCmdEndRendering(cmd);
}

// Dynamic rendering into the MSAA colour (resolved into the output) or the output itself,
// cleared to the horizon's colour, and the depth buffer.
void Renderer::beginScene(VkCommandBuffer cmd, const OutputImage& output) const {
  const bool msaa = m_samples != VK_SAMPLE_COUNT_1_BIT;
  const Lighting& l = m_lighting;
  VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
  color.imageView = msaa ? m_msaaColor.view() : output.view;
  color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
  color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
  color.clearValue.color = {{l.skyHorizon.r, l.skyHorizon.g, l.skyHorizon.b, 1.0f}};
  if (msaa) {
    color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
    color.resolveImageView = output.view;
    color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  }
  VkRenderingAttachmentInfo depthAtt{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
  depthAtt.imageView = m_depth.view();
  depthAtt.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
  depthAtt.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
  depthAtt.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
  depthAtt.clearValue.depthStencil = {0.0f, 0};  // reversed Z: 0 is infinitely far
  VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
  ri.renderArea = {{0, 0}, output.extent};
  ri.layerCount = 1;
  ri.colorAttachmentCount = 1;
  ri.pColorAttachments = &color;
  ri.pDepthAttachment = &depthAtt;
  vkCmdBeginRendering(cmd, &ri);
  VkViewport vp{0, 0, float(output.extent.width), float(output.extent.height), 0, 1};
  VkRect2D sc{{0, 0}, output.extent};
  vkCmdSetViewport(cmd, 0, 1, &vp);
  vkCmdSetScissor(cmd, 0, 1, &sc);
}

// The merged mesh: one draw of everything plain, one per model texture.
void Renderer::drawBuildings(VkCommandBuffer cmd) const {
  if (!m_indexCount) return;
  VkBuffer vb = m_vertices.handle();
  VkDeviceSize zero = 0;
  vkCmdBindVertexBuffers(cmd, 0, 1, &vb, &zero);
  vkCmdBindIndexBuffer(cmd, m_indices.handle(), 0, VK_INDEX_TYPE_UINT32);
  VkPipeline bound = VK_NULL_HANDLE;
  const uint32_t opaquePass = BUILDING_PASS_OPAQUE;
  vkCmdPushConstants(cmd, m_layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof opaquePass, &opaquePass);
  for (const CityMesh::Batch& b : m_batches) {
    bool textured = b.texture >= 0 && size_t(b.texture) < m_textureSets.size();
    VkPipeline p = textured ? m_texturedPipeline.get() : m_buildingsPipeline.get();
    if (p != bound) vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, bound = p);
    if (textured)
      vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout, 1, 1, &m_textureSets[b.texture], 0,
                              nullptr);
    vkCmdDrawIndexed(cmd, b.indexCount, 1, b.firstIndex, 0, 0);
  }
}

}  // namespace ts::render
