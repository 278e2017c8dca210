// The real app in a real window, under Xvfb (started per test by xvfb-run), validation on.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "../support/image_diff.h"
#include "../support/process.h"
#include "../support/temp_dir.h"
#include "io/png.h"

namespace fs = std::filesystem;

namespace {

using AppRun = ProcessRun;

AppRun run(const std::string& command) { return runCommand(command); }

fs::path tempDir() { return testTempDir("window"); }

// A command line under its own X server. HOME points into the test folder so the saved
// panel layout, window size and user files stay out of the user's.
std::string xvfb(const fs::path& home, const std::string& command, const std::string& screen = "1280x800x24") {
  // -f: our own auth file, so xvfb-run makes no temporary folder (whose removal has
  // failed now and then on a busy machine, turning the app's exit code into xvfb-run's 5).
  return "env HOME=" + home.string() + " xvfb-run -a -f " + (home / ".Xauthority").string() + " -s '-screen 0 " +
         screen + "' " + command;
}

std::string underXvfb(const std::string& args) { return xvfb(tempDir(), std::string(TS_TWINSCAPE_BIN) + " " + args); }

// The live layers at a fixed sim time, the same for the window and for `render`
// (data-centre labels are drawn by the UI only, so that layer stays off here).
const std::string kLayersAt = " --at 2026-06-01T15:00:00+07:00 --layers coverage5g,cameras";

ts::io::RgbaImage screenshot(const std::string& name, const std::string& args) {
  fs::path shot = tempDir() / name;
  fs::remove(shot);
  AppRun r = run(underXvfb("view demo --camera cbd --size 640x360 --frames 4 --screenshot " + shot.string() +
                           " --validation" + kLayersAt + " --speed 0 --sync-layers " + args));
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << r.output;
  auto img = ts::io::readPng(shot);
  EXPECT_TRUE(img) << (img ? "" : img.error().message);
  return img ? *img : ts::io::RgbaImage{};
}

// The same view rendered offscreen by `twinscape render`.
ts::io::RgbaImage headless(const std::string& name) {
  fs::path out = tempDir() / name;
  AppRun r = run(std::string(TS_TWINSCAPE_BIN) + " render --scene demo --camera cbd --size 640x360 --out " +
                 out.string() + kLayersAt);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  auto img = ts::io::readPng(out);
  return img ? *img : ts::io::RgbaImage{};
}

}  // namespace

