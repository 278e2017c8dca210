// RGBA8 pixels read back from a render target (OffscreenTarget, SwapchainTarget,
// ui::PresentationRenderer). The image owns its bytes; single pixels are read by value, and
// the bytes can be borrowed only from an image that lives on (a named one), so no pointer
// can be kept into a temporary the way `&target.pixels()[i]` did when pixels() returned a
// std::vector (a heap-use-after-free that only the asan preset saw).
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <glm/ext/vector_uint4_sized.hpp>
#include <vector>

namespace ts::render {

class ReadbackImage {
 public:
  ReadbackImage() = default;
  // `rgba`: extent.width * extent.height * 4 bytes, rows tightly packed, top first;
  // another size throws std::invalid_argument.
  ReadbackImage(VkExtent2D extent, std::vector<uint8_t> rgba);

  VkExtent2D extent() const { return m_extent; }
  // The pixel at column x, row y (row 0 at the top) as (r, g, b, a); std::out_of_range
  // outside the image.
  glm::u8vec4 texel(uint32_t x, uint32_t y) const;
  // The bytes, borrowed from a named image. A temporary's cannot be borrowed (it is
  // about to free them); take them with release() instead.
  const std::vector<uint8_t>& rgba() const& { return m_rgba; }
  const std::vector<uint8_t>& rgba() const&& = delete;
  // Moves the bytes out (into an io::RgbaImage, a frame sink...), leaving the image empty.
  std::vector<uint8_t> release() && {
    m_extent = {};
    return std::move(m_rgba);
  }

  bool operator==(const ReadbackImage& o) const {
    return m_extent.width == o.m_extent.width && m_extent.height == o.m_extent.height && m_rgba == o.m_rgba;
  }

 private:
  VkExtent2D m_extent{};
  std::vector<uint8_t> m_rgba;
};

}  // namespace ts::render
