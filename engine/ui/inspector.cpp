#include "ui/inspector.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/user_file.h"

namespace ts::ui {

namespace {
uint32_t heightColour(float h) {
  // Low: warm sand; high: deep blue (sRGB), alpha 255 = replaces the building's colours.
  float t = std::clamp(std::log1p(h) / std::log1p(300.f), 0.f, 1.f);
  auto mix = [&](float a, float b) { return uint32_t(std::lround(a + (b - a) * t)); };
  return mix(236, 40) | mix(214, 90) << 8 | mix(160, 200) << 16 | 0xffu << 24;
}
// A fixed colour per use, so the legend is stable between runs.
uint32_t useColour(const std::string& use) {
  static const uint32_t palette[] = {0xff4e79a7u, 0xfff28e2bu, 0xffe15759u, 0xff76b7b2u, 0xff59a14fu,
                                     0xffedc948u, 0xffb07aa1u, 0xffff9da7u, 0xff9c755fu, 0xffbab0acu};
  uint32_t h = 2166136261u;
  for (char c : use) h = (h ^ uint8_t(c)) * 16777619u;
  uint32_t c = palette[h % 10];
  // The palette is written 0xAARRGGBB; styles want R in the low byte.
  return 0xff000000u | ((c >> 16) & 0xff) | (c & 0xff00u) | ((c & 0xff) << 16);
}

}  // namespace

std::optional<scene::CameraBookmark> Inspector::draw(const FrameStatsView& stats,
                                                     const std::optional<std::string>& hoveredName) {
  std::optional<scene::CameraBookmark> go;
  m_frameHistory[m_frameCursor++ % m_frameHistory.size()] = stats.frameMs;

  ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Layers")) {
    ImGui::Text("%s", m_city.name.c_str());
    ImGui::Text("%zu buildings", m_city.buildings.size());
    int mode = m_cameraMode;
    ImGui::TextUnformatted("Camera");
    bool modeChanged = false;
    const char* modes[] = {"orbit", "fly", "walk"};
    for (int m = 0; m < 3; ++m) {  // drawn one after the other: ImGui calls must run in order
      ImGui::SameLine();
      modeChanged |= ImGui::RadioButton(modes[m], &mode, m);
    }
    if (modeChanged) m_modeRequest = mode;
    ImGui::Separator();
    if (ImGui::Checkbox("Proposed buildings", &m_showProposed)) m_stylesDirty = true;
    // One switch per scene layer that brought buildings.
    uint32_t layers = 0;
    for (const scene::Building& b : m_city.buildings) layers = std::max(layers, b.layer + 1);
    if (m_layerVisible.size() != layers) m_layerVisible.assign(layers, 1);
    if (m_layerOpacity.size() != layers) m_layerOpacity.assign(layers, 1.f);
    for (uint32_t l = 0; l < layers; ++l) {
      ImGui::PushID(int(l));
      bool on = m_layerVisible[l];
      if (ImGui::Checkbox(layers > 1 ? ("layer " + std::to_string(l + 1)).c_str() : "buildings", &on)) {
        m_layerVisible[l] = on;
        m_stylesDirty = true;
      }
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120);
      if (ImGui::SliderFloat("opacity", &m_layerOpacity[l], 0.1f, 1.f, "%.2f")) m_stylesDirty = true;
      ImGui::PopID();
    }
    int colorBy = int(m_colorBy);
    ImGui::TextUnformatted("Colour by");
    bool colorChanged = false;
    const char* colorings[] = {"source", "height", "status", "use"};
    for (int k = 0; k < 4; ++k) {
      if (k) ImGui::SameLine();
      colorChanged |= ImGui::RadioButton(colorings[k], &colorBy, k);
    }
    if (colorChanged) {
      m_colorBy = ColorBy(colorBy);
      m_stylesDirty = true;
    }
  }
  ImGui::End();

  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(10, 250), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(screen.y < 900, ImGuiCond_FirstUseEver);  // small screens: open on demand
  if (ImGui::Begin("Bookmarks")) {
    int remove = -1;
    for (size_t i = 0; i < m_bookmarks.size(); ++i) {
      ImGui::PushID(int(i));
      if (m_renaming == int(i)) {
        ImGui::SetNextItemWidth(160);
        bool done = ImGui::InputText("##name", m_nameBuffer, sizeof m_nameBuffer, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ImGui::Button("OK") || done) && m_nameBuffer[0]) {
          m_bookmarks[i].name = m_nameBuffer;
          m_renaming = -1;
          saveBookmarks();
        }
      } else {
        if (ImGui::Button(m_bookmarks[i].name.c_str())) go = m_bookmarks[i];
        ImGui::SameLine();
        if (ImGui::SmallButton("rename")) {
          m_renaming = int(i);
          std::snprintf(m_nameBuffer, sizeof m_nameBuffer, "%s", m_bookmarks[i].name.c_str());
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("delete")) remove = int(i);
      }
      ImGui::PopID();
    }
    if (remove >= 0) {
      m_bookmarks.erase(m_bookmarks.begin() + remove);
      saveBookmarks();
    }
    if (ImGui::Button("Add the current view")) {
      scene::CameraBookmark b = m_currentView;
      b.name = "view " + std::to_string(m_bookmarks.size() + 1);
      m_bookmarks.push_back(b);
      saveBookmarks();
    }
    if (!m_saveError.empty())
      ImGui::TextWrapped("%s", m_saveError.c_str());
    else if (!m_userFile.empty())
      ImGui::TextDisabled("saved in %s", m_userFile.filename().string().c_str());
  }
  ImGui::End();

  ImGui::SetNextWindowPos(ImVec2(screen.x - 310, screen.y - 160), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Statistics")) {
    float worst = *std::max_element(m_frameHistory.begin(), m_frameHistory.end());
    ImGui::Text("frame %.1f ms (%.0f fps)", stats.frameMs, stats.frameMs > 0 ? 1000.f / stats.frameMs : 0.f);
    ImGui::PlotLines("##frames", m_frameHistory.data(), int(m_frameHistory.size()),
                     int(m_frameCursor % m_frameHistory.size()), nullptr, 0.f, std::max(worst, 16.7f), ImVec2(0, 40));
    ImGui::Text("draw calls %u, triangles %llu", stats.drawCalls, (unsigned long long)stats.triangles);
    ImGui::Text("GPU memory %.1f MiB", double(stats.gpuMemoryBytes) / (1 << 20));
    ImGui::TextWrapped("%s", stats.device.c_str());
  }
  ImGui::End();

  if (m_selected && *m_selected < m_city.buildings.size()) {
    const scene::Building& b = m_city.buildings[*m_selected];
    ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 330, 10), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(320, 0), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Selection")) {
      ImGui::TextWrapped("%s", b.name.empty() ? "(unnamed building)" : b.name.c_str());
      ImGui::Separator();
      ImGui::Text("id %u (%s)", b.id, b.sourceId.c_str());
      ImGui::Text("use: %s", b.use.c_str());
      ImGui::Text("status: %s", scene::statusName(b.status));
      ImGui::Text("height: %.1f m", b.heightM);
      ImGui::Text("footprint: %.0f m²", b.footprintAreaM2);
      for (const scene::Attribute& a : b.attributes) ImGui::Text("%s: %s", a.key.c_str(), a.text().c_str());
    }
    ImGui::End();
  }
  if (m_selectedEntity) drawEntity(*m_selectedEntity);
  if (hoveredName && !ImGui::GetIO().WantCaptureMouse) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(hoveredName->empty() ? "(unnamed)" : hoveredName->c_str());
    ImGui::EndTooltip();
  }
  return go;
}

