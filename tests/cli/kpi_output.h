// The JSON object `twinscape kpi` printed, out of its output (stdout and stderr together:
// log lines may come before it), for the CLI tests.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

// The object, or a discarded value when there is none.
inline nlohmann::json kpiOutputJson(const std::string& output) {
  size_t begin = output.starts_with("{") ? 0 : output.find("\n{");
  if (begin != std::string::npos && begin > 0) ++begin;
  size_t end = output.rfind("\n}");
  if (begin == std::string::npos || end == std::string::npos || end < begin)
    return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(output.substr(begin, end + 2 - begin), nullptr, false);
}
