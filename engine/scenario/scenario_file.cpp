#include "scenario/scenario_file.h"

#include <cmath>
#include <regex>
#include <set>

#include "assets/embedded.h"
#include "core/json_reader.h"
#include "io/georef.h"
#include "io/json_file.h"
#include "twin/sim_clock.h"

namespace ts::scenario {

using nlohmann::json;

namespace {

constexpr double kMinute = 60, kHour = 3600, kDay = 86400;

// "+07:00", "UTC+07:00", "-03:30", "Z", "UTC": minutes east of UTC.
std::optional<int> parseUtcOffset(const std::string& text) {
  if (text == "Z" || text == "UTC") return 0;
  static const std::regex re(R"((?:UTC)?([+-])(\d{2}):(\d{2}))");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  int h = std::stoi(m[2]), mi = std::stoi(m[3]);
  if (h > 14 || mi > 59) return std::nullopt;
  return (m[1] == "-" ? -1 : 1) * (h * 60 + mi);
}

const std::map<std::string, twin::EventKind>& eventKinds() {
  static const std::map<std::string, twin::EventKind> kinds = {
      {"site_outage", twin::EventKind::SiteOutage},
      {"camera_cluster_offline", twin::EventKind::CameraClusterOffline},
      {"heat_wave", twin::EventKind::HeatWave},
      {"load_ramp", twin::EventKind::LoadRamp},
      {"commissioning", twin::EventKind::Commissioning},
      {"alert_burst", twin::EventKind::AlertBurst}};
  return kinds;
}

// The overlay panels a tour stop can show.
const std::set<std::string>& panelNames() {
  static const std::set<std::string> names = {"caption", "clock", "legend", "kpis", "scale_bar", "north_arrow"};
  return names;
}

struct ScenarioReader : JsonReader {
  twin::Scenario sc;
  bool haveStart = false;

