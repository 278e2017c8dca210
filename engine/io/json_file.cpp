#include "io/json_file.h"

#include <fstream>

#include "core/json_parse.h"

namespace ts::io {

namespace {

std::string sizeText(uint64_t bytes) {
  char text[32];
  if (bytes >= kGiB)
    std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(kGiB));
  else
    std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / double(kMiB));
  return text;
}

}  // namespace

Result<std::string> readFileText(const std::filesystem::path& path, const std::string& what, uint64_t maxBytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail("cannot open " + what + " '" + path.string() + "'" +
                (std::filesystem::exists(path) ? " (permission denied?)" : " (no such file)"));
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) return fail("cannot read " + what + " '" + path.string() + "': " + ec.message());
  if (size > maxBytes)
    return fail("'" + path.string() + "' is " + sizeText(size) + ", over the " + sizeText(maxBytes) + " " + what +
                " limit (see \"Input limits\" in docs/scene-format.md)");
  std::string text(size, '\0');
  if (!in.read(text.data(), std::streamsize(size)))
    return fail("cannot read " + what + " '" + path.string() + "' (it changed while being read?)");
  return text;
}

Result<nlohmann::json> parseJsonText(std::string_view text, const std::filesystem::path& path) {
  auto doc = parseJson(text);
  if (!doc) return fail("'" + path.string() + "' is not valid JSON: " + doc.error().message);
  return doc;
}

Result<nlohmann::json> readJsonFile(const std::filesystem::path& path, const std::string& what, uint64_t maxBytes) {
  auto text = readFileText(path, what, maxBytes);
  if (!text) return std::unexpected(text.error());
  return parseJsonText(*text, path);
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
