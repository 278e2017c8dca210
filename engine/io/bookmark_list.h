// The bookmarks a user edits in the viewer: the scene's own, or those of its user file,
// added (the current view), renamed and deleted, and saved to the user file after every
// change (never over the scene file). A save that fails keeps the list and says why.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "scene/city_model.h"

namespace ts::io {

class BookmarkList {
 public:
  BookmarkList() = default;
  // `userFile` empty: changes are kept for the session only.
  BookmarkList(std::vector<scene::CameraBookmark> bookmarks, std::filesystem::path userFile)
      : m_bookmarks(std::move(bookmarks)), m_userFile(std::move(userFile)) {}

  // The scene's bookmarks, or the user file's when it exists. A user file that cannot be
  // read is an error naming it; the caller then keeps the scene's and leaves the file.
  [[nodiscard]] static Result<BookmarkList> load(const std::vector<scene::CameraBookmark>& sceneBookmarks,
                                                 const std::filesystem::path& userFile);

  const std::vector<scene::CameraBookmark>& bookmarks() const { return m_bookmarks; }
  const std::filesystem::path& userFile() const { return m_userFile; }
  // Why the last save failed; empty when it worked.
  const std::string& saveError() const { return m_saveError; }

  // Adds `view` as "view N" (N: the new count) and saves.
  void add(scene::CameraBookmark view);
  // Renames bookmark `index` (an empty name is refused) and saves; false if nothing changed.
  bool rename(size_t index, const std::string& name);
  // Deletes bookmark `index` and saves; false when there is no such bookmark.
  bool remove(size_t index);

 private:
  void save();
  std::vector<scene::CameraBookmark> m_bookmarks;
  std::filesystem::path m_userFile;
  std::string m_saveError;
};

}  // namespace ts::io
