// The Vulkan core on a real device (lavapipe in CI), validation on.
#include <cstring>
#include <numeric>

#include "../support/gpu_test.h"
#include "gpu/frame_ring.h"
#include "gpu/resources.h"
#include "gpu/transfer.h"
#include "gpu/vk_check.h"

using namespace ts::gpu;

using GpuCore = GpuTest;

class GpuUpload : public GpuTest, public ::testing::WithParamInterface<bool> {};

// Both upload paths: written in place (unified memory) and through a staging buffer.
TEST_P(GpuUpload, UploadThenReadBackReturnsTheSameBytes) {
  createContext(GetParam());
  std::vector<uint32_t> data(10000);
  std::iota(data.begin(), data.end(), 7u);
  Buffer gpu = uploadBuffer<uint32_t>(*ctx, data, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, "test data");
  Buffer back(*ctx, data.size() * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback, "test readback");
  ctx->immediateSubmit([&](VkCommandBuffer cmd) {
    VkBufferCopy region{0, 0, data.size() * 4};
    vkCmdCopyBuffer(cmd, gpu.handle(), back.handle(), 1, &region);
    memoryBarrier(cmd, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_HOST_BIT,
                  VK_ACCESS_2_HOST_READ_BIT);
  });
  ASSERT_NE(back.mapped(), nullptr);
  EXPECT_EQ(std::memcmp(back.mapped(), data.data(), data.size() * 4), 0);
  if (!GetParam()) {
    EXPECT_EQ(gpu.mapped(), nullptr) << "the staging path was not taken";
  }
}
INSTANTIATE_TEST_SUITE_P(Paths, GpuUpload, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Direct" : "Staging"; });

TEST_F(GpuCore, SmallBuffersShareBlocksAndReturnToTheAllocator) {
  AllocatorStats before = ctx->allocator().stats();
  {
    std::vector<Buffer> buffers;
    for (int i = 0; i < 200; ++i)
      buffers.emplace_back(*ctx, 4096 + i * 16, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage::GpuOnly,
                           "small buffer");
    AllocatorStats during = ctx->allocator().stats();
    EXPECT_EQ(during.allocationCount, before.allocationCount + 200);
    EXPECT_LE(during.blockCount, before.blockCount + 1) << "200 small buffers should fit one 64 MiB block";
    EXPECT_EQ(during.dedicatedCount, before.dedicatedCount);
  }
  ctx->waitIdle();
  EXPECT_EQ(ctx->allocator().stats().allocationCount, before.allocationCount);
}

TEST_F(GpuCore, LargeResourcesGetDedicatedMemory) {
  AllocatorStats before = ctx->allocator().stats();
  Buffer big(*ctx, 48ull << 20, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage::GpuOnly, "big buffer");
  EXPECT_EQ(ctx->allocator().stats().dedicatedCount, before.dedicatedCount + 1);
}

TEST_F(GpuCore, DestructionWaitsForTheGpuToFinishWithTheObject) {
  FrameRing ring(*ctx);
  uint32_t liveBefore;
  uint64_t serial;
  {
    Buffer scratch(*ctx, 1 << 20, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::GpuOnly, "scratch");
    liveBefore = ctx->allocator().stats().allocationCount;
    VkCommandBuffer cmd = ring.begin();
    vkCmdFillBuffer(cmd, scratch.handle(), 0, VK_WHOLE_SIZE, 0xdeadbeef);
    serial = ring.submit();
  }  // dropped while the GPU may still be filling it
  EXPECT_EQ(ctx->allocator().stats().allocationCount, liveBefore) << "freed before its submission completed";
  ctx->waitSerial(serial);
  ctx->collectGarbage();
  EXPECT_EQ(ctx->allocator().stats().allocationCount, liveBefore - 1);
}

TEST_F(GpuCore, FramesInFlightReuseSlotsWithoutIdling) {
  FrameRing ring(*ctx, 2);
  Buffer target(*ctx, 1 << 16, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::GpuOnly, "ring target");
  uint64_t last = 0;
  for (int f = 0; f < 6; ++f) {
    VkCommandBuffer cmd = ring.begin();
    EXPECT_EQ(ring.slot(), uint32_t(f % 2));
    // Each frame writes the same buffer: order it after the previous frame's write.
    memoryBarrier(cmd, VK_PIPELINE_STAGE_2_CLEAR_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_CLEAR_BIT,
                  VK_ACCESS_2_TRANSFER_WRITE_BIT);
    vkCmdFillBuffer(cmd, target.handle(), 0, VK_WHOLE_SIZE, uint32_t(f));
    uint64_t s = ring.submit();
    EXPECT_GT(s, last);
    last = s;
  }
  ctx->waitSerial(last);
  EXPECT_GE(ctx->completedSerial(), last);
}

TEST_F(GpuCore, DebugNamesAndVkCheckReportFailures) {
  EXPECT_STREQ(vkResultName(VK_ERROR_DEVICE_LOST), "VK_ERROR_DEVICE_LOST");
  try {
    VK_CHECK(VK_ERROR_OUT_OF_DEVICE_MEMORY);
    FAIL() << "VK_CHECK did not throw";
  } catch (const VulkanError& e) {
    EXPECT_NE(std::string(e.what()).find("VK_ERROR_OUT_OF_DEVICE_MEMORY"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("gpu_core_test.cpp"), std::string::npos);
  }
}

// Proves the harness would catch a mistake: an invalid call must be counted.
TEST(ValidationHarness, CountsAnInvalidCall) {
  ts::gpu::ContextOptions o;
  o.validation = true;
  auto c = ts::gpu::Context::create(o);
  ASSERT_TRUE(c) << c.error().message;
  VkBufferCreateInfo ci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  ci.size = 0;  // invalid: VUID-VkBufferCreateInfo-size-00912
  ci.usage = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;
  VkBuffer b = VK_NULL_HANDLE;
  if (vkCreateBuffer((*c)->device(), &ci, nullptr, &b) == VK_SUCCESS && b) vkDestroyBuffer((*c)->device(), b, nullptr);
  EXPECT_GE((*c)->validationMessageCount(), 1u);
}
