#include "layers/datacentre_layer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

#include "twin/simulator.h"

namespace ts::layers {

namespace {
constexpr uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(g) << 8) | r;
}
}  // namespace

DataCentreLayer::DataCentreLayer(const scene::CityModel& city) : m_city(city) {}

uint32_t DataCentreLayer::utilisationColor(double pct, double alertPct) {
  if (pct >= alertPct) return rgba(225, 40, 40);
  if (pct >= alertPct - 15) return rgba(245, 170, 40);
  return rgba(60, 170, 90);
}

void DataCentreLayer::update(const twin::StateStore& state, twin::SimTime t) {
  const double alertPct = value(m_alertPct);
  const auto& dcs = m_city.entities.dataCentres;
  m_states.assign(dcs.size(), {});
  m_kpis = {};
  resetFreshness(dcs.size());
  for (uint32_t i = 0; i < dcs.size(); ++i) {
    const scene::DataCentre& dc = dcs[i];
    DataCentreState& s = m_states[i];
    s.index = i;
    s.capacityMw = std::round(double(dc.capacityMW) * 1000.0) / 1000.0;  // the float's own digits, not its binary noise
    if (dc.proposed) s.commissioned = state.valueAt(dc.id, twin::attr::kLoadMw, t).value_or(0) > 0;
    if (s.planned(dc)) {
      ++m_kpis.proposed;
      m_kpis.proposedCapacityMw += s.capacityMw;
      continue;
    }
    ++m_kpis.built;
    m_kpis.totalCapacityMw += s.capacityMw;
    auto load = state.readingAt(dc.id, twin::attr::kLoadMw, t);
    auto facility = state.valueAt(dc.id, twin::attr::kFacilityMw, t);
    noteReading(i, load);
    if (!load) continue;
    s.known = true;
    s.loadMw = load->value;
    s.stale = load->stale;
    s.ageS = load->source == twin::Source::Feed ? t - load->sampleTime : 0;
    s.facilityMw = facility ? *facility : s.loadMw * dc.pue;
    s.utilisationPct = s.capacityMw > 0 ? 100.0 * s.loadMw / s.capacityMw : 0;
    s.alert = s.utilisationPct > alertPct;
    ++m_kpis.reporting;
    m_kpis.alerts += s.alert;
    m_kpis.totalLoadMw += s.loadMw;
    m_kpis.totalFacilityMw += s.facilityMw;
    if (m_kpis.busiest < 0 || s.utilisationPct > m_kpis.busiestPct)
      m_kpis.busiest = int(i), m_kpis.busiestPct = s.utilisationPct;
  }
  m_kpis.headroomMw = m_kpis.totalCapacityMw - m_kpis.totalLoadMw;
  m_kpis.utilisationPct = m_kpis.totalCapacityMw > 0 ? 100.0 * m_kpis.totalLoadMw / m_kpis.totalCapacityMw : 0;
}

std::vector<std::vector<uint32_t>> campusGroups(const std::vector<scene::DataCentre>& dcs, float linkM) {
  std::vector<int> campus(dcs.size(), -1);
  std::vector<std::vector<uint32_t>> groups;
  for (uint32_t first = 0; first < dcs.size(); ++first) {
    if (campus[first] >= 0) continue;
    const int c = int(groups.size());
    campus[first] = c;
    std::vector<uint32_t> members{first};
    // Grow the group by whatever lies within reach of any member, until nothing joins.
    for (size_t next = 0; next < members.size(); ++next)
      for (uint32_t b = 0; b < dcs.size(); ++b)
        if (campus[b] < 0 && glm::length(glm::vec2(dcs[members[next]].posEnu - dcs[b].posEnu)) < linkM)
          campus[b] = c, members.push_back(b);
    std::sort(members.begin(), members.end());
    groups.push_back(std::move(members));
  }
  return groups;
}

