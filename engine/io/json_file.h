// Shared by the JSON-based readers (GeoJSON, CityJSON, entity lists): reading a whole
// file with errors that name it, and turning JSON values into building attributes.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "scene/building.h"

namespace ts::io {

// `what` names the kind of file for the "cannot open" message ("GeoJSON file").
Result<nlohmann::json> readJsonFile(const std::filesystem::path& path, const std::string& what);

// A JSON value as a building attribute: booleans, numbers and strings as themselves,
// null as null, arrays and objects as their JSON text.
scene::Attribute attributeFromJson(const std::string& key, const nlohmann::json& value);

}  // namespace ts::io