TEST(Window, DemoRendersInAWindowAndTheScreenshotShowsTheCity) {
  fs::path shot = tempDir() / "view.png";
  fs::remove(shot);
  AppRun r = run(
      underXvfb("view demo --camera cbd --size 480x270 --frames 4 --screenshot " + shot.string() + " --validation"));
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

TEST(Window, KioskShowsExactlyTheSceneAndTheInspectorDrawsOverIt) {
  ts::io::RgbaImage offscreen = headless("offscreen.png");
  ts::io::RgbaImage kiosk = screenshot("kiosk.png", "--kiosk");
  ts::io::RgbaImage withUi = screenshot("ui.png", "");
  ASSERT_EQ(kiosk.width, 640u);
  ASSERT_EQ(withUi.width, 640u);
  ASSERT_EQ(offscreen.width, 640u);
  // The window is only another target: without panels it shows what `render` writes,
  // live layers included.
  EXPECT_LT(differing(kiosk, offscreen, 0, 0, 640, 360), 0.01);
  // With the inspector, its panels cover the top left (layers); the bottom left shows the scene.
  EXPECT_GT(differing(withUi, offscreen, 20, 30, 280, 180), 0.5);
  // ... and the Live panel (clock, layers, KPIs) the top right.
  EXPECT_GT(differing(withUi, offscreen, 420, 30, 620, 200), 0.5);
  // The timeline bar along the bottom, at the full width, over the scene.
  EXPECT_GT(differing(withUi, offscreen, 0, 330, 640, 360), 0.5) << "the timeline bar";
  EXPECT_GT(differing(withUi, offscreen, 560, 330, 640, 360), 0.5) << "the bar reaches the right edge";
  EXPECT_LT(differing(withUi, offscreen, 20, 210, 280, 245), 0.05) << "the rest of the view is the scene";
}

TEST(Window, ClickingABuildingSelectsItAndShowsItsName) {
  auto view = [&](const std::string& name, const std::string& extra) {
    fs::path shot = tempDir() / name;
    fs::remove(shot);
    AppRun r = run(underXvfb("view demo --camera cbd --size 640x360 --frames 4 --validation --screenshot " +
                             shot.string() + extra));
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << r.output;
    auto img = ts::io::readPng(shot);
    EXPECT_TRUE(img) << name;
    return std::pair{r, img ? *img : ts::io::RgbaImage{}};
  };
  auto [selected, withPanels] = view("select.png", " --select-at 320,200");
  auto at = selected.output.find("selected building ");
  ASSERT_NE(at, std::string::npos) << selected.output;
  std::string line = selected.output.substr(at, selected.output.find('\n', at) - at);
  EXPECT_NE(line.find(": "), std::string::npos) << line;
  auto [plain, plainPanels] = view("plain.png", "");
  ASSERT_EQ(withPanels.width, 640u);
  ASSERT_EQ(plainPanels.width, 640u);
  // The selection panel opens at the top right, over the Live panel that is there otherwise.
  EXPECT_GT(differing(withPanels, plainPanels, 420, 30, 630, 130), 0.3) << "selection panel missing";
  // Without panels the pictures differ only where the selected building is tinted.
  auto [kioskRun, kioskSelected] = view("select-kiosk.png", " --kiosk --select-at 320,200");
  auto [kioskPlainRun, kioskPlain] = view("plain-kiosk.png", " --kiosk");
  ASSERT_EQ(kioskSelected.width, 640u);
  ASSERT_EQ(kioskPlain.width, 640u);
  EXPECT_GT(differing(kioskSelected, kioskPlain, 310, 190, 330, 210), 0.5)
      << "the building under the click is not tinted";
  const double all = differing(kioskSelected, kioskPlain, 0, 0, 640, 360);
  EXPECT_GT(all, 0.002);
  EXPECT_LT(all, 0.25) << "only the selected building changes";
}

TEST(Window, ResizingTheWindowRebuildsTheSwapchainWithoutValidationMessages) {
  fs::path shot = tempDir() / "resized.png";
  fs::remove(shot);
  // The viewer runs in the background; xdotool waits for its window and resizes it.
  std::string script = std::string(TS_TWINSCAPE_BIN) +
                       " view demo --camera cbd --size 640x360 --vsync off --frames 90 --screenshot " + shot.string() +
                       " --validation & pid=$!; xdotool search --sync --name Twinscape windowsize 400 300 >/dev/null; "
                       "wait $pid; echo exit=$?";
  AppRun r = run(xvfb(tempDir(), "sh -c '" + script + "'"));
  EXPECT_NE(r.output.find("exit=0"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << r.output;
  auto img = ts::io::readPng(shot);
  ASSERT_TRUE(img) << img.error().message;
  EXPECT_EQ(img->width, 400u);
  EXPECT_EQ(img->height, 300u);
}

TEST(Window, ARealMouseClickSelectsTheBuildingUnderTheCursor) {
  // xdotool moves the pointer over the window and clicks; the viewer logs its selection.
  std::string script = std::string(TS_TWINSCAPE_BIN) +
                       " view demo --camera cbd --size 640x360 --vsync off --frames 60 --kiosk --validation & pid=$!; "
                       "w=$(xdotool search --sync --name Twinscape | head -1); sleep 1; "
                       "xdotool mousemove --window $w 320 200 click 1; wait $pid; echo exit=$?";
  AppRun clicked = run(xvfb(tempDir(), "sh -c '" + script + "'"));
  EXPECT_NE(clicked.output.find("exit=0"), std::string::npos) << clicked.output;
  auto at = clicked.output.find("selected building ");
  ASSERT_NE(at, std::string::npos) << "the click selected nothing:\n" << clicked.output;
  std::string selection = clicked.output.substr(at, clicked.output.find('\n', at) - at);
  // The same pixel picked through the test hook names the same building.
  AppRun hook = run(underXvfb("view demo --camera cbd --size 640x360 --frames 2 --select-at 320,200"));
  EXPECT_NE(hook.output.find(selection), std::string::npos) << selection << "\nvs\n" << hook.output;
}

TEST(Window, BookmarksComeFromTheUserFileAndABrokenOneIsReportedNotFatal) {
  fs::path home = tempDir() / "home";
  fs::create_directories(home / ".config/twinscape");
  std::ofstream(home / ".config/twinscape/demo.user.json")
      << R"({"version": 1, "bookmarks": [{"name": "my view", "target": [0, 0, 0], "heading_deg": 10, "pitch_deg": -30, "range_m": 900}]})";
  const std::string view = std::string(TS_TWINSCAPE_BIN) + " view demo --frames 2 --size 320x200";
  AppRun good = run(xvfb(home, view));
  EXPECT_EQ(good.exitCode, 0) << good.output;
  EXPECT_NE(good.output.find("bookmarks from"), std::string::npos) << good.output;

  std::ofstream(home / ".config/twinscape/demo.user.json") << "{ broken";
  AppRun broken = run(xvfb(home, view));
  EXPECT_EQ(broken.exitCode, 0) << broken.output;
  EXPECT_NE(broken.output.find("demo.user.json"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find("left as it is"), std::string::npos) << broken.output;
}

TEST(Window, FullscreenTakesTheMonitorsNativeSizeAndTheWindowSizeIsRemembered) {
  fs::path home = tempDir() / "home-fs";
  fs::create_directories(home);
  fs::path shot = tempDir() / "fullscreen.png";
  auto view = [&](const std::string& args) {
    return run(xvfb(home, std::string(TS_TWINSCAPE_BIN) + " view demo " + args, "1024x640x24"));
  };
  AppRun fs1 = view("--fullscreen --monitor 0 --frames 2 --screenshot " + shot.string());
  ASSERT_EQ(fs1.exitCode, 0) << fs1.output;
  auto img = ts::io::readPng(shot);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->width, 1024u);
  EXPECT_EQ(img->height, 640u);
  AppRun badMonitor = view("--fullscreen --monitor 5 --frames 1");
  EXPECT_EQ(badMonitor.exitCode, 1) << badMonitor.output;
  EXPECT_NE(badMonitor.output.find("--monitor 5"), std::string::npos) << badMonitor.output;

  // A windowed run at 500x300 is remembered for the next run without --size.
  ASSERT_EQ(view("--size 500x300 --frames 2").exitCode, 0);
  AppRun again = view("--frames 2 --screenshot " + shot.string());
  ASSERT_EQ(again.exitCode, 0) << again.output;
  auto second = ts::io::readPng(shot);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->width, 500u);
  EXPECT_EQ(second->height, 300u);
}

TEST(Window, ClickingAnEntitySelectsItAndShowsItsValues) {
  // One AI camera at the scene origin, seen from 25 m: the centre pixel is its pole.
  fs::path dir = tempDir() / "entity";
  fs::create_directories(dir);
  std::ofstream(dir / "cams.csv") << "id,name,lat,lon,height_m,heading_deg\ncam-x,Camera cổng Bắc,10.78,106.70,8,45\n";
  std::ofstream(dir / "scene.json") << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "entities", "kind": "ai_cameras", "path": "cams.csv"}]})";
  auto view = [&](const std::string& extra, const fs::path& shot) {
    return run(underXvfb("view " + (dir / "scene.json").string() +
                         " --camera hpr:0,-10,25/0,0,4 --size 320x240 --frames 3 --kiosk" +
                         " --validation --screenshot " + shot.string() + extra));
  };
  AppRun r = view(" --select-at 160,120", dir / "selected.png");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("selected AI camera: Camera cổng Bắc"), std::string::npos) << r.output;
  ASSERT_EQ(view("", dir / "plain.png").exitCode, 0);
  auto selected = ts::io::readPng(dir / "selected.png"), plain = ts::io::readPng(dir / "plain.png");
  ASSERT_TRUE(selected && plain);
  auto centre = [](const ts::io::RgbaImage& img) { return &img.pixels[(size_t(120) * img.width + 160) * 4]; };
  // The pole is yellow (red over blue); selected, it turns cyan (blue over red).
  EXPECT_GT(centre(*plain)[0], centre(*plain)[2] + 60) << "expected the yellow pole at the centre";
  EXPECT_GT(centre(*selected)[2], centre(*selected)[0] + 30) << "the selected camera is not highlighted";
}

