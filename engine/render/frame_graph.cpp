#include "render/frame_graph.h"

#include <algorithm>
#include <stdexcept>

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

namespace {
void requireValid(ResourceId id, const std::string& pass) {
  if (!id.valid()) throw std::logic_error("frame graph: pass '" + pass + "' uses an invalid resource id");
}
}  // namespace

void FrameGraph::Builder::read(ResourceId id, Access access) {
  requireValid(id, m_pass->name);
  m_pass->uses.push_back({id, access, false});
}
void FrameGraph::Builder::write(ResourceId id, Access access) {
  requireValid(id, m_pass->name);
  m_pass->uses.push_back({id, access, true});
}

ResourceId FrameGraph::importImage(std::string name, VkImage image, VkImageAspectFlags aspect, ImageState current,
                                   bool discard, std::optional<Access> final) {
  m_resources.push_back({std::move(name), image, aspect, current, discard, final, current});
  return ResourceId(uint32_t(m_resources.size() - 1));
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

// One use per image per pass: a pass that both reads and writes an image (blending over
// it) counts as a read for culling and a write for barriers.
void FrameGraph::mergeUses() {
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
}

// Backwards: a pass lives if it has a side effect, writes an image that leaves the graph,
// or writes something a later live pass reads.
void FrameGraph::cull() {
  std::vector<bool> needed(m_resources.size(), false);
  for (size_t r = 0; r < m_resources.size(); ++r) needed[r] = m_resources[r].final.has_value();
  for (size_t i = m_passes.size(); i-- > 0;) {
    Pass& p = m_passes[i];
    bool live = p.sideEffect;
    for (const Use& u : p.uses)
      if (u.write && needed[u.id.index()]) live = true;
    p.culled = !live;
    if (!live) continue;
    for (const Use& u : p.uses)
      if (!u.write || u.readToo) needed[u.id.index()] = true;
  }
}

// Each image's state as the live passes go, and the barriers that get it from one use to
// the next.
struct FrameGraph::BarrierPlanner {
  FrameGraph& graph;
  std::vector<ImageState> state;
  std::vector<bool> hasContent, discardPending;

  explicit BarrierPlanner(FrameGraph& g) : graph(g) {
    for (const Resource& r : g.m_resources) {
      state.push_back(r.current);
      hasContent.push_back(!r.discard);
      discardPending.push_back(r.discard);
    }
  }

  void plan(const std::string& before, uint32_t id, const ImageState& to, bool write, Step& step) {
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
    const Resource& r = graph.m_resources[id];
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    b.srcStageMask = from.stage;
    b.srcAccessMask = from.access & kWriteAccess;  // only writes need making available
    b.dstStageMask = to.stage;
    b.dstAccessMask = to.access;
    b.oldLayout = oldLayout;
    b.newLayout = to.layout;
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = r.image;
    b.subresourceRange = {r.aspect, 0, VK_REMAINING_MIP_LEVELS, 0, 1};
    graph.m_barriers.push_back({before, r.name, {oldLayout, from.stage, from.access}, to});
    graph.m_vkBarriers.push_back(b);
    step.barriers.push_back(graph.m_vkBarriers.size() - 1);
    from = to;
  }

  Result<> planPass(size_t index) {
    const Pass& p = graph.m_passes[index];
    Step step{index, {}};
    for (const Use& u : p.uses) {
      if ((!u.write || u.readToo) && !hasContent[u.id.index()])
        return fail("frame graph: pass '" + p.name + "' reads '" + graph.m_resources[u.id.index()].name +
                    "', which no earlier pass wrote");
      plan(p.name, u.id.index(), stateFor(u.access), u.write, step);
    }
    for (const Use& u : p.uses)
      if (u.write) hasContent[u.id.index()] = true;
    graph.m_steps.push_back(std::move(step));
    return {};
  }

  // Images that leave the graph go to their final state.
  void planEnd() {
    Step end{SIZE_MAX, {}};
    for (uint32_t r = 0; r < graph.m_resources.size(); ++r) {
      Resource& res = graph.m_resources[r];
      if (res.final) {
        ImageState want = stateFor(*res.final);
        if (state[r].layout != want.layout) plan("", r, want, false, end);
      }
      res.endState = state[r];
    }
    graph.m_steps.push_back(std::move(end));
  }
};

Result<> FrameGraph::compile() {
  m_barriers.clear();
  m_vkBarriers.clear();
  m_steps.clear();
  for (const Pass& p : m_passes)
    for (const Use& u : p.uses)
      if (u.id.index() >= m_resources.size())
        return fail("frame graph: pass '" + p.name + "' uses a resource id this graph did not import");
  mergeUses();
  cull();
  BarrierPlanner planner(*this);
  for (size_t i = 0; i < m_passes.size(); ++i)
    if (!m_passes[i].culled)
      if (auto ok = planner.planPass(i); !ok) return ok;
  planner.planEnd();
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

ImageState FrameGraph::finalState(ResourceId id) const { return m_resources.at(id.index()).endState; }

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
