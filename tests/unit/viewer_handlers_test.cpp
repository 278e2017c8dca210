// The viewer's input handlers, fed input by hand: no window, no GPU.
#include <gtest/gtest.h>

#include <fstream>
#include <glm/geometric.hpp>

#include "../support/temp_dir.h"
#include "io/bookmark_list.h"
#include "io/png.h"
#include "io/user_file.h"
#include "platform/keys.h"
#include "render/camera_spec.h"
#include "viewer/camera_rig.h"
#include "viewer/command_keys_handler.h"
#include "viewer/flight_handler.h"
#include "viewer/fly_handler.h"
#include "viewer/orbit_handler.h"
#include "viewer/pick_handler.h"
#include "viewer/screenshot_handler.h"
#include "viewer/timeline_keys_handler.h"
#include "viewer/walk_handler.h"

namespace ts::viewer {
namespace {

namespace key = platform::key;

// A tower at the origin, a camera pole 60 m east of it, seen from the south.
scene::CityModel smallCity() {
  scene::CityModel city;
  scene::Building b;
  b.name = "Tháp thử";
  b.heightM = 40;
  city.addBox(b, {0.f, 0.f}, {10, 10}, 0.f, {});
  scene::AiCamera cam;
  cam.id = "cam-1";
  cam.name = "Camera thử";
  cam.posEnu = {60, 0, 0};
  city.entities.cameras.push_back(cam);
  city.finalize();
  return city;
}

const render::Camera kFromSouth = render::Camera::fromHeadingPitchRange({0, 0, 20}, {0, -10, 200});

FrameInput frame(VkExtent2D extent = {640, 360}) {
  FrameInput in;
  in.extent = extent;
  in.dtSeconds = 0.1;
  return in;
}

TEST(CommandKeys, OneTwoThreeSwitchModesKeepingTheViewAndEscQuits) {
  ViewState state(kFromSouth);
  CommandKeysHandler keys;
  FrameInput in = frame();
  in.input.keysPressed = {key::k2};
  keys.handle(in, state);
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Fly);
  EXPECT_LT(glm::length(state.rig.camera().eyeEnu - kFromSouth.eyeEnu), 0.01f) << "the view stays where it was";
  in.input.keysPressed = {key::k3};
  keys.handle(in, state);
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Walk);
  EXPECT_NEAR(state.rig.camera().eyeEnu.z, render::WalkController::kEyeHeightM, 0.01f) << "walking: eye height";
  in.input.keysPressed = {key::k1};
  keys.handle(in, state);
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Orbit);
  in.input.keysPressed = {key::letter('h')};
  keys.handle(in, state);
  EXPECT_TRUE(state.helpShown);
  // While a text field has the keyboard, letters and digits are its own; Esc still quits.
  in.uiWantsKeyboard = true;
  in.input.keysPressed = {key::k2, key::letter('h')};
  keys.handle(in, state);
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Orbit);
  EXPECT_TRUE(state.helpShown);
  EXPECT_FALSE(state.quit);
  in.input.keysPressed = {key::kEscape};
  keys.handle(in, state);
  EXPECT_TRUE(state.quit);
}

TEST(CommandKeys, KeysPressedWithinOneFrameCountInTheirOrder) {
  ViewState state(kFromSouth);
  CommandKeysHandler keys;
  FrameInput in = frame();
  in.input.keysPressed = {key::k3, key::k1, key::k2};
  keys.handle(in, state);
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Fly) << "the last one pressed wins";
  in.input.keysPressed = {key::k2, key::k1};
  keys.handle(in, state);
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Orbit);
}

