// The sinks' thread on its own: the queue's bound, order, timing and failure.
#include "video/frame_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using ts::io::RgbaImage;
using ts::video::FrameWorker;

namespace {
RgbaImage tagged(uint8_t tag) { return RgbaImage{1, 1, {tag, 0, 0, 255}}; }

// A consumer that waits until the test opens the gate.
struct Gate {
  std::promise<void> opened;
  std::shared_future<void> wait = opened.get_future().share();
};
}  // namespace

TEST(FrameWorker, ConsumesEveryFrameInOrder) {
  std::vector<int> seen;
  FrameWorker worker(2, [&](const RgbaImage& f) -> ts::Result<> {
    std::this_thread::sleep_for(2ms);
    seen.push_back(f.pixels[0]);
    return {};
  });
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(worker.push(tagged(uint8_t(i))));
  ASSERT_TRUE(worker.drain());
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i) expected[size_t(i)] = i;
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(worker.stats().framesWritten, 20u);
  EXPECT_GE(worker.stats().encodeMs, 20 * 2.0 * 0.9);
}

// With room in the queue push() returns at once, however slow the encoder; only when the
// queue is full does it wait, and the wait is counted.
TEST(FrameWorker, PushWaitsOnlyWhenTheQueueIsFull) {
  Gate gate;
  std::atomic<bool> inHand{false};
  FrameWorker worker(3, [&](const RgbaImage&) -> ts::Result<> {
    inHand = true;
    gate.wait.wait();
    return {};
  });
  ASSERT_TRUE(worker.push(tagged(0)));
  while (!inHand) std::this_thread::sleep_for(1ms);
  auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < 4; ++i) ASSERT_TRUE(worker.push(tagged(uint8_t(i))));  // one in hand, three queued
  EXPECT_LT(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(worker.stats().pushBlockedMs, 0.0);
  std::thread opener([&] {
    std::this_thread::sleep_for(100ms);
    gate.opened.set_value();
  });
  ASSERT_TRUE(worker.push(tagged(4)));  // waits for the gate
  opener.join();
  EXPECT_GE(worker.stats().pushBlockedMs, 80.0);
  ASSERT_TRUE(worker.drain());
  EXPECT_EQ(worker.stats().framesWritten, 5u);
  EXPECT_EQ(worker.stats().framesPushed, 5u);
}

// A failing encoder: the error comes back from push() and drain(), and a push() waiting
// for room is woken rather than left hanging.
TEST(FrameWorker, FailureWakesAWaitingPushAndSticks) {
  Gate gate;
  std::atomic<int> consumed{0};
  FrameWorker worker(1, [&](const RgbaImage& f) -> ts::Result<> {
    gate.wait.wait();
    ++consumed;
    if (f.pixels[0] == 1) return ts::fail("disk full at frame 1");
    return {};
  });
  ASSERT_TRUE(worker.push(tagged(0)));
  ASSERT_TRUE(worker.push(tagged(1)));
  auto waiting = std::async(std::launch::async, [&] { return worker.push(tagged(2)); });
  std::this_thread::sleep_for(50ms);
  gate.opened.set_value();
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  ts::Result<> third = waiting.get();
  auto later = worker.push(tagged(3));
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().message, "disk full at frame 1");
  auto drained = worker.drain();
  ASSERT_FALSE(drained);
  EXPECT_EQ(drained.error().message, "disk full at frame 1");
  EXPECT_EQ(worker.stats().framesWritten, 1u);
  // Frame 2 was either refused or queued and dropped; nothing after the failure is consumed.
  EXPECT_LE(consumed.load(), 2);
  (void)third;
}

// stop() (a sink destroyed without finish) drops what is queued instead of encoding it.
TEST(FrameWorker, StopDropsQueuedFrames) {
  Gate gate;
  std::atomic<int> consumed{0};
  auto worker = std::make_unique<FrameWorker>(4, [&](const RgbaImage&) -> ts::Result<> {
    gate.wait.wait();
    ++consumed;
    return {};
  });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(worker->push(tagged(uint8_t(i))));
  std::thread opener([&] {
    std::this_thread::sleep_for(50ms);
    gate.opened.set_value();
  });
  worker.reset();
  opener.join();
  EXPECT_EQ(consumed.load(), 1);  // only the frame already in hand
}
