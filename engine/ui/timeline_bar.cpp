#include "ui/timeline_bar.h"

#include <imgui.h>
#include <imgui_internal.h>  // BringWindowToDisplayFront: the bar stays above the panels

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace ts::ui {

namespace {

constexpr int kLanes = 3;                                   // event lanes shown; more overlaps share the last
constexpr float kGrabPx = 5;                                // how near the playhead or a loop handle a press takes it
constexpr double kMinSpanS = 10, kMaxSpanS = 90 * 86400.0;  // zoom limits of the visible range

float laneHeight() { return std::round(ImGui::GetFontSize() * 0.55f); }
float rulerHeight() { return ImGui::GetFontSize() + 8; }
float trackHeight() { return rulerHeight() + kLanes * (laneHeight() + 2) + 2; }

// Event colours by kind; a kind this build does not know is drawn neutral grey.
ImU32 eventColour(const std::string& kind) {
  if (kind == "heat_wave") return IM_COL32(240, 140, 40, 255);
  if (kind == "site_outage") return IM_COL32(230, 70, 60, 255);
  if (kind == "camera_cluster_offline") return IM_COL32(170, 100, 230, 255);
  if (kind == "load_ramp") return IM_COL32(225, 200, 60, 255);
  if (kind == "commissioning") return IM_COL32(80, 190, 110, 255);
  if (kind == "alert_burst") return IM_COL32(240, 90, 170, 255);
  return IM_COL32(150, 150, 160, 255);
}

const ImVec4 kActiveButton(0.85f, 0.45f, 0.15f, 1.f);  // the transport state in force
const ImVec4 kLiveRed(0.85f, 0.2f, 0.2f, 1.f);

// A button drawn as pressed while its state is in force.
bool stateButton(bool on, bool (*button)()) {
  if (on) ImGui::PushStyleColor(ImGuiCol_Button, kActiveButton);
  const bool pressed = button();
  if (on) ImGui::PopStyleColor();
  return pressed;
}

// "+07:00": the offset part of an ISO time.
std::string offsetText(int utcOffsetMinutes) { return twin::formatIsoTime(0, utcOffsetMinutes).substr(19); }

}  // namespace

float timelineBarHeight() {
  const ImGuiStyle& style = ImGui::GetStyle();
  return style.WindowPadding.y * 2 + ImGui::GetFrameHeight() + style.ItemSpacing.y + trackHeight();
}

// The track's rectangle, its time scale and the events in view.
struct TimelineBar::Track {
  ImVec2 min, max;
  float rulerBottom = 0;  // ticks and labels above, event lanes below
  twin::SimTime from = 0, to = 1;
  std::vector<twin::SimEvent> events;
  std::vector<int> lanes;

  float xOf(twin::SimTime t) const { return min.x + float((t - from) / (to - from)) * (max.x - min.x); }
  twin::SimTime timeAt(float x) const { return from + double(x - min.x) / double(max.x - min.x) * (to - from); }
  std::pair<ImVec2, ImVec2> eventRect(size_t i) const {
    const float y = rulerBottom + 2 + float(std::min(lanes[i], kLanes - 1)) * (laneHeight() + 2);
    const float x0 = std::max(xOf(events[i].start), min.x), x1 = std::min(xOf(events[i].end), max.x);
    return {ImVec2(x0, y), ImVec2(std::max(x1, x0 + 2), y + laneHeight())};
  }
  // The event under p; the latest drawn (the top one) wins.
  std::optional<size_t> eventAt(const ImVec2& p) const {
    for (size_t i = events.size(); i-- > 0;) {
      auto [a, b] = eventRect(i);
      if (p.x >= a.x && p.x <= b.x && p.y >= a.y && p.y <= b.y) return i;
    }
    return std::nullopt;
  }
};

void TimelineBar::draw(double wallNow) {
  const ImVec2 screen = ImGui::GetIO().DisplaySize;
  const float height = timelineBarHeight();
  ImGui::SetNextWindowPos(ImVec2(0, screen.y - height));
  ImGui::SetNextWindowSize(ImVec2(screen.x, height));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  if (ImGui::Begin("Timeline", nullptr, flags)) {
    // Docked: whatever panel was raised last, the bar is drawn over it.
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    drawTransport();
    ImGui::SameLine(0, 12);
    drawSpeedAndStep();
    ImGui::SameLine(0, 12);
    drawLoopAndLive(wallNow);
    drawTrack();
  }
  ImGui::End();
}

// Reverse, pause, play: the one in force drawn pressed.
void TimelineBar::drawTransport() {
  const bool paused = m_timeline.paused(), back = m_timeline.backwards();
  if (stateButton(!paused && back, [] { return ImGui::ArrowButton("##reverse", ImGuiDir_Left); }))
    m_timeline.playBackwards();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("play backwards");
  ImGui::SameLine();
  if (stateButton(paused, [] { return ImGui::Button("||"); })) m_timeline.pause();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("pause (space plays or pauses)");
  ImGui::SameLine();
  if (stateButton(!paused && !back, [] { return ImGui::ArrowButton("##play", ImGuiDir_Right); }))
    m_timeline.playForwards();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("play");
}

// Step back / forward by the chosen interval; the speed on its log scale.
void TimelineBar::drawSpeedAndStep() {
  if (ImGui::Button("<|")) m_timeline.stepBack();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("step back (left arrow)");
  ImGui::SameLine();
  int step = int(m_timeline.stepIndex());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  if (ImGui::Combo(
          "##step", &step, [](void*, int i, const char** out) { return *out = twin::kStepIntervals[i].name, true; },
          nullptr, int(twin::kStepIntervals.size())))
    m_timeline.setStepIndex(size_t(step));
  ImGui::SameLine();
  if (ImGui::Button("|>")) m_timeline.stepForward();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("step forward (right arrow)");
  ImGui::SameLine(0, 12);
  float position = float(twin::sliderOfSpeed(m_timeline.speed()));
  const std::string label = twin::formatSpeed(m_timeline.speed());  // no '%': shown as it is
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::SliderFloat("##speed", &position, 0.f, 1.f, label.c_str(),
                         ImGuiSliderFlags_NoRoundToFormat | ImGuiSliderFlags_NoInput))
    m_timeline.setSpeed(twin::speedAtSlider(position));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("speed: sim seconds per second ([ halves, ] doubles)");
}

