// FrameGraph: a small frame graph. Each frame, passes declare which images they read and
// write (and how: attachment, sampled, copy source…) in a setup callback, and record
// their commands later in an execute callback. compile() drops passes whose results
// nobody uses, and plans every layout transition and memory barrier between passes;
// execute() records barriers and passes in declaration order. Passes never write
// barriers of their own for graph resources.
#pragma once
#include <vulkan/vulkan.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::render {

// How a pass uses an image.
enum class Access {
  ColorAttachment,  // written as a colour (or resolve) attachment
  DepthAttachment,  // depth tested and written
  DepthRead,        // depth tested, read-only
  SampledFragment,  // sampled in a fragment shader
  TransferSrc,      // copied from
  TransferDst,      // copied to
  Present,          // handed to the presentation engine
};

struct ImageState {
  VkImageLayout layout = VK_IMAGE_LAYOUT_UNDEFINED;
  VkPipelineStageFlags2 stage = VK_PIPELINE_STAGE_2_NONE;
  VkAccessFlags2 access = VK_ACCESS_2_NONE;
  bool operator==(const ImageState&) const = default;
};
ImageState stateFor(Access access);
bool isWrite(Access access);

// An image imported into one FrameGraph. Default-constructed it is invalid (a pass that
// uses it is a programming error the graph reports); only the graph hands out valid ones.
class ResourceId {
 public:
  constexpr ResourceId() = default;
  static constexpr ResourceId invalid() { return {}; }
  constexpr bool valid() const { return m_index != kInvalidIndex; }
  constexpr uint32_t index() const { return m_index; }
  bool operator==(const ResourceId&) const = default;

 private:
  friend class FrameGraph;
  static constexpr uint32_t kInvalidIndex = UINT32_MAX;
  constexpr explicit ResourceId(uint32_t index) : m_index(index) {}
  uint32_t m_index = kInvalidIndex;
};

// One pass as declared: what it touches and how it records.
struct PassUse {
  ResourceId id;
  Access access;
  bool write;
  bool readToo = false;  // written, and its earlier contents read as well
};
struct Pass {
  std::string name;
  std::vector<PassUse> uses;
  std::function<void(VkCommandBuffer)> execute;
  bool sideEffect = false;
  bool culled = false;
};

class FrameGraph {
 public:
  class Builder {
   public:
    // Throws std::logic_error for an invalid id (a resource that was never imported).
    void read(ResourceId id, Access access);
    void write(ResourceId id, Access access);
    // Keep this pass even if nothing reads what it writes (readback, present…).
    void sideEffect() { m_pass->sideEffect = true; }

   private:
    friend class FrameGraph;
    Pass* m_pass = nullptr;
  };
  using Setup = std::function<void(Builder&)>;
  using Execute = std::function<void(VkCommandBuffer)>;

  // An image that lives outside the graph. `current` is the state the previous user
  // left it in; `discard` says its contents are not needed (layout may become
  // UNDEFINED). When `final` is given the graph leaves the image in that access's state,
  // and a pass writing it counts as producing an output (it is not culled).
  ResourceId importImage(std::string name, VkImage image, VkImageAspectFlags aspect, ImageState current, bool discard,
                         std::optional<Access> final = std::nullopt);

  void addPass(std::string name, const Setup& setup, Execute execute);

  // Culls and plans barriers. Fails when a pass reads an image whose contents were
  // discarded and that no earlier pass wrote, or uses an id of another graph.
  Result<> compile();
  void execute(VkCommandBuffer cmd) const;

  // The state each imported image is left in after execute(); feed it to next frame's import.
  ImageState finalState(ResourceId id) const;

  // Introspection for tests and the statistics panel.
  std::vector<std::string> executedPasses() const;
  std::vector<std::string> culledPasses() const;
  struct PlannedBarrier {
    std::string beforePass;  // the barrier is recorded just before this pass ("" = at the end)
    std::string resource;
    ImageState from, to;
  };
  const std::vector<PlannedBarrier>& plannedBarriers() const { return m_barriers; }

 private:
  struct Resource {
    std::string name;
    VkImage image;
    VkImageAspectFlags aspect;
    ImageState current;
    bool discard;
    std::optional<Access> final;
    ImageState endState;
  };
  using Use = PassUse;
  struct Step {
    size_t pass;                   // index into m_passes, or SIZE_MAX for the end-of-frame barriers
    std::vector<size_t> barriers;  // indices into m_barriers / m_vkBarriers
  };
  struct BarrierPlanner;
  void mergeUses();
  void cull();

  std::vector<Resource> m_resources;
  std::vector<Pass> m_passes;
  std::vector<PlannedBarrier> m_barriers;
  std::vector<VkImageMemoryBarrier2> m_vkBarriers;
  std::vector<Step> m_steps;
};

}  // namespace ts::render
