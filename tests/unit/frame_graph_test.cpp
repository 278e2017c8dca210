#include "render/frame_graph.h"

#include <gtest/gtest.h>

using namespace ts::render;

namespace {
VkImage fakeImage(uintptr_t n) { return reinterpret_cast<VkImage>(n); }
const auto noop = [](VkCommandBuffer) {};
}  // namespace

TEST(FrameGraph, KeepsDeclarationOrderAndCullsUnusedPasses) {
  FrameGraph g;
  ResourceId out = g.importImage("output", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true, Access::TransferSrc);
  ResourceId shadow = g.importImage("shadow map", fakeImage(2), VK_IMAGE_ASPECT_DEPTH_BIT, {}, true);
  ResourceId debug = g.importImage("debug view", fakeImage(3), VK_IMAGE_ASPECT_COLOR_BIT, {}, true);
  g.addPass(
      "shadows", [&](FrameGraph::Builder& b) { b.write(shadow, Access::DepthAttachment); }, noop);
  g.addPass(
      "debug", [&](FrameGraph::Builder& b) { b.write(debug, Access::ColorAttachment); }, noop);
  g.addPass(
      "scene",
      [&](FrameGraph::Builder& b) {
        b.read(shadow, Access::SampledFragment);
        b.write(out, Access::ColorAttachment);
      },
      noop);
  g.addPass(
      "ui",
      [&](FrameGraph::Builder& b) {
        b.read(out, Access::ColorAttachment);
        b.write(out, Access::ColorAttachment);
      },
      noop);
  ASSERT_TRUE(g.compile());
  EXPECT_EQ(g.executedPasses(), (std::vector<std::string>{"shadows", "scene", "ui"}));
  EXPECT_EQ(g.culledPasses(), (std::vector<std::string>{"debug"}));
}

TEST(FrameGraph, SideEffectPassesAndTheirInputsSurvive) {
  FrameGraph g;
  ResourceId img = g.importImage("target", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true);  // no final use
  g.addPass(
      "draw", [&](FrameGraph::Builder& b) { b.write(img, Access::ColorAttachment); }, noop);
  g.addPass(
      "readback",
      [&](FrameGraph::Builder& b) {
        b.read(img, Access::TransferSrc);
        b.sideEffect();
      },
      noop);
  ASSERT_TRUE(g.compile());
  EXPECT_EQ(g.executedPasses(), (std::vector<std::string>{"draw", "readback"}));
}

TEST(FrameGraph, WithoutConsumersEverythingIsCulled) {
  FrameGraph g;
  ResourceId img = g.importImage("target", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true);
  g.addPass(
      "draw", [&](FrameGraph::Builder& b) { b.write(img, Access::ColorAttachment); }, noop);
  ASSERT_TRUE(g.compile());
  EXPECT_TRUE(g.executedPasses().empty());
}

