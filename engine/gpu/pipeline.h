// Graphics pipelines for dynamic rendering, built from shaders embedded at build time.
#pragma once
#include <vulkan/vulkan.h>

#include <string>
#include <vector>

#include "gpu/resources.h"

namespace ts::gpu {

struct GraphicsPipelineDesc {
  std::string name;          // debug name
  std::string vertexShader;  // embedded shader names, e.g. "buildings.vert"
  std::string fragmentShader;
  std::vector<VkVertexInputBindingDescription> bindings;
  std::vector<VkVertexInputAttributeDescription> attributes;
  VkPrimitiveTopology topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
  VkCullModeFlags cullMode = VK_CULL_MODE_NONE;
  bool depthTest = true;
  bool depthWrite = true;
  VkCompareOp depthCompare = VK_COMPARE_OP_GREATER_OR_EQUAL;  // reversed Z
  bool alphaBlend = false;
  VkFormat colorFormat = VK_FORMAT_R8G8B8A8_SRGB;
  VkFormat depthFormat = VK_FORMAT_D32_SFLOAT;
  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
  VkPipelineLayout layout = VK_NULL_HANDLE;
};

// Throws VulkanError (or std::runtime_error for a shader the build did not embed).
Owned<VkPipeline> createGraphicsPipeline(Context& ctx, const GraphicsPipelineDesc& desc);

Owned<VkShaderModule> createShaderModule(Context& ctx, const std::string& name);

Owned<VkPipelineLayout> createPipelineLayout(Context& ctx, const std::vector<VkDescriptorSetLayout>& sets,
                                             const std::vector<VkPushConstantRange>& pushConstants,
                                             const std::string& name);

}  // namespace ts::gpu
