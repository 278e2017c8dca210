#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace ts {

bool ProgressBar::enabled() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, size_t total) : m_label(std::move(label)), m_total(total) {}

ProgressBar::~ProgressBar() {
  if (m_drawn) std::fputc('\n', stderr);
}

void ProgressBar::update(size_t done, const std::string& detail) {
  if (!enabled()) return;
  auto now = std::chrono::steady_clock::now();
  if (done < m_total && m_drawn && now - m_last < std::chrono::milliseconds(100)) return;
  m_last = now;
  const int width = 30;
  double f = m_total ? double(done) / double(m_total) : 1.0;
  int filled = int(f * width + 0.5);
  std::string bar(size_t(filled), '#');
  bar.resize(width, '.');
  // The time left at the rate so far, once there is a rate to speak of.
  const double elapsed = std::chrono::duration<double>(now - m_start).count();
  char eta[32] = "";
  if (done > 0 && done < m_total && elapsed > 1) {
    const int left = int(elapsed * double(m_total - done) / double(done) + 0.5);
    std::snprintf(eta, sizeof eta, "  ETA %d:%02d", left / 60, left % 60);
  }
  std::fprintf(stderr, "\r%-24.24s [%s] %3d%%%s  %s\033[K", m_label.c_str(), bar.c_str(), int(f * 100 + 0.5), eta,
               detail.c_str());
  std::fflush(stderr);
  m_drawn = true;
}

}  // namespace ts
