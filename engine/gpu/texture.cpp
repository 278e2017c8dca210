#include "gpu/texture.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "gpu/context.h"
#include "gpu/transfer.h"

namespace ts::gpu {

std::vector<Image> uploadTextures(Context& ctx, std::span<const TextureSource> textures) {
  std::vector<Image> images;
  if (textures.empty()) return images;
  const VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
  VkFormatProperties fp;
  vkGetPhysicalDeviceFormatProperties(ctx.physicalDevice(), format, &fp);
  const VkFormatFeatureFlags blit = VK_FORMAT_FEATURE_BLIT_SRC_BIT | VK_FORMAT_FEATURE_BLIT_DST_BIT |
                                    VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
  const bool canMip = (fp.optimalTilingFeatures & blit) == blit;

  VkDeviceSize total = 0;
  for (const TextureSource& t : textures) total += t.rgba.size();
  Buffer staging(ctx, std::max<VkDeviceSize>(total, 4), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage::Upload,
                 "texture staging");
  std::vector<VkDeviceSize> offsets;
  VkDeviceSize offset = 0;
  for (const TextureSource& t : textures) {
    std::memcpy(static_cast<char*>(staging.mapped()) + offset, t.rgba.data(), t.rgba.size());
    offsets.push_back(offset);
    offset += t.rgba.size();
  }
  for (const TextureSource& t : textures) {
    ImageDesc d;
    d.format = format;
    d.extent = {t.width, t.height};
    d.mipLevels = canMip ? uint32_t(std::bit_width(std::max(t.width, t.height))) : 1;
    d.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    images.emplace_back(ctx, d, t.name);
  }

  ctx.immediateSubmit([&](VkCommandBuffer cmd) {
    auto levelBarrier = [&](VkImage img, uint32_t level, uint32_t count, VkImageLayout from, VkImageLayout to,
                            VkPipelineStageFlags2 srcStage, VkAccessFlags2 srcAccess, VkPipelineStageFlags2 dstStage,
                            VkAccessFlags2 dstAccess) {
      imageBarrier(cmd, img, VK_IMAGE_ASPECT_COLOR_BIT, from, to, srcStage, srcAccess, dstStage, dstAccess, level,
                   count);
    };
    for (size_t i = 0; i < images.size(); ++i) {
      VkImage img = images[i].handle();
      uint32_t levels = images[i].desc().mipLevels;
      levelBarrier(img, 0, levels, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                   VK_PIPELINE_STAGE_2_NONE, 0, VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_BLIT_BIT,
                   VK_ACCESS_2_TRANSFER_WRITE_BIT);
      VkBufferImageCopy region{};
      region.bufferOffset = offsets[i];
      region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
      region.imageExtent = {textures[i].width, textures[i].height, 1};
      vkCmdCopyBufferToImage(cmd, staging.handle(), img, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
      int32_t w = int32_t(textures[i].width), h = int32_t(textures[i].height);
      for (uint32_t level = 1; level < levels; ++level) {
        levelBarrier(img, level - 1, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                     VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_BLIT_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                     VK_PIPELINE_STAGE_2_BLIT_BIT, VK_ACCESS_2_TRANSFER_READ_BIT);
        VkImageBlit b{};
        b.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 0, 1};
        b.srcOffsets[1] = {w, h, 1};
        w = std::max(1, w / 2);
        h = std::max(1, h / 2);
        b.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 1};
        b.dstOffsets[1] = {w, h, 1};
        vkCmdBlitImage(cmd, img, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, img, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &b,
                       VK_FILTER_LINEAR);
        levelBarrier(img, level - 1, 1, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_PIPELINE_STAGE_2_BLIT_BIT, 0, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
      }
      levelBarrier(img, levels - 1, 1, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                   VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_BLIT_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                   VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    }
  });
  return images;
}

}  // namespace ts::gpu
