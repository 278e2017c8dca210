// Frame times as the viewer reports them: wall time between presented frames after three
// warm-up frames, split by whether a live layer was computing, and the time in present.
#pragma once
#include <cstdint>
#include <vector>

namespace ts::viewer {

struct ViewerResult;

// The q-quantile (0..1) of `v` by nearest rank; 0 for none.
double quantile(std::vector<double> v, double q);

class FrameTimer {
 public:
  void frameDone(double frameMs, double presentMs, bool layersBusy);
  double lastFrameMs() const { return m_last; }
  // The medians and 95th percentiles (frames is left to the caller).
  ViewerResult summary() const;

 private:
  static constexpr uint64_t kWarmupFrames = 3;
  uint64_t m_frames = 0;
  double m_last = 0;
  std::vector<double> m_frame, m_present, m_busy, m_idle;
};

}  // namespace ts::viewer
