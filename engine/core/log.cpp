#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace ts::log {

bool init(const std::string& level) {
  auto lvl = spdlog::level::from_str(level);
  // from_str maps anything unknown to "off"; only accept that when asked for.
  if (lvl == spdlog::level::off && level != "off") return false;
  auto logger = spdlog::get("twinscape");
  if (!logger) logger = spdlog::stderr_color_mt("twinscape");
  logger->set_pattern("%^[%l]%$ %v");
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
  return true;
}

}  // namespace ts::log
