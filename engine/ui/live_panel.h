// The inspector's live panels: a line with the sim time (the timeline bar, ui/timeline_bar,
// plays it and shows the events), the feeds' health, every live layer (visible, props,
// legend, KPIs, busy), the selected site's, camera's or data centre's live values with a
// history graph, and the layers' labels drawn over the view. Dear ImGui, inside UiLayer's
// frame.
#pragma once
#include <functional>
#include <glm/mat4x4.hpp>
#include <optional>

#include "feeds/mqtt_feed.h"
#include "layers/live_layers.h"
#include "scene/city_model.h"
#include "twin/sim_clock.h"

namespace ts::ui {

class LivePanel {
 public:
  LivePanel(const scene::CityModel& city, layers::LiveLayers& live, const twin::SimClock& clock, int utcOffsetMinutes)
      : m_city(city),
        m_live(live),
        m_clock(clock),
        m_offset(utcOffsetMinutes),
        m_masts(scene::mastGroups(city.entities.sites5g)) {}

  // Where the Feeds panel gets each feed's health (none: no panel).
  void setFeedHealth(std::function<std::vector<feeds::FeedHealth>()> health) { m_feedHealth = std::move(health); }
  // The panels; `selection` is what the inspector shows.
  void draw(const scene::Selection& selection, double wallNow);
  // Labels (data-centre MW figures) at their projected positions.
  static void drawLabels(const std::vector<scene::OverlayLabel>& labels, const glm::mat4& viewProj, float width,
                         float height);

 private:
  void drawClock();
  void drawFeeds(double wallNow);
  void drawLayer(layers::Layer& layer);
  void drawProps(layers::Layer& layer);
  void drawSelection(const scene::Selection& selection);
  void drawEntity(const std::string& entityId, const std::string& name, const std::vector<std::string>& attributes);
  const scene::CityModel& m_city;
  layers::LiveLayers& m_live;
  const twin::SimClock& m_clock;
  int m_offset;
  std::vector<std::vector<uint32_t>> m_masts;  // sectors by mast
  std::function<std::vector<feeds::FeedHealth>()> m_feedHealth;
};

}  // namespace ts::ui
