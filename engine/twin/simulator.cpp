#include "twin/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <utility>

namespace ts::twin {

namespace {

constexpr double kDay = 86400, kHour = 3600;

// What the hash is about, so that two uses of the same entity and index differ.
enum Purpose : uint64_t {
  kHashLoadNoise = 1,
  kHashTemperatureNoise,
  kHashDetections,
  kHashAlert,
  kHashDcOrder,
  kHashCameraScale,
};

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t hash(uint64_t seed, uint64_t entity, uint64_t purpose, int64_t index) {
  uint64_t h = splitmix64(seed);
  h = splitmix64(h ^ entity);
  h = splitmix64(h ^ purpose);
  return splitmix64(h ^ uint64_t(index));
}

double unit(uint64_t h) { return double(h >> 11) * 0x1.0p-53; }  // [0, 1)
double signedUnit(uint64_t h) { return unit(h) * 2 - 1; }        // [-1, 1)

// A stable key for an entity: FNV-1a of its id, so values follow the id, not its
// position in the EntitySet.
uint64_t idKey(const std::string& id) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

// Value noise in [-1, 1]: hashed values at multiples of `period`, smoothly interpolated.
double valueNoise(uint64_t seed, uint64_t entity, uint64_t purpose, SimTime t, double period) {
  double x = t / period, cell = std::floor(x);
  int64_t i = int64_t(cell);
  double a = signedUnit(hash(seed, entity, purpose, i)), b = signedUnit(hash(seed, entity, purpose, i + 1));
  return a + (b - a) * smoothstep(x - cell);
}

// A daily curve: `lo` at hour `minH`, `hi` at hour `maxH` (minH < maxH), half cosines
// in between.
double dailyCurve(double hour, double minH, double maxH, double lo, double hi) {
  double x = std::fmod(hour - minH + 48, 24.0), rise = maxH - minH;
  double f = x <= rise ? 0.5 - 0.5 * std::cos(std::numbers::pi * x / rise)
                       : 0.5 + 0.5 * std::cos(std::numbers::pi * (x - rise) / (24 - rise));
  return lo + (hi - lo) * f;
}

double dailyCurve(double hour, const DailyCurve& c) { return dailyCurve(hour, c.lowHour, c.highHour, c.low, c.high); }

// Relative traffic at a local hour: the floor plus the peaks (Gaussians, wrapping at
// midnight).
double traffic(double hour, const Baselines& b) {
  double v = b.trafficFloor;
  for (const TrafficPeak& p : b.trafficPeaks) {
    double d = hour - p.hour;
    if (d > 12) d -= 24;
    if (d < -12) d += 24;
    v += p.height * std::exp(-0.5 * d * d / (p.widthH * p.widthH));
  }
  return v;
}

struct Interval {
  SimTime start, end;  // [start, end)
};

bool inside(const std::vector<Interval>& intervals, SimTime t) {
  for (const Interval& i : intervals)
    if (t >= i.start && t < i.end) return true;
  return false;
}

// Writes a step series: its value at `from`, then a sample at each change among the
// candidate times in (from, to].
template <class ValueAt>
void writeSteps(StateStore& store, const std::string& entity, const char* attribute, SimTime from, SimTime to,
                std::vector<SimTime>& candidates, ValueAt valueAt) {
  const std::string attributeName = attribute;
  double last = valueAt(from);
  store.write(entity, attributeName, from, last);
  std::sort(candidates.begin(), candidates.end());
  for (SimTime c : candidates) {
    if (c <= from || c > to) continue;
    double v = valueAt(c);
    if (v != last) store.write(entity, attributeName, c, v), last = v;
  }
}

// A stable-sorted, de-duplicated list of indices.
std::vector<int> sortedUnique(std::vector<int> v) {
  std::ranges::sort(v);
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The smooth envelope of an event with ramps: 0 outside [start, end), rising over rampUp
// from start, falling over rampDown to end (a ramp of 0 is a step).
double envelope(SimTime t, SimTime start, SimTime end, double rampUp, double rampDown) {
  if (t <= start || t >= end) return 0;
  double up = rampUp > 0 ? smoothstep((t - start) / rampUp) : 1.0;
  double down = rampDown > 0 ? smoothstep((end - t) / rampDown) : 1.0;
  return std::min(up, down);
}

}  // namespace

const char* eventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::SiteOutage:
      return "site_outage";
    case EventKind::CameraClusterOffline:
      return "camera_cluster_offline";
    case EventKind::HeatWave:
      return "heat_wave";
    case EventKind::LoadRamp:
      return "load_ramp";
    case EventKind::Commissioning:
      return "commissioning";
    case EventKind::AlertBurst:
      return "alert_burst";
  }
  return "?";
}

