#include "gpu/range_allocator.h"

#include <cassert>

namespace ts::gpu {

RangeAllocator::RangeAllocator(uint64_t capacity) : m_capacity(capacity) {
  if (capacity > 0) insertFree(0, capacity);
}

void RangeAllocator::insertFree(uint64_t offset, uint64_t size) {
  m_freeByOffset.emplace(offset, size);
  m_freeBySize.emplace(size, offset);
}

void RangeAllocator::eraseFree(std::map<uint64_t, uint64_t>::iterator it) {
  auto [first, last] = m_freeBySize.equal_range(it->second);
  for (auto s = first; s != last; ++s) {
    if (s->second == it->first) {
      m_freeBySize.erase(s);
      break;
    }
  }
  m_freeByOffset.erase(it);
}

std::optional<uint64_t> RangeAllocator::allocate(uint64_t size, uint64_t alignment) {
  if (size == 0 || alignment == 0 || (alignment & (alignment - 1)) != 0) return std::nullopt;
  // Walk free ranges from the smallest that could hold `size`; alignment padding may
  // make a range too small, so keep looking until one fits.
  for (auto s = m_freeBySize.lower_bound(size); s != m_freeBySize.end(); ++s) {
    uint64_t rangeOffset = s->second, rangeSize = s->first;
    uint64_t aligned = (rangeOffset + alignment - 1) & ~(alignment - 1);
    uint64_t padding = aligned - rangeOffset;
    if (padding + size > rangeSize) continue;
    eraseFree(m_freeByOffset.find(rangeOffset));
    uint64_t tail = rangeSize - padding - size;
    if (tail > 0) insertFree(aligned + size, tail);
    // Padding stays with the allocation so free() can merge the whole range back.
    if (padding > 0) m_padding[aligned] = padding;
    m_used += size + padding;
    return aligned;
  }
  return std::nullopt;
}

void RangeAllocator::free(uint64_t offset, uint64_t size) {
  uint64_t start = offset, length = size;
  if (auto p = m_padding.find(offset); p != m_padding.end()) {
    start -= p->second;
    length += p->second;
    m_padding.erase(p);
  }
  assert(m_used >= length);
  m_used -= length;
  // Merge with the free neighbour after, then the one before.
  auto next = m_freeByOffset.lower_bound(start);
  if (next != m_freeByOffset.end() && next->first == start + length) {
    length += next->second;
    eraseFree(next);
  }
  auto after = m_freeByOffset.lower_bound(start);
  if (after != m_freeByOffset.begin()) {
    auto prev = std::prev(after);
    if (prev->first + prev->second == start) {
      start = prev->first;
      length += prev->second;
      eraseFree(prev);
    }
  }
  insertFree(start, length);
}

uint64_t RangeAllocator::largestFreeRange() const { return m_freeBySize.empty() ? 0 : m_freeBySize.rbegin()->first; }

}  // namespace ts::gpu
