#include "layers/layer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

#include "layers/worker.h"

namespace ts::layers {

namespace {
std::atomic<int> g_threads{0};
std::atomic<bool> g_lowPriority{false};
}  // namespace

void setBackgroundPolicy(BackgroundPolicy p) { g_threads = p.threads, g_lowPriority = p.lowPriority; }
BackgroundPolicy backgroundPolicy() { return {g_threads.load(), g_lowPriority.load()}; }

namespace {

// Linux: nice applies per thread. Once per thread is enough (it cannot be undone).
void lowerThisThread() {
  thread_local bool lowered = false;
  if (!lowered) setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10), lowered = true;
}

// Lowers every thread as it starts working in the observed arena.
class LowerPriorityObserver final : public tbb::task_scheduler_observer {
 public:
  explicit LowerPriorityObserver(tbb::task_arena& arena) : tbb::task_scheduler_observer(arena) { observe(true); }
  ~LowerPriorityObserver() override { observe(false); }
  void on_scheduler_entry(bool) override { lowerThisThread(); }
};

// Each calling thread keeps its arena while the policy stays the same (the observer is
// declared after the arena, so it goes first).
struct ThreadArena {
  BackgroundPolicy policy{-1, false};
  std::unique_ptr<tbb::task_arena> arena;
  std::unique_ptr<LowerPriorityObserver> observer;
};

}  // namespace

void runInBackground(const std::function<void()>& job) {
  const BackgroundPolicy p = backgroundPolicy();
  if (p.threads <= 0 && !p.lowPriority) return job();
  thread_local ThreadArena t;
  if (t.policy.threads != p.threads || t.policy.lowPriority != p.lowPriority || !t.arena) {
    t.observer.reset();
    t.arena = std::make_unique<tbb::task_arena>(p.threads > 0 ? p.threads : int(tbb::task_arena::automatic));
    if (p.lowPriority) t.observer = std::make_unique<LowerPriorityObserver>(*t.arena);
    t.policy = p;
  }
  if (p.lowPriority) lowerThisThread();
  t.arena->execute(job);
}

PropId Layer::addProp(LayerProp p) {
  p.value = p.defaultValue;
  m_props.push_back(std::move(p));
  return PropId{uint32_t(m_props.size() - 1)};
}

namespace {
// The prop named `key` in `props` (const or not), or nullptr.
template <class Props>
auto* findProp(Props& props, std::string_view key) {
  for (auto& p : props)
    if (p.key == key) return &p;
  return static_cast<decltype(&props[0])>(nullptr);
}

std::string unknownProp(const Layer& layer, std::string_view key) {
  std::string known;
  for (const LayerProp& p : layer.props()) known += (known.empty() ? "" : ", ") + p.key;
  return fmt::format("layer {} has no prop '{}' (its props: {})", layer.id(), key, known.empty() ? "none" : known);
}
}  // namespace

Result<double> Layer::prop(std::string_view key) const {
  if (const LayerProp* p = findProp(m_props, key)) return p->value;
  return fail(unknownProp(*this, key));
}

Result<> Layer::setProp(std::string_view key, double value) {
  LayerProp* p = findProp(m_props, key);
  if (!p) return fail(unknownProp(*this, key));
  if (!(value >= p->min && value <= p->max))
    return fail(fmt::format("layer {}: {} = {} is outside [{}, {}]{}", id(), key, value, p->min, p->max,
                            p->unit.empty() ? "" : " " + p->unit));
  p->value = p->choices.empty() ? value : std::round(value);
  return {};
}

Result<> Layer::setPropChoice(std::string_view key, std::string_view choice) {
  LayerProp* p = findProp(m_props, key);
  if (!p) return fail(unknownProp(*this, key));
  auto it = std::find(p->choices.begin(), p->choices.end(), choice);
  if (it != p->choices.end()) {
    p->value = double(it - p->choices.begin());
    return {};
  }
  return fail(fmt::format("layer {}: {} '{}' is not one of: {}", id(), key, choice, fmt::join(p->choices, ", ")));
}

}  // namespace ts::layers

namespace ts::layers {

std::string formatAge(double s) {
  if (s < 90) return fmt::format("{:.0f} s", s);
  if (s < 90 * 60) return fmt::format("{:.0f} min", s / 60);
  if (s < 48 * 3600) return fmt::format("{:.1f} h", s / 3600);
  return fmt::format("{:.1f} days", s / 86400);
}

}  // namespace ts::layers
