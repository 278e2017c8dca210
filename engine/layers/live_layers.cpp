#include "layers/live_layers.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "layers/worker.h"
#include "twin/sim_clock.h"

namespace ts::layers {

// A window of state around the sim time, filled on a worker into a fresh store and moved
// in when ready (a two-day simulator fill takes ~0.1 s, a recording's window more: too
// long for a frame). The simulator fills the simulated tier; a replay the feed tier.
struct LiveLayers::Window {
  using FillFn = std::function<void(twin::StateStore&, twin::SimTime, twin::SimTime)>;
  struct Request {
    double from, to;
  };
  struct Result {
    std::shared_ptr<twin::StateStore> store;
    double from, to;
  };
  FillFn fill;
  std::shared_ptr<twin::Registry> names;
  double half;  // seconds either side of t
  bool feedTier;
  LatestWorker<Request, Result> worker;
  std::shared_ptr<const Result> taken;
  double filledFrom = 0, filledTo = -1;

  Window(FillFn f, std::shared_ptr<twin::Registry> n, double h, bool feed)
      : fill(std::move(f)), names(std::move(n)), half(h), feedTier(feed), worker([this](const Request& r) {
          auto out = std::make_shared<Result>();
          out->store = std::make_shared<twin::StateStore>(names);
          twin::Simulator::configure(*out->store);
          fill(*out->store, r.from, r.to);
          out->from = r.from, out->to = r.to;
          return out;
        }) {}

