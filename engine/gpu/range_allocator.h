// RangeAllocator: hands out aligned sub-ranges of [0, capacity) and takes them back,
// merging neighbours. It knows nothing about Vulkan: the GPU allocator uses one per
// VkDeviceMemory block, and the unit tests drive it directly.
#pragma once
#include <cstdint>
#include <map>
#include <optional>

namespace ts::gpu {

class RangeAllocator {
 public:
  explicit RangeAllocator(uint64_t capacity);

  // Best fit: the smallest free range that holds `size` bytes at an offset that is a
  // multiple of `alignment` (a power of two). nullopt when nothing fits.
  std::optional<uint64_t> allocate(uint64_t size, uint64_t alignment);
  // Returns a range given by allocate(); `size` must be the size asked for.
  void free(uint64_t offset, uint64_t size);

  uint64_t capacity() const { return m_capacity; }
  uint64_t usedBytes() const { return m_used; }
  uint64_t largestFreeRange() const;
  size_t freeRangeCount() const { return m_freeByOffset.size(); }
  bool empty() const { return m_used == 0; }

 private:
  void insertFree(uint64_t offset, uint64_t size);
  void eraseFree(std::map<uint64_t, uint64_t>::iterator it);

  uint64_t m_capacity;
  uint64_t m_used = 0;
  std::map<uint64_t, uint64_t> m_freeByOffset;     // offset -> size
  std::multimap<uint64_t, uint64_t> m_freeBySize;  // size -> offset
  // Bytes skipped for alignment in front of each allocation, keyed by returned offset.
  std::map<uint64_t, uint64_t> m_padding;
};

}  // namespace ts::gpu
