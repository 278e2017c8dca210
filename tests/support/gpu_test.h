// GpuTest: every GPU test runs on a fresh Context with the validation layer and
// synchronization validation on, and fails on any validation message, including those
// reported while the device and instance are destroyed (leaks).
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "gpu/context.h"

class GpuTest : public ::testing::Test {
 protected:
  void SetUp() override { createContext(true); }
  void createContext(bool directUploads) {
    ctx.reset();  // a replaced context's messages still count: its counter is kept below
    ts::gpu::ContextOptions o;
    o.validation = true;
    o.directUploads = directUploads;
    auto c = ts::gpu::Context::create(o);
    ASSERT_TRUE(c) << c.error().message;
    ctx = std::move(*c);
    counters.push_back(ctx->validationCounter());
  }
  void TearDown() override {
    ctx.reset();
    for (const auto& counter : counters)
      EXPECT_EQ(counter->messages.load(), 0u) << "Vulkan validation reported messages (see log)";
  }
  std::unique_ptr<ts::gpu::Context> ctx;
  std::vector<std::shared_ptr<const ts::gpu::ValidationCounter>> counters;
};