// Each event's entities, found in the city: sector, camera or data-centre indices.
struct Simulator::Resolved {
  std::vector<std::vector<int>> targets;  // by event
};

// One event happening once: the event's index and its span (shifted by the repeats).
struct Simulator::Occurrence {
  size_t event;
  SimTime start, end;
  SimTime periodEnd;  // the end of the scenario's range holding it (commissioning: in service until then)
};

namespace {

// What an event's selection finds among entities of one kind (ids, positions), with a
// warning for each id that names none of them.
struct Candidates {
  const char* what;  // "camera", "5G site or sector", "data centre"
  const std::vector<std::string>& ids;
  const std::vector<glm::vec2>& pos;
  bool sitePrefixes = false;  // "gnb-39" also names "gnb-39-1", "gnb-39-2", ...
};

}  // namespace

Simulator::Simulator(const scene::EntitySet& entities, SimulatorOptions options)
    : m_scenario(options.scenario ? options.scenario : std::make_shared<const Scenario>()),
      m_resolved(std::make_unique<Resolved>()) {
  const Scenario& sc = *m_scenario;
  m_seed = options.seed.value_or(sc.seed);
  const uint64_t seed = m_seed;
  const Baselines& b = sc.baselines;
  for (const scene::Site5G& s : entities.sites5g) m_sectorIds.push_back(s.id), m_sectorPos.emplace_back(s.posEnu);
  for (const scene::AiCamera& c : entities.cameras) {
    m_cameraIds.push_back(c.id);
    m_cameraKeys.push_back(idKey(c.id));
    m_cameraPos.emplace_back(c.posEnu.x, c.posEnu.y);
    double u = unit(hash(seed, m_cameraKeys.back(), kHashCameraScale, 0));
    m_cameraScale.push_back(b.detectionScaleMin + (b.detectionScaleMax - b.detectionScaleMin) * u);
  }

  // Data centres: the built ones get evenly spread offsets in a seeded order (a
  // Fisher-Yates shuffle driven by the hash), so exactly one is the busiest.
  std::vector<int> built;
  for (const scene::DataCentre& d : entities.dataCentres) {
    if (!d.proposed) built.push_back(int(m_dcs.size()));
    m_dcs.push_back({d.id, d.name, idKey(d.id), d.capacityMW, d.pue, 0.0, d.proposed, {d.posEnu.x, d.posEnu.y}});
  }
  for (size_t i = built.size(); i > 1; --i) std::swap(built[i - 1], built[hash(seed, 0, kHashDcOrder, int64_t(i)) % i]);
  const double spread = b.utilisationSpread;
  for (size_t r = 0; r < built.size(); ++r)
    m_dcs[built[r]].offset =
        built.size() == 1 ? spread / 2 : -spread / 2 + spread * double(r) / double(built.size() - 1);
  resolveEvents();
}

Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;

