#include "video/frame_worker.h"

#include <chrono>

namespace ts::video {

namespace {
double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

FrameWorker::FrameWorker(uint32_t capacity, Consume consume)
    : m_consume(std::move(consume)), m_capacity(capacity < 1 ? 1 : capacity), m_thread([this] { run(); }) {}

FrameWorker::~FrameWorker() { stop(); }

Result<> FrameWorker::push(io::RgbaImage frame) {
  std::unique_lock lock(m_mutex);
  if (m_stop) return fail("frames pushed after the output was finished");
  if (m_error) return std::unexpected(*m_error);
  if (m_queue.size() >= m_capacity) {
    auto start = std::chrono::steady_clock::now();
    m_changed.wait(lock, [&] { return m_queue.size() < m_capacity || m_error; });
    m_stats.pushBlockedMs += msSince(start);
    if (m_error) return std::unexpected(*m_error);
  }
  m_queue.push_back(std::move(frame));
  ++m_stats.framesPushed;
  lock.unlock();
  m_changed.notify_all();
  return {};
}

Result<> FrameWorker::drain() {
  join(false);
  std::lock_guard lock(m_mutex);
  if (m_error) return std::unexpected(*m_error);
  return {};
}

void FrameWorker::stop() { join(true); }

void FrameWorker::join(bool dropQueued) {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
    if (dropQueued) m_queue.clear();
  }
  m_changed.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void FrameWorker::addEncodeMs(double ms) {
  std::lock_guard lock(m_mutex);
  m_stats.encodeMs += ms;
}

FrameSinkStats FrameWorker::stats() const {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

void FrameWorker::run() {
  for (;;) {
    io::RgbaImage frame;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_stop || !m_queue.empty(); });
      // Stopping with frames left means drain(): they are written first. After a failure
      // nothing more is consumed; the queue is emptied so no push() waits for room.
      if (m_queue.empty() || m_error) return;
      frame = std::move(m_queue.front());
      m_queue.pop_front();
    }
    m_changed.notify_all();  // room for the next push
    auto start = std::chrono::steady_clock::now();
    Result<> r = m_consume(frame);
    double ms = msSince(start);
    {
      std::lock_guard lock(m_mutex);
      m_stats.encodeMs += ms;
      if (r) {
        ++m_stats.framesWritten;
      } else {
        m_error = r.error();
        m_queue.clear();
      }
    }
    if (!r) m_changed.notify_all();
  }
}

}  // namespace ts::video