  bool time(const json& obj, const char* key, const std::string& path, twin::SimTime& out, bool required);
  bool top(const json& doc);
  bool daily(const json& obj, const char* key, const std::string& path, twin::DailyCurve& out);
  bool baselines(const json& b, const std::string& path);
  bool detections(const json& d, const std::string& path);
  bool selection(const json& obj, const char* key, const std::string& path, twin::EntitySelection& out);
  bool event(const json& e, const std::string& path, twin::ScenarioEvent& out);
  bool eventParams(const json& e, const std::string& path, twin::ScenarioEvent& out);
  bool tour(const json& t, const std::string& path, Tour& out);
  bool stop(const json& s, const std::string& path, TourStop& out);
  bool names(const json& obj, const char* key, const std::string& path, std::optional<std::vector<std::string>>& out);
};

// A time: ISO 8601 with an offset, or "HH:MM[:SS]" in the scenario's time zone on the
// day it starts.
bool ScenarioReader::time(const json& obj, const char* key, const std::string& path, twin::SimTime& out,
                          bool required) {
  std::string text;
  if (!get(obj, key, path, text, required)) return false;
  if (!obj.contains(key)) return true;
  const std::string p = path + "." + key;
  static const std::regex local(R"((\d{1,2}):(\d{2})(?::(\d{2}))?)");
  std::smatch m;
  if (std::regex_match(text, m, local)) {
    if (!haveStart) return failAt(p, "'" + text + "': a local time needs the scenario's start first");
    int h = std::stoi(m[1]), mi = std::stoi(m[2]), s = m[3].matched ? std::stoi(m[3]) : 0;
    if (h > 24 || mi > 59 || s > 59 || (h == 24 && (mi || s))) return failAt(p, "'" + text + "' is not a time of day");
    const double offset = sc.utcOffsetMinutes * kMinute;
    const double day = std::floor((sc.start + offset) / kDay) * kDay - offset;
    out = day + h * kHour + mi * kMinute + s;
    return true;
  }
  auto t = twin::parseIsoTime(text);
  if (!t) return failAt(p, t.error().message + " or a local time of day like 14:00");
  out = *t;
  return true;
}

bool ScenarioReader::top(const json& doc) {
  if (!isObject(doc, "$")) return false;
  checkKeys(doc, "$",
            {"$schema", "format", "version", "name", "description", "time_zone", "time_zone_name", "start", "end",
             "repeat", "seed", "step_s", "baselines", "events", "tours"});
  int version = 1;
  std::string zone, startText;
  if (!get(doc, "version", "$", version) || !get(doc, "name", "$", sc.name) ||
      !get(doc, "description", "$", sc.description) || !get(doc, "time_zone_name", "$", sc.timeZoneName) ||
      !get(doc, "repeat", "$", sc.repeat) || !get(doc, "seed", "$", sc.seed) || !get(doc, "time_zone", "$", zone) ||
      !get(doc, "start", "$", startText, true))
    return false;
  if (version != 1) return failAt("$.version", "is " + std::to_string(version) + "; this Twinscape reads version 1");
  if (!getIn(doc, "step_s", "$", sc.stepSeconds, 1, 3600)) return false;
  // The time zone: the key's, else the start time's own offset.
  std::smatch m;
  static const std::regex offsetAtEnd(R"(.*(Z|[+-]\d{2}:\d{2})$)");
  if (!zone.empty()) {
    auto offset = parseUtcOffset(zone);
    if (!offset) return failAt("$.time_zone", "'" + zone + "': expected a UTC offset like \"+07:00\"");
    sc.utcOffsetMinutes = *offset;
  } else if (std::regex_match(startText, m, offsetAtEnd)) {
    sc.utcOffsetMinutes = parseUtcOffset(m[1]).value_or(0);
  }
  if (!time(doc, "start", "$", sc.start, true)) return false;
  haveStart = true;
  if (!time(doc, "end", "$", sc.end, true)) return false;
  if (!(sc.end > sc.start)) return failAt("$.end", "must be after $.start");
  if (auto b = doc.find("baselines"); b != doc.end() && !baselines(*b, "$.baselines")) return false;
  if (auto e = doc.find("events"); e != doc.end()) {
    if (!e->is_array()) return failAt("$.events", std::string("must be an array, not ") + jsonTypeName(*e));
    std::set<std::string> ids;
    for (size_t i = 0; i < e->size(); ++i) {
      twin::ScenarioEvent ev;
      const std::string p = "$.events[" + std::to_string(i) + "]";
      if (!event((*e)[i], p, ev)) return false;
      if (ev.id.empty()) ev.id = std::string(twin::eventKindName(ev.kind)) + "-" + std::to_string(i + 1);
      if (!ids.insert(ev.id).second) return failAt(p + ".id", "'" + ev.id + "' is used by an earlier event");
      sc.events.push_back(std::move(ev));
    }
  }
  return true;
}

bool ScenarioReader::daily(const json& obj, const char* key, const std::string& path, twin::DailyCurve& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return true;
  const std::string p = path + "." + key;
  if (!isObject(*it, p)) return false;
  checkKeys(*it, p, {"low", "low_hour", "high", "high_hour"});
  if (!get(*it, "low", p, out.low, true) || !get(*it, "high", p, out.high, true) ||
      !getIn(*it, "low_hour", p, out.lowHour, 0, 24, true) || !getIn(*it, "high_hour", p, out.highHour, 0, 24, true))
    return false;
  if (!(out.highHour > out.lowHour)) return failAt(p + ".high_hour", "must be after low_hour");
  return true;
}

bool ScenarioReader::baselines(const json& b, const std::string& path) {
  if (!isObject(b, path)) return false;
  checkKeys(b, path, {"temperature_c", "datacentre_utilisation", "camera_detections", "camera_alerts"});
  twin::Baselines& o = sc.baselines;
  if (auto t = b.find("temperature_c"); t != b.end()) {
    const std::string p = path + ".temperature_c";
    if (!isObject(*t, p)) return false;
    checkKeys(*t, p, {"daily", "noise"});
    if (!daily(*t, "daily", p, o.temperatureC) || !getIn(*t, "noise", p, o.temperatureNoiseC, 0, 20)) return false;
  }
  if (auto u = b.find("datacentre_utilisation"); u != b.end()) {
    const std::string p = path + ".datacentre_utilisation";
    if (!isObject(*u, p)) return false;
    checkKeys(*u, p, {"daily", "spread", "noise", "max", "cooling_above_c", "cooling_per_c"});
    if (!daily(*u, "daily", p, o.utilisation) || !getIn(*u, "spread", p, o.utilisationSpread, 0, 1) ||
        !getIn(*u, "noise", p, o.utilisationNoise, 0, 1) || !getIn(*u, "max", p, o.utilisationMax, 0, 1) ||
        !get(*u, "cooling_above_c", p, o.coolingAboveC) || !getIn(*u, "cooling_per_c", p, o.coolingPerC, 0, 1))
      return false;
  }
  if (auto d = b.find("camera_detections"); d != b.end() && !detections(*d, path + ".camera_detections")) return false;
  if (auto a = b.find("camera_alerts"); a != b.end()) {
    const std::string p = path + ".camera_alerts";
    if (!isObject(*a, p)) return false;
    checkKeys(*a, p, {"duration_s", "mean_interval_days"});
    if (!getIn(*a, "duration_s", p, o.alertSeconds, 10, kDay) ||
        !getIn(*a, "mean_interval_days", p, o.alertMeanDays, 0.01, 10000))
      return false;
  }
  return true;
}

bool ScenarioReader::detections(const json& d, const std::string& p) {
  twin::Baselines& o = sc.baselines;
  if (!isObject(d, p)) return false;
  checkKeys(d, p, {"per_minute", "scale", "noise", "floor", "peaks"});
  if (!getIn(d, "per_minute", p, o.detectionsPerMinute, 0, 1e6) || !getIn(d, "noise", p, o.detectionNoise, 0, 1) ||
      !getIn(d, "floor", p, o.trafficFloor, 0, 100))
    return false;
  if (auto s = d.find("scale"); s != d.end()) {
    if (!s->is_array() || s->size() != 2 || !(*s)[0].is_number() || !(*s)[1].is_number())
      return failAt(p + ".scale", "must be [min, max], two numbers");
    o.detectionScaleMin = (*s)[0].get<double>(), o.detectionScaleMax = (*s)[1].get<double>();
    if (!(o.detectionScaleMin >= 0 && o.detectionScaleMax >= o.detectionScaleMin))
      return failAt(p + ".scale", "must be [min, max] with 0 <= min <= max");
  }
  if (auto peaks = d.find("peaks"); peaks != d.end()) {
    if (!peaks->is_array()) return failAt(p + ".peaks", "must be an array of {hour, width_h, height}");
    o.trafficPeaks.clear();
    for (size_t i = 0; i < peaks->size(); ++i) {
      const std::string pp = p + ".peaks[" + std::to_string(i) + "]";
      twin::TrafficPeak peak;
      if (!isObject((*peaks)[i], pp)) return false;
      checkKeys((*peaks)[i], pp, {"hour", "width_h", "height"});
      if (!getIn((*peaks)[i], "hour", pp, peak.hour, 0, 24, true) ||
          !getIn((*peaks)[i], "width_h", pp, peak.widthH, 0.05, 24, true) ||
          !getIn((*peaks)[i], "height", pp, peak.height, 0, 100, true))
        return false;
      o.trafficPeaks.push_back(peak);
    }
  }
  return true;
}

// Which entities: "all", a list of ids, or {"ids", "around" | "at", "radius_m"}.
bool ScenarioReader::selection(const json& obj, const char* key, const std::string& path, twin::EntitySelection& out) {
  auto it = obj.find(key);
  const std::string p = path + "." + key;
  if (it == obj.end()) return failAt(p, "is missing: which entities the event affects");
  const std::string hint = "must be \"all\", a list of ids, or {\"ids\", \"around\" or \"at\", \"radius_m\"}";
  auto idList = [&](const json& list, const std::string& lp) {
    if (!list.is_array()) return failAt(lp, hint);
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string())
        return failAt(lp + "[" + std::to_string(i) + "]", std::string("must be an id, not ") + jsonTypeName(list[i]));
      out.ids.push_back(list[i].get<std::string>());
    }
    return true;
  };
  if (it->is_string()) {
    if (*it != "all") return failAt(p, "'" + it->get<std::string>() + "': " + hint);
    out.all = true;
    return true;
  }
  if (it->is_array()) return idList(*it, p);
  if (!it->is_object()) return failAt(p, hint);
  checkKeys(*it, p, {"ids", "around", "at", "radius_m"});
  if (auto ids = it->find("ids"); ids != it->end() && !idList(*ids, p + ".ids")) return false;
  if (!get(*it, "around", p, out.aroundEntity)) return false;
  if (auto at = it->find("at"); at != it->end()) {
    const std::string ap = p + ".at";
    if (!isObject(*at, ap)) return false;
    checkKeys(*at, ap, {"lat", "lon", "east", "north"});
    if (at->contains("lat") || at->contains("lon")) {
      double lat = 0, lon = 0;
      if (!getIn(*at, "lat", ap, lat, -90, 90, true) || !getIn(*at, "lon", ap, lon, -180, 180, true)) return false;
      out.centreLonLat = glm::dvec2(lon, lat);
    } else {
      double e = 0, n = 0;
      if (!get(*at, "east", ap, e, true) || !get(*at, "north", ap, n, true)) return false;
      out.centreEnu = glm::dvec2(e, n);
    }
  }
  const bool place = !out.aroundEntity.empty() || out.centreEnu || out.centreLonLat;
  if (place && !getIn(*it, "radius_m", p, out.radiusM, 0, 1e6, true)) return false;
  if (!place && it->contains("radius_m")) return failAt(p + ".radius_m", "needs \"around\" or \"at\"");
  if (!out.aroundEntity.empty() && (out.centreEnu || out.centreLonLat))
    return failAt(p, "has both \"around\" and \"at\": give one place");
  if (out.empty()) return failAt(p, hint);
  return true;
}

