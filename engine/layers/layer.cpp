#include "layers/layer.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cmath>

#include "layers/worker.h"

namespace ts::layers {

namespace {
std::atomic<int> g_threads{0};
std::atomic<bool> g_lowPriority{false};
}  // namespace

void setBackgroundPolicy(BackgroundPolicy p) { g_threads = p.threads, g_lowPriority = p.lowPriority; }
BackgroundPolicy backgroundPolicy() { return {g_threads.load(), g_lowPriority.load()}; }
void lowerCurrentThreadPriority() { setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10); }

double Layer::prop(const std::string& key) const {
  for (const LayerProp& p : m_props)
    if (p.key == key) return p.value;
  return std::nan("");
}

bool Layer::setProp(const std::string& key, double value) {
  for (LayerProp& p : m_props) {
    if (p.key != key) continue;
    if (!(value >= p.min && value <= p.max)) return false;
    p.value = p.choices.empty() ? value : std::round(value);
    return true;
  }
  return false;
}

}  // namespace ts::layers
