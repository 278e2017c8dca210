// A progress bar on stderr for long jobs (loads, tour videos): redrawn in place (at most
// 10 times a second) with the time left at the rate so far, when stderr is a terminal;
// silent otherwise so logs and CI output stay clean.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace ts {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label, size_t total);
  ~ProgressBar();  // finishes the line
  // `done` of `total` steps; `detail` e.g. "buildings 12,340  triangles 1.2 M".
  void update(size_t done, const std::string& detail = {});
  void setTotal(size_t total) { m_total = total; }
  static bool enabled();

 private:
  std::string m_label;
  size_t m_total;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_last{};
  const std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

}  // namespace ts
