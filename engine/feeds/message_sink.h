// What a feed hands on besides the StateStore's updates: every message as received, with
// the updates it gave (the recorder appends both to a recording).
#pragma once
#include <string_view>
#include <vector>

#include "twin/state_store.h"

namespace ts::feeds {

struct ReceivedMessage {
  int feed = 0;  // index into the scene's feeds
  std::string_view topic, payload;
  double received = 0;     // wall time, seconds since the epoch
  twin::SimTime time = 0;  // the measurement time parsed from the payload (else = received)
};

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Called on a feed's thread for every message that mapped; must not block for long.
  virtual void onMessage(const ReceivedMessage& m, const std::vector<twin::Update>& updates) = 0;
};

}  // namespace ts::feeds
