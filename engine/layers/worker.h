// A background worker that always works on the latest request: the frame thread posts
// what it wants (replacing anything not started yet) and picks up the newest published
// result whenever it likes, never waiting. Headless callers can wait() for it.
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace ts::layers {

// How background work shares the machine with the frame (process-wide, read when a
// worker starts a job): at most `threads` cores per job (0: all) and, with `lowPriority`,
// a nice value of 10 so the render thread is scheduled first. The viewer uses half the
// cores at low priority; headless commands use everything.
struct BackgroundPolicy {
  int threads = 0;
  bool lowPriority = false;
};
void setBackgroundPolicy(BackgroundPolicy p);
BackgroundPolicy backgroundPolicy();
// Runs `job` on the calling thread under the policy: inside a TBB arena of `threads`
// slots, and with `lowPriority` every thread that works in it (the caller and the TBB
// workers that join its parallel loops) at nice 10. A thread's nice value cannot be
// raised again without privileges, so TBB workers stay lowered afterwards.
void runInBackground(const std::function<void()>& job);

template <class Request, class Result>
class LatestWorker {
 public:
  using Work = std::function<std::shared_ptr<const Result>(const Request&)>;
  explicit LatestWorker(Work work) : m_work(std::move(work)), m_thread([this] { run(); }) {}
  ~LatestWorker() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
  }
  LatestWorker(const LatestWorker&) = delete;
  LatestWorker& operator=(const LatestWorker&) = delete;

  void post(Request r) {
    {
      std::lock_guard lock(m_mutex);
      m_pending = std::move(r);
    }
    m_wake.notify_all();
  }
  // The newest result (null before the first one).
  std::shared_ptr<const Result> latest() const {
    std::lock_guard lock(m_mutex);
    return m_latest;
  }
  // True while a request is queued or being worked on.
  bool busy() const {
    std::lock_guard lock(m_mutex);
    return m_pending.has_value() || m_running;
  }
  // Why the last job failed (it threw), until a later one succeeds; the newest good
  // result stays published meanwhile.
  std::optional<std::string> error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
  }
  // Blocks until everything posted so far is published.
  void wait() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [&] { return !m_pending && !m_running; });
  }

 private:
  void run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_wake.wait(lock, [&] { return m_stop || m_pending.has_value(); });
      if (m_stop) return;
      Request r = std::move(*m_pending);
      m_pending.reset();
      m_running = true;
      lock.unlock();
      std::shared_ptr<const Result> out;
      std::optional<std::string> error;
      try {
        runInBackground([&] { out = m_work(r); });
      } catch (const std::bad_alloc&) {
        error = "out of memory";
      } catch (const std::exception& e) {
        error = e.what();
      }
      lock.lock();
      if (out) m_latest = std::move(out);
      m_error = std::move(error);
      m_running = false;
      if (!m_pending) m_idle.notify_all();
    }
  }

  Work m_work;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake, m_idle;
  std::optional<Request> m_pending;
  std::shared_ptr<const Result> m_latest;
  std::optional<std::string> m_error;
  bool m_running = false, m_stop = false;
  std::thread m_thread;  // last: starts once everything above exists
};

}  // namespace ts::layers
