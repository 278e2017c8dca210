// Shared by the file readers (scene files, GeoJSON, CityJSON, entity lists): reading a
// whole file under a size cap, parsing JSON with errors that name it, and turning JSON
// values into building attributes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "io/input_limits.h"
#include "scene/building.h"

namespace ts::io {

// The file's bytes; `what` names the kind of file for messages ("GeoJSON file"). A file
// over `maxBytes` is an error naming it and the limit, before anything is read.
Result<std::string> readFileText(const std::filesystem::path& path, const std::string& what, uint64_t maxBytes);

// `text` (the content of `path`) as JSON, nesting capped (core/json_parse.h); errors name
// the file.
Result<nlohmann::json> parseJsonText(std::string_view text, const std::filesystem::path& path);

// readFileText, then parseJsonText.
Result<nlohmann::json> readJsonFile(const std::filesystem::path& path, const std::string& what,
                                    uint64_t maxBytes = 2 * kGiB);

// A JSON value as a building attribute: booleans, numbers and strings as themselves,
// null as null, arrays and objects as their JSON text.
scene::Attribute attributeFromJson(const std::string& key, const nlohmann::json& value);

}  // namespace ts::io
