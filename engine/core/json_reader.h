// Reading a user's JSON file with messages that name the file and the JSON path of what is
// wrong ("demo.json: 'events[2].start' must be a string, not a number"): the first error
// is fatal, unknown keys become warnings. Shared by the readers of feed specs and
// scenario files; a reader derives from it and adds its own sections.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "core/json_type.h"

namespace ts {

struct JsonReader {
  std::string where;                             // the file, for messages
  std::vector<std::string>* warnings = nullptr;  // unknown keys (none: not reported)
  std::optional<std::string> error;              // the first error

  bool failAt(const std::string& path, const std::string& what) {
    if (!error) error = where + ": '" + path + "' " + what;
    return false;
  }
  // `context` follows the key in the warning ("for kind site_outage").
  void checkKeys(const nlohmann::json& obj, const std::string& path, const std::vector<const char*>& known,
                 const std::string& context = "") {
    std::set<std::string> k(known.begin(), known.end());
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (!k.count(it.key()) && warnings)
        warnings->push_back(where + ": unknown key '" + path + "." + it.key() + "'" +
                            (context.empty() ? "" : " " + context) + " (ignored)");
  }
  bool isObject(const nlohmann::json& j, const std::string& path) {
    return j.is_object() || failAt(path, std::string("must be an object, not ") + jsonTypeName(j));
  }
  // obj[key] into out when it is there (and of the right type); a missing required key
  // is an error.
  template <class T>
  bool get(const nlohmann::json& obj, const char* key, const std::string& path, T& out, bool required = false) {
    std::string p = path + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) return required ? failAt(p, "is missing") : true;
    if constexpr (std::is_same_v<T, std::string>) {
      if (!it->is_string()) return failAt(p, std::string("must be a string, not ") + jsonTypeName(*it));
      out = it->template get<std::string>();
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!it->is_boolean()) return failAt(p, std::string("must be true or false, not ") + jsonTypeName(*it));
      out = it->template get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
      if (!it->is_number_integer()) return failAt(p, std::string("must be a whole number, not ") + jsonTypeName(*it));
      const int64_t v = it->template get<int64_t>();
      if (v < -1000000000 || v > 1000000000) return failAt(p, "is out of range");
      if (std::is_unsigned_v<T> && v < 0) return failAt(p, "must be 0 or more");
      out = T(v);
    } else {
      if (!it->is_number()) return failAt(p, std::string("must be a number, not ") + jsonTypeName(*it));
      out = it->template get<T>();
    }
    return true;
  }
  // A number that must lie in [lo, hi].
  bool getIn(const nlohmann::json& obj, const char* key, const std::string& path, double& out, double lo, double hi,
             bool required = false) {
    if (!get(obj, key, path, out, required)) return false;
    if (obj.contains(key) && !(out >= lo && out <= hi))
      return failAt(path + "." + key, "must be from " + number(lo) + " to " + number(hi));
    return true;
  }
  static std::string number(double v) {
    std::string s = nlohmann::json(v).dump();
    if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
    return s;
  }
};

}  // namespace ts