// The one style pipeline: the window and `render` colour buildings the same way, whatever
// the mode, and hide proposed buildings the same way.
TEST(Window, ColourByModesAndHiddenProposedBuildingsMatchRender) {
  auto rendered = [&](const std::string& name, const std::string& args) {
    fs::path out = tempDir() / name;
    AppRun r = run(std::string(TS_TWINSCAPE_BIN) + " render --scene demo --camera it-park --size 480x270 --out " +
                   out.string() + args);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    auto img = ts::io::readPng(out);
    return img ? *img : ts::io::RgbaImage{};
  };
  auto shown = [&](const std::string& name, const std::string& args) {
    fs::path shot = tempDir() / name;
    fs::remove(shot);
    AppRun r =
        run(underXvfb("view demo --camera it-park --size 480x270 --frames 3 --kiosk --validation --layers none"
                      " --screenshot " +
                      shot.string() + args));
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation messages:\n" << r.output;
    auto img = ts::io::readPng(shot);
    return img ? *img : ts::io::RgbaImage{};
  };
  const ts::io::RgbaImage source = rendered("source.png", "");
  ASSERT_EQ(source.width, 480u);
  for (const std::string mode : {"height", "status", "use"}) {
    const std::string args = " --colour-by " + mode + (mode == "use" ? " --hide-proposed" : "");
    ts::io::RgbaImage still = rendered("render-" + mode + ".png", args);
    ts::io::RgbaImage window = shown("view-" + mode + ".png", args);
    ASSERT_EQ(still.width, 480u) << mode;
    ASSERT_EQ(window.width, 480u) << mode;
    EXPECT_EQ(differing(window, still, 0, 0, 480, 270, 0), 0.0)
        << mode << ": the window shows what render writes, pixel for pixel";
    EXPECT_GT(differing(still, source, 0, 0, 480, 270), 0.05) << mode << " looks like source";
  }
}

