// Logging: spdlog to stderr, with a level set once from the command line.
#pragma once
#include <spdlog/spdlog.h>

namespace ts::log {
// Sets up the process-wide logger (stderr, coloured when a terminal) at `level`
// ("trace", "debug", "info", "warn", "error", "off"). Returns false for an unknown level.
bool init(const std::string& level);
}  // namespace ts::log
