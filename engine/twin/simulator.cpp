#include "twin/simulator.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace ts::twin {

namespace {

constexpr double kDay = 86400, kHour = 3600, kQuarter = 900;
constexpr double kAlertSlot = 600;          // an alert lasts one 10-minute slot
constexpr double kAlertChance = 1.0 / 432;  // per camera and slot: ~1 per 3 days
constexpr double kDistrictRadiusM = 2500, kClusterRadiusM = 250;
constexpr size_t kMinClusterCameras = 15;
constexpr double kHeatWaveRiseC = 6, kHeatWaveLoadRise = 0.10;

// What the hash is about, so that two uses of the same entity and index differ.
enum Purpose : uint64_t {
  kHashLoadNoise = 1,
  kHashTemperatureNoise,
  kHashDetections,
  kHashAlert,
  kHashDcOrder,
  kHashCameraScale,
  kHashOutageSite,
  kHashOutageTime,
  kHashClusterCentre,
  kHashClusterTime,
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
// in between, flat at both ends.
double dailyCurve(double hour, double minH, double maxH, double lo, double hi) {
  double x = std::fmod(hour - minH + 48, 24.0), rise = maxH - minH;
  double f = x <= rise ? 0.5 - 0.5 * std::cos(std::numbers::pi * x / rise)
                       : 0.5 + 0.5 * std::cos(std::numbers::pi * (x - rise) / (24 - rise));
  return lo + (hi - lo) * f;
}

// Relative traffic at a local hour: morning and evening peaks, a smaller midday one.
double traffic(double hour) {
  auto bump = [&](double mu, double sigma) {
    double d = hour - mu;
    if (d > 12) d -= 24;
    if (d < -12) d += 24;
    return std::exp(-0.5 * d * d / (sigma * sigma));
  };
  return 0.06 + 0.88 * bump(7.5, 1.1) + 0.94 * bump(17.5, 1.4) + 0.40 * bump(12.5, 2.2);
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

// The sites (or cameras) of the old district, or all of them if none is there.
std::vector<int> inDistrict(const std::vector<glm::vec2>& pos) {
  std::vector<int> out;
  for (size_t i = 0; i < pos.size(); ++i)
    if (std::hypot(pos[i].x, pos[i].y) <= kDistrictRadiusM) out.push_back(int(i));
  if (out.empty())
    for (size_t i = 0; i < pos.size(); ++i) out.push_back(int(i));
  return out;
}

// Every camera within the cluster radius of camera `centre`.
std::vector<int> clusterAround(const std::vector<glm::vec2>& cameraPos, int centre) {
  std::vector<int> members;
  for (size_t i = 0; i < cameraPos.size(); ++i) {
    glm::vec2 d = cameraPos[i] - cameraPos[centre];
    if (std::hypot(d.x, d.y) <= kClusterRadiusM) members.push_back(int(i));
  }
  return members;
}

// A seeded choice among n for one day of the cycle (attempt: the how-manieth try).
size_t pick(uint64_t seed, int day, Purpose purpose, int attempt, size_t n) {
  return size_t(hash(seed, uint64_t(day), purpose, attempt) % n);
}

// A seeded time of one day of the cycle: `first` plus up to count - 1 quarter hours,
// in seconds.
double quarters(uint64_t seed, int day, Purpose purpose, int which, int first, int count) {
  return (first + int(hash(seed, uint64_t(day), purpose, which) % uint64_t(count))) * kQuarter;
}

// A site not yet used in the cycle (when there are enough of them).
int pickOutageSite(uint64_t seed, int day, const std::vector<int>& sites, const std::vector<int>& usedSites) {
  int site = sites[pick(seed, day, kHashOutageSite, 0, sites.size())];
  for (int attempt = 1;
       attempt < 256 && usedSites.size() < sites.size() && std::ranges::find(usedSites, site) != usedSites.end();
       ++attempt)
    site = sites[pick(seed, day, kHashOutageSite, attempt, sites.size())];
  return site;
}

struct Cluster {
  int centre = -1;           // camera index
  std::vector<int> members;  // camera indices
};

// At least kMinClusterCameras cameras, none of them in an earlier cluster of the cycle
// (`usedCameras`); failing that, the largest disjoint one, then the largest one.
Cluster pickCluster(uint64_t seed, int day, const std::vector<int>& cameras, const std::vector<char>& usedCameras,
                    const std::vector<glm::vec2>& cameraPos) {
  Cluster best;
  bool bestDisjoint = false;
  for (int attempt = 0; attempt < 256; ++attempt) {
    int centre = cameras[pick(seed, day, kHashClusterCentre, attempt, cameras.size())];
    std::vector<int> members = clusterAround(cameraPos, centre);
    bool disjoint = std::ranges::none_of(members, [&](int c) { return usedCameras[c] != 0; });
    bool better = best.centre < 0 || (disjoint && !bestDisjoint) ||
                  (disjoint == bestDisjoint && members.size() > best.members.size());
    if (better) best.centre = centre, best.members = std::move(members), bestDisjoint = disjoint;
    if (bestDisjoint && best.members.size() >= kMinClusterCameras) break;
  }
  return best;
}

}  // namespace

Simulator::Simulator(const scene::EntitySet& entities, SimulatorOptions options) : m_options(options) {
  if (!(m_options.stepSeconds >= 1)) m_options.stepSeconds = 1;
  m_startDay = localDay(m_options.scenarioStart);
  const uint64_t seed = m_options.seed;

  // 5G: physical macro sites are a mast's FR1 sectors (mmWave small cells are no macro sites).
  for (const scene::Site5G& s : entities.sites5g) m_sectorIds.push_back(s.id);
  for (const std::vector<uint32_t>& mast : scene::mastGroups(entities.sites5g)) {
    std::vector<int> fr1;
    for (uint32_t i : mast)
      if (!scene::isMmWave(entities.sites5g[i])) fr1.push_back(int(i));
    if (fr1.empty()) continue;
    const glm::vec3& p = entities.sites5g[fr1.front()].posEnu;
    m_siteSectors.push_back(std::move(fr1));
    m_sitePos.emplace_back(p.x, p.y);
  }

  for (const scene::AiCamera& c : entities.cameras) {
    m_cameraIds.push_back(c.id);
    m_cameraKeys.push_back(idKey(c.id));
    m_cameraPos.emplace_back(c.posEnu.x, c.posEnu.y);
    m_cameraScale.push_back(0.4 + 1.2 * unit(hash(seed, m_cameraKeys.back(), kHashCameraScale, 0)));
  }

  // Data centres: the built ones get evenly spread offsets in a seeded order (a
  // Fisher-Yates shuffle driven by the hash), so exactly one is the busiest.
  std::vector<int> built;
  for (const scene::DataCentre& d : entities.dataCentres) {
    if (!d.proposed) built.push_back(int(m_dcs.size()));
    m_dcs.push_back({d.id, idKey(d.id), d.capacityMW, d.pue, 0.0, d.proposed});
  }
  for (size_t i = built.size(); i > 1; --i) std::swap(built[i - 1], built[hash(seed, 0, kHashDcOrder, int64_t(i)) % i]);
  for (size_t r = 0; r < built.size(); ++r)
    m_dcs[built[r]].offset = built.size() == 1 ? 0.05 : -0.05 + 0.10 * double(r) / double(built.size() - 1);

  planCycle();
}

void Simulator::planCycle() {
  const uint64_t seed = m_options.seed;
  // Candidates: sites and cameras of the old district (or anywhere, if there are none).
  const std::vector<int> sites = inDistrict(m_sitePos), cameras = inDistrict(m_cameraPos);
  std::vector<int> usedSites;
  std::vector<char> usedCameras(m_cameraPos.size(), 0);
  for (int day = 0; day < 3; ++day) {
    DayPlan& plan = m_plans[day];
    // Site outage and camera cluster: at fixed times on day 0, at seeded ones after.
    if (!sites.empty()) {
      plan.outageSite = pickOutageSite(seed, day, sites, usedSites);
      usedSites.push_back(plan.outageSite);
      if (day == 0) {
        plan.outageStart = 14 * kHour, plan.outageEnd = 16.5 * kHour;
      } else {
        plan.outageStart = quarters(seed, day, kHashOutageTime, 0, 7 * 4, 12 * 4);          // 07:00-18:45
        plan.outageEnd = plan.outageStart + quarters(seed, day, kHashOutageTime, 1, 4, 9);  // 1-3 h
      }
    }
    if (!cameras.empty()) {
      Cluster cluster = pickCluster(seed, day, cameras, usedCameras, m_cameraPos);
      for (int c : cluster.members) usedCameras[c] = 1;
      plan.clusterCentre = cluster.centre;
      plan.cluster = std::move(cluster.members);
      if (day == 0) {
        plan.clusterStart = 9 * kHour, plan.clusterEnd = 11 * kHour;
      } else {
        plan.clusterStart = quarters(seed, day, kHashClusterTime, 0, 6 * 4, 14 * 4);           // 06:00-19:45
        plan.clusterEnd = plan.clusterStart + quarters(seed, day, kHashClusterTime, 1, 4, 5);  // 1-2 h
      }
    }
    if (day == 0) plan.heatWave = true, plan.heatStart = 12 * kHour, plan.heatEnd = 18 * kHour;
  }
}

int64_t Simulator::localDay(SimTime t) const {
  return int64_t(std::floor((t + m_options.utcOffsetMinutes * 60.0) / kDay));
}

SimTime Simulator::localMidnight(int64_t day) const { return double(day) * kDay - m_options.utcOffsetMinutes * 60.0; }

const Simulator::DayPlan& Simulator::planFor(int64_t day) const {
  int64_t cycleDay = ((day - m_startDay) % 3 + 3) % 3;
  return m_plans[size_t(cycleDay)];
}

std::vector<Simulator::Occurrence> Simulator::occurrences(SimTime from, SimTime to) const {
  std::vector<Occurrence> out;
  if (!(to >= from)) return out;
  for (int64_t day = localDay(from) - 1; day <= localDay(to) + 1; ++day) {
    const DayPlan& plan = planFor(day);
    SimTime midnight = localMidnight(day);
    auto add = [&](Occurrence::Kind kind, double start, double end, int index) {
      Occurrence o{kind, midnight + start, midnight + end, index};
      if (o.start <= to && o.end > from) out.push_back(o);
    };
    if (plan.heatWave) add(Occurrence::HeatWave, plan.heatStart, plan.heatEnd, -1);
    if (plan.outageSite >= 0) add(Occurrence::SiteOutage, plan.outageStart, plan.outageEnd, plan.outageSite);
    if (plan.clusterCentre >= 0)
      add(Occurrence::CameraCluster, plan.clusterStart, plan.clusterEnd, int(&plan - m_plans.data()));
  }
  std::ranges::stable_sort(out, {}, &Occurrence::start);
  return out;
}

double Simulator::heatEnvelope(SimTime t) const {
  int64_t day = localDay(t);
  const DayPlan& plan = planFor(day);
  if (!plan.heatWave) return 0;
  double s = t - localMidnight(day);
  if (s <= plan.heatStart || s >= plan.heatEnd) return 0;
  double up = smoothstep((s - plan.heatStart) / (1.5 * kHour));
  double down = smoothstep((plan.heatEnd - s) / kHour);
  return std::min(up, down);
}

double Simulator::temperatureAt(SimTime t, double heat) const {
  double hour = (t - localMidnight(localDay(t))) / kHour;
  return dailyCurve(hour, 5, 14.5, 27, 33) +
         0.5 * valueNoise(m_options.seed, idKey(kCityEntity), kHashTemperatureNoise, t, kHour) + kHeatWaveRiseC * heat;
}

void Simulator::configure(StateStore& store) {
  store.setInterpolation(attr::kStatus, Interpolation::Step);
  store.setInterpolation(attr::kDetections, Interpolation::Step);
  store.setInterpolation(attr::kLoadMw, Interpolation::Linear);
  store.setInterpolation(attr::kFacilityMw, Interpolation::Linear);
  store.setInterpolation(attr::kTemperatureC, Interpolation::Linear);
}

// fill()'s sampling grid: every multiple of stepSeconds from the one at or before `from`
// to the one at or after `to`, what depends only on the time there, and the outages
// touching that range (detections need their edges there too).
struct Simulator::Samples {
  std::vector<SimTime> times;
  std::vector<double> localHour, heat, temperature;  // heat: the heat wave's envelope, 0..1
  std::vector<std::vector<Interval>> sectorOff, cameraOff;
};

Simulator::Samples Simulator::samplesFor(SimTime from, SimTime to) const {
  Samples s;
  const double step = m_options.stepSeconds;
  const int64_t k0 = int64_t(std::floor(from / step)), k1 = int64_t(std::ceil(to / step));
  s.times.reserve(size_t(k1 - k0 + 1));
  for (int64_t k = k0; k <= k1; ++k) s.times.push_back(double(k) * step);
  const size_t n = s.times.size();
  s.localHour.resize(n), s.heat.resize(n), s.temperature.resize(n);
  for (size_t i = 0; i < n; ++i) {
    s.localHour[i] = (s.times[i] - localMidnight(localDay(s.times[i]))) / kHour;
    s.heat[i] = heatEnvelope(s.times[i]);
    s.temperature[i] = temperatureAt(s.times[i], s.heat[i]);
  }
  s.sectorOff.resize(m_sectorIds.size()), s.cameraOff.resize(m_cameraIds.size());
  for (const Occurrence& o : occurrences(s.times.front(), s.times.back())) {
    if (o.kind == Occurrence::SiteOutage)
      for (int sector : m_siteSectors[o.index]) s.sectorOff[sector].push_back({o.start, o.end});
    else if (o.kind == Occurrence::CameraCluster)
      for (int c : m_plans[o.index].cluster) s.cameraOff[c].push_back({o.start, o.end});
  }
  return s;
}

void Simulator::fillDataCentres(StateStore& store, const Samples& s) const {
  const uint64_t seed = m_options.seed;
  const std::string attrLoad = attr::kLoadMw, attrFacility = attr::kFacilityMw;
  for (const Dc& dc : m_dcs)
    for (size_t i = 0; i < s.times.size(); ++i) {
      double load = 0, facility = 0;
      if (!dc.proposed) {
        double utilisation = dailyCurve(s.localHour[i], 4, 14.5, 0.55, 0.80) + dc.offset +
                             0.03 * valueNoise(seed, dc.key, kHashLoadNoise, s.times[i], kHour) +
                             kHeatWaveLoadRise * s.heat[i];
        load = dc.capacityMw * std::clamp(utilisation, 0.0, 0.98);
        facility = load * dc.pue * (1 + 0.01 * std::max(0.0, s.temperature[i] - 33));
      }
      store.write(dc.id, attrLoad, s.times[i], load);
      store.write(dc.id, attrFacility, s.times[i], facility);
    }
}

void Simulator::fillCamera(StateStore& store, size_t camera, SimTime from, SimTime to, const Samples& s,
                           std::vector<SimTime>& candidates) const {
  const uint64_t seed = m_options.seed;
  const double step = m_options.stepSeconds, stepMinutes = step / 60;
  const int64_t slot0 = int64_t(std::floor(from / kAlertSlot)), slot1 = int64_t(std::floor(to / kAlertSlot));
  const uint64_t key = m_cameraKeys[camera];
  const std::vector<Interval>& off = s.cameraOff[camera];
  // A slot drawn right after another drawn one is skipped: alerts last 10 minutes.
  auto drawn = [&](int64_t slot) { return unit(hash(seed, key, kHashAlert, slot)) < kAlertChance; };
  auto alert = [&](int64_t slot) { return drawn(slot) && !drawn(slot - 1); };
  candidates.clear();
  for (const Interval& i : off) candidates.push_back(i.start), candidates.push_back(i.end);
  for (int64_t slot = slot0; slot <= slot1; ++slot)
    if (alert(slot))
      candidates.push_back(double(slot) * kAlertSlot), candidates.push_back(double(slot + 1) * kAlertSlot);
  writeSteps(store, m_cameraIds[camera], attr::kStatus, from, to, candidates, [&](SimTime t) {
    if (inside(off, t)) return kStatusOffline;
    return alert(int64_t(std::floor(t / kAlertSlot))) ? kStatusAlert : kStatusOnline;
  });

  // Detections in the step that holds t; 0 while offline.
  auto detections = [&](SimTime t) {
    if (inside(off, t)) return 0.0;
    double k = std::floor(t / step);
    double hour = (k * step - localMidnight(localDay(k * step))) / kHour;
    double noise = 0.2 * signedUnit(hash(seed, key, kHashDetections, int64_t(k)));
    return std::max(0.0, std::round(traffic(hour) * 8.0 * m_cameraScale[camera] * stepMinutes * (1 + noise)));
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
  for (const Occurrence& o : occurrences(from, to)) {
    SimEvent e;
    e.start = o.start, e.end = o.end;
    if (o.kind == Occurrence::HeatWave) {
      e.kind = "heat_wave";
      e.label = "Heat wave: afternoon up to about 39 °C, data-centre loads up";
      e.entities.push_back(kCityEntity);
      for (const Dc& dc : m_dcs)
        if (!dc.proposed) e.entities.push_back(dc.id);
    } else if (o.kind == Occurrence::SiteOutage) {
      e.kind = "site_outage";
      for (int s : m_siteSectors[o.index]) e.entities.push_back(m_sectorIds[s]);
      // "gnb-17-1" names site "gnb-17" when its sectors follow the <site>-<sector> pattern.
      std::string site = e.entities.front();
      if (size_t dash = site.rfind('-'); e.entities.size() > 1 && dash != std::string::npos && dash > 0)
        site.resize(dash);
      e.label = "5G site outage: " + site + " (" + std::to_string(e.entities.size()) + " sectors)";
    } else {
      const DayPlan& plan = m_plans[o.index];
      e.kind = "camera_cluster_offline";
      for (int c : plan.cluster) e.entities.push_back(m_cameraIds[c]);
      e.label = "Camera cluster offline: " + std::to_string(plan.cluster.size()) + " cameras within 250 m of " +
                m_cameraIds[plan.clusterCentre];
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ts::twin