// Loop on/off (a first loop spans the middle of the view), Live, the local time.
void TimelineBar::drawLoopAndLive(double wallNow) {
  bool loop = m_timeline.looping();
  if (ImGui::Checkbox("Loop", &loop)) {
    const double span = m_to - m_from;
    if (loop && !m_timeline.loopRange()) m_timeline.setLoopRange(m_from + span * 0.25, m_from + span * 0.75);
    m_timeline.setLooping(loop);
  }
  if (m_timeline.canGoLive()) {
    ImGui::SameLine();
    const bool live = m_timeline.live();
    if (live) ImGui::PushStyleColor(ImGuiCol_Button, kLiveRed);
    if (ImGui::Button(live ? "LIVE" : "Go live")) m_timeline.goLive(wallNow);
    if (live) ImGui::PopStyleColor();
  }
  const twin::SimTime t = m_timeline.now();
  ImGui::SameLine(0, 12);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s  %s  (%s)", twin::formatLocalClock(t, m_offset, true).c_str(),
              twin::formatLocalDate(t, m_offset, true).c_str(), offsetText(m_offset).c_str());
}

void TimelineBar::drawTrack() {
  followPlayhead();
  Track track;
  track.min = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 10.f);
  track.max = ImVec2(track.min.x + width, track.min.y + trackHeight());
  track.rulerBottom = track.min.y + rulerHeight();
  track.from = m_from, track.to = m_to;
  track.events = m_events ? m_events(m_from, m_to) : std::vector<twin::SimEvent>{};
  track.lanes = twin::eventLanes(track.events);
  ImGui::InvisibleButton("##track", ImVec2(width, trackHeight()));
  handleTrackInput(track);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(track.min, track.max, true);
  paintRuler(track);
  paintLoop(track);
  paintEvents(track);
  paintPlayhead(track);
  dl->PopClipRect();
}