namespace {

bool namesEntity(const std::string& name, const std::string& id, bool sitePrefixes) {
  return id == name || (sitePrefixes && id.size() > name.size() + 1 && id.starts_with(name) && id[name.size()] == '-');
}

// The place of an entity named by id among several kinds (the first found).
std::optional<glm::vec2> placeOf(const std::string& name, std::initializer_list<const Candidates*> kinds) {
  for (const Candidates* k : kinds)
    for (size_t i = 0; i < k->ids.size(); ++i)
      if (namesEntity(name, k->ids[i], k->sitePrefixes)) return k->pos[i];
  return std::nullopt;
}

}  // namespace

void Simulator::resolveEvents() {
  const Scenario& sc = *m_scenario;
  std::vector<glm::vec2> dcPos;
  std::vector<std::string> dcIds;
  for (const Dc& d : m_dcs) dcPos.push_back(d.pos), dcIds.push_back(d.id);
  const Candidates sectors{"5G site or sector", m_sectorIds, m_sectorPos, true};
  const Candidates cameras{"camera", m_cameraIds, m_cameraPos};
  const Candidates dcs{"data centre", dcIds, dcPos};
  m_resolved->targets.resize(sc.events.size());
  for (size_t e = 0; e < sc.events.size(); ++e) {
    const ScenarioEvent& ev = sc.events[e];
    const std::string where = "scenario " + (sc.source.empty() ? std::string("(built in)") : sc.source) + ": events[" +
                              std::to_string(e) + "] (" + ev.id + ")";
    const Candidates* kind = nullptr;
    switch (ev.kind) {
      case EventKind::SiteOutage:
        kind = &sectors;
        break;
      case EventKind::CameraClusterOffline:
      case EventKind::AlertBurst:
        kind = &cameras;
        break;
      case EventKind::LoadRamp:
      case EventKind::Commissioning:
        kind = &dcs;
        break;
      case EventKind::HeatWave:
        continue;
    }
    const EntitySelection& sel = ev.target;
    std::vector<int> found;
    for (size_t i = 0; i < kind->ids.size(); ++i)
      if (sel.all) found.push_back(int(i));
    for (const std::string& name : sel.ids) {
      size_t before = found.size();
      for (size_t i = 0; i < kind->ids.size(); ++i)
        if (namesEntity(name, kind->ids[i], kind->sitePrefixes)) found.push_back(int(i));
      if (found.size() == before) m_warnings.push_back(where + ": no " + kind->what + " '" + name + "'");
    }
    std::optional<glm::vec2> place;
    if (sel.centreEnu) place = glm::vec2(*sel.centreEnu);
    if (!sel.aroundEntity.empty()) {
      place = placeOf(sel.aroundEntity, {&cameras, &sectors, &dcs});
      if (!place) m_warnings.push_back(where + ": no entity '" + sel.aroundEntity + "' to be around");
    } else if (sel.centreLonLat && !sel.centreEnu) {
      m_warnings.push_back(where + ": its place was not located in the scene (no geographic origin)");
    }
    if (place)
      for (size_t i = 0; i < kind->pos.size(); ++i) {
        glm::vec2 d = kind->pos[i] - *place;
        if (std::hypot(d.x, d.y) <= sel.radiusM) found.push_back(int(i));
      }
    // Load ramps act on built data centres, commissioning on proposed ones.
    if (kind == &dcs)
      std::erase_if(found, [&](int i) { return m_dcs[i].proposed != (ev.kind == EventKind::Commissioning); });
    found = sortedUnique(std::move(found));
    if (found.empty())
      m_warnings.push_back(where + ": affects no " + kind->what +
                           (ev.kind == EventKind::Commissioning ? " (only proposed ones can be commissioned)" : ""));
    m_resolved->targets[e] = std::move(found);
  }
}

int64_t Simulator::localDay(SimTime t) const {
  return int64_t(std::floor((t + m_scenario->utcOffsetMinutes * 60.0) / kDay));
}

SimTime Simulator::localMidnight(int64_t day) const { return double(day) * kDay - m_scenario->utcOffsetMinutes * 60.0; }

