#include "render/readback_image.h"

#include <stdexcept>
#include <string>

namespace ts::render {

namespace {
std::string sizeText(VkExtent2D e) { return std::to_string(e.width) + "x" + std::to_string(e.height); }
}  // namespace

ReadbackImage::ReadbackImage(VkExtent2D extent, std::vector<uint8_t> rgba) : m_extent(extent), m_rgba(std::move(rgba)) {
  if (m_rgba.size() != size_t(extent.width) * extent.height * 4)
    throw std::invalid_argument("ReadbackImage: " + std::to_string(m_rgba.size()) + " bytes for a " + sizeText(extent) +
                                " RGBA8 image");
}

glm::u8vec4 ReadbackImage::texel(uint32_t x, uint32_t y) const {
  if (x >= m_extent.width || y >= m_extent.height)
    throw std::out_of_range("ReadbackImage: pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") outside a " +
                            sizeText(m_extent) + " image");
  const uint8_t* p = &m_rgba[(size_t(y) * m_extent.width + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

}  // namespace ts::render