TEST(FrameGraph, PlansLayoutTransitionsBetweenPasses) {
  FrameGraph g;
  ResourceId out = g.importImage("output", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true, Access::TransferSrc);
  g.addPass(
      "scene", [&](FrameGraph::Builder& b) { b.write(out, Access::ColorAttachment); }, noop);
  g.addPass(
      "readback",
      [&](FrameGraph::Builder& b) {
        b.read(out, Access::TransferSrc);
        b.sideEffect();
      },
      noop);
  ASSERT_TRUE(g.compile());
  const auto& bs = g.plannedBarriers();
  ASSERT_EQ(bs.size(), 2u);
  EXPECT_EQ(bs[0].beforePass, "scene");
  EXPECT_EQ(bs[0].from.layout, VK_IMAGE_LAYOUT_UNDEFINED);  // discarded contents
  EXPECT_EQ(bs[0].to.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
  EXPECT_EQ(bs[1].beforePass, "readback");
  EXPECT_EQ(bs[1].from.layout, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
  EXPECT_EQ(bs[1].to.layout, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
  EXPECT_TRUE(bs[1].from.access & VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT);
  // Already in its final layout: no end-of-frame barrier, and next frame starts from there.
  EXPECT_EQ(g.finalState(out).layout, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
}

TEST(FrameGraph, FinalAccessAddsAnEndOfFrameTransition) {
  FrameGraph g;
  ResourceId sc = g.importImage("swapchain", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true, Access::Present);
  g.addPass(
      "scene", [&](FrameGraph::Builder& b) { b.write(sc, Access::ColorAttachment); }, noop);
  ASSERT_TRUE(g.compile());
  ASSERT_EQ(g.plannedBarriers().size(), 2u);
  EXPECT_EQ(g.plannedBarriers()[1].beforePass, "");
  EXPECT_EQ(g.plannedBarriers()[1].to.layout, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR);
}

TEST(FrameGraph, ReadAfterReadNeedsNoBarrierButWriteAfterReadWaitsForAllReaders) {
  FrameGraph g;
  ResourceId tex = g.importImage("texture", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, stateFor(Access::SampledFragment),
                                 false, Access::TransferDst);
  g.addPass(
      "a",
      [&](FrameGraph::Builder& b) {
        b.read(tex, Access::SampledFragment);
        b.sideEffect();
      },
      noop);
  g.addPass(
      "b",
      [&](FrameGraph::Builder& b) {
        b.read(tex, Access::SampledFragment);
        b.sideEffect();
      },
      noop);
  g.addPass(
      "c",
      [&](FrameGraph::Builder& b) {
        b.read(tex, Access::TransferSrc);
        b.sideEffect();
      },
      noop);
  g.addPass(
      "upload", [&](FrameGraph::Builder& b) { b.write(tex, Access::TransferDst); }, noop);
  ASSERT_TRUE(g.compile());
  const auto& bs = g.plannedBarriers();
  ASSERT_EQ(bs.size(), 2u);  // to TRANSFER_SRC before c, to TRANSFER_DST before upload
  EXPECT_EQ(bs[0].beforePass, "c");
  EXPECT_EQ(bs[1].beforePass, "upload");
  EXPECT_TRUE(bs[1].from.stage & VK_PIPELINE_STAGE_2_COPY_BIT);
}

TEST(FrameGraph, ReadingDiscardedContentIsAnError) {
  FrameGraph g;
  ResourceId img = g.importImage("history", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true);
  g.addPass(
      "taa",
      [&](FrameGraph::Builder& b) {
        b.read(img, Access::SampledFragment);
        b.sideEffect();
      },
      noop);
  auto r = g.compile();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("history"), std::string::npos);
  EXPECT_NE(r.error().message.find("taa"), std::string::npos);
}

TEST(FrameGraph, ResourceIdsAreTypedWithAnExplicitInvalidValue) {
  EXPECT_FALSE(ResourceId().valid());
  EXPECT_EQ(ResourceId(), ResourceId::invalid());
  FrameGraph g;
  ResourceId first = g.importImage("first", fakeImage(1), VK_IMAGE_ASPECT_COLOR_BIT, {}, true, Access::TransferSrc);
  EXPECT_TRUE(first.valid());
  EXPECT_EQ(first.index(), 0u) << "index 0 is a real image, not a sentinel";
  // A pass that uses an id nobody imported is a programming error, reported at once.
  EXPECT_THROW(
      g.addPass(
          "broken", [](FrameGraph::Builder& b) { b.write(ResourceId::invalid(), Access::ColorAttachment); }, noop),
      std::logic_error);
  // An id of another graph is caught when this one compiles.
  FrameGraph other;
  other.importImage("a", fakeImage(2), VK_IMAGE_ASPECT_COLOR_BIT, {}, true);
  ResourceId foreign = other.importImage("b", fakeImage(3), VK_IMAGE_ASPECT_COLOR_BIT, {}, true);
  g.addPass(
      "stray", [&](FrameGraph::Builder& b) { b.write(foreign, Access::ColorAttachment); }, noop);
  auto r = g.compile();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("did not import"), std::string::npos) << r.error().message;
}