// The events' occurrences overlapping [from, to] (a repeating scenario's copies too). A
// commissioning's occurrence counts until its data centre leaves service (the range's
// end) when `inService`, else until its own end.
std::vector<Simulator::Occurrence> Simulator::occurrences(SimTime from, SimTime to, bool inService) const {
  std::vector<Occurrence> out;
  if (!(to >= from)) return out;
  const Scenario& sc = *m_scenario;
  const double period = sc.end - sc.start;
  const bool repeat = sc.repeat && period > 0;
  for (size_t e = 0; e < sc.events.size(); ++e) {
    const ScenarioEvent& ev = sc.events[e];
    int64_t k0 = 0, k1 = 0;
    if (repeat) {
      k0 = int64_t(std::floor((from - std::max(ev.end, sc.end)) / period)) - 1;
      k1 = int64_t(std::ceil((to - ev.start) / period)) + 1;
    }
    for (int64_t k = k0; k <= k1; ++k) {
      const double shift = double(k) * period;
      Occurrence o{e, ev.start + shift, ev.end + shift, sc.end + shift};
      const SimTime until = inService && ev.kind == EventKind::Commissioning ? std::max(o.end, o.periodEnd) : o.end;
      if (o.start <= to && until > from) out.push_back(o);
    }
  }
  std::ranges::stable_sort(out, {}, &Occurrence::start);
  return out;
}

void Simulator::configure(StateStore& store) {
  store.setInterpolation(attr::kStatus, Interpolation::Step);
  store.setInterpolation(attr::kDetections, Interpolation::Step);
  store.setInterpolation(attr::kLoadMw, Interpolation::Linear);
  store.setInterpolation(attr::kFacilityMw, Interpolation::Linear);
  store.setInterpolation(attr::kTemperatureC, Interpolation::Linear);
}

// fill()'s sampling grid: every multiple of stepSeconds from the one at or before `from`
// to the one at or after `to`, what depends only on the time there, and the events
// touching that range.
struct Simulator::Samples {
  std::vector<SimTime> times;
  std::vector<double> localHour, heatLoad, temperature;  // heatLoad: the heat waves' utilisation rise
  std::vector<std::vector<double>> dcRise;               // by data centre: the load ramps' rise (empty: none)
  std::vector<std::vector<double>> dcService;            // by data centre: commissioned share 0..1 (empty: none)
  std::vector<std::vector<Interval>> sectorOff, cameraOff;
  struct Burst {
    SimTime start, end;
    double chance;
  };
  std::vector<std::vector<Burst>> cameraBursts;
};