void Inspector::drawEntity(const scene::EntityRef& e) {
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 330, 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(320, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Selection")) {
    const scene::EntitySet& s = m_city.entities;
    if (e.kind == scene::EntityKind::Site5G && e.index < s.sites5g.size()) {
      const scene::Site5G& x = s.sites5g[e.index];
      ImGui::TextWrapped("%s", x.name.c_str());
      ImGui::Separator();
      ImGui::Text("5G site %s, band %s (%.1f GHz)", x.id.c_str(), x.band.c_str(), x.frequencyGHz);
      ImGui::Text("antenna height: %.1f m", x.antennaHeightM);
      ImGui::Text("azimuth: %.0f°, down-tilt: %.1f°", x.azimuthDeg, x.downtiltDeg);
      ImGui::Text("beamwidth: %.0f° x %.0f°", x.hBeamwidthDeg, x.vBeamwidthDeg);
      ImGui::Text("transmit power: %.1f dBm", x.txPowerDbm);
    } else if (e.kind == scene::EntityKind::Camera && e.index < s.cameras.size()) {
      const scene::AiCamera& x = s.cameras[e.index];
      ImGui::TextWrapped("%s", x.name.c_str());
      ImGui::Separator();
      ImGui::Text("AI camera %s", x.id.c_str());
      ImGui::Text("mounted at: %.1f m", x.heightM);
      ImGui::Text("heading: %.0f°, tilt: %.0f°", x.headingDeg, x.tiltDeg);
      ImGui::Text("field of view: %.0f° x %.0f°", x.hFovDeg, x.vFovDeg);
      ImGui::Text("range: %.0f m", x.rangeM);
    }
  }
  ImGui::End();
}

