// The real app in a real window, under Xvfb (started per test by xvfb-run), validation on.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "io/png.h"

namespace fs = std::filesystem;

namespace {

struct AppRun {
  int exitCode;
  std::string output;
};

AppRun run(const std::string& cmd) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  AppRun r{-1, ""};
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string underXvfb(const std::string& args) {
  return "xvfb-run -a -s '-screen 0 1280x800x24' " + std::string(TS_TWINSCAPE_BIN) + " " + args;
}

fs::path tempDir() {
  fs::path d = fs::temp_directory_path() / ("twinscape-window-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST(Window, DemoRendersInAWindowAndTheScreenshotShowsTheCity) {
  fs::path shot = tempDir() / "view.png";
  fs::remove(shot);
  AppRun r = run(underXvfb("view demo --camera cbd --size 480x270 --frames 4 --screenshot " + shot.string() + " --validation"));
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << r.output;
  auto img = ts::io::readPng(shot);
  ASSERT_TRUE(img) << img.error().message;
  EXPECT_EQ(img->width, 480u);
  EXPECT_EQ(img->height, 270u);
  std::set<uint32_t> colours;
  for (size_t i = 0; i < img->pixels.size(); i += 4)
    colours.insert(img->pixels[i] | img->pixels[i + 1] << 8 | img->pixels[i + 2] << 16);
  EXPECT_GT(colours.size(), 500u) << "a city has many colours; a blank or failed frame has few";
}

TEST(Window, WithoutADisplayTheErrorSaysWhatToDo) {
  AppRun r = run("env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(TS_TWINSCAPE_BIN) + " view demo --frames 1");
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("cannot open a window"), std::string::npos) << r.output;
}

TEST(Window, ScreenshotNeedsFrames) {
  AppRun r = run(std::string(TS_TWINSCAPE_BIN) + " view demo --screenshot x.png");
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("--frames"), std::string::npos) << r.output;
}