DataCentreReport DataCentreLayer::report() const {
  const auto& dcs = m_city.entities.dataCentres;
  DataCentreReport r;
  r.totals = m_kpis;
  r.sites = m_states;
  r.alertThresholdPct = value(m_alertPct);
  for (std::vector<uint32_t>& members : campusGroups(dcs)) {
    DataCentreCampus c;
    for (uint32_t i : members) {
      const DataCentreState& s = m_states[i];
      if (s.planned(dcs[i]))
        c.proposedCapacityMw += s.capacityMw;
      else
        c.capacityMw += s.capacityMw, c.loadMw += s.loadMw;
    }
    c.headroomMw = c.capacityMw - c.loadMw;
    c.members = std::move(members);
    r.campuses.push_back(std::move(c));
  }
  return r;
}

std::vector<KpiLine> DataCentreLayer::kpiLines() const {
  std::vector<KpiLine> lines = {
      {"Load", fmt::format("{:.1f} of {:.1f} MW ({:.0f} %)", m_kpis.totalLoadMw, m_kpis.totalCapacityMw,
                           m_kpis.utilisationPct)},
      {"Headroom", fmt::format("{:.1f} MW", m_kpis.headroomMw)},
      {"Facility power", fmt::format("{:.1f} MW", m_kpis.totalFacilityMw)},
      {"Alerts", fmt::format("{} of {} above {:.0f} %", m_kpis.alerts, m_kpis.built, value(m_alertPct))},
      {"Stale (feeds)", fmt::format("{} of {} reported", freshness().stale, freshness().fromFeeds)}};
  if (m_kpis.busiest >= 0)
    lines.push_back(
        {"Busiest", fmt::format("{} ({:.0f} %)", m_city.entities.dataCentres[m_kpis.busiest].name, m_kpis.busiestPct)});
  if (m_kpis.proposed)
    lines.push_back({"Proposed", fmt::format("{} site(s), {:.0f} MW", m_kpis.proposed, m_kpis.proposedCapacityMw)});
  return lines;
}

std::vector<LegendEntry> DataCentreLayer::legend() const {
  double a = value(m_alertPct);
  return {{utilisationColor(0, a), fmt::format("below {:.0f} %", a - 15)},
          {utilisationColor(a - 1, a), fmt::format("{:.0f} .. {:.0f} %", a - 15, a)},
          {utilisationColor(a, a), fmt::format("above {:.0f} % (alert)", a)}};
}

void DataCentreLayer::draw(scene::OverlayDraw& out, double wallSeconds) const {
  if (!visible) return;
  const auto& dcs = m_city.entities.dataCentres;
  for (const DataCentreState& s : m_states) {
    const scene::DataCentre& dc = dcs[s.index];
    glm::vec3 base = dc.posEnu;
    float side = 14.f;
    if (dc.buildingId && *dc.buildingId < m_city.buildings.size()) {
      const scene::Aabb& b = m_city.buildings[*dc.buildingId].boundsEnu;
      base = glm::vec3(b.centre().x, b.centre().y, b.max.z);
      side = std::clamp(0.3f * std::min(b.size().x, b.size().y), 6.f, 40.f);
    }
    if (s.planned(dc) || !s.known)
      drawPlanned(out, dc, s, base, side);
    else
      drawLoad(out, dc, s, base, side, wallSeconds);
  }
}

