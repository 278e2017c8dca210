#include "viewer/frame_timer.h"

#include <algorithm>

#include "viewer/viewer.h"

namespace ts::viewer {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
}

void FrameTimer::frameDone(double frameMs, double presentMs, bool layersBusy) {
  m_last = frameMs;
  if (++m_frames <= kWarmupFrames) return;
  m_frame.push_back(frameMs);
  (layersBusy ? m_busy : m_idle).push_back(frameMs);
  m_present.push_back(presentMs);
}

ViewerResult FrameTimer::summary() const {
  ViewerResult r;
  r.frameMsMedian = quantile(m_frame, 0.5);
  r.frameMsP95 = quantile(m_frame, 0.95);
  r.frameMsMedianBusy = quantile(m_busy, 0.5), r.frameMsP95Busy = quantile(m_busy, 0.95);
  r.frameMsMedianIdle = quantile(m_idle, 0.5), r.frameMsP95Idle = quantile(m_idle, 0.95);
  r.framesBusy = m_busy.size();
  r.presentMsMedian = quantile(m_present, 0.5);
  return r;
}

}  // namespace ts::viewer
