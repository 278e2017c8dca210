// Access to the files under assets/ that the build embeds into the binary
// (cmake/Assets.cmake, assets/CMakeLists.txt), so nothing is looked up at run time.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace ts::assets {
// A file's bytes by its path under assets/ ("demo/demo-city.json"); nullopt if it was not
// embedded. The text is followed by a NUL that is not part of the view.
std::optional<std::string_view> text(std::string_view name);
// Every embedded file's path under assets/.
std::vector<std::string_view> names();
}  // namespace ts::assets