TEST(TimelineKeys, SpaceArrowsAndBracketsDriveTheTimelineUnlessThePanelsHaveTheKeys) {
  const twin::SimTime t = 1780290000;
  twin::SimClock clock(t);
  clock.pause(true);
  twin::Timeline timeline(clock, twin::TimelineSource::Scenario);
  timeline.setSpeed(60);
  TimelineKeysHandler keys(timeline, 420);
  ViewState state(kFromSouth);
  FrameInput in = frame();
  in.input.keysPressed = {key::kRight, key::kRight, key::kRight, key::kLeft};
  keys.handle(in, state);
  EXPECT_DOUBLE_EQ(clock.now(), t + 2 * timeline.stepSeconds()) << "three steps forward, one back";
  in.input.keysPressed = {key::kRightBracket, key::kRightBracket, key::kLeftBracket};
  keys.handle(in, state);
  EXPECT_DOUBLE_EQ(timeline.speed(), 120);
  EXPECT_TRUE(timeline.paused());
  in.input.keysPressed = {key::kSpace};
  keys.handle(in, state);
  EXPECT_FALSE(timeline.paused());
  EXPECT_DOUBLE_EQ(clock.speed(), 120);
  // A text field or a dragged slider has the keyboard: the keys are its own.
  in.uiWantsKeyboard = true;
  in.input.keysPressed = {key::kSpace, key::kLeft, key::kLeftBracket};
  keys.handle(in, state);
  EXPECT_FALSE(timeline.paused());
  EXPECT_DOUBLE_EQ(clock.now(), t + 2 * timeline.stepSeconds());
  EXPECT_DOUBLE_EQ(timeline.speed(), 120);
}

TEST(CameraHandlers, EachModeMovesOnlyItsOwnCamera) {
  scene::CityModel city = smallCity();
  Picker picker(city);
  ViewState state(kFromSouth);
  OrbitHandler orbit(picker);
  FlyHandler fly;
  WalkHandler walk(city);
  FrameInput in = frame();
  in.input.keysDown = {key::letter('w')};
  orbit.handle(in, state), fly.handle(in, state), walk.handle(in, state);
  EXPECT_LT(glm::length(state.rig.camera().eyeEnu - kFromSouth.eyeEnu), 0.01f) << "orbit ignores W";
  // Orbit: the wheel zooms towards the point under the cursor.
  in.input.scroll = 2;
  in.input.mouseX = 320, in.input.mouseY = 180;
  const float before = glm::length(state.rig.camera().eyeEnu - state.rig.camera().targetEnu);
  orbit.handle(in, state);
  EXPECT_LT(glm::length(state.rig.camera().eyeEnu - state.rig.camera().targetEnu), before);
  // Fly: W moves forward, north here.
  state.rig.switchTo(render::CameraMode::Fly);
  in.input.scroll = 0;
  const glm::vec3 eye = state.rig.camera().eyeEnu;
  orbit.handle(in, state), fly.handle(in, state), walk.handle(in, state);
  EXPECT_GT(state.rig.camera().eyeEnu.y, eye.y + 0.1f);
}

TEST(CameraHandlers, WalkingStopsAtWalls) {
  scene::CityModel city = smallCity();
  // Standing 100 m south of the tower, looking north at it.
  ViewState state(render::Camera::lookAt({0, -100, 1.7f}, {0, 0, 1.7f}));
  state.rig.switchTo(render::CameraMode::Walk);
  WalkHandler walk(city);
  FrameInput in = frame();
  in.input.keysDown = {key::letter('w')};
  in.dtSeconds = 0.25;
  for (int i = 0; i < 400; ++i) walk.handle(in, state);
  EXPECT_GT(state.rig.camera().eyeEnu.y, -60.f) << "walked north";
  EXPECT_LT(state.rig.camera().eyeEnu.y, -10.f) << "and stopped at the south wall (y = -10)";
  // The panels have the mouse: no look-around.
  in.uiWantsMouse = true;
  in.input.left = true, in.input.dragX = 100;
  in.input.keysDown.clear();
  const render::Camera still = state.rig.camera();
  walk.handle(in, state);
  EXPECT_LT(glm::length(state.rig.camera().targetEnu - still.targetEnu), 1e-3f);
}

