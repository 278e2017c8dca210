#include "core/json_parse.h"

namespace ts {

int jsonNestingDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> parseJson(std::string_view text, int maxDepth) {
  // A scan before parsing rather than nlohmann's parser callback, which would cost a call
  // per value on files of hundreds of megabytes.
  if (jsonNestingDepth(text, maxDepth) > maxDepth)
    return fail("arrays and objects nest deeper than " + std::to_string(maxDepth) + " levels (the limit)");
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse errors, and numbers out of range (1e999)
    std::string what = e.what();                  // "[json.exception.parse_error.101] parse error at …"
    size_t tag = what.find("] ");
    return fail(tag == std::string::npos ? what : what.substr(tag + 2));
  }
}

}  // namespace ts