  void moveIn(twin::StateStore& into, twin::StateStore&& fresh) const {
    if (feedTier)
      into.takeFeed(std::move(fresh));
    else
      into.takeSimulated(std::move(fresh));
  }
  // Frame thread: takes a finished fill (unless the clock has left it meanwhile), and asks
  // for a new one when t nears the edge.
  void keepAround(twin::StateStore& state, twin::SimTime t) {
    auto done = worker.latest();
    if (done && done != taken) {
      taken = done;
      if (t >= done->from && t <= done->to) {
        moveIn(state, std::move(*done->store));  // consumed once, here
        filledFrom = done->from, filledTo = done->to;
      }
    }
    const double margin = half / 4;
    const bool pending = worker.busy() && t >= postedFrom && t <= postedTo;
    if (filledTo < filledFrom || t < filledFrom || t > filledTo) {
      // Nothing yet, or a jump outside: the state at t now (a seek: a recording's last
      // checkpoint and the messages since), so this frame has it; the window around t
      // follows from the worker, once (not again while it is on its way).
      twin::StateStore fresh(names);
      twin::Simulator::configure(fresh);
      fill(fresh, t, t);
      moveIn(state, std::move(fresh));
      filledFrom = filledTo = t;
      if (!pending) post(t);
    } else if ((t < filledFrom + margin || t > filledTo - margin) && !worker.busy()) {
      post(t);
    }
  }
  void post(twin::SimTime t) {
    postedFrom = t - half, postedTo = t + half;
    worker.post({postedFrom, postedTo});
  }
  double postedFrom = 0, postedTo = -1;
};

LiveLayers::LiveLayers(const scene::CityModel& city, LiveLayersOptions options)
    : m_city(city),
      m_options(options),
      m_simulator(city.entities, options.simulator),
      m_state(std::make_shared<twin::StateStore>(options.names)) {
  twin::Simulator::configure(*m_state);
  if (options.simulate)
    m_windows.push_back(std::make_unique<Window>(
        [this](twin::StateStore& s, twin::SimTime from, twin::SimTime to) { m_simulator.fill(s, from, to); },
        m_state->registry(), options.windowSeconds, false));
  if (options.replay)
    m_windows.push_back(
        std::make_unique<Window>(options.replay, m_state->registry(), options.replayWindowSeconds, true));
  auto coverage = std::make_unique<CoverageLayer>(city);
  auto cameras = std::make_unique<CameraLayer>(city);
  auto dataCentres = std::make_unique<DataCentreLayer>(city);
  m_coverage = coverage.get(), m_cameras = cameras.get(), m_dataCentres = dataCentres.get();
  m_layers.push_back(std::move(coverage));
  m_layers.push_back(std::move(cameras));
  m_layers.push_back(std::move(dataCentres));
  if (!city.driveTest.points.empty()) {
    auto driveTest = std::make_unique<DriveTestLayer>(city);
    m_driveTest = driveTest.get();
    m_layers.push_back(std::move(driveTest));
  }
}

LiveLayers::~LiveLayers() = default;

const Layer* LiveLayers::find(std::string_view id) const {
  for (const auto& l : m_layers)
    if (l->id() == id) return l.get();
  return nullptr;
}

Layer* LiveLayers::find(std::string_view id) { return const_cast<Layer*>(std::as_const(*this).find(id)); }

std::string LiveLayers::idList() const {
  std::string ids;
  for (const auto& l : m_layers) ids += (ids.empty() ? "" : ", ") + std::string(l->id());
  return ids;
}

Result<> LiveLayers::checkIds(const std::vector<std::string>& ids) const {
  for (const std::string& id : ids)
    if (id != "none" && !find(id)) return fail("no layer '" + id + "' (there are " + idList() + ")");
  return {};
}

Result<> LiveLayers::show(const std::vector<std::string>& ids) {
  if (auto ok = checkIds(ids); !ok) return ok;
  for (auto& l : m_layers) l->visible = ids.empty() || std::find(ids.begin(), ids.end(), l->id()) != ids.end();
  return {};
}

void LiveLayers::update(twin::SimTime t) {
  for (auto& w : m_windows) w->keepAround(*m_state, t);
  if (m_feeds) m_feeds->drainInto(*m_state);
  for (auto& l : m_layers) l->update(*m_state, t);
}

void LiveLayers::finish(twin::SimTime t) {
  update(t);
  for (auto& w : m_windows) w->worker.wait();
  update(t);
  for (auto& l : m_layers) l->finish();
}

std::pair<twin::SimTime, twin::SimTime> LiveLayers::filledRange() const {
  if (m_windows.empty()) return m_state->timeRange().value_or(std::pair{0.0, 0.0});
  return {m_windows.front()->filledFrom, m_windows.front()->filledTo};
}

LiveKpis LiveLayers::kpis(twin::SimTime t) const {
  LiveKpis k;
  k.time = t;
  k.utcOffsetMinutes = m_simulator.utcOffsetMinutes();
  k.temperatureC = m_state->valueAt(twin::kCityEntity, twin::attr::kTemperatureC, t);
  k.coverage = {m_coverage->report(), m_coverage->error(), m_coverage->freshness()};
  k.cameras = {m_cameras->report(), m_cameras->error(), m_cameras->freshness()};
  k.dataCentres = {m_dataCentres->report(), m_dataCentres->error(), m_dataCentres->freshness()};
  if (m_driveTest) k.driveTest = {{m_driveTest->report(), m_driveTest->error(), m_driveTest->freshness()}};
  if (m_options.simulate) k.events = m_simulator.events(t - 43200, t + 43200);
  return k;
}

scene::OverlayDraw LiveLayers::draw(double wallSeconds) const {
  scene::OverlayDraw out;
  for (const auto& l : m_layers) l->draw(out, wallSeconds);
  return out;
}

void LiveLayers::select(std::optional<scene::EntityRef> e) {
  for (auto& l : m_layers) l->select(e);
}

std::vector<std::string> LiveLayers::attributesOf(const scene::EntityRef& e) const {
  std::vector<std::string> out;
  for (const auto& l : m_layers)
    for (std::string& a : l->attributesOf(e))
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
  return out;
}

std::vector<std::string> LiveLayers::feedValuesOf(const scene::EntityRef& e, twin::SimTime t) const {
  const scene::EntitySet& es = m_city.entities;
  const std::string* id = nullptr;
  if (e.kind == scene::EntityKind::Site5G && e.index < es.sites5g.size()) id = &es.sites5g[e.index].id;
  if (e.kind == scene::EntityKind::Camera && e.index < es.cameras.size()) id = &es.cameras[e.index].id;
  if (e.kind == scene::EntityKind::DataCentre && e.index < es.dataCentres.size()) id = &es.dataCentres[e.index].id;
  std::vector<std::string> out;
  if (!id) return out;
  for (const std::string& a : attributesOf(e)) {
    auto r = m_state->readingAt(*id, a, t);
    if (!r || r->source != twin::Source::Feed) continue;
    out.push_back(fmt::format("{} {:.4g} {}", a, r->value,
                              r->stale ? "STALE (" + formatAge(t - r->sampleTime) + " old)"
                                       : "(feed, " + formatAge(t - r->sampleTime) + " old)"));
  }
  return out;
}

}  // namespace ts::layers
