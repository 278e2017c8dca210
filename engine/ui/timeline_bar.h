// The timeline bar, docked along the bottom of the window at its full width, above every
// other panel: the time scale in the scene's local time, the scenario's events as coloured
// spans in lanes (click: jump to the start; hover: label and times), the playhead (drag to
// scrub), the loop range (shaded, in/out handles to drag, on/off), and the controls
// (reverse, pause, play, step back/forward by a chosen interval, the speed on a log
// slider, Live when there are live feeds, the local time and date). The wheel zooms the
// visible range around the cursor; dragging empty space pans it. Dear ImGui, inside
// UiLayer's frame; what it changes goes through twin::Timeline.
#pragma once
#include <functional>
#include <vector>

#include "twin/timeline.h"

struct ImVec2;

namespace ts::ui {

// The bar's height in pixels with the current font: where other panels leave room.
float timelineBarHeight();

class TimelineBar {
 public:
  // The events overlapping [from, to] (sim seconds), by start time.
  using EventsFn = std::function<std::vector<twin::SimEvent>(twin::SimTime, twin::SimTime)>;

  TimelineBar(twin::Timeline& timeline, int utcOffsetMinutes, EventsFn events)
      : m_timeline(timeline), m_offset(utcOffsetMinutes), m_events(std::move(events)) {}

  void draw(double wallNow);

  // The visible range (sim seconds); empty until the first draw.
  std::pair<twin::SimTime, twin::SimTime> visibleRange() const { return {m_from, m_to}; }

 private:
  struct Track;  // the time scale's rectangle and the events in it, this frame
  enum class Drag { None, Playhead, LoopIn, LoopOut, Pan };

  void drawTransport();
  void drawSpeedAndStep();
  void drawLoopAndLive(double wallNow);
  void drawTrack();
  void followPlayhead();
  void handleTrackInput(const Track& track);
  void startDrag(const Track& track, const ImVec2& mouse);
  void zoom(const Track& track, float wheel, float mouseX);
  void paintRuler(const Track& track) const;
  void paintLoop(const Track& track) const;
  void paintEvents(const Track& track) const;
  void paintPlayhead(const Track& track) const;
  void eventTooltip(const Track& track) const;

  twin::Timeline& m_timeline;
  int m_offset;
  EventsFn m_events;
  twin::SimTime m_from = 0, m_to = 0;  // the visible range
  Drag m_drag = Drag::None;
  twin::SimTime m_dragStartFrom = 0, m_dragStartTo = 0;  // the visible range when a pan began
};

}  // namespace ts::ui
