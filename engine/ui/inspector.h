// The inspector panels: layers (proposed buildings, colour by height / status), the
// selected building's attributes, bookmarks, and frame statistics. Drawn with Dear ImGui
// inside UiLayer's frame; changes to the look go to the renderer as building styles.
#pragma once
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "layers/draw_types.h"
#include "render/renderer.h"
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

class Inspector {
 public:
  enum class ColorBy { Source, Height, Status, Use };

  explicit Inspector(const scene::CityModel& city) : m_city(city), m_bookmarks(city.bookmarks) {}

  // The bookmarks the panel edits, and the user file they are saved to on every change.
  void setBookmarks(std::vector<scene::CameraBookmark> bookmarks, std::filesystem::path userFile);
  const std::vector<scene::CameraBookmark>& bookmarks() const { return m_bookmarks; }
  void setCurrentView(const scene::CameraBookmark& view) { m_currentView = view; }
  // The camera mode shown in the panel (0 orbit, 1 fly, 2 walk) and a change asked for
  // there (-1: none), taken once.
  void setCameraMode(int mode) { m_cameraMode = mode; }
  int takeCameraModeRequest() { return std::exchange(m_modeRequest, -1); }

  void setSelected(std::optional<uint32_t> building) {
    m_selected = building;
    m_selectedEntity.reset();
  }
  void setSelectedEntity(std::optional<scene::EntityRef> entity) {
    m_selectedEntity = entity;
    m_selected.reset();
  }
  std::optional<uint32_t> selected() const { return m_selected; }
  std::optional<scene::EntityRef> selectedEntity() const { return m_selectedEntity; }
  // Panels for this frame; returns a bookmark the user asked to go to, if any.
  // `hoveredName`: the name of what is under the cursor, shown as a tooltip.
  std::optional<scene::CameraBookmark> draw(const FrameStatsView& stats, const std::optional<std::string>& hoveredName);
  // The help overlay with every binding; `mode` names the current camera mode.
  void drawHelp(const char* mode);
  // Writes the building styles that follow from the panels (selection highlight,
  // proposed hidden, colour by) when something changed.
  void applyStyles(render::Renderer& renderer);
  // The live layers' building tints for this frame (a data centre tinted by utilisation):
  // their colour goes over what the panels chose; flags (hidden, translucent, highlight)
  // stay the panels'. Only buildings whose tint changed are written again.
  void setTints(const std::vector<layers::BuildingTint>& tints);

 private:
  const scene::CityModel& m_city;
  std::optional<uint32_t> m_selected, m_styledSelected;
  std::optional<scene::EntityRef> m_selectedEntity;
  void drawEntity(const scene::EntityRef& e);
  bool m_showProposed = true;
  std::vector<uint8_t> m_layerVisible;  // by scene layer index
  std::vector<float> m_layerOpacity;    // by scene layer index, 0..1
  int m_cameraMode = 0, m_modeRequest = -1;
  ColorBy m_colorBy = ColorBy::Source;
  bool m_stylesDirty = true;
  std::map<uint32_t, uint32_t> m_tints;  // building id -> colour, from the live layers
  std::vector<uint32_t> m_restyle;       // buildings whose tint changed since applyStyles
  std::array<float, 120> m_frameHistory{};
  std::vector<scene::CameraBookmark> m_bookmarks;
  std::filesystem::path m_userFile;
  scene::CameraBookmark m_currentView;
  std::string m_saveError;
  int m_renaming = -1;
  char m_nameBuffer[128] = {};
  void saveBookmarks();
  size_t m_frameCursor = 0;
};

}  // namespace ts::ui
