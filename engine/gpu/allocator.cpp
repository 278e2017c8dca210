#include "gpu/allocator.h"

#include "gpu/vk_check.h"

namespace ts::gpu {

Allocator::Allocator(VkPhysicalDevice physicalDevice, VkDevice device, bool mapGpuOnly, VkDeviceSize blockSize)
    : m_device(device), m_blockSize(blockSize), m_mapGpuOnly(mapGpuOnly) {
  vkGetPhysicalDeviceMemoryProperties(physicalDevice, &m_memProps);
}

Allocator::~Allocator() {
  for (Pool& pool : m_pools)
    for (Block& b : pool.blocks)
      if (b.memory) vkFreeMemory(m_device, b.memory, nullptr);
}

uint32_t Allocator::findMemoryType(uint32_t allowed, MemoryUsage usage) const {
  VkMemoryPropertyFlags required = 0, preferred = 0;
  switch (usage) {
    case MemoryUsage::GpuOnly:
      preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
      break;
    case MemoryUsage::Upload:
      required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
      break;
    case MemoryUsage::Readback:
      required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
      preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
      break;
  }
  uint32_t fallback = UINT32_MAX;
  for (uint32_t i = 0; i < m_memProps.memoryTypeCount; ++i) {
    if (!(allowed & (1u << i))) continue;
    VkMemoryPropertyFlags f = m_memProps.memoryTypes[i].propertyFlags;
    if ((f & required) != required) continue;
    if ((f & preferred) == preferred) return i;
    if (fallback == UINT32_MAX) fallback = i;
  }
  return fallback;
}

VkDeviceMemory Allocator::allocateMemory(VkDeviceSize size, uint32_t memoryType, void** mapped) {
  VkMemoryAllocateInfo info{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  info.allocationSize = size;
  info.memoryTypeIndex = memoryType;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VK_CHECK(vkAllocateMemory(m_device, &info, nullptr, &memory));
  *mapped = nullptr;
  VkMemoryPropertyFlags f = m_memProps.memoryTypes[memoryType].propertyFlags;
  // Only coherent memory is mapped: nothing in the engine flushes or invalidates ranges.
  if ((f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (f & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT))
    VK_CHECK(vkMapMemory(m_device, memory, 0, VK_WHOLE_SIZE, 0, mapped));
  return memory;
}

Allocator::Pool& Allocator::poolFor(uint32_t memoryType, bool linear) {
  for (Pool& p : m_pools)
    if (p.memoryType == memoryType && p.linear == linear) return p;
  m_pools.push_back(Pool{memoryType, linear, {}});
  return m_pools.back();
}

Allocation Allocator::allocate(const VkMemoryRequirements& req, MemoryUsage usage, bool linear) {
  Allocation a = allocateImpl(req, usage, linear);
  if (usage == MemoryUsage::GpuOnly && !m_mapGpuOnly) a.mapped = nullptr;
  return a;
}

Allocation Allocator::allocateImpl(const VkMemoryRequirements& req, MemoryUsage usage, bool linear) {
  uint32_t type = findMemoryType(req.memoryTypeBits, usage);
  if (type == UINT32_MAX) throw VulkanError("no memory type fits the resource", VK_ERROR_OUT_OF_DEVICE_MEMORY);

  std::lock_guard lock(m_mutex);
  Allocation a;
  a.memoryType = type;
  a.size = req.size;
  a.linear = linear;
  ++m_allocationCount;
  if (req.size > m_blockSize / 2) {
    a.memory = allocateMemory(req.size, type, &a.mapped);
    m_dedicatedBytes += req.size;
    ++m_dedicatedCount;
    return a;
  }
  Pool& pool = poolFor(type, linear);
  for (size_t b = 0; b < pool.blocks.size(); ++b) {
    Block& block = pool.blocks[b];
    if (!block.memory) continue;
    if (auto off = block.ranges->allocate(req.size, req.alignment)) {
      a.memory = block.memory;
      a.offset = *off;
      a.block = (int32_t)b;
      a.mapped = block.mapped ? static_cast<char*>(block.mapped) + *off : nullptr;
      return a;
    }
  }
  Block block;
  block.memory = allocateMemory(m_blockSize, type, &block.mapped);
  block.ranges = std::make_unique<RangeAllocator>(m_blockSize);
  uint64_t off = *block.ranges->allocate(req.size, req.alignment);
  a.memory = block.memory;
  a.offset = off;
  a.mapped = block.mapped ? static_cast<char*>(block.mapped) + off : nullptr;
  // Reuse a slot whose block was released, so block indices stay stable.
  for (size_t b = 0; b < pool.blocks.size(); ++b) {
    if (!pool.blocks[b].memory) {
      pool.blocks[b] = std::move(block);
      a.block = (int32_t)b;
      return a;
    }
  }
  pool.blocks.push_back(std::move(block));
  a.block = (int32_t)pool.blocks.size() - 1;
  return a;
}

void Allocator::free(const Allocation& a) {
  if (!a.memory) return;
  std::lock_guard lock(m_mutex);
  --m_allocationCount;
  if (a.block < 0) {
    vkFreeMemory(m_device, a.memory, nullptr);
    m_dedicatedBytes -= a.size;
    --m_dedicatedCount;
    return;
  }
  Pool& pool = poolFor(a.memoryType, a.linear);
  Block& block = pool.blocks[a.block];
  block.ranges->free(a.offset, a.size);
  // Give an emptied block back to the driver, but keep one per pool to avoid churn.
  if (block.ranges->empty()) {
    size_t live = 0;
    for (const Block& b : pool.blocks) live += b.memory ? 1 : 0;
    if (live > 1) {
      vkFreeMemory(m_device, block.memory, nullptr);
      block = Block{};
    }
  }
}

AllocatorStats Allocator::stats() const {
  std::lock_guard lock(m_mutex);
  AllocatorStats s;
  for (const Pool& p : m_pools)
    for (const Block& b : p.blocks) {
      if (!b.memory) continue;
      s.blockBytes += m_blockSize;
      s.usedBytes += b.ranges->usedBytes();
      ++s.blockCount;
    }
  s.dedicatedBytes = m_dedicatedBytes;
  s.dedicatedCount = m_dedicatedCount;
  s.allocationCount = m_allocationCount;
  return s;
}

}  // namespace ts::gpu
