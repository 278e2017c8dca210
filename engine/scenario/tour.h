// Guided tours: a list of stops, each a view, a sim time, how long to fly there and to
// hold, a caption and what shows (layers, KPI cards, overlay panels). Tours live in
// scenario files (docs/scenario-format.md) and play in the window (`view --tour`) and
// headless to video (`twinscape tour`).
//
// The TourPlayer answers, for any moment of the tour, where the camera is, what sim time
// it shows and what is on screen: a pure function of the tour's clock, so a video frame,
// a window frame and a test see the same tour. A stop's flight eases the camera (and,
// when the stop names a time, the sim time) from where the previous stop left off; the
// hold then lets the sim time run at the stop's speed. The first stop has no flight.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "render/camera.h"
#include "scene/city_model.h"
#include "twin/state_store.h"

namespace ts::scenario {

struct TourStop {
  std::string camera;                 // a bookmark or camera spec (render/camera_spec.h)
  std::optional<twin::SimTime> time;  // none: the time keeps running from the last stop
  double flightS = 4, holdS = 8;      // the first stop's flight is ignored
  std::optional<double> speed;        // sim seconds per second while holding (none: the tour's)
  std::string caption;
  std::optional<std::vector<std::string>> layers;  // live layer ids shown (none: as before)
  std::vector<std::string> kpis;                   // up to four KPI card ids
  std::optional<std::vector<std::string>> panels;  // overlay panels shown (none: all)
};

struct Tour {
  std::string name, title;
  double speed = 60;  // sim seconds per second while holding
  bool loop = false;  // in a window: start again after the last stop (wall displays)
  std::vector<TourStop> stops;
};

// One moment of a tour.
struct TourFrame {
  render::Camera camera;
  twin::SimTime time = 0;
  size_t stop = 0;                  // the stop being flown to or held at
  bool flying = false;              // between stops
  double stopProgress = 0;          // 0..1 through the stop (flight and hold)
  const TourStop* shown = nullptr;  // what shows: the stop's (during a flight, the stop flown to)
  std::vector<std::string> layers;  // the live layers shown (the latest stop's that says)
};

class TourPlayer {
 public:
  // Resolves each stop's camera for frames of `aspect`; errors name the tour, the stop
  // and what is wrong. `startTime` is the sim time when the first stop names none.
  static Result<TourPlayer> create(const Tour& tour, const scene::CityModel& city, double aspect,
                                   twin::SimTime startTime);

  double duration() const { return m_duration; }  // seconds, one pass
  // The tour at `seconds` since it started (clamped to [0, duration]; a looping tour
  // wraps instead when `wrap`).
  TourFrame at(double seconds, bool wrap = false) const;
  // When stop i's flight starts and its hold starts (seconds since the tour started).
  double stopStart(size_t i) const { return m_legs[i].start; }
  double holdStart(size_t i) const { return m_legs[i].start + m_legs[i].flight; }
  const Tour& tour() const { return m_tour; }

 private:
  struct Leg {
    double start = 0, flight = 0, hold = 0, speed = 0;
    render::Camera camera;
    twin::SimTime arriveTime = 0;  // the sim time when the hold starts
    std::vector<std::string> layers;
  };
  Tour m_tour;
  std::vector<Leg> m_legs;
  double m_duration = 0;
};

}  // namespace ts::scenario