bool ScenarioReader::event(const json& e, const std::string& path, twin::ScenarioEvent& out) {
  if (!isObject(e, path)) return false;
  std::string kind;
  if (!get(e, "kind", path, kind, true) || !get(e, "id", path, out.id) || !get(e, "label", path, out.label))
    return false;
  auto k = eventKinds().find(kind);
  if (k == eventKinds().end()) {
    std::string known;
    for (const auto& [name, _] : eventKinds()) known += (known.empty() ? "" : ", ") + name;
    return failAt(path + ".kind", "'" + kind + "' is not an event kind (" + known + ")");
  }
  out.kind = k->second;
  if (!time(e, "start", path, out.start, true)) return false;
  double durationMin = 0;
  if (e.contains("end") == e.contains("duration_min")) return failAt(path, "needs either \"end\" or \"duration_min\"");
  if (!time(e, "end", path, out.end, false) || !getIn(e, "duration_min", path, durationMin, 0, 1e7)) return false;
  if (e.contains("duration_min")) out.end = out.start + durationMin * kMinute;
  if (!(out.end > out.start)) return failAt(path + ".end", "must be after its start");
  if (out.start < sc.start || out.end > sc.end)
    return failAt(path, "lies outside the scenario's time range (" +
                            twin::formatIsoTime(sc.start, sc.utcOffsetMinutes) + " to " +
                            twin::formatIsoTime(sc.end, sc.utcOffsetMinutes) + ")");
  return eventParams(e, path, out);
}

