// The data-centre load layer: a column on each data centre's roof whose height follows
// its live IT load, the building tinted by utilisation (load / capacity), an alert pulse
// above a threshold (default 90 %), a label with the MW figures, and the fleet's totals.
// Light work: computed on the frame thread from the StateStore at t.
#pragma once
#include <glm/vec3.hpp>

#include "layers/layer.h"

namespace ts::layers {

struct DataCentreState {
  uint32_t index = 0;  // into the city's dataCentres
  double loadMw = 0, facilityMw = 0, capacityMw = 0, utilisationPct = 0;
  bool known = false;  // the store had a value at t
  bool alert = false;
  bool stale = false;  // a feed's value older than its stale_after
  double ageS = 0;     // how old the load value is at the time shown (feeds)
  // A proposed data centre that a scenario's commissioning brought into service: it
  // draws load and counts as built while it does.
  bool commissioned = false;
  bool planned(const scene::DataCentre& dc) const { return dc.proposed && !commissioned; }
};

struct DataCentreKpis {
  double totalLoadMw = 0, totalFacilityMw = 0, totalCapacityMw = 0, headroomMw = 0, utilisationPct = 0;
  uint32_t built = 0, reporting = 0, alerts = 0;
  int busiest = -1;  // index into the city's dataCentres
  double busiestPct = 0;
  double proposedCapacityMw = 0;
  uint32_t proposed = 0;
  bool operator==(const DataCentreKpis&) const = default;
};

// Data centres within 1 km of one another (single linkage), with their totals.
struct DataCentreCampus {
  std::vector<uint32_t> members;  // indices into the city's dataCentres
  double loadMw = 0, capacityMw = 0, headroomMw = 0, proposedCapacityMw = 0;
};

// What the layer reports (`twinscape kpi`): the totals, every site, the campuses.
struct DataCentreReport {
  DataCentreKpis totals;
  std::vector<DataCentreState> sites;
  std::vector<DataCentreCampus> campuses;
  double alertThresholdPct = 90;
};

class DataCentreLayer final : public Layer {
 public:
  explicit DataCentreLayer(const scene::CityModel& city);
  std::string_view id() const override { return kDataCentres; }
  std::string title() const override { return "Data-centre load"; }
  void update(const twin::StateStore& state, twin::SimTime t) override;
  std::vector<KpiLine> kpiLines() const override;
  std::vector<LegendEntry> legend() const override;
  void draw(scene::OverlayDraw& out, double wallSeconds) const override;
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const override;

  const std::vector<DataCentreState>& states() const { return m_states; }
  const DataCentreKpis& summary() const { return m_kpis; }
  DataCentreReport report() const;
  static uint32_t utilisationColor(double pct, double alertPct);

 private:
  void drawPlanned(scene::OverlayDraw& out, const scene::DataCentre& dc, const DataCentreState& s, glm::vec3 base,
                   float side) const;
  void drawLoad(scene::OverlayDraw& out, const scene::DataCentre& dc, const DataCentreState& s, glm::vec3 base,
                float side, double wallSeconds) const;

  const scene::CityModel& m_city;
  std::vector<DataCentreState> m_states;
  DataCentreKpis m_kpis;
  const PropId m_alertPct = addProp({"alert_pct", "Alert above", "%", 0, 90, 50, 100, {}});
  const PropId m_metresPerMw = addProp({"metres_per_mw", "Column height", "m/MW", 0, 8, 1, 50, {}});
  const PropId m_tint = addProp({"tint", "Tint buildings", "", 0, 1, 0, 1, {"off", "on"}});
  const PropId m_labels = addProp({"labels", "Labels", "", 0, 1, 0, 1, {"off", "on"}});
};

// Campuses of data centres: groups within `linkM` of one another (single linkage), in
// order of their first member.
std::vector<std::vector<uint32_t>> campusGroups(const std::vector<scene::DataCentre>& dcs, float linkM = 1000.f);

}  // namespace ts::layers
