// ReadbackImage: what every render target's pixels() returns. Pixels are read by value and
// a temporary's bytes cannot be borrowed, so no pointer outlives the image it points into.
#include "render/readback_image.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>

using ts::render::ReadbackImage;

namespace {
// Whether the bytes of an image of this value category can be borrowed.
template <class Image>
concept BorrowsBytes = requires(Image&& image) {
  std::forward<Image>(image).rgba();
};

// A 3x2 image whose pixel (x, y) is (10x + y, 100 + x, 200 + y, 255).
ReadbackImage gradient() {
  std::vector<uint8_t> rgba;
  for (uint8_t y = 0; y < 2; ++y)
    for (uint8_t x = 0; x < 3; ++x)
      rgba.insert(rgba.end(), {uint8_t(10 * x + y), uint8_t(100 + x), uint8_t(200 + y), 255});
  return ReadbackImage({3, 2}, std::move(rgba));
}
}  // namespace

static_assert(BorrowsBytes<ReadbackImage&>, "a named image lends its bytes");
static_assert(BorrowsBytes<const ReadbackImage&>);
static_assert(!BorrowsBytes<ReadbackImage>, "a temporary's bytes would be freed under the borrower");
static_assert(!BorrowsBytes<const ReadbackImage>);

TEST(ReadbackImage, TexelsAreRowsTopFirst) {
  const ReadbackImage image = gradient();
  EXPECT_EQ(image.extent().width, 3u);
  EXPECT_EQ(image.extent().height, 2u);
  EXPECT_EQ(image.texel(0, 0), glm::u8vec4(0, 100, 200, 255));
  EXPECT_EQ(image.texel(2, 0), glm::u8vec4(20, 102, 200, 255));
  EXPECT_EQ(image.texel(1, 1), glm::u8vec4(11, 101, 201, 255));
  EXPECT_EQ(gradient().texel(2, 1), glm::u8vec4(21, 102, 201, 255)) << "by value, from a temporary";
  EXPECT_EQ(image.rgba().size(), 24u);
}

TEST(ReadbackImage, OutsideTheImageIsAnError) {
  const ReadbackImage image = gradient();
  EXPECT_THROW((void)image.texel(3, 0), std::out_of_range);
  EXPECT_THROW((void)image.texel(0, 2), std::out_of_range);
  EXPECT_THROW((void)ReadbackImage().texel(0, 0), std::out_of_range);
  try {
    (void)image.texel(5, 1);
    FAIL() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "ReadbackImage: pixel (5, 1) outside a 3x2 image");
  }
}

TEST(ReadbackImage, BytesMustMatchTheSize) {
  EXPECT_THROW(ReadbackImage({2, 2}, std::vector<uint8_t>(15)), std::invalid_argument);
  EXPECT_NO_THROW(ReadbackImage({2, 2}, std::vector<uint8_t>(16)));
}

TEST(ReadbackImage, ReleaseMovesTheBytesOut) {
  ReadbackImage image = gradient();
  const std::vector<uint8_t> copy = image.rgba();
  EXPECT_EQ(gradient(), image);
  std::vector<uint8_t> bytes = std::move(image).release();
  EXPECT_EQ(bytes, copy);
  EXPECT_NE(gradient(), image);
}