Simulator::Samples Simulator::samplesFor(SimTime from, SimTime to) const {
  Samples s;
  const Scenario& sc = *m_scenario;
  const double step = sc.stepSeconds;
  const int64_t k0 = int64_t(std::floor(from / step)), k1 = int64_t(std::ceil(to / step));
  s.times.reserve(size_t(k1 - k0 + 1));
  for (int64_t k = k0; k <= k1; ++k) s.times.push_back(double(k) * step);
  const size_t n = s.times.size();
  std::vector<double> heatC(n, 0.0);
  s.localHour.resize(n), s.heatLoad.assign(n, 0.0), s.temperature.resize(n);
  s.sectorOff.resize(m_sectorIds.size()), s.cameraOff.resize(m_cameraIds.size());
  s.cameraBursts.resize(m_cameraIds.size()), s.dcRise.resize(m_dcs.size()), s.dcService.resize(m_dcs.size());
  for (const Occurrence& o : occurrences(s.times.front(), s.times.back(), true)) {
    const ScenarioEvent& ev = sc.events[o.event];
    const std::vector<int>& targets = m_resolved->targets[o.event];
    switch (ev.kind) {
      case EventKind::HeatWave:
        for (size_t i = 0; i < n; ++i) {
          double env = envelope(s.times[i], o.start, o.end, ev.rampUpS, ev.rampDownS);
          heatC[i] += ev.riseC * env, s.heatLoad[i] += ev.loadRise * env;
        }
        break;
      case EventKind::LoadRamp:
        for (int d : targets) {
          s.dcRise[d].resize(n, 0.0);
          for (size_t i = 0; i < n; ++i)
            s.dcRise[d][i] += ev.loadRise * envelope(s.times[i], o.start, o.end, ev.rampUpS, ev.rampDownS);
        }
        break;
      case EventKind::Commissioning:
        for (int d : targets) {
          s.dcService[d].resize(n, 0.0);
          for (size_t i = 0; i < n; ++i) {
            const SimTime t = s.times[i];
            double share = t < o.start || t >= o.periodEnd ? 0.0
                           : t >= o.end                    ? 1.0
                                                           : smoothstep((t - o.start) / (o.end - o.start));
            s.dcService[d][i] = std::max(s.dcService[d][i], share);
          }
        }
        break;
      case EventKind::SiteOutage:
        for (int sector : targets) s.sectorOff[sector].push_back({o.start, o.end});
        break;
      case EventKind::CameraClusterOffline:
        for (int c : targets) s.cameraOff[c].push_back({o.start, o.end});
        break;
      case EventKind::AlertBurst: {
        // A slot starts an alert when it is drawn and the one before is not (alerts never
        // merge): with a chance p per slot that happens at p (1 - p) per slot, so p is
        // chosen to give the burst's rate (at most one alert every four slots).
        const double perSlot = std::min(0.25, ev.alertsPerHour * sc.baselines.alertSeconds / kHour);
        const double p = (1 - std::sqrt(1 - 4 * perSlot)) / 2;
        for (int c : targets) s.cameraBursts[c].push_back({o.start, o.end, p});
        break;
      }
    }
  }
  const Baselines& b = sc.baselines;
  for (size_t i = 0; i < n; ++i) {
    s.localHour[i] = (s.times[i] - localMidnight(localDay(s.times[i]))) / kHour;
    s.temperature[i] =
        dailyCurve(s.localHour[i], b.temperatureC) +
        b.temperatureNoiseC * valueNoise(m_seed, idKey(kCityEntity), kHashTemperatureNoise, s.times[i], kHour) +
        heatC[i];
  }
  return s;
}

void Simulator::fillDataCentres(StateStore& store, const Samples& s) const {
  const Baselines& b = m_scenario->baselines;
  const std::string attrLoad = attr::kLoadMw, attrFacility = attr::kFacilityMw;
  for (size_t d = 0; d < m_dcs.size(); ++d) {
    const Dc& dc = m_dcs[d];
    const std::vector<double>& rise = s.dcRise[d];
    const std::vector<double>& service = s.dcService[d];
    for (size_t i = 0; i < s.times.size(); ++i) {
      double load = 0, facility = 0;
      const double share = !dc.proposed ? 1.0 : service.empty() ? 0.0 : service[i];
      if (share > 0) {
        double utilisation = dailyCurve(s.localHour[i], b.utilisation) + dc.offset +
                             b.utilisationNoise * valueNoise(m_seed, dc.key, kHashLoadNoise, s.times[i], kHour) +
                             (rise.empty() ? s.heatLoad[i] : s.heatLoad[i] + rise[i]);
        load = dc.capacityMw * std::clamp(utilisation, 0.0, b.utilisationMax);
        if (dc.proposed) load *= share;
        facility = load * dc.pue * (1 + b.coolingPerC * std::max(0.0, s.temperature[i] - b.coolingAboveC));
      }
      store.write(dc.id, attrLoad, s.times[i], load);
      store.write(dc.id, attrFacility, s.times[i], facility);
    }
  }
}

