// GpuTest: every GPU test runs on a fresh Context with the validation layer and
// synchronization validation on, and fails on any validation message, including those
// reported while the device and instance are destroyed (leaks).
#pragma once
#include <gtest/gtest.h>

#include <memory>

#include "gpu/context.h"

class GpuTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ts::gpu::ContextOptions o;
    o.validation = true;
    auto c = ts::gpu::Context::create(o);
    ASSERT_TRUE(c) << c.error().message;
    ctx = std::move(*c);
    counter = ctx->validationCounter();
  }
  void TearDown() override {
    ctx.reset();
    if (counter) {
      EXPECT_EQ(counter->messages.load(), 0u) << "Vulkan validation reported messages (see log)";
    }
  }
  std::unique_ptr<ts::gpu::Context> ctx;
  std::shared_ptr<const ts::gpu::ValidationCounter> counter;
};
