#include "ui/inspector.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/timeline_bar.h"

namespace ts::ui {

Inspector::Inspector(const scene::CityModel& city, io::BookmarkList bookmarks, render::StyleChoices choices)
    : m_city(city), m_choices(std::move(choices)), m_bookmarks(std::move(bookmarks)) {
  for (const scene::Building& b : city.buildings) m_sceneLayers = std::max(m_sceneLayers, b.layer + 1);
  m_choices.layerVisible.assign(m_sceneLayers, 1);
  m_choices.layerOpacity.assign(m_sceneLayers, 1.f);
}

InspectorRequests Inspector::draw(const InspectorView& view) {
  InspectorRequests requests;
  m_frameHistory[m_frameCursor++ % m_frameHistory.size()] = view.stats.frameMs;
  drawLayers(view, requests);
  drawBookmarks(view, requests);
  drawStatistics(view.stats);
  if (view.selection.building) drawBuilding(*view.selection.building);
  if (view.selection.entity) drawEntity(*view.selection.entity);
  if (view.hoveredName && !ImGui::GetIO().WantCaptureMouse) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(view.hoveredName->empty() ? "(unnamed)" : view.hoveredName->c_str());
    for (const std::string& line : view.hoveredValues) ImGui::TextDisabled("%s", line.c_str());
    ImGui::EndTooltip();
  }
  return requests;
}

void Inspector::drawLayers(const InspectorView& view, InspectorRequests& requests) {
  ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Layers")) {
    ImGui::Text("%s", m_city.name.c_str());
    ImGui::Text("%zu buildings", m_city.buildings.size());
    ImGui::TextUnformatted("Camera");
    int mode = int(view.cameraMode);
    for (int m = 0; m < 3; ++m) {  // drawn one after the other: ImGui calls must run in order
      ImGui::SameLine();
      if (ImGui::RadioButton(render::cameraModeName(render::CameraMode(m)), &mode, m))
        requests.cameraMode = render::CameraMode(m);
    }
    ImGui::Separator();
    ImGui::Checkbox("Proposed buildings", &m_choices.showProposed);
    drawSceneLayers();
    ImGui::TextUnformatted("Colour by");
    int colorBy = int(m_choices.colorBy);
    for (render::ColorBy c : render::kColorByModes) {
      if (c != render::ColorBy::Source) ImGui::SameLine();
      if (ImGui::RadioButton(std::string(render::colorByName(c)).c_str(), &colorBy, int(c))) m_choices.colorBy = c;
    }
  }
  ImGui::End();
}

// One switch and opacity per scene layer that brought buildings.
void Inspector::drawSceneLayers() {
  for (uint32_t l = 0; l < m_sceneLayers; ++l) {
    ImGui::PushID(int(l));
    bool on = m_choices.layerVisible[l];
    if (ImGui::Checkbox(m_sceneLayers > 1 ? ("layer " + std::to_string(l + 1)).c_str() : "buildings", &on))
      m_choices.layerVisible[l] = on;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("opacity", &m_choices.layerOpacity[l], 0.1f, 1.f, "%.2f");
    ImGui::PopID();
  }
}

void Inspector::drawBookmarks(const InspectorView& view, InspectorRequests& requests) {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(10, 250), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(screen.y < 900, ImGuiCond_FirstUseEver);  // small screens: open on demand
  if (ImGui::Begin("Bookmarks")) {
    int remove = -1;
    for (size_t i = 0; i < m_bookmarks.bookmarks().size(); ++i) drawBookmarkRow(i, requests, remove);
    if (remove >= 0) m_bookmarks.remove(size_t(remove));
    if (ImGui::Button("Add the current view")) m_bookmarks.add(view.currentView);
    if (!m_bookmarks.saveError().empty())
      ImGui::TextWrapped("%s", m_bookmarks.saveError().c_str());
    else if (!m_bookmarks.userFile().empty())
      ImGui::TextDisabled("saved in %s", m_bookmarks.userFile().filename().string().c_str());
  }
  ImGui::End();
}

void Inspector::drawBookmarkRow(size_t i, InspectorRequests& requests, int& remove) {
  const scene::CameraBookmark& b = m_bookmarks.bookmarks()[i];
  ImGui::PushID(int(i));
  if (m_renaming == int(i)) {
    ImGui::SetNextItemWidth(160);
    bool done = ImGui::InputText("##name", m_nameBuffer, sizeof m_nameBuffer, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("OK") || done) && m_nameBuffer[0]) {
      m_bookmarks.rename(i, m_nameBuffer);
      m_renaming = -1;
    }
  } else {
    if (ImGui::Button(b.name.c_str())) requests.flyTo = b;
    ImGui::SameLine();
    if (ImGui::SmallButton("rename")) {
      m_renaming = int(i);
      std::snprintf(m_nameBuffer, sizeof m_nameBuffer, "%s", b.name.c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("delete")) remove = int(i);
  }
  ImGui::PopID();
}

void Inspector::drawStatistics(const FrameStatsView& stats) {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(screen.x - 310, screen.y - 160 - timelineBarHeight()), ImGuiCond_FirstUseEver);
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
}

void Inspector::drawBuilding(uint32_t id) {
  if (id >= m_city.buildings.size()) return;
  const scene::Building& b = m_city.buildings[id];
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

void Inspector::drawHelp(render::CameraMode mode) {
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::Begin("Help", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse);
  ImGui::Text("Camera mode: %s", render::cameraModeName(mode));
  ImGui::Separator();
  static const char* kBindings[][2] = {
      {"1 / 2 / 3", "orbit / fly / walk"},
      {"Left drag", "orbit: turn around the target; fly, walk: look around"},
      {"Right drag", "orbit: pan across the ground"},
      {"Wheel", "orbit: zoom"},
      {"W A S D", "fly, walk: forward, left, back, right"},
      {"Q / E", "fly: down / up"},
      {"Shift", "fly, walk: faster"},
      {"Click", "select the building, 5G mast or AI camera under the cursor"},
      {"Bookmarks panel", "fly smoothly to a bookmark"},
      {"Space", "play or pause the sim clock"},
      {"Left / Right", "step the clock back / forward (the timeline's step)"},
      {"[ / ]", "halve / double the playback speed"},
      {"Timeline", "click an event: go to its start; drag the playhead;"},
      {"", "wheel: zoom; drag: pan; drag the loop's handles"},
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

}  // namespace ts::ui
