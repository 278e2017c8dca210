// The GPU memory sub-allocator (VMA is not packaged in Debian 12). Resources are placed
// in 64 MiB VkDeviceMemory blocks per memory type, carved by a RangeAllocator; anything
// larger than half a block gets its own dedicated allocation. Buffers and images live in
// separate blocks so bufferImageGranularity never applies. Host-visible blocks are
// mapped once for their whole life. Thread-safe.
#pragma once
#include <vulkan/vulkan.h>

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "gpu/range_allocator.h"

namespace ts::gpu {

enum class MemoryUsage {
  GpuOnly,   // device-local; mapped too when the device-local memory is host-visible (UMA, lavapipe)
  Upload,    // host-visible and coherent, written by the CPU, read by the GPU
  Readback,  // host-visible and coherent (cached when possible), written by the GPU, read by the CPU
};

struct Allocation {
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkDeviceSize offset = 0;
  VkDeviceSize size = 0;
  void* mapped = nullptr;  // CPU pointer to `offset`, or null when not host-visible
  uint32_t memoryType = 0;
  int32_t block = -1;  // index into the pool's blocks; -1 for a dedicated allocation
  bool linear = true;  // buffer (true) or optimal-tiling image (false) pool
  explicit operator bool() const { return memory != VK_NULL_HANDLE; }
};

struct AllocatorStats {
  uint64_t blockBytes = 0;      // VkDeviceMemory held in shared blocks
  uint64_t usedBytes = 0;       // of which handed out
  uint64_t dedicatedBytes = 0;  // in dedicated allocations
  uint32_t blockCount = 0;
  uint32_t dedicatedCount = 0;
  uint32_t allocationCount = 0;
};

class Allocator {
 public:
  static constexpr VkDeviceSize kBlockSize = 64ull << 20;

  // `mapGpuOnly`: hand out CPU pointers to GpuOnly allocations when their memory is
  // host-visible (unified memory). Off makes uploads take the staging path, as on a
  // discrete GPU.
  Allocator(VkPhysicalDevice physicalDevice, VkDevice device, bool mapGpuOnly = true,
            VkDeviceSize blockSize = kBlockSize);
  ~Allocator();
  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

  // Throws VulkanError when no memory type fits or the device is out of memory.
  Allocation allocate(const VkMemoryRequirements& req, MemoryUsage usage, bool linear);
  void free(const Allocation& allocation);

  AllocatorStats stats() const;
  // The memory type chosen for a usage among the bits allowed; UINT32_MAX if none.
  uint32_t findMemoryType(uint32_t allowedTypeBits, MemoryUsage usage) const;

 private:
  struct Block {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    void* mapped = nullptr;
    std::unique_ptr<RangeAllocator> ranges;
  };
  struct Pool {
    uint32_t memoryType = 0;
    bool linear = true;
    std::vector<Block> blocks;
  };
  Allocation allocateImpl(const VkMemoryRequirements& req, MemoryUsage usage, bool linear);
  Pool& poolFor(uint32_t memoryType, bool linear);
  VkDeviceMemory allocateMemory(VkDeviceSize size, uint32_t memoryType, void** mapped);

  VkDevice m_device;
  VkDeviceSize m_blockSize;
  bool m_mapGpuOnly;
  VkPhysicalDeviceMemoryProperties m_memProps{};
  mutable std::mutex m_mutex;
  std::vector<Pool> m_pools;
  uint64_t m_dedicatedBytes = 0;
  uint32_t m_dedicatedCount = 0;
  uint32_t m_allocationCount = 0;
};

}  // namespace ts::gpu
