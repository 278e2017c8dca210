// The data-centre load layer: a column on each data centre's roof whose height follows
// its live IT load, the building tinted by utilisation (load / capacity), an alert pulse
// above a threshold (default 90 %), a label with the MW figures, and the fleet's totals.
// Light work: computed on the frame thread from the StateStore at t.
#pragma once
#include "layers/layer.h"

namespace ts::layers {

struct DataCentreState {
  uint32_t index = 0;  // into the city's dataCentres
  double loadMw = 0, facilityMw = 0, capacityMw = 0, utilisationPct = 0;
  bool known = false;  // the store had a value at t
  bool alert = false;
};

struct DataCentreKpis {
  double totalLoadMw = 0, totalFacilityMw = 0, totalCapacityMw = 0, headroomMw = 0, utilisationPct = 0;
  uint32_t built = 0, reporting = 0, alerts = 0;
  int busiest = -1;  // index into the city's dataCentres
  double busiestPct = 0;
  double proposedCapacityMw = 0;
  uint32_t proposed = 0;
};

class DataCentreLayer final : public Layer {
 public:
  explicit DataCentreLayer(const scene::CityModel& city);
  std::string id() const override { return "datacentres"; }
  std::string title() const override { return "Data-centre load"; }
  void update(const twin::StateStore& state, twin::SimTime t) override;
  nlohmann::json kpis() const override;
  std::vector<KpiLine> kpiLines() const override;
  std::vector<LegendEntry> legend() const override;
  void draw(LayerDraw& out, double wallSeconds) const override;
  std::vector<std::string> attributesOf(const scene::EntityRef& e) const override;

  const std::vector<DataCentreState>& states() const { return m_states; }
  const DataCentreKpis& summary() const { return m_kpis; }
  static uint32_t utilisationColor(double pct, double alertPct);

 private:
  const scene::CityModel& m_city;
  std::vector<DataCentreState> m_states;
  DataCentreKpis m_kpis;
};

}  // namespace ts::layers