// The presentation overlays are the same UI code in the kiosk window and in `render`:
// with the same flags, size, camera and sim time the window shows the still's pixels,
// overlays and all (and they are there: the corners differ from a plain still).
TEST(Window, KioskOverlaysMatchRender) {
  const std::string flags =
      " --overlays --caption 'Quận 1: the 14:00 outage' --kpi-cards coverage5g,sectors,cameras,temperature";
  const fs::path out = tempDir() / "overlays-render.png", plainOut = tempDir() / "overlays-plain.png";
  const std::string render =
      std::string(TS_TWINSCAPE_BIN) + " render --scene demo --camera cbd --size 640x360" + kLayersAt;
  AppRun r = run(render + flags + " --out " + out.string());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  AppRun p = run(render + " --out " + plainOut.string());
  ASSERT_EQ(p.exitCode, 0) << p.output;
  auto still = ts::io::readPng(out);
  auto plain = ts::io::readPng(plainOut);
  ASSERT_TRUE(still && plain);
  ts::io::RgbaImage kiosk = screenshot("overlays-kiosk.png", "--kiosk" + flags);
  ASSERT_EQ(kiosk.width, 640u);
  EXPECT_GT(differing(*still, *plain, 16, 16, 80, 46), 0.5) << "the clock is drawn";
  EXPECT_GT(differing(*still, *plain, 330, 16, 620, 46), 0.5) << "the KPI cards are drawn";
  EXPECT_GT(differing(*still, *plain, 16, 250, 70, 340), 0.5) << "the legend is drawn";
  EXPECT_GT(differing(*still, *plain, 580, 320, 620, 345), 0.5) << "the scale bar and arrow are drawn";
  // Pixel for pixel where the overlays are (measured: 0 differing pixels in them).
  EXPECT_EQ(differing(kiosk, *still, 0, 0, 640, 60, 0), 0.0) << "clock and KPI cards, the top band";
  EXPECT_EQ(differing(kiosk, *still, 0, 240, 640, 360, 0), 0.0) << "legend, caption, scale bar, north arrow";
  // Elsewhere too, but for the alert cameras' icons, which blink with the wall clock
  // (measured: 0 or 1 of the 230,400 pixels differ, from run to run).
  EXPECT_LT(differing(kiosk, *still, 0, 0, 640, 360, 0), 0.0001) << "the window shows what render writes";
}