// Planned capacity as a ghost outline: the column it would have at full load.
void DataCentreLayer::drawPlanned(scene::OverlayDraw& out, const scene::DataCentre& dc, const DataCentreState& s,
                                  glm::vec3 base, float side) const {
  float h = std::min(120.f, float(s.capacityMw * value(m_metresPerMw)));  // a 100 MW campus would tower otherwise
  glm::vec3 lo = base - glm::vec3(side * 0.5f, side * 0.5f, 0), hi = base + glm::vec3(side * 0.5f, side * 0.5f, h);
  uint32_t c = 0xffd0d0d0u;
  for (int z = 0; z < 2; ++z) {
    float zz = z ? hi.z : lo.z;
    out.lines.push_back({{lo.x, lo.y, zz}, {hi.x, lo.y, zz}, c});
    out.lines.push_back({{hi.x, lo.y, zz}, {hi.x, hi.y, zz}, c});
    out.lines.push_back({{hi.x, hi.y, zz}, {lo.x, hi.y, zz}, c});
    out.lines.push_back({{lo.x, hi.y, zz}, {lo.x, lo.y, zz}, c});
  }
  for (glm::vec2 corner : {glm::vec2(lo.x, lo.y), glm::vec2(hi.x, lo.y), glm::vec2(hi.x, hi.y), glm::vec2(lo.x, hi.y)})
    out.lines.push_back({{corner, lo.z}, {corner, hi.z}, c});
  if (value(m_labels) > 0.5)
    out.labels.push_back(
        {hi + glm::vec3(0, 0, 4), fmt::format("{} {:.0f} MW planned", dc.id, s.capacityMw), 0xffe0e0e0u});
}

// The live load: a column, a cap at full capacity, a pulse in alert, the tint and label.
void DataCentreLayer::drawLoad(scene::OverlayDraw& out, const scene::DataCentre& dc, const DataCentreState& s,
                               glm::vec3 base, float side, double wallSeconds) const {
  const double metresPerMw = value(m_metresPerMw);
  const uint32_t color = s.stale ? kStaleColor : utilisationColor(s.utilisationPct, value(m_alertPct));
  float h = std::max(1.f, float(s.loadMw * metresPerMw));
  glm::vec3 lo = base - glm::vec3(side * 0.5f, side * 0.5f, 0), hi = base + glm::vec3(side * 0.5f, side * 0.5f, h);
  out.boxes.push_back({lo, hi, color, 0});
  // Capacity cap: a thin plate at the height full load would reach.
  float capZ = base.z + float(s.capacityMw * metresPerMw);
  out.boxes.push_back(
      {glm::vec3(lo.x - 1, lo.y - 1, capZ), glm::vec3(hi.x + 1, hi.y + 1, capZ + 0.6f), 0xff505050u, 0});
  if (s.alert && !s.stale) {
    // The pulse: a bright ring-like slab breathing above the column once a second.
    float phase = float(0.5 + 0.5 * std::sin(wallSeconds * 2 * 3.14159265));
    float grow = side * (0.6f + 0.5f * phase);
    glm::vec3 c(base.x, base.y, hi.z + 3 + 2 * phase);
    out.boxes.push_back({c - glm::vec3(grow, grow, 0.8f), c + glm::vec3(grow, grow, 0.8f), rgba(255, 60, 40), 1u});
  }
  if (value(m_tint) > 0.5 && dc.buildingId) out.tints.push_back({*dc.buildingId, (color & 0x00ffffffu) | 0xa0000000u});
  if (value(m_labels) > 0.5 && s.stale)
    out.labels.push_back({hi + glm::vec3(0, 0, 6),
                          fmt::format("{} {:.1f} MW, stale ({} old)", dc.id, s.loadMw, formatAge(s.ageS)),
                          kStaleColor});
  else if (value(m_labels) > 0.5)
    out.labels.push_back({hi + glm::vec3(0, 0, 6),
                          fmt::format("{} {:.1f}/{:.1f} MW {:.0f}%", dc.id, s.loadMw, s.capacityMw, s.utilisationPct),
                          s.alert ? rgba(255, 120, 110) : 0xffffffffu});
}

std::vector<std::string> DataCentreLayer::attributesOf(const scene::EntityRef& e) const {
  if (e.kind != scene::EntityKind::DataCentre || e.index >= m_city.entities.dataCentres.size()) return {};
  return {twin::attr::kLoadMw, twin::attr::kFacilityMw};
}

}  // namespace ts::layers