// The view starts on the extent when it is a day or less (a recording), otherwise on the
// local day around the clock; it pages to keep the playhead in sight (not while dragging).
void TimelineBar::followPlayhead() {
  const twin::SimTime t = m_timeline.now();
  if (!(m_to > m_from)) {
    const auto [begin, end] = m_timeline.extent();
    if (end > begin && end - begin <= 86400) {
      m_from = begin, m_to = end;
    } else {
      const double offsetS = m_offset * 60.0;
      m_from = std::floor((t + offsetS) / 86400) * 86400 - offsetS, m_to = m_from + 86400;
    }
  }
  if (m_drag != Drag::None || (t >= m_from && t <= m_to)) return;
  const double span = m_to - m_from;
  m_from = t > m_to ? t - span * 0.1 : t - span * 0.9;
  m_to = m_from + span;
}

void TimelineBar::handleTrackInput(const Track& track) {
  const ImVec2 mouse = ImGui::GetMousePos();
  if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0) zoom(track, ImGui::GetIO().MouseWheel, mouse.x);
  if (ImGui::IsItemActivated()) startDrag(track, mouse);
  if (!ImGui::IsItemActive()) {
    m_drag = Drag::None;
    if (ImGui::IsItemHovered()) eventTooltip(track);
    return;
  }
  const twin::SimTime t = track.timeAt(mouse.x);
  const auto loop = m_timeline.loopRange();
  switch (m_drag) {
    case Drag::Playhead:
      m_timeline.jump(t);
      break;
    case Drag::LoopIn:
      m_timeline.setLoopRange(std::min(t, loop->second), loop->second);
      break;
    case Drag::LoopOut:
      m_timeline.setLoopRange(loop->first, std::max(t, loop->first));
      break;
    case Drag::Pan: {
      const double shift = double(ImGui::GetMouseDragDelta(0).x) / double(track.max.x - track.min.x) * (m_to - m_from);
      m_from = m_dragStartFrom - shift, m_to = m_dragStartTo - shift;
      break;
    }
    case Drag::None:
      break;
  }
}

// What a press takes: on the time scale, the playhead (scrubbing from there); below it a
// loop handle, the playhead, an event (jump to its start), or else the view (panning).
void TimelineBar::startDrag(const Track& track, const ImVec2& mouse) {
  m_drag = Drag::None;
  const auto loop = m_timeline.loopRange();
  const bool onPlayhead = std::abs(mouse.x - track.xOf(m_timeline.now())) <= kGrabPx;
  if (mouse.y < track.rulerBottom || onPlayhead) {
    m_drag = Drag::Playhead;
  } else if (loop && std::abs(mouse.x - track.xOf(loop->first)) <= kGrabPx) {
    m_drag = Drag::LoopIn;
  } else if (loop && std::abs(mouse.x - track.xOf(loop->second)) <= kGrabPx) {
    m_drag = Drag::LoopOut;
  } else if (auto e = track.eventAt(mouse)) {
    m_timeline.jump(track.events[*e].start);
  } else {
    m_drag = Drag::Pan;
    m_dragStartFrom = m_from, m_dragStartTo = m_to;
  }
}

// The wheel zooms around the time under the cursor.
void TimelineBar::zoom(const Track& track, float wheel, float mouseX) {
  const double span = m_to - m_from;
  const double newSpan = std::clamp(span * std::pow(0.8, double(wheel)), kMinSpanS, kMaxSpanS);
  const twin::SimTime anchor = track.timeAt(mouseX);
  m_from = anchor - (anchor - m_from) / span * newSpan;
  m_to = m_from + newSpan;
}

