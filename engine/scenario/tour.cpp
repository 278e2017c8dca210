#include "scenario/tour.h"

#include <algorithm>
#include <cmath>

#include "render/camera_modes.h"
#include "render/camera_spec.h"

namespace ts::scenario {

namespace {
double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}
}  // namespace

Result<TourPlayer> TourPlayer::create(const Tour& tour, const scene::CityModel& city, double aspect,
                                      twin::SimTime startTime) {
  if (tour.stops.empty()) return fail("tour '" + tour.name + "' has no stops");
  TourPlayer p;
  p.m_tour = tour;
  double clock = 0;
  twin::SimTime simAfter = startTime;  // the sim time when the previous hold ends
  std::vector<std::string> layers;     // empty: every layer
  for (size_t i = 0; i < tour.stops.size(); ++i) {
    const TourStop& s = tour.stops[i];
    auto camera = render::parseCameraSpec(s.camera, city, aspect);
    if (!camera)
      return fail("tour '" + tour.name + "', stop " + std::to_string(i + 1) + ": camera " + camera.error().message);
    Leg leg;
    leg.start = clock;
    leg.flight = i == 0 ? 0.0 : std::max(0.0, s.flightS);
    leg.hold = std::max(0.0, s.holdS);
    leg.speed = s.speed.value_or(tour.speed);
    leg.camera = *camera;
    leg.arriveTime = s.time ? *s.time : simAfter + leg.flight * leg.speed;
    if (s.layers) layers = *s.layers;
    leg.layers = layers;
    clock += leg.flight + leg.hold;
    simAfter = leg.arriveTime + leg.hold * leg.speed;
    p.m_legs.push_back(std::move(leg));
  }
  p.m_duration = clock;
  return p;
}

TourFrame TourPlayer::at(double seconds, bool wrap) const {
  if (wrap && m_tour.loop && m_duration > 0)
    seconds = std::fmod(std::fmod(seconds, m_duration) + m_duration, m_duration);
  seconds = std::clamp(seconds, 0.0, m_duration);
  // The leg holding `seconds`: the last one starting at or before it.
  size_t i = 0;
  while (i + 1 < m_legs.size() && m_legs[i + 1].start <= seconds) ++i;
  const Leg& leg = m_legs[i];
  TourFrame f;
  f.stop = i;
  f.shown = &m_tour.stops[i];
  f.layers = leg.layers;
  const double into = seconds - leg.start, length = leg.flight + leg.hold;
  f.stopProgress = length > 0 ? std::clamp(into / length, 0.0, 1.0) : 1.0;
  if (into < leg.flight) {
    const Leg& prev = m_legs[i - 1];  // the first leg has no flight
    const twin::SimTime from = prev.arriveTime + prev.hold * prev.speed;
    f.flying = true;
    render::CameraTransition flight(prev.camera, leg.camera, leg.flight);
    f.camera = flight.advance(into);
    if (m_tour.stops[i].time)
      f.time = from + (leg.arriveTime - from) * smoothstep(into / leg.flight);
    else
      f.time = from + into * leg.speed;
  } else {
    f.camera = leg.camera;
    f.time = leg.arriveTime + (into - leg.flight) * leg.speed;
  }
  return f;
}

}  // namespace ts::scenario
