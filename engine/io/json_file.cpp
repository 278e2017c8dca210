#include "io/json_file.h"

#include <fstream>

namespace ts::io {

Result<nlohmann::json> readJsonFile(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open " + what + " '" + path.string() + "'");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    return fail("'" + path.string() + "' is not valid JSON: " + e.what());
  }
}

scene::Attribute attributeFromJson(const std::string& key, const nlohmann::json& v) {
  scene::Attribute a;
  a.key = key;
  if (v.is_boolean())
    a.value = v.get<bool>();
  else if (v.is_number())
    a.value = v.get<double>();
  else if (v.is_string())
    a.value = v.get<std::string>();
  else if (!v.is_null())
    a.value = v.dump();
  return a;
}

}  // namespace ts::io