void Inspector::setBookmarks(std::vector<scene::CameraBookmark> bookmarks, std::filesystem::path userFile) {
  m_bookmarks = std::move(bookmarks);
  m_userFile = std::move(userFile);
}

void Inspector::saveBookmarks() {
  m_saveError.clear();
  if (m_userFile.empty()) return;
  if (auto r = io::writeUserBookmarks(m_userFile, m_bookmarks); !r) m_saveError = r.error().message;
}

void Inspector::drawHelp(const char* mode) {
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::Begin("Help", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::Text("Camera mode: %s", mode);
  ImGui::Separator();
  static const char* kBindings[][2] = {
      {"1 / 2 / 3", "orbit / fly / walk"},
      {"Left drag", "orbit: turn around the target; fly, walk: look around"},
      {"Right drag", "orbit: pan across the ground"},
      {"Wheel", "orbit: zoom"},
      {"W A S D", "fly, walk: forward, left, back, right"},
      {"Q / E", "fly: down / up"},
      {"Shift", "fly, walk: faster"},
      {"Click", "select the building under the cursor"},
      {"Bookmarks panel", "fly smoothly to a bookmark"},
      {"F12", "screenshot (twinscape-screenshot-N.png)"},
      {"H", "show or hide this help"},
      {"Esc", "quit"},
  };
  for (const auto& b : kBindings) {
    ImGui::TextUnformatted(b[0]);
    ImGui::SameLine(140);
    ImGui::TextUnformatted(b[1]);
  }
  ImGui::End();
}

void Inspector::setTints(const std::vector<layers::BuildingTint>& tints) {
  std::map<uint32_t, uint32_t> now;
  for (const layers::BuildingTint& t : tints) now[t.buildingId] = t.colorSrgb;
  for (const auto& [id, colour] : now)
    if (auto old = m_tints.find(id); old == m_tints.end() || old->second != colour) m_restyle.push_back(id);
  for (const auto& [id, colour] : m_tints)
    if (!now.count(id)) m_restyle.push_back(id);
  m_tints = std::move(now);
}

void Inspector::applyStyles(render::Renderer& renderer) {
  if (!m_stylesDirty && m_styledSelected == m_selected && m_restyle.empty()) return;
  // Full rewrite of the styles when the panels changed; otherwise only the selection.
  auto styleOf = [&](const scene::Building& b) {
    render::BuildingStyle s{0, 0};
    if (m_colorBy == ColorBy::Height) s.colorSrgb = heightColour(b.heightM);
    if (m_colorBy == ColorBy::Status)
      s.colorSrgb = b.status == scene::BuildingStatus::Proposed ? 0xff2f8fffu /* orange */ : 0xffb4b4b4u;
    if (m_colorBy == ColorBy::Use) s.colorSrgb = useColour(b.use);
    if (!m_showProposed && b.status == scene::BuildingStatus::Proposed) s.flags |= BUILDING_FLAG_HIDDEN;
    if (b.layer < m_layerVisible.size() && !m_layerVisible[b.layer]) s.flags |= BUILDING_FLAG_HIDDEN;
    if (b.layer < m_layerOpacity.size() && m_layerOpacity[b.layer] < 0.999f)
      s.flags |= uint32_t(std::lround((1.f - m_layerOpacity[b.layer]) * 255.f)) << BUILDING_TRANSPARENCY_SHIFT;
    if (m_selected && *m_selected == b.id) s.flags |= BUILDING_FLAG_HIGHLIGHT;
    if (auto t = m_tints.find(b.id); t != m_tints.end()) s.colorSrgb = t->second;
    return s;
  };
  if (m_stylesDirty) {
    for (const scene::Building& b : m_city.buildings) renderer.setBuildingStyle(b.id, styleOf(b));
  } else {
    if (m_styledSelected && *m_styledSelected < m_city.buildings.size())
      renderer.setBuildingStyle(*m_styledSelected, styleOf(m_city.buildings[*m_styledSelected]));
    if (m_selected && *m_selected < m_city.buildings.size())
      renderer.setBuildingStyle(*m_selected, styleOf(m_city.buildings[*m_selected]));
    for (uint32_t id : m_restyle)
      if (id < m_city.buildings.size()) renderer.setBuildingStyle(id, styleOf(m_city.buildings[id]));
  }
  m_restyle.clear();
  m_stylesDirty = false;
  m_styledSelected = m_selected;
}

}  // namespace ts::ui
