// What kind of JSON value a user wrote, in words for error messages ("'height' must be a
// number, not a string"). Shared by every reader of JSON input.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace ts {

// obj[key] when `obj` is an object holding a string there, else `fallback`. Unlike
// json::value, never throws when the key holds another type ({"type": 5}) or `obj` is
// not an object: readers of outside files take what they can and warn about the rest.
inline std::string stringMember(const nlohmann::json& obj, const char* key, const std::string& fallback = {}) {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline const char* jsonTypeName(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

}  // namespace ts
