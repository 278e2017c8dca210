#include "gpu/range_allocator.h"

#include <gtest/gtest.h>

#include <random>

using ts::gpu::RangeAllocator;

TEST(RangeAllocator, AlignsAndDoesNotOverlap) {
  RangeAllocator a(1024);
  auto x = a.allocate(10, 1);
  auto y = a.allocate(100, 256);
  ASSERT_TRUE(x && y);
  EXPECT_EQ(*x, 0u);
  EXPECT_EQ(*y % 256, 0u);
  EXPECT_GE(*y, 10u);
  EXPECT_EQ(a.usedBytes(), *y + 100);  // padding before y counts as used
}

TEST(RangeAllocator, FailsWhenFullAndOnBadArguments) {
  RangeAllocator a(256);
  EXPECT_FALSE(a.allocate(257, 1));
  EXPECT_FALSE(a.allocate(0, 1));
  EXPECT_FALSE(a.allocate(16, 3));  // not a power of two
  ASSERT_TRUE(a.allocate(256, 1));
  EXPECT_FALSE(a.allocate(1, 1));
}

TEST(RangeAllocator, FreeMergesNeighboursBackIntoOneRange) {
  RangeAllocator a(1000);
  auto p = *a.allocate(100, 1), q = *a.allocate(200, 1), r = *a.allocate(300, 1);
  a.free(q, 200);
  EXPECT_EQ(a.freeRangeCount(), 2u);  // the hole and the tail
  a.free(p, 100);
  a.free(r, 300);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.freeRangeCount(), 1u);
  EXPECT_EQ(a.largestFreeRange(), 1000u);
}

TEST(RangeAllocator, BestFitPicksTheSmallestHole) {
  RangeAllocator a(1000);
  auto h1 = *a.allocate(300, 1);
  auto s1 = *a.allocate(10, 1);
  auto h2 = *a.allocate(50, 1);
  auto s2 = *a.allocate(10, 1);
  (void)s1;
  (void)s2;
  a.free(h1, 300);
  a.free(h2, 50);
  EXPECT_EQ(*a.allocate(40, 1), h2);  // the 50-byte hole, not the 300-byte one
}

TEST(RangeAllocator, PaddingIsReturnedOnFree) {
  RangeAllocator a(4096);
  auto first = *a.allocate(1, 1);
  auto aligned = *a.allocate(64, 1024);
  EXPECT_EQ(aligned, 1024u);
  a.free(aligned, 64);
  a.free(first, 1);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.largestFreeRange(), 4096u);
}

TEST(RangeAllocator, RandomStressKeepsAccounting) {
  RangeAllocator a(1 << 20);
  std::mt19937 rng(7);
  std::vector<std::pair<uint64_t, uint64_t>> live;
  for (int i = 0; i < 5000; ++i) {
    if (live.empty() || rng() % 3 != 0) {
      uint64_t size = 1 + rng() % 4000, align = 1ull << (rng() % 9);
      if (auto off = a.allocate(size, align)) {
        EXPECT_EQ(*off % align, 0u);
        for (auto& [o, s] : live) ASSERT_TRUE(*off + size <= o || o + s <= *off) << "overlap";
        live.push_back({*off, size});
      }
    } else {
      size_t k = rng() % live.size();
      a.free(live[k].first, live[k].second);
      live.erase(live.begin() + k);
    }
  }
  for (auto& [o, s] : live) a.free(o, s);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.freeRangeCount(), 1u);
}
