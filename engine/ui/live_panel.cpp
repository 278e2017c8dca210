#include "ui/live_panel.h"

#include <fmt/format.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <glm/glm.hpp>

#include "twin/timeline.h"
#include "ui/timeline_bar.h"

namespace ts::ui {

namespace {

ImVec4 toImColor(uint32_t c) {
  return ImVec4(float(c & 0xff) / 255.f, float((c >> 8) & 0xff) / 255.f, float((c >> 16) & 0xff) / 255.f,
                float((c >> 24) & 0xff) / 255.f);
}

const ImVec4 kAlertText(1.f, 0.45f, 0.35f, 1.f);  // an event under way, a failed layer

// A round status light before the next item (the font has no such glyph).
void statusDot(ImU32 color) {
  const float h = ImGui::GetTextLineHeight(), r = h * 0.3f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + r, p.y + h * 0.5f), r, color);
  ImGui::Dummy(ImVec2(2 * r + 2, h));
  ImGui::SameLine();
}

// A value typed into a slider (ctrl+click) can leave the prop's range: say so.
void setProp(layers::Layer& layer, const std::string& key, double value) {
  if (auto r = layer.setProp(key, value); !r) spdlog::warn("{}", r.error().message);
}

}  // namespace

void LivePanel::draw(const scene::Selection& selection, double wallNow) {
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 350, 10), ImGuiCond_FirstUseEver);
  // Clear of the timeline bar along the bottom.
  ImGui::SetNextWindowSize(ImVec2(340, std::min(460.f, ImGui::GetIO().DisplaySize.y - 20 - timelineBarHeight())),
                           ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Live")) {
    drawClock();
    if (m_feedHealth && ImGui::CollapsingHeader("Feeds", ImGuiTreeNodeFlags_DefaultOpen)) drawFeeds(wallNow);
    for (auto& layer : m_live.layers()) drawLayer(*layer);
  }
  ImGui::End();
  drawSelection(selection);
}

// Each feed: connected or why not, messages per second, lag, what was refused and why.
void LivePanel::drawFeeds(double wallNow) {
  const std::vector<feeds::FeedHealth> feeds = m_feedHealth();
  if (feeds.empty()) ImGui::TextDisabled("no live feeds (the scene has none, or this is a replay)");
  for (const feeds::FeedHealth& h : feeds) {
    ImGui::PushID(h.name.c_str());
    statusDot(h.connected ? IM_COL32(90, 220, 120, 255) : IM_COL32(255, 110, 90, 255));
    ImGui::TextColored(h.connected ? ImVec4(0.4f, 0.9f, 0.5f, 1.f) : kAlertText, "%s", h.name.c_str());
    ImGui::SameLine(), ImGui::TextDisabled("%s", h.broker.c_str());
    if (h.status != "connected") ImGui::TextWrapped("%s", h.status.c_str());  // why not, or what is missing
    const double since = h.lastMessageWall > 0 ? wallNow - h.lastMessageWall : -1;
    ImGui::Text("%.0f msg/s, lag %.2f s, last %s", h.messagesPerSecond, h.lagSeconds,
                since < 0 ? "never" : (layers::formatAge(since) + " ago").c_str());
    ImGui::Text("%llu messages, %llu refused, %llu dropped", (unsigned long long)h.messages,
                (unsigned long long)(h.malformed + h.unknownEntity), (unsigned long long)h.dropped);
    if (!h.lastError.empty()) ImGui::TextColored(kAlertText, "last refused: %s", h.lastError.c_str());
    ImGui::PopID();
  }
}

// The time, its temperature and how the clock runs: a glance without looking down at the
// timeline bar, which drives it.
void LivePanel::drawClock() {
  const twin::SimTime t = m_clock.now();
  ImGui::Text("%s", twin::formatIsoTime(t, m_offset).c_str());
  if (auto temp = m_live.state().valueAt(twin::kCityEntity, twin::attr::kTemperatureC, t))
    ImGui::SameLine(), ImGui::TextDisabled("%.1f °C", *temp);
  ImGui::SameLine();
  if (m_clock.mode() == twin::SimClock::Mode::Live)
    ImGui::TextColored(kAlertText, "LIVE");
  else
    ImGui::TextDisabled("%s %s", m_clock.paused() ? "paused" : "playing", twin::formatSpeed(m_clock.speed()).c_str());
}

// A layer: shown or not, busy, failed, its KPIs, legend and settings.
void LivePanel::drawLayer(layers::Layer& layer) {
  ImGui::PushID(layer.id().data(), layer.id().data() + layer.id().size());
  ImGui::Checkbox("##visible", &layer.visible);
  ImGui::SameLine();
  bool open = ImGui::CollapsingHeader(layer.title().c_str(), ImGuiTreeNodeFlags_DefaultOpen);
  if (layer.busy()) ImGui::SameLine(), ImGui::TextDisabled("computing...");
  if (auto e = layer.error()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kAlertText);
    ImGui::TextWrapped("failed: %s", e->c_str());
    ImGui::PopStyleColor();
  }
  if (open) {
    for (const layers::KpiLine& k : layer.kpiLines()) ImGui::Text("%s: %s", k.label.c_str(), k.value.c_str());
    for (const layers::LegendEntry& e : layer.legend()) {
      ImGui::ColorButton(("##" + e.label).c_str(), toImColor(e.colorSrgb | 0xff000000u), ImGuiColorEditFlags_NoTooltip,
                         ImVec2(14, 14));
      ImGui::SameLine();
      ImGui::TextUnformatted(e.label.c_str());
    }
    if (ImGui::TreeNode("Settings")) {
      drawProps(layer);
      ImGui::TreePop();
    }
  }
  ImGui::PopID();
}

