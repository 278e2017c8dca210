// The thread behind every FrameSink: a bounded queue of frames and one consumer thread
// that hands each frame to the sink's writer, timing it.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "video/frame_sink.h"

namespace ts::video {

class FrameWorker {
 public:
  // Called on the worker thread, once per frame, in push order.
  using Consume = std::function<Result<>(const io::RgbaImage&)>;

  FrameWorker(uint32_t capacity, Consume consume);
  ~FrameWorker();  // stop()
  FrameWorker(const FrameWorker&) = delete;
  FrameWorker& operator=(const FrameWorker&) = delete;

  // Queues a frame, waiting while `capacity` frames are queued. Returns the consumer's
  // first error once it has failed, without queueing.
  Result<> push(io::RgbaImage frame);
  // Waits until every queued frame is consumed, then ends the thread. Returns the
  // consumer's first error.
  Result<> drain();
  // Drops what is queued, waits only for the frame being consumed, ends the thread.
  void stop();

  // Time spent outside the consumer that still belongs to encoding (the final flush).
  void addEncodeMs(double ms);
  FrameSinkStats stats() const;

 private:
  void run();
  void join(bool dropQueued);

  Consume m_consume;
  uint32_t m_capacity;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;  // a frame queued or taken, failure, stop
  std::deque<io::RgbaImage> m_queue;
  bool m_stop = false;
  std::optional<Error> m_error;
  FrameSinkStats m_stats;
  std::thread m_thread;  // last: starts once everything above exists
};

}  // namespace ts::video
