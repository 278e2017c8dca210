// Ctrl-C and SIGTERM for the long-running headless commands (record, feed-sim): instead of
// dying mid-write, they see a flag, stop, flush and print what they did.
#pragma once
#include <atomic>

namespace ts::app {

// Installs the handlers (and ignores SIGPIPE: a broker that goes away is an error to
// handle, not a signal); returns the flag they set.
const std::atomic<bool>& installStopSignals();

}  // namespace ts::app