// What each kind of event takes besides its time.
bool ScenarioReader::eventParams(const json& e, const std::string& path, twin::ScenarioEvent& out) {
  double upMin = 0, downMin = 0;
  auto ramps = [&] {
    return getIn(e, "ramp_up_min", path, upMin, 0, 1e5) && getIn(e, "ramp_down_min", path, downMin, 0, 1e5) &&
           (out.rampUpS = upMin * kMinute, out.rampDownS = downMin * kMinute, true);
  };
  auto keys = [&](std::initializer_list<const char*> own) {
    std::vector<const char*> all = {"kind", "id", "label", "start", "end", "duration_min"};
    all.insert(all.end(), own);
    checkKeys(e, path, all, std::string("for kind ") + twin::eventKindName(out.kind));
  };
  switch (out.kind) {
    case twin::EventKind::SiteOutage:
      keys({"sites"});
      return selection(e, "sites", path, out.target);
    case twin::EventKind::CameraClusterOffline:
      keys({"cameras"});
      return selection(e, "cameras", path, out.target);
    case twin::EventKind::AlertBurst:
      keys({"cameras", "alerts_per_hour"});
      // Alerts never merge: at most one starts in every fourth slot on average.
      return selection(e, "cameras", path, out.target) &&
             getIn(e, "alerts_per_hour", path, out.alertsPerHour, 0, 0.25 * kHour / sc.baselines.alertSeconds, true);
    case twin::EventKind::HeatWave:
      keys({"rise_c", "load_rise", "ramp_up_min", "ramp_down_min"});
      return getIn(e, "rise_c", path, out.riseC, -30, 30, true) && getIn(e, "load_rise", path, out.loadRise, -1, 1) &&
             ramps();
    case twin::EventKind::LoadRamp:
      keys({"data_centres", "load_rise", "ramp_up_min", "ramp_down_min"});
      return selection(e, "data_centres", path, out.target) && getIn(e, "load_rise", path, out.loadRise, -1, 1, true) &&
             ramps();
    case twin::EventKind::Commissioning:
      keys({"data_centres"});
      return selection(e, "data_centres", path, out.target);
  }
  return true;
}

