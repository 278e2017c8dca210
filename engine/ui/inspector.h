// The inspector panels: layers (camera mode, scene layers and proposed buildings on/off
// with an opacity, colour by), bookmarks, frame statistics, and the selection's
// attributes. Drawn with Dear ImGui inside UiLayer's frame. The panels only choose: the
// look goes through render::StyleChoices (render/building_style.h), camera moves and
// mode changes come back as requests for the viewer.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "io/bookmark_list.h"
#include "render/building_style.h"
#include "render/camera_modes.h"
#include "scene/city_model.h"
#include "scene/entity_markers.h"

namespace ts::ui {

struct FrameStatsView {
  float frameMs = 0;
  uint32_t drawCalls = 0;
  uint64_t triangles = 0;
  uint64_t gpuMemoryBytes = 0;
  std::string device;
};

// What the panels asked for this frame.
struct InspectorRequests {
  std::optional<scene::CameraBookmark> flyTo;    // a bookmark clicked
  std::optional<render::CameraMode> cameraMode;  // a mode chosen
};

// What the panels show about the frame.
struct InspectorView {
  FrameStatsView stats;
  scene::Selection selection;
  std::optional<std::string> hoveredName;  // shown as a tooltip...
  std::vector<std::string> hoveredValues;  // ...with these lines (its live values' age, staleness)
  render::CameraMode cameraMode = render::CameraMode::Orbit;
  scene::CameraBookmark currentView;  // what "Add the current view" adds
};

class Inspector {
 public:
  // `choices`: what the panels start from (colour by, proposed shown); every scene layer
  // starts shown and opaque.
  Inspector(const scene::CityModel& city, io::BookmarkList bookmarks, render::StyleChoices choices = {});

  const render::StyleChoices& styleChoices() const { return m_choices; }
  const io::BookmarkList& bookmarks() const { return m_bookmarks; }

  // Every panel for this frame.
  InspectorRequests draw(const InspectorView& view);
  // The help overlay with every binding; `mode` names the current camera mode.
  void drawHelp(render::CameraMode mode);

 private:
  void drawLayers(const InspectorView& view, InspectorRequests& requests);
  void drawSceneLayers();
  void drawBookmarks(const InspectorView& view, InspectorRequests& requests);
  void drawBookmarkRow(size_t i, InspectorRequests& requests, int& remove);
  void drawStatistics(const FrameStatsView& stats);
  void drawBuilding(uint32_t building);
  void drawEntity(const scene::EntityRef& e);

  const scene::CityModel& m_city;
  render::StyleChoices m_choices;
  uint32_t m_sceneLayers = 0;  // scene layers that brought buildings
  io::BookmarkList m_bookmarks;
  int m_renaming = -1;
  char m_nameBuffer[128] = {};
  std::array<float, 120> m_frameHistory{};
  size_t m_frameCursor = 0;
};

}  // namespace ts::ui