void LivePanel::drawProps(layers::Layer& layer) {
  for (layers::LayerProp& p : layer.props()) {
    if (p.choices == std::vector<std::string>{"off", "on"}) {
      bool on = p.value >= 0.5;
      if (ImGui::Checkbox(p.label.c_str(), &on)) setProp(layer, p.key, on ? 1 : 0);
    } else if (!p.choices.empty()) {
      int v = int(p.value);
      std::vector<const char*> names;
      for (const auto& c : p.choices) names.push_back(c.c_str());
      if (ImGui::Combo(p.label.c_str(), &v, names.data(), int(names.size()))) setProp(layer, p.key, v);
    } else {
      float v = float(p.value);
      std::string fmtText = "%.1f " + p.unit;
      if (ImGui::SliderFloat(p.label.c_str(), &v, float(p.min), float(p.max), fmtText.c_str()))
        setProp(layer, p.key, v);
    }
  }
}

// The selection's live values: every sector on a mast, a camera, a data centre's building.
void LivePanel::drawSelection(const scene::Selection& selection) {
  const scene::EntitySet& e = m_city.entities;
  const std::optional<scene::EntityRef>& entity = selection.entity;
  if (entity && entity->kind == scene::EntityKind::Site5G && entity->index < e.sites5g.size()) {
    for (const std::vector<uint32_t>& mast : m_masts)
      if (std::find(mast.begin(), mast.end(), entity->index) != mast.end())
        for (uint32_t i : mast)
          drawEntity(e.sites5g[i].id, e.sites5g[i].name, m_live.attributesOf({scene::EntityKind::Site5G, i}));
  } else if (entity && entity->kind == scene::EntityKind::Camera && entity->index < e.cameras.size()) {
    drawEntity(e.cameras[entity->index].id, e.cameras[entity->index].name, m_live.attributesOf(*entity));
  } else if (selection.building) {
    for (uint32_t i = 0; i < e.dataCentres.size(); ++i)
      if (e.dataCentres[i].buildingId == selection.building)
        drawEntity(e.dataCentres[i].id, e.dataCentres[i].name, m_live.attributesOf({scene::EntityKind::DataCentre, i}));
  }
}

void LivePanel::drawEntity(const std::string& id, const std::string& name, const std::vector<std::string>& attributes) {
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x - 350, 480), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(330, 0), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Live values")) {
    const twin::SimTime t = m_clock.now();
    ImGui::TextUnformatted(name.c_str());
    for (const std::string& a : attributes) {
      auto r = m_live.state().readingAt(id, a, t);
      if (!r) {
        auto text = m_live.state().textAt(id, a, t);
        ImGui::Text("%s: %s", a.c_str(), text ? text->c_str() : "no data");
        continue;
      }
      if (r->source == twin::Source::Simulated)
        ImGui::Text("%s: %.2f (simulated)", a.c_str(), r->value);
      else if (r->stale)
        ImGui::TextColored(toImColor(layers::kStaleColor), "%s: %.2f STALE, %s old", a.c_str(), r->value,
                           layers::formatAge(t - r->sampleTime).c_str());
      else
        ImGui::Text("%s: %.2f (feed, %s old)", a.c_str(), r->value, layers::formatAge(t - r->sampleTime).c_str());
      // The last six hours, sampled every five minutes (the store interpolates).
      std::vector<float> history;
      for (int k = 72; k >= 0; --k)
        if (auto h = m_live.state().valueAt(id, a, t - k * 300.0)) history.push_back(float(*h));
      if (history.size() > 1)
        ImGui::PlotLines(("##" + id + a).c_str(), history.data(), int(history.size()), 0, "last 6 h", FLT_MAX, FLT_MAX,
                         ImVec2(-1, 40));
    }
    // The reason of the alert under way (the last reason reported stays in the store after).
    auto status = m_live.state().valueAt(id, twin::attr::kStatus, t);
    if (auto reason = m_live.state().textAt(id, twin::attr::kAlertReason, t);
        reason && status && *status == twin::kStatusAlert)
      ImGui::TextColored(kAlertText, "alert reason: %s", reason->c_str());
  }
  ImGui::End();
}

void LivePanel::drawLabels(const std::vector<scene::OverlayLabel>& labels, const glm::mat4& viewProj, float width,
                           float height) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  for (const scene::OverlayLabel& l : labels) {
    glm::vec4 clip = viewProj * glm::vec4(l.posEnu, 1.f);
    if (clip.w <= 0.1f) continue;
    glm::vec2 ndc = glm::vec2(clip) / clip.w;
    if (std::abs(ndc.x) > 1.1f || std::abs(ndc.y) > 1.1f) continue;
    ImVec2 p((ndc.x * 0.5f + 0.5f) * width, (ndc.y * 0.5f + 0.5f) * height);
    ImVec2 size = ImGui::CalcTextSize(l.text.c_str());
    p.x -= size.x * 0.5f;
    dl->AddRectFilled(ImVec2(p.x - 3, p.y - 2), ImVec2(p.x + size.x + 3, p.y + size.y + 2), IM_COL32(20, 24, 30, 170),
                      3.f);
    dl->AddText(p, l.colorSrgb, l.text.c_str());
  }
}

}  // namespace ts::ui