TEST(Window, KeysOneTwoThreeSwitchTheCameraMode) {
  // xdotool focuses the window and types 2, 3, 1; the viewer logs each switch.
  std::string script = std::string(TS_TWINSCAPE_BIN) +
                       " view demo --camera cbd --size 320x200 --vsync off --frames 80 --kiosk & pid=$!; "
                       "w=$(xdotool search --sync --name Twinscape | head -1); sleep 1; xdotool windowfocus --sync $w; "
                       "xdotool key 2; sleep 0.3; xdotool key 3; sleep 0.3; xdotool key 1; wait $pid; echo exit=$?";
  AppRun r = run(xvfb(tempDir(), "sh -c '" + script + "'"));
  EXPECT_NE(r.output.find("exit=0"), std::string::npos) << r.output;
  const size_t fly = r.output.find("camera: fly"), walk = r.output.find("camera: walk"),
               orbit = r.output.find("camera: orbit");
  ASSERT_NE(fly, std::string::npos) << r.output;
  ASSERT_NE(walk, std::string::npos) << r.output;
  ASSERT_NE(orbit, std::string::npos) << r.output;
  EXPECT_LT(fly, walk);
  EXPECT_LT(walk, orbit);
}

TEST(Window, ArrowKeysStepTheClockByTheTimelinesStep) {
  // The clock stands at noon; xdotool presses right five times and left twice, then Esc:
  // three steps of the default minute. The viewer logs each key and the last sim time.
  std::string script = std::string(TS_TWINSCAPE_BIN) +
                       " view demo --camera cbd --size 480x300 --vsync off --layers none"
                       " --at 2026-06-01T12:00:00+07:00 --speed 0 & pid=$!; "
                       "w=$(xdotool search --sync --name Twinscape | head -1); sleep 1; xdotool windowfocus --sync $w; "
                       "xdotool key --delay 150 Right Right Right Right Right Left Left; sleep 0.5; "
                       "xdotool key Escape; wait $pid; echo exit=$?";
  AppRun r = run(xvfb(tempDir(), "sh -c '" + script + "'"));
  EXPECT_NE(r.output.find("exit=0"), std::string::npos) << r.output;
  size_t steps = 0;
  for (size_t at = r.output.find("timeline: "); at != std::string::npos; at = r.output.find("timeline: ", at + 1))
    ++steps;
  EXPECT_EQ(steps, 7u) << r.output;
  EXPECT_NE(r.output.find("timeline: 2026-06-01T12:05:00+07:00 paused"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("view: last sim time 2026-06-01T12:03:00+07:00"), std::string::npos) << r.output;
}

// A scene without bookmarks opens framed on its bounds, exactly as `render` frames it.
TEST(Window, ASceneWithoutBookmarksOpensFramedLikeRender) {
  fs::path dir = tempDir() / "framed";
  fs::create_directories(dir);
  std::ofstream(dir / "block.geojson") << R"({"type": "FeatureCollection", "features": [{"type": "Feature",
    "properties": {"height": 6}, "geometry": {"type": "Polygon", "coordinates": [[
    [106.7000, 10.7800], [106.7001, 10.7800], [106.7001, 10.78005], [106.7000, 10.78005], [106.7000, 10.7800]]]}}]})";
  std::ofstream(dir / "scene.json") << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "footprints", "path": "block.geojson"}]})";
  const std::string scene = (dir / "scene.json").string();
  fs::path shot = dir / "view.png", still = dir / "render.png";
  AppRun v = run(underXvfb(
      "view " + scene + " --size 400x240 --frames 3 --kiosk --validation --layers none --screenshot " + shot.string()));
  ASSERT_EQ(v.exitCode, 0) << v.output;
  AppRun r =
      run(std::string(TS_TWINSCAPE_BIN) + " render --scene " + scene + " --size 400x240 --out " + still.string());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  auto a = ts::io::readPng(shot), b = ts::io::readPng(still);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->width, 400u);
  ASSERT_EQ(b->width, 400u);
  EXPECT_LT(differing(*a, *b, 0, 0, 400, 240), 0.001) << "the window opens on the render's framing";
}