void Simulator::fillCamera(StateStore& store, size_t camera, SimTime from, SimTime to, const Samples& s,
                           std::vector<SimTime>& candidates) const {
  const Baselines& b = m_scenario->baselines;
  const double step = m_scenario->stepSeconds, stepMinutes = step / 60, slotS = b.alertSeconds;
  const double baseChance = b.alertSeconds / (b.alertMeanDays * kDay);
  const int64_t slot0 = int64_t(std::floor(from / slotS)), slot1 = int64_t(std::floor(to / slotS));
  const uint64_t key = m_cameraKeys[camera];
  const std::vector<Interval>& off = s.cameraOff[camera];
  const std::vector<Samples::Burst>& bursts = s.cameraBursts[camera];
  // A slot's chance of an alert: the baseline's, or a burst's where one holds its start.
  auto chance = [&](int64_t slot) {
    double c = baseChance;
    for (const Samples::Burst& burst : bursts)
      if (double(slot) * slotS >= burst.start && double(slot) * slotS < burst.end) c = std::max(c, burst.chance);
    return c;
  };
  // A slot drawn right after another drawn one is skipped: alerts never merge.
  auto drawn = [&](int64_t slot) { return unit(hash(m_seed, key, kHashAlert, slot)) < chance(slot); };
  auto alert = [&](int64_t slot) { return drawn(slot) && !drawn(slot - 1); };
  candidates.clear();
  for (const Interval& i : off) candidates.push_back(i.start), candidates.push_back(i.end);
  for (int64_t slot = slot0; slot <= slot1; ++slot)
    if (alert(slot)) candidates.push_back(double(slot) * slotS), candidates.push_back(double(slot + 1) * slotS);
  writeSteps(store, m_cameraIds[camera], attr::kStatus, from, to, candidates, [&](SimTime t) {
    if (inside(off, t)) return kStatusOffline;
    return alert(int64_t(std::floor(t / slotS))) ? kStatusAlert : kStatusOnline;
  });

  // Detections in the step that holds t; 0 while offline.
  auto detections = [&](SimTime t) {
    if (inside(off, t)) return 0.0;
    double k = std::floor(t / step);
    double hour = (k * step - localMidnight(localDay(k * step))) / kHour;
    double noise = b.detectionNoise * signedUnit(hash(m_seed, key, kHashDetections, int64_t(k)));
    return std::max(
        0.0, std::round(traffic(hour, b) * b.detectionsPerMinute * m_cameraScale[camera] * stepMinutes * (1 + noise)));
  };
  const std::string attrDetections = attr::kDetections;
  const SimTime first = s.times.front(), last = s.times.back();
  for (SimTime t : s.times) store.write(m_cameraIds[camera], attrDetections, t, detections(t));
  for (const Interval& i : off)
    for (SimTime edge : {i.start, i.end})
      if (edge >= first && edge <= last) store.write(m_cameraIds[camera], attrDetections, edge, detections(edge));
}

void Simulator::fill(StateStore& store, SimTime from, SimTime to) const {
  if (!(to >= from) || !std::isfinite(from) || !std::isfinite(to)) return;
  const Samples s = samplesFor(from, to);
  const std::string attrTemperature = attr::kTemperatureC, city = kCityEntity;
  for (size_t i = 0; i < s.times.size(); ++i) store.write(city, attrTemperature, s.times[i], s.temperature[i]);
  fillDataCentres(store, s);

  std::vector<SimTime> candidates;  // scratch, shared by the series
  for (size_t sector = 0; sector < m_sectorIds.size(); ++sector) {
    const std::vector<Interval>& off = s.sectorOff[sector];
    candidates.clear();
    for (const Interval& i : off) candidates.push_back(i.start), candidates.push_back(i.end);
    writeSteps(store, m_sectorIds[sector], attr::kStatus, from, to, candidates,
               [&](SimTime t) { return inside(off, t) ? kStatusOffline : kStatusOnline; });
  }
  for (size_t camera = 0; camera < m_cameraIds.size(); ++camera) fillCamera(store, camera, from, to, s, candidates);
}

