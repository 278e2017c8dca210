#include "kpi_json.h"

#include "twin/sim_clock.h"

namespace ts::app {

namespace {

using nlohmann::json;

json coverageJson(const layers::CoverageReport& r) {
  const layers::CoverageKpis& k = r.kpis;
  json out = {{"threshold_dbm", k.thresholdDbm},
              {"area_km2", k.areaKm2},
              {"covered_pct", k.coveredPct},
              {"outdoor_covered_pct", k.outdoorCoveredPct},
              {"indoor_covered_pct", k.indoorCoveredPct},
              {"mean_rsrp_dbm", k.meanRsrpDbm},
              {"sectors_online", k.sectorsOnline},
              {"sectors_total", k.sectorsTotal},
              {"cell_m", r.cellM},
              {"o2i", layers::o2iModelName(k.o2i)},
              {"model", twin::pathLossModelName(k.model)}};
  if (k.reliabilityPct > 0) {
    out["reliability_pct"] = k.reliabilityPct;
    out["reliable_covered_pct"] = k.reliableCoveredPct;
    out["reliable_outdoor_covered_pct"] = k.reliableOutdoorCoveredPct;
    out["reliable_indoor_covered_pct"] = k.reliableIndoorCoveredPct;
  }
  return out;
}

json cameraJson(const layers::CameraReport& r) {
  const layers::CameraKpis& k = r.kpis;
  return {{"total", k.total},
          {"online", k.online},
          {"offline", k.offline},
          {"alert", k.alert},
          {"street_area_km2", k.streetAreaKm2},
          {"street_seen_1_pct", k.streetSeen1Pct},
          {"street_seen_2_pct", k.streetSeen2Pct},
          {"cell_m", r.cellM}};
}

json siteJson(const layers::DataCentreState& s, const scene::DataCentre& dc) {
  json j = {{"id", dc.id}, {"name", dc.name}, {"capacity_mw", s.capacityMw}, {"proposed", dc.proposed}};
  if (s.commissioned) j["commissioned"] = true;
  if (s.known)
    j.update({{"load_mw", s.loadMw},
              {"facility_mw", s.facilityMw},
              {"utilisation_pct", s.utilisationPct},
              {"alert", s.alert},
              {"stale", s.stale}});
  return j;
}

json dataCentreJson(const layers::DataCentreReport& r, const std::vector<scene::DataCentre>& dcs) {
  json sites = json::array(), campuses = json::array();
  for (const layers::DataCentreState& s : r.sites) sites.push_back(siteJson(s, dcs[s.index]));
  for (const layers::DataCentreCampus& c : r.campuses) {
    json members = json::array();
    for (uint32_t i : c.members) members.push_back(dcs[i].id);
    campuses.push_back({{"data_centres", members},
                        {"load_mw", c.loadMw},
                        {"capacity_mw", c.capacityMw},
                        {"headroom_mw", c.headroomMw},
                        {"proposed_capacity_mw", c.proposedCapacityMw}});
  }
  const layers::DataCentreKpis& k = r.totals;
  json out = {{"campuses", std::move(campuses)},
              {"total_load_mw", k.totalLoadMw},
              {"total_facility_mw", k.totalFacilityMw},
              {"total_capacity_mw", k.totalCapacityMw},
              {"headroom_mw", k.headroomMw},
              {"utilisation_pct", k.utilisationPct},
              {"built", k.built},
              {"reporting", k.reporting},
              {"alerts", k.alerts},
              {"alert_threshold_pct", r.alertThresholdPct},
              {"proposed", k.proposed},
              {"proposed_capacity_mw", k.proposedCapacityMw},
              {"sites", std::move(sites)}};
  if (k.busiest >= 0)
    out["busiest"] = {{"id", dcs[k.busiest].id}, {"name", dcs[k.busiest].name}, {"utilisation_pct", k.busiestPct}};
  return out;
}

json statsJson(const layers::DriveTestStats& s) {
  return {{"count", s.count}, {"mean_error_db", s.meanErrorDb}, {"rmse_db", s.rmseDb}};
}

// The sites (masts) with compared points: their statistics, and with a calibration their
// offset and what is left of their error.
json driveTestSitesJson(const layers::DriveTestReport& r, const std::vector<scene::Site5G>& sectors) {
  json sites = json::array();
  for (size_t m = 0; m < r.masts.size(); ++m) {
    if (!r.before.perMast[m].count && !(r.after && r.after->perMast[m].count)) continue;
    json ids = json::array();
    for (uint32_t s : r.masts[m]) ids.push_back(sectors[s].id);
    json site = statsJson(r.before.perMast[m]);
    site.update({{"site", r.mastNames[m]}, {"sectors", ids}});
    if (r.after) site.update({{"offset_db", r.mastOffsetDb[m]}, {"calibrated", statsJson(r.after->perMast[m])}});
    sites.push_back(std::move(site));
  }
  return sites;
}

json driveTestJson(const layers::DriveTestReport& r, const std::vector<scene::Site5G>& sectors) {
  json out = statsJson(r.before.overall);
  out.update({{"points", r.before.errorDb.size()},
              {"unknown_cell", r.before.unknownCell},
              {"outside_raster", r.before.outsideRaster},
              {"no_signal", r.before.noSignal},
              {"sites", driveTestSitesJson(r, sectors)},
              {"coverage", coverageJson({r.kpisBefore, r.cellM})}});
  if (r.after)
    out["calibration"] = {{"method",
                           "per-site offset: mean error per site with each point's server fixed, "
                           "servers re-chosen and repeated until the offsets settle"},
                          {"rounds", r.calibrationRounds},
                          {"after", statsJson(r.after->overall)},
                          {"coverage_after", coverageJson({*r.kpisAfter, r.cellM})}};
  return out;
}

// One layer's object: its figures (empty before the first result) and its error.
template <class Report, class ToJson>
json layerJson(const layers::LayerKpis<Report>& l, ToJson toJson) {
  json j = l.report ? toJson(*l.report) : json::object();
  if (l.error) j["error"] = *l.error;
  j["from_feeds"] = l.freshness.fromFeeds;  // entities whose value a feed reported
  j["stale"] = l.freshness.stale;           // ... and of those, how many are older than stale_after
  return j;
}

}  // namespace

json kpiJson(const layers::LiveKpis& k, const scene::EntitySet& entities) {
  json layers = json::object();
  layers[std::string(layers::kCoverage5g)] = layerJson(k.coverage, coverageJson);
  layers[std::string(layers::kCameras)] = layerJson(k.cameras, cameraJson);
  layers[std::string(layers::kDataCentres)] = layerJson(
      k.dataCentres, [&](const layers::DataCentreReport& r) { return dataCentreJson(r, entities.dataCentres); });
  if (k.driveTest)
    layers[std::string(layers::kDriveTest)] =
        layerJson(*k.driveTest, [&](const layers::DriveTestReport& r) { return driveTestJson(r, entities.sites5g); });
  json events = json::array();
  for (const twin::SimEvent& e : k.events)
    events.push_back({{"kind", e.kind},
                      {"label", e.label},
                      {"start", twin::formatIsoTime(e.start, k.utcOffsetMinutes)},
                      {"end", twin::formatIsoTime(e.end, k.utcOffsetMinutes)},
                      {"active", e.start <= k.time && k.time < e.end}});
  json temp = nullptr;
  if (k.temperatureC) temp = *k.temperatureC;
  return {{"time", twin::formatIsoTime(k.time, k.utcOffsetMinutes)},
          {"temperature_c", temp},
          {"layers", layers},
          {"events", events}};
}

json feedHealthJson(const std::vector<feeds::FeedHealth>& feeds) {
  json out = json::array();
  for (const feeds::FeedHealth& h : feeds)
    out.push_back({{"name", h.name},
                   {"broker", h.broker},
                   {"connected", h.connected},
                   {"status", h.status},
                   {"messages", h.messages},
                   {"updates", h.updates},
                   {"malformed", h.malformed},
                   {"unknown_entity", h.unknownEntity},
                   {"dropped", h.dropped},
                   {"reconnects", h.reconnects},
                   {"messages_per_s", h.messagesPerSecond},
                   {"lag_s", h.lagSeconds},
                   {"last_error", h.lastError}});
  return out;
}

json replayJson(const feeds::Replay& replay, const std::string& file) {
  const feeds::Recording& r = replay.recording();
  const int offset = r.info().utcOffsetMinutes;
  auto [from, to] = replay.range();
  feeds::ReplayStats st = replay.stats();
  return {{"file", file},
          {"scene", r.info().scene},
          {"messages", r.messageCount()},
          {"from", twin::formatIsoTime(from, offset)},
          {"to", twin::formatIsoTime(to, offset)},
          {"refused", st.refused},
          {"last_error", st.lastError}};
}

}  // namespace ts::app