// Background, what lies outside the extent dimmed, the ticks and their local-time labels.
void TimelineBar::paintRuler(const Track& track) const {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(track.min, track.max, IM_COL32(28, 32, 40, 255));
  const auto [begin, end] = m_timeline.extent();
  if (end > begin) {
    if (begin > track.from) dl->AddRectFilled(track.min, ImVec2(track.xOf(begin), track.max.y), IM_COL32(0, 0, 0, 110));
    if (end < track.to) dl->AddRectFilled(ImVec2(track.xOf(end), track.min.y), track.max, IM_COL32(0, 0, 0, 110));
  }
  const float labelPx = ImGui::CalcTextSize("Wed 30 Sep").x + 16;
  for (const twin::TimeTick& tick :
       twin::timeTicks(track.from, track.to, track.max.x - track.min.x, m_offset, std::max(90.f, labelPx))) {
    const float x = std::round(track.xOf(tick.time)) + 0.5f;
    if (tick.major) {
      dl->AddLine(ImVec2(x, track.min.y), ImVec2(x, track.max.y), IM_COL32(255, 255, 255, 45));
      dl->AddText(ImVec2(x + 3, track.min.y + 2), IM_COL32(210, 215, 225, 255), tick.label.c_str());
    } else {
      dl->AddLine(ImVec2(x, track.rulerBottom - 5), ImVec2(x, track.rulerBottom), IM_COL32(255, 255, 255, 70));
    }
  }
  dl->AddLine(ImVec2(track.min.x, track.rulerBottom), ImVec2(track.max.x, track.rulerBottom),
              IM_COL32(255, 255, 255, 90));
}

// The loop range shaded (brighter while looping) with its in and out handles.
void TimelineBar::paintLoop(const Track& track) const {
  const auto loop = m_timeline.loopRange();
  if (!loop) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x0 = track.xOf(loop->first), x1 = track.xOf(loop->second);
  const ImU32 shade = m_timeline.looping() ? IM_COL32(90, 160, 255, 60) : IM_COL32(150, 150, 160, 30);
  dl->AddRectFilled(ImVec2(x0, track.min.y), ImVec2(x1, track.max.y), shade);
  const ImU32 handle = m_timeline.looping() ? IM_COL32(110, 180, 255, 255) : IM_COL32(160, 160, 170, 255);
  for (float x : {x0, x1}) {
    dl->AddLine(ImVec2(x, track.min.y), ImVec2(x, track.max.y), handle, 2.f);
    dl->AddRectFilled(ImVec2(x - 3, track.max.y - 10), ImVec2(x + 3, track.max.y), handle);
  }
}

// Each event as a span in its lane; those under way at the playhead outlined.
void TimelineBar::paintEvents(const Track& track) const {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const twin::SimTime t = m_timeline.now();
  for (size_t i = 0; i < track.events.size(); ++i) {
    auto [a, b] = track.eventRect(i);
    dl->AddRectFilled(a, b, eventColour(track.events[i].kind), 2.f);
    if (track.events[i].start <= t && t < track.events[i].end)
      dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), IM_COL32(255, 255, 255, 220), 2.f);
  }
}

// The current time: a line across the track with a marker on the scale (red when live).
void TimelineBar::paintPlayhead(const Track& track) const {
  const float x = track.xOf(m_timeline.now());
  if (x < track.min.x - 6 || x > track.max.x + 6) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 colour = m_timeline.live() ? IM_COL32(235, 60, 60, 255) : IM_COL32(255, 255, 255, 255);
  dl->AddLine(ImVec2(x, track.min.y), ImVec2(x, track.max.y), colour, 2.f);
  dl->AddTriangleFilled(ImVec2(x - 5, track.min.y), ImVec2(x + 5, track.min.y), ImVec2(x, track.min.y + 7), colour);
}

// Hovering an event: its label and local times; hovering the scale: the time there.
void TimelineBar::eventTooltip(const Track& track) const {
  const ImVec2 mouse = ImGui::GetMousePos();
  if (auto i = track.eventAt(mouse)) {
    const twin::SimEvent& e = track.events[*i];
    const std::string startDay = twin::formatLocalDate(e.start, m_offset, false),
                      endDay = twin::formatLocalDate(e.end, m_offset, false);
    const std::string endText =
        (endDay == startDay ? "" : endDay + " ") + twin::formatLocalClock(e.end, m_offset, false);
    ImGui::SetTooltip("%s\n%s %s - %s\n(click: jump to its start)", e.label.c_str(), startDay.c_str(),
                      twin::formatLocalClock(e.start, m_offset, false).c_str(), endText.c_str());
  } else if (mouse.y < track.rulerBottom) {
    const twin::SimTime t = track.timeAt(mouse.x);
    ImGui::SetTooltip("%s %s", twin::formatLocalDate(t, m_offset, false).c_str(),
                      twin::formatLocalClock(t, m_offset, true).c_str());
  }
}

}  // namespace ts::ui