TEST(Picking, AClickSelectsWhatIsUnderItAndHoverNamesIt) {
  scene::CityModel city = smallCity();
  Picker picker(city);
  ViewState state(render::Camera::fromHeadingPitchRange({0, 0, 20}, {0, -10, 150}));
  PickHandler pick(picker, true);
  FrameInput in = frame();
  in.input.clicked = true;
  in.input.clickX = 320, in.input.clickY = 180;  // the centre: the tower
  pick.handle(in, state);
  ASSERT_TRUE(state.selection.building);
  EXPECT_EQ(*state.selection.building, 0u);
  // Hover names what a click would pick, only once the cursor is in the window.
  in.input.clicked = false;
  in.input.mouseX = 320, in.input.mouseY = 180;
  pick.handle(in, state);
  EXPECT_FALSE(state.hovered.any());
  in.input.cursorInWindow = true;
  pick.handle(in, state);
  EXPECT_EQ(state.hovered.name, "Tháp thử");
  // A click on the sky clears the selection; clicks on the panels are theirs.
  in.input.clicked = true;
  in.input.clickX = 320, in.input.clickY = 5;
  in.uiWantsMouse = true;
  pick.handle(in, state);
  EXPECT_TRUE(state.selection.building) << "the panels took that click";
  EXPECT_FALSE(state.hovered.any()) << "no tooltip over the panels";
  in.uiWantsMouse = false;
  pick.handle(in, state);
  EXPECT_TRUE(state.selection.empty());
  // The camera pole, 60 m east: the entity and its marker.
  ViewState east(render::Camera::fromHeadingPitchRange({60, 0, 4}, {0, -10, 25}));
  in.input.clickX = 320, in.input.clickY = 180;
  pick.handle(in, east);
  ASSERT_TRUE(east.selection.entity);
  EXPECT_EQ(east.selection.entity->kind, scene::EntityKind::Camera);
  EXPECT_EQ(east.hovered.name, "Camera thử");
  EXPECT_TRUE(picker.markerOf(*east.selection.entity));
}

TEST(Picking, AMinimisedWindowPicksNothing) {
  scene::CityModel city = smallCity();
  Picker picker(city);
  EXPECT_FALSE(picker.pick(kFromSouth, {0, 0}, 0, 0).any());
  EXPECT_FALSE(picker.groundPoint(kFromSouth, {0, 0}, 0, 0));
}

TEST(Picking, KioskHasNoHoverAndAScriptedClickIgnoresThePanels) {
  scene::CityModel city = smallCity();
  Picker picker(city);
  ViewState state(render::Camera::fromHeadingPitchRange({0, 0, 20}, {0, -10, 150}));
  PickHandler kiosk(picker, false);
  FrameInput in = frame();
  in.input.cursorInWindow = true;
  in.input.mouseX = 320, in.input.mouseY = 180;
  in.uiWantsMouse = true;
  in.scriptedClick = glm::dvec2(320, 180);
  kiosk.handle(in, state);
  EXPECT_EQ(state.selection.building, 0u);
  EXPECT_FALSE(state.hovered.any());
}

TEST(BookmarkFlight, FliesToTheBookmarkAndTheMouseTakesOver) {
  ViewState state(kFromSouth);
  FlightHandler flight;
  const scene::CameraBookmark target{"gate", {500, 300, 0}, 90, -30, 800};
  state.flyTo = target;
  FrameInput in = frame();
  in.dtSeconds = 0.5;
  flight.handle(in, state);
  EXPECT_TRUE(state.rig.flying());
  EXPECT_FALSE(state.flyTo) << "the request is taken";
  for (int i = 0; i < 3; ++i) flight.handle(in, state);
  EXPECT_FALSE(state.rig.flying());
  const render::Camera end = render::cameraFromBookmark(target);
  EXPECT_LT(glm::length(state.rig.camera().eyeEnu - end.eyeEnu), 0.05f) << "ends exactly on the bookmark";
  EXPECT_EQ(state.rig.mode(), render::CameraMode::Orbit);
  // Another flight, interrupted by a drag: the camera stays where the flight got to.
  state.flyTo = scene::CameraBookmark{"back", {0, 0, 0}, 0, -30, 400};
  in.dtSeconds = 0.3;
  flight.handle(in, state);
  const render::Camera midway = state.rig.camera();
  in.input.right = true;
  flight.handle(in, state);
  EXPECT_FALSE(state.rig.flying());
  EXPECT_LT(glm::length(state.rig.camera().eyeEnu - midway.eyeEnu), 0.05f);
}

