#include "io/user_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"

namespace fs = std::filesystem;
using namespace ts;

TEST(UserFile, SitsBesideTheSceneAndNeverOverIt) {
  EXPECT_EQ(io::userFileFor("/data/qtsc/scene.json"), fs::path("/data/qtsc/scene.user.json"));
  EXPECT_EQ(io::userFileFor("demo").filename(), "demo.user.json");
}

TEST(UserFile, BookmarksRoundTripAndBrokenFilesAreErrors) {
  fs::path dir = testTempDir("user");
  fs::path file = dir / "scene.user.json";
  fs::remove(file);
  auto none = io::readUserBookmarks(file);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty()) << "a missing user file is simply no bookmarks";

  std::vector<scene::CameraBookmark> bms = {{"Cổng chính", {10, 20, 2}, 200, -12, 350},
                                            {"overview", {0, 0, 0}, 30, -35, 2600}};
  ASSERT_TRUE(io::writeUserBookmarks(file, bms));
  auto back = io::readUserBookmarks(file);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "Cổng chính");
  EXPECT_EQ((*back)[0].targetEnu, glm::vec3(10, 20, 2));
  EXPECT_DOUBLE_EQ((*back)[0].rangeM, 350);

  std::ofstream(file) << R"({"bookmarks": [{"name": "x", "range_m": "far"}]})";
  auto bad = io::readUserBookmarks(file);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("scene.user.json"), std::string::npos);
  EXPECT_NE(bad.error().message.find("range_m"), std::string::npos);
  std::ofstream(file) << "{ not json";
  EXPECT_FALSE(io::readUserBookmarks(file));
}