// A list of names, "all" (an empty list: every one) or "none" (and [], which would
// otherwise read as "all": {"none"}).
bool ScenarioReader::names(const json& obj, const char* key, const std::string& path,
                           std::optional<std::vector<std::string>>& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return true;
  const std::string p = path + "." + key;
  if (*it == "all") return out = std::vector<std::string>{}, true;
  if (*it == "none" || (it->is_array() && it->empty())) return out = std::vector<std::string>{"none"}, true;
  if (!it->is_array()) return failAt(p, "must be \"all\", \"none\" or a list of names");
  out.emplace();
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      return failAt(p + "[" + std::to_string(i) + "]", std::string("must be a name, not ") + jsonTypeName((*it)[i]));
    out->push_back((*it)[i].get<std::string>());
  }
  return true;
}

bool ScenarioReader::stop(const json& s, const std::string& path, TourStop& out) {
  if (!isObject(s, path)) return false;
  checkKeys(s, path, {"camera", "time", "flight_s", "hold_s", "speed", "caption", "layers", "kpis", "panels"});
  if (!get(s, "camera", path, out.camera, true) || !getIn(s, "flight_s", path, out.flightS, 0, 600) ||
      !getIn(s, "hold_s", path, out.holdS, 0, 86400) || !get(s, "caption", path, out.caption) ||
      !names(s, "layers", path, out.layers))
    return false;
  if (s.contains("speed")) {
    double speed = 0;
    if (!getIn(s, "speed", path, speed, -1e5, 1e5)) return false;
    out.speed = speed;
  }
  if (s.contains("time") && s["time"] != "keep") {
    twin::SimTime t = 0;
    if (!time(s, "time", path, t, true)) return false;
    out.time = t;
  }
  std::optional<std::vector<std::string>> kpis, panels;
  if (!names(s, "kpis", path, kpis) || !names(s, "panels", path, panels)) return false;
  // Every card would be eight; at most four fit.
  if (kpis && kpis->empty()) return failAt(path + ".kpis", "cannot be \"all\": list up to 4 cards, or \"none\"");
  if (kpis) out.kpis = *kpis == std::vector<std::string>{"none"} ? std::vector<std::string>{} : *kpis;
  if (panels && panels->empty()) panels.reset();  // "all": as without the key
  if (out.kpis.size() > 4)
    return failAt(path + ".kpis", "has " + std::to_string(out.kpis.size()) + " cards; at most 4");
  if (panels && *panels != std::vector<std::string>{"none"})
    for (const std::string& p : *panels)
      if (!panelNames().count(p))
        return failAt(path + ".panels",
                      "'" + p + "' is not a panel (caption, clock, kpis, legend, north_arrow, scale_bar)");
  out.panels = panels;
  return true;
}

