// One MQTT feed: libmosquitto on its own thread, connecting (TLS, username/password,
// MQTT 3.1.1 or 5), subscribing to every topic filter of the spec, reconnecting with a
// backoff and resubscribing after the broker went away. Each message is parsed and
// validated on that thread (MessageMapper) and its updates go to the UpdateQueue; bad
// messages are counted with their topic and reason. The frame thread only reads health().
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "feeds/mapping.h"
#include "feeds/message_sink.h"

namespace ts::feeds {

struct FeedHealth {
  std::string name, broker;
  bool connected = false;
  std::string status;          // "connected", "connecting", or why not: "connection refused; retrying in 2 s"
  uint64_t messages = 0;       // received and mapped
  uint64_t updates = 0;        // attribute updates handed to the queue (`dropped` of them did not fit)
  uint64_t malformed = 0;      // refused: bad JSON, wrong types, NaN, too large, no mapping
  uint64_t unknownEntity = 0;  // refused: an id the scene does not have
  uint64_t dropped = 0;        // updates the full queue refused
  uint64_t reconnects = 0;
  double messagesPerSecond = 0;  // over the last few seconds
  double lagSeconds = 0;         // receive time - measurement time of the newest message
  double lastMessageWall = 0;    // wall time of the newest message (0: none yet)
  std::string lastError;         // "topic: reason" of the newest refused message
};

class MqttFeed {
 public:
  // Starts the feed's thread (which keeps trying to connect; the constructor never waits).
  // `sink` (may be null) sees every mapped message; it must outlive the feed.
  MqttFeed(int index, MessageMapper mapper, twin::UpdateQueue& queue, MessageSink* sink = nullptr);
  ~MqttFeed();  // disconnects and joins the thread
  MqttFeed(const MqttFeed&) = delete;
  MqttFeed& operator=(const MqttFeed&) = delete;

  FeedHealth health() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace ts::feeds
