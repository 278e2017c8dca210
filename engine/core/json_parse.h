// Parsing JSON that comes from outside (files, feed payloads) with a cap on nesting.
// nlohmann's parser itself is iterative, but dump() and the readers' recursive walks are
// not: a few megabytes of "[[[[…" would overflow the stack. Every reader of a user's JSON
// parses through here. The caps are documented in docs/scene-format.md ("Input limits").
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace ts {

// Arrays and objects within each other; no real scene, GeoJSON, CityJSON or payload
// comes near it (CityJSON's deepest, a CompositeSolid's boundaries, is 5).
constexpr int kMaxJsonDepth = 128;

// The deepest nesting of arrays and objects in `text` (0 for a scalar), counted without
// parsing: brackets inside strings do not count. Stops counting past `limit`.
int jsonNestingDepth(std::string_view text, int limit = kMaxJsonDepth);

// `text` as JSON, or an error whose message says where and why, for the caller to put
// after "'file' is not valid JSON: ": nlohmann's reason without its exception tag, or
// "arrays and objects nest deeper than 128 levels (the limit)".
Result<nlohmann::json> parseJson(std::string_view text, int maxDepth = kMaxJsonDepth);

}  // namespace ts
