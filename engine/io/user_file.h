// The user's own additions to a scene, kept beside it and never written over it:
// bookmarks added, renamed or deleted in the viewer. For a scene file `city.json` it is
// `city.user.json` in the same folder; for the demo, demo.user.json in the config folder.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "scene/city_model.h"

namespace ts::io {

// The config folder: $XDG_CONFIG_HOME/twinscape or ~/.config/twinscape.
std::filesystem::path configDir();
std::filesystem::path userFileFor(const std::string& scene);

// Bookmarks from a user file; a missing file is no bookmarks, a broken one an error
// naming it (the viewer then keeps the scene's bookmarks and does not overwrite it).
Result<std::vector<scene::CameraBookmark>> readUserBookmarks(const std::filesystem::path& file);
Result<> writeUserBookmarks(const std::filesystem::path& file, const std::vector<scene::CameraBookmark>& bookmarks);

}  // namespace ts::io
