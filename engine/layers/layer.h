// The live-layer framework: every layer has a stable id, props with defaults, reads the
// StateStore at the current sim time on the frame thread, computes anything heavy on its
// own worker thread (publishing results the frame never waits for), reports KPIs from the
// same results it draws, and describes what to draw as plain data (layers/draw_types.h).
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "layers/draw_types.h"
#include "scene/entity_markers.h"
#include "twin/state_store.h"

namespace ts::layers {

struct LayerProp {
  std::string key, label, unit;
  double value = 0, defaultValue = 0, min = 0, max = 1;
  std::vector<std::string> choices;  // non-empty: value is an index into these
};

struct LegendEntry {
  uint32_t colorSrgb;
  std::string label;
};

// One KPI as shown in the inspector (the JSON carries the same figures).
struct KpiLine {
  std::string label;
  std::string value;
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::string id() const = 0;  // stable: "coverage5g", "cameras", "datacentres"
  virtual std::string title() const = 0;

  bool visible = true;
  std::vector<LayerProp>& props() { return m_props; }
  const std::vector<LayerProp>& props() const { return m_props; }
  double prop(const std::string& key) const;
  // Unknown keys or values outside [min, max] are refused (false).
  bool setProp(const std::string& key, double value);

  // Frame thread, every frame: reads the state at t and starts background work when its
  // inputs changed. Never blocks.
  virtual void update(const twin::StateStore& state, twin::SimTime t) = 0;
  // Blocks until the work started by the last update() is published (headless use).
  virtual void finish() {}
  // True while background work is pending (the inspector shows it).
  virtual bool busy() const { return false; }
  // Why the layer's last computation failed (e.g. a raster too large for the scene's
  // district); the inspector and `twinscape kpi` report it. Empty when all is well.
  virtual std::optional<std::string> error() const { return {}; }
  // KPIs of what is published, as JSON (`twinscape kpi`) and as lines (the inspector).
  virtual nlohmann::json kpis() const = 0;
  virtual std::vector<KpiLine> kpiLines() const = 0;
  virtual std::vector<LegendEntry> legend() const = 0;
  // Adds what this layer draws now; `wallSeconds` animates alerts.
  virtual void draw(LayerDraw& out, double wallSeconds) const = 0;
  // The live attributes of an entity of this layer, for the selection panel.
  virtual std::vector<std::string> attributesOf(const scene::EntityRef&) const { return {}; }
  // The selected entity (frusta on demand); none by default.
  void select(std::optional<scene::EntityRef> e) { m_selected = e; }

 protected:
  void addProp(LayerProp p) {
    p.value = p.defaultValue;
    m_props.push_back(std::move(p));
  }
  std::vector<LayerProp> m_props;
  std::optional<scene::EntityRef> m_selected;
};

}  // namespace ts::layers