TEST(Screenshots, F12NumbersTheFilesAndTheLastFrameGoesWhereAsked) {
  const std::filesystem::path dir = testTempDir("unit") / "shots";
  std::filesystem::create_directories(dir);
  const std::filesystem::path cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  ViewState state(kFromSouth);
  {
    ScreenshotHandler shots(dir / "last.png");
    FrameInput in = frame();
    shots.handle(in, state);
    EXPECT_FALSE(shots.wanted());
    std::vector<uint8_t> red(4 * 4 * 4, 0);
    for (size_t i = 0; i < red.size(); i += 4) red[i] = 255, red[i + 3] = 255;
    for (int k = 0; k < 2; ++k) {
      in.input.keysPressed = {key::kF12};
      shots.handle(in, state);
      ASSERT_TRUE(shots.wanted());
      shots.deliver(4, 4, red);
    }
    in.input.keysPressed = {};
    in.lastFrame = true;
    shots.handle(in, state);
    ASSERT_TRUE(shots.wanted());
    shots.deliver(4, 4, red);
    ASSERT_TRUE(shots.finish());
  }
  std::filesystem::current_path(cwd);
  for (const char* name : {"twinscape-screenshot-1.png", "twinscape-screenshot-2.png", "last.png"}) {
    auto img = io::readPng(dir / name);
    ASSERT_TRUE(img) << name;
    EXPECT_EQ(img->pixels[0], 255);
    EXPECT_EQ(img->pixels[1], 0);
  }
}

TEST(Bookmarks, AddRenameDeleteAreSavedToTheUserFileOnly) {
  const std::filesystem::path file = testTempDir("unit") / "bookmarks" / "city.user.json";
  std::filesystem::create_directories(file.parent_path());
  std::filesystem::remove(file);
  const std::vector<scene::CameraBookmark> sceneOwn = {{"overview", {0, 0, 0}, 30, -35, 2000}};
  auto list = io::BookmarkList::load(sceneOwn, file);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->bookmarks().size(), 1u) << "no user file yet: the scene's bookmarks";
  EXPECT_FALSE(std::filesystem::exists(file));
  list->add({"", {10, 20, 0}, 90, -20, 300});
  EXPECT_EQ(list->bookmarks().back().name, "view 2");
  EXPECT_TRUE(list->rename(1, "cổng chính"));
  EXPECT_FALSE(list->rename(1, "")) << "an empty name is refused";
  EXPECT_FALSE(list->remove(5));
  auto saved = io::readUserBookmarks(file);
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->size(), 2u);
  EXPECT_EQ((*saved)[1].name, "cổng chính");
  EXPECT_NEAR((*saved)[1].targetEnu.y, 20.f, 1e-4f);
  EXPECT_TRUE(list->remove(0));
  auto reloaded = io::BookmarkList::load(sceneOwn, file);
  ASSERT_TRUE(reloaded);
  ASSERT_EQ(reloaded->bookmarks().size(), 1u) << "the user file wins over the scene's own";
  EXPECT_EQ(reloaded->bookmarks()[0].name, "cổng chính");
  EXPECT_TRUE(reloaded->saveError().empty());
}

TEST(Bookmarks, AFailedSaveKeepsTheListAndSaysWhy) {
  // The user file's folder is a file: nothing can be written there (even as root).
  const std::filesystem::path blocker = testTempDir("unit") / "not-a-folder";
  std::ofstream(blocker) << "x";
  io::BookmarkList list({}, blocker / "city.user.json");
  list.add({"", {0, 0, 0}, 0, -30, 100});
  EXPECT_EQ(list.bookmarks().size(), 1u);
  EXPECT_NE(list.saveError().find("not-a-folder"), std::string::npos) << list.saveError();
}

}  // namespace
}  // namespace ts::viewer
