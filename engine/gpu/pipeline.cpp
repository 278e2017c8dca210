#include "gpu/pipeline.h"

#include <stdexcept>

#include "gpu/context.h"
#include "gpu/vk_check.h"
#include "shaders/embedded.h"

namespace ts::gpu {

Owned<VkShaderModule> createShaderModule(Context& ctx, const std::string& name) {
  auto code = shaders::spirv(name);
  if (code.empty()) throw std::runtime_error("shader '" + name + "' was not compiled into this build");
  VkShaderModuleCreateInfo ci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  ci.codeSize = code.size_bytes();
  ci.pCode = code.data();
  VkShaderModule m;
  VK_CHECK(vkCreateShaderModule(ctx.device(), &ci, nullptr, &m));
  ctx.setName(m, VK_OBJECT_TYPE_SHADER_MODULE, name);
  return Owned<VkShaderModule>(ctx, m);
}

Owned<VkPipelineLayout> createPipelineLayout(Context& ctx, const std::vector<VkDescriptorSetLayout>& sets,
                                             const std::vector<VkPushConstantRange>& pushConstants,
                                             const std::string& name) {
  VkPipelineLayoutCreateInfo ci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  ci.setLayoutCount = (uint32_t)sets.size();
  ci.pSetLayouts = sets.data();
  ci.pushConstantRangeCount = (uint32_t)pushConstants.size();
  ci.pPushConstantRanges = pushConstants.data();
  VkPipelineLayout layout;
  VK_CHECK(vkCreatePipelineLayout(ctx.device(), &ci, nullptr, &layout));
  ctx.setName(layout, VK_OBJECT_TYPE_PIPELINE_LAYOUT, name);
  return Owned<VkPipelineLayout>(ctx, layout);
}

Owned<VkPipeline> createGraphicsPipeline(Context& ctx, const GraphicsPipelineDesc& d) {
  Owned<VkShaderModule> vs = createShaderModule(ctx, d.vertexShader);
  Owned<VkShaderModule> fs = createShaderModule(ctx, d.fragmentShader);
  VkPipelineShaderStageCreateInfo stages[2]{};
  stages[0] = {
      VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, nullptr, 0, VK_SHADER_STAGE_VERTEX_BIT, vs, "main", nullptr};
  stages[1] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
               nullptr,
               0,
               VK_SHADER_STAGE_FRAGMENT_BIT,
               fs,
               "main",
               nullptr};

  VkPipelineVertexInputStateCreateInfo vi{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
  vi.vertexBindingDescriptionCount = (uint32_t)d.bindings.size();
  vi.pVertexBindingDescriptions = d.bindings.data();
  vi.vertexAttributeDescriptionCount = (uint32_t)d.attributes.size();
  vi.pVertexAttributeDescriptions = d.attributes.data();
  VkPipelineInputAssemblyStateCreateInfo ia{VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
  ia.topology = d.topology;
  VkPipelineViewportStateCreateInfo vp{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
  vp.viewportCount = 1;
  vp.scissorCount = 1;
  VkPipelineRasterizationStateCreateInfo rs{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
  rs.polygonMode = VK_POLYGON_MODE_FILL;
  rs.cullMode = d.cullMode;
  rs.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
  rs.lineWidth = 1.0f;
  VkPipelineMultisampleStateCreateInfo ms{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
  ms.rasterizationSamples = d.samples;
  VkPipelineDepthStencilStateCreateInfo ds{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
  ds.depthTestEnable = d.depthTest;
  ds.depthWriteEnable = d.depthWrite;
  ds.depthCompareOp = d.depthCompare;
  VkPipelineColorBlendAttachmentState blend{};
  blend.colorWriteMask = 0xF;
  if (d.alphaBlend) {
    blend.blendEnable = VK_TRUE;
    blend.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
    blend.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
    blend.colorBlendOp = VK_BLEND_OP_ADD;
    blend.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
    blend.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
    blend.alphaBlendOp = VK_BLEND_OP_ADD;
  }
  VkPipelineColorBlendStateCreateInfo cb{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
  cb.attachmentCount = 1;
  cb.pAttachments = &blend;
  VkDynamicState dyn[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
  VkPipelineDynamicStateCreateInfo dy{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
  dy.dynamicStateCount = 2;
  dy.pDynamicStates = dyn;

  VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
  rendering.colorAttachmentCount = 1;
  rendering.pColorAttachmentFormats = &d.colorFormat;
  rendering.depthAttachmentFormat = d.depthFormat;

  VkGraphicsPipelineCreateInfo ci{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO, &rendering};
  ci.stageCount = 2;
  ci.pStages = stages;
  ci.pVertexInputState = &vi;
  ci.pInputAssemblyState = &ia;
  ci.pViewportState = &vp;
  ci.pRasterizationState = &rs;
  ci.pMultisampleState = &ms;
  ci.pDepthStencilState = &ds;
  ci.pColorBlendState = &cb;
  ci.pDynamicState = &dy;
  ci.layout = d.layout;
  VkPipeline p;
  VK_CHECK(vkCreateGraphicsPipelines(ctx.device(), VK_NULL_HANDLE, 1, &ci, nullptr, &p));
  ctx.setName(p, VK_OBJECT_TYPE_PIPELINE, d.name);
  return Owned<VkPipeline>(ctx, p);
}

}  // namespace ts::gpu