bool ScenarioReader::tour(const json& t, const std::string& path, Tour& out) {
  if (!isObject(t, path)) return false;
  checkKeys(t, path, {"title", "speed", "loop", "stops"});
  if (!get(t, "title", path, out.title) || !getIn(t, "speed", path, out.speed, -1e5, 1e5) ||
      !get(t, "loop", path, out.loop))
    return false;
  auto stops = t.find("stops");
  if (stops == t.end() || !stops->is_array() || stops->empty())
    return failAt(path + ".stops", "must be a list of at least one stop");
  for (size_t i = 0; i < stops->size(); ++i) {
    TourStop s;
    if (!stop((*stops)[i], path + ".stops[" + std::to_string(i) + "]", s)) return false;
    out.stops.push_back(std::move(s));
  }
  return true;
}

}  // namespace

namespace {

Result<ScenarioFile> parseScenarioJson(const json& doc, const std::string& source) {
  ScenarioFile file;
  ScenarioReader r;
  r.where = source, r.warnings = &file.warnings;
  r.sc.source = source;
  if (!r.top(doc)) return fail(*r.error);
  if (auto tours = doc.find("tours"); tours != doc.end()) {
    if (!r.isObject(*tours, "$.tours")) return fail(*r.error);
    for (auto it = tours->begin(); it != tours->end(); ++it) {
      Tour t;
      t.name = it.key();
      if (!r.tour(it.value(), "$.tours." + it.key(), t)) return fail(*r.error);
      file.tours.emplace(t.name, std::move(t));
    }
  }
  file.scenario = std::make_shared<twin::Scenario>(std::move(r.sc));
  return file;
}

}  // namespace

Result<ScenarioFile> parseScenario(const std::string& text, const std::string& source) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail(source + ": not valid JSON");
  return parseScenarioJson(doc, source);
}

Result<ScenarioFile> loadScenario(const std::string& pathOrDemo) {
  if (pathOrDemo == "demo") {
    auto text = assets::text(kDemoScenario);
    if (!text) return fail("the demo scenario (assets/" + std::string(kDemoScenario) + ") is not in this build");
    return parseScenario(std::string(*text), "demo scenario (assets/" + std::string(kDemoScenario) + ")");
  }
  auto doc = io::readJsonFile(pathOrDemo, "scenario file");
  if (!doc) return std::unexpected(doc.error());
  return parseScenarioJson(*doc, pathOrDemo);
}

Result<ScenarioFile> chooseScenario(const std::string& option, const std::string& sceneScenario,
                                    const scene::CityModel& city) {
  const std::string& chosen = option.empty() ? sceneScenario : option;
  ScenarioFile file;
  if (chosen.empty()) {
    file.scenario = std::make_shared<twin::Scenario>();
  } else {
    auto loaded = loadScenario(chosen);
    if (!loaded) return std::unexpected(loaded.error());
    file = std::move(*loaded);
  }
  locate(*file.scenario, city);
  return file;
}

void locate(twin::Scenario& scenario, const scene::CityModel& city) {
  std::optional<Result<io::CrsToEnu>> toEnu;
  for (twin::ScenarioEvent& e : scenario.events) {
    if (!e.target.centreLonLat || e.target.centreEnu) continue;
    if (!toEnu) toEnu = io::makeCrsToEnu("OGC:CRS84", city.origin);
    glm::dvec3 enu;
    if (*toEnu && (**toEnu).toEnu(e.target.centreLonLat->x, e.target.centreLonLat->y, 0, enu))
      e.target.centreEnu = glm::dvec2(enu.x, enu.y);
  }
}

}  // namespace ts::scenario
