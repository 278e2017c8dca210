#include "io/bookmark_list.h"

#include "io/user_file.h"

namespace ts::io {

Result<BookmarkList> BookmarkList::load(const std::vector<scene::CameraBookmark>& sceneBookmarks,
                                        const std::filesystem::path& userFile) {
  if (userFile.empty() || !std::filesystem::exists(userFile)) return BookmarkList(sceneBookmarks, userFile);
  auto user = readUserBookmarks(userFile);
  if (!user) return std::unexpected(user.error());
  return BookmarkList(std::move(*user), userFile);
}

void BookmarkList::add(scene::CameraBookmark view) {
  view.name = "view " + std::to_string(m_bookmarks.size() + 1);
  m_bookmarks.push_back(std::move(view));
  save();
}

bool BookmarkList::rename(size_t index, const std::string& name) {
  if (index >= m_bookmarks.size() || name.empty() || m_bookmarks[index].name == name) return false;
  m_bookmarks[index].name = name;
  save();
  return true;
}

bool BookmarkList::remove(size_t index) {
  if (index >= m_bookmarks.size()) return false;
  m_bookmarks.erase(m_bookmarks.begin() + std::ptrdiff_t(index));
  save();
  return true;
}

void BookmarkList::save() {
  m_saveError.clear();
  if (m_userFile.empty()) return;
  if (auto r = writeUserBookmarks(m_userFile, m_bookmarks); !r) m_saveError = r.error().message;
}

}  // namespace ts::io