std::vector<SimEvent> Simulator::events(SimTime from, SimTime to) const {
  std::vector<SimEvent> out;
  for (const Occurrence& o : occurrences(from, to)) out.push_back(describe(o));
  return out;
}

namespace {

std::string fmtNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// "gnb-39" for sectors gnb-39-1, gnb-39-2, gnb-39-3 (a sector id "<site>-<n>" with a site
// id that has a dash itself); other ids ("mmw-3") as they are.
std::string siteNames(const std::vector<std::string>& sectors) {
  std::vector<std::string> sites;
  for (const std::string& id : sectors) {
    std::string site = id;
    if (size_t dash = site.rfind('-'); dash != std::string::npos && site.find('-') < dash) site.resize(dash);
    if (std::ranges::find(sites, site) == sites.end()) sites.push_back(site);
  }
  std::string out;
  for (size_t i = 0; i < sites.size() && i < 4; ++i) out += (i ? ", " : "") + sites[i];
  if (sites.size() > 4) out += " and " + std::to_string(sites.size() - 4) + " more";
  return out;
}

// Where a selection is, for a label: "within 250 m of cam-432".
std::string placeText(const EntitySelection& sel) {
  if (!sel.aroundEntity.empty()) return " within " + fmtNumber(sel.radiusM) + " m of " + sel.aroundEntity;
  if (sel.centreLonLat)
    return " within " + fmtNumber(sel.radiusM) + " m of " + fmtNumber(sel.centreLonLat->y) + ", " +
           fmtNumber(sel.centreLonLat->x);
  if (sel.centreEnu) return " within " + fmtNumber(sel.radiusM) + " m of a point";
  return "";
}

}  // namespace

// An occurrence for the timeline: its entities by id and a label (the file's, or made
// from what it does).
SimEvent Simulator::describe(const Occurrence& o) const {
  const ScenarioEvent& ev = m_scenario->events[o.event];
  const std::vector<int>& targets = m_resolved->targets[o.event];
  SimEvent e{eventKindName(ev.kind), ev.id, ev.label, o.start, o.end, {}};
  const size_t n = targets.size();
  std::string label;
  switch (ev.kind) {
    case EventKind::SiteOutage:
      for (int s : targets) e.entities.push_back(m_sectorIds[s]);
      label =
          "5G site outage: " + siteNames(e.entities) + " (" + std::to_string(n) + (n == 1 ? " sector)" : " sectors)");
      break;
    case EventKind::CameraClusterOffline:
      for (int c : targets) e.entities.push_back(m_cameraIds[c]);
      label = "Camera cluster offline: " + std::to_string(n) + " cameras" + placeText(ev.target);
      break;
    case EventKind::AlertBurst:
      for (int c : targets) e.entities.push_back(m_cameraIds[c]);
      label = "Alert burst: " + std::to_string(n) + " cameras" + placeText(ev.target) + ", " +
              fmtNumber(ev.alertsPerHour) + " alerts per hour each";
      break;
    case EventKind::HeatWave:
      e.entities.push_back(kCityEntity);
      for (const Dc& dc : m_dcs)
        if (!dc.proposed) e.entities.push_back(dc.id);
      label = "Heat wave: up to +" + fmtNumber(ev.riseC) + " °C, data-centre loads +" + fmtNumber(ev.loadRise * 100) +
              " points";
      break;
    case EventKind::LoadRamp:
      for (int d : targets) e.entities.push_back(m_dcs[d].id);
      label = "Load ramp: +" + fmtNumber(ev.loadRise * 100) + " points on " + std::to_string(n) + " data centres";
      break;
    case EventKind::Commissioning:
      for (int d : targets) e.entities.push_back(m_dcs[d].id);
      label = "Commissioning: " + (n == 1 ? m_dcs[targets[0]].name : std::to_string(n) + " data centres");
      break;
  }
  if (e.label.empty()) e.label = std::move(label);
  return e;
}

}  // namespace ts::twin
