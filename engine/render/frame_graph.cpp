#include "render/frame_graph.h"

#include <algorithm>

namespace ts::render {

ImageState stateFor(Access a) {
  switch (a) {
    case Access::ColorAttachment:
      return {VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
              VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT};
    case Access::DepthAttachment:
      return {VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
              VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
              VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT};
    case Access::DepthRead:
      return {VK_IMAGE_LAYOUT_DEPTH_READ_ONLY_OPTIMAL,
              VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
              VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT};
    case Access::SampledFragment:
      return {VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
              VK_ACCESS_2_SHADER_SAMPLED_READ_BIT};
    case Access::TransferSrc:
      return {VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT};
    case Access::TransferDst:
      return {VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT};
    case Access::Present:
      // Presentation waits on a semaphore; no stage or access is needed after the transition.
      return {VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE};
  }
  return {};
}

bool isWrite(Access a) {
  return a == Access::ColorAttachment || a == Access::DepthAttachment || a == Access::TransferDst;
}

void FrameGraph::Builder::read(ResourceId id, Access access) { m_pass->uses.push_back({id, access, false}); }
void FrameGraph::Builder::write(ResourceId id, Access access) { m_pass->uses.push_back({id, access, true}); }

ResourceId FrameGraph::importImage(std::string name, VkImage image, VkImageAspectFlags aspect, ImageState current,
                                   bool discard, std::optional<Access> final) {
  m_resources.push_back({std::move(name), image, aspect, current, discard, final, current});
  return (ResourceId)(m_resources.size() - 1);
}

void FrameGraph::addPass(std::string name, const Setup& setup, Execute execute) {
  m_passes.push_back(Pass{std::move(name), {}, std::move(execute), false, false});
  Builder b;
  b.m_pass = &m_passes.back();
  setup(b);
}

namespace {
constexpr VkAccessFlags2 kWriteAccess = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT |
                                        VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT |
                                        VK_ACCESS_2_TRANSFER_WRITE_BIT | VK_ACCESS_2_SHADER_WRITE_BIT;
}

Result<> FrameGraph::compile() {
  m_barriers.clear();
  m_vkBarriers.clear();
  m_steps.clear();

  // One use per image per pass: a pass that both reads and writes an image (blending
  // over it) counts as a read for culling and a write for barriers.
  for (Pass& p : m_passes) {
    std::vector<Use> merged;
    for (const Use& u : p.uses) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](const Use& m) { return m.id == u.id; });
      if (it == merged.end()) {
        merged.push_back(u);
      } else if (u.write) {
        it->readToo = it->readToo || !it->write;
        it->write = true;
        it->access = u.access;
      } else {
        it->readToo = true;
      }
    }
    p.uses = std::move(merged);
  }

  // Cull backwards: a pass lives if it has a side effect, writes an image that leaves
  // the graph, or writes something a later live pass reads.
  std::vector<bool> needed(m_resources.size(), false);
  for (size_t r = 0; r < m_resources.size(); ++r) needed[r] = m_resources[r].final.has_value();
  for (size_t i = m_passes.size(); i-- > 0;) {
    Pass& p = m_passes[i];
    bool live = p.sideEffect;
    for (const Use& u : p.uses)
      if (u.write && needed[u.id]) live = true;
    p.culled = !live;
    if (!live) continue;
    for (const Use& u : p.uses)
      if (!u.write || u.readToo) needed[u.id] = true;
  }

  // Plan barriers forward through the live passes.
  std::vector<ImageState> state(m_resources.size());
  std::vector<bool> hasContent(m_resources.size());
  std::vector<bool> discardPending(m_resources.size());
  for (size_t r = 0; r < m_resources.size(); ++r) {
    state[r] = m_resources[r].current;
    hasContent[r] = !m_resources[r].discard;
    discardPending[r] = m_resources[r].discard;
  }
  auto plan = [&](const std::string& before, ResourceId id, const ImageState& to, bool write, Step& step) {
    ImageState& from = state[id];
    bool layoutChange = from.layout != to.layout || discardPending[id];
    bool prevWrote = (from.access & kWriteAccess) != 0;
    // Read after read in the same layout needs no barrier, but a later writer must wait
    // for every reader, so remember them all.
    if (!layoutChange && !write && !prevWrote) {
      from.stage |= to.stage;
      from.access |= to.access;
      return;
    }
    VkImageLayout oldLayout = discardPending[id] ? VK_IMAGE_LAYOUT_UNDEFINED : from.layout;
    discardPending[id] = false;
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    b.srcStageMask = from.stage;
    b.srcAccessMask = from.access & kWriteAccess;  // only writes need making available
    b.dstStageMask = to.stage;
    b.dstAccessMask = to.access;
    b.oldLayout = oldLayout;
    b.newLayout = to.layout;
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = m_resources[id].image;
    b.subresourceRange = {m_resources[id].aspect, 0, VK_REMAINING_MIP_LEVELS, 0, 1};
    m_barriers.push_back({before, m_resources[id].name, {oldLayout, from.stage, from.access}, to});
    m_vkBarriers.push_back(b);
    step.barriers.push_back(m_vkBarriers.size() - 1);
    from = to;
  };

  for (size_t i = 0; i < m_passes.size(); ++i) {
    Pass& p = m_passes[i];
    if (p.culled) continue;
    Step step{i, {}};
    for (const Use& u : p.uses) {
      if ((!u.write || u.readToo) && !hasContent[u.id])
        return fail("frame graph: pass '" + p.name + "' reads '" + m_resources[u.id].name +
                    "', which no earlier pass wrote");
      plan(p.name, u.id, stateFor(u.access), u.write, step);
    }
    for (const Use& u : p.uses)
      if (u.write) hasContent[u.id] = true;
    m_steps.push_back(std::move(step));
  }
  Step end{SIZE_MAX, {}};
  for (size_t r = 0; r < m_resources.size(); ++r) {
    if (m_resources[r].final) {
      ImageState want = stateFor(*m_resources[r].final);
      if (state[r].layout != want.layout) plan("", (ResourceId)r, want, false, end);
    }
    m_resources[r].endState = state[r];
  }
  m_steps.push_back(std::move(end));
  return {};
}

void FrameGraph::execute(VkCommandBuffer cmd) const {
  for (const Step& s : m_steps) {
    if (!s.barriers.empty()) {
      std::vector<VkImageMemoryBarrier2> bs;
      for (size_t b : s.barriers) bs.push_back(m_vkBarriers[b]);
      VkDependencyInfo dep{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
      dep.imageMemoryBarrierCount = (uint32_t)bs.size();
      dep.pImageMemoryBarriers = bs.data();
      vkCmdPipelineBarrier2(cmd, &dep);
    }
    if (s.pass != SIZE_MAX) m_passes[s.pass].execute(cmd);
  }
}

ImageState FrameGraph::finalState(ResourceId id) const { return m_resources[id].endState; }

std::vector<std::string> FrameGraph::executedPasses() const {
  std::vector<std::string> out;
  for (const Pass& p : m_passes)
    if (!p.culled) out.push_back(p.name);
  return out;
}

std::vector<std::string> FrameGraph::culledPasses() const {
  std::vector<std::string> out;
  for (const Pass& p : m_passes)
    if (p.culled) out.push_back(p.name);
  return out;
}

}  // namespace ts::render
