// The live-layer framework: every layer has a stable id, props with defaults, reads the
// StateStore at the current sim time on the frame thread, computes anything heavy on its
// own worker thread (WorkerLayer: publishing results the frame never waits for), reports
// KPIs from the same results it draws (as typed structs; JSON is the CLI's business), and
// describes what to draw as plain data (scene/overlay_draw.h).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "layers/worker.h"
#include "scene/entity_markers.h"
#include "scene/overlay_draw.h"
#include "twin/state_store.h"

namespace ts::layers {

// The layers' ids, declared once: what `--layers`, `twinscape kpi`'s JSON and the scene's
// users call them.
inline constexpr std::string_view kCoverage5g = "coverage5g";
inline constexpr std::string_view kCameras = "cameras";
inline constexpr std::string_view kDataCentres = "datacentres";
inline constexpr std::string_view kDriveTest = "drive_test";  // only in scenes with a drive test

struct LayerProp {
  std::string key, label, unit;
  double value = 0, defaultValue = 0, min = 0, max = 1;
  std::vector<std::string> choices;  // non-empty: value is an index into these
};

// A layer's handle on one of its own props: the layer reads its props through these, so
// a misspelt name cannot compile.
struct PropId {
  uint32_t index = 0;
};

// How fresh the values a layer shows are: how many of its entities a feed reports, and
// how many of those are stale (older than their feed's stale_after at the time shown).
struct Freshness {
  size_t fromFeeds = 0, stale = 0;
  bool operator==(const Freshness&) const = default;
};
// Stale values are drawn in this grey violet, never in a live status colour.
inline constexpr uint32_t kStaleColor = 0xffc88c96u;  // RGBA8 sRGB, R low: (150, 140, 200)

// An age for people: "45 s", "12 min", "3.5 h", "2.0 days".
std::string formatAge(double seconds);

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
  virtual std::string_view id() const = 0;  // stable: one of kCoverage5g, kCameras, kDataCentres, kDriveTest
  virtual std::string title() const = 0;

  bool visible = true;
  std::vector<LayerProp>& props() { return m_props; }
  const std::vector<LayerProp>& props() const { return m_props; }
  // A prop by name (the inspector, the CLI): an unknown name is an error naming the
  // layer and the props it has, a value outside [min, max] one giving the range.
  Result<double> prop(std::string_view key) const;
  Result<> setProp(std::string_view key, double value);
  // A choice prop by the name of the choice ("o2i" = "high"); an error lists the choices.
  Result<> setPropChoice(std::string_view key, std::string_view choice);

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
  // The KPIs of what is published, as the inspector shows them.
  virtual std::vector<KpiLine> kpiLines() const = 0;
  virtual std::vector<LegendEntry> legend() const = 0;
  // Adds what this layer draws now; `wallSeconds` animates alerts.
  virtual void draw(scene::OverlayDraw& out, double wallSeconds) const = 0;
  // The live attributes of an entity of this layer, for the selection panel.
  virtual std::vector<std::string> attributesOf(const scene::EntityRef&) const { return {}; }
  // The selected entity (frusta on demand); none by default.
  void select(std::optional<scene::EntityRef> e) { m_selected = e; }
  // Freshness of the values read at the last update(), and each entity's (by index).
  const Freshness& freshness() const { return m_freshness; }
  bool stale(size_t entity) const { return entity < m_stale.size() && m_stale[entity]; }

 protected:
  // update()'s bookkeeping of freshness: reset for `count` entities, then note each reading.
  void resetFreshness(size_t count) { m_freshness = {}, m_stale.assign(count, 0); }
  void noteReading(size_t entity, const std::optional<twin::Reading>& r) {
    if (!r || r->source != twin::Source::Feed) return;
    ++m_freshness.fromFeeds;
    if (r->stale) ++m_freshness.stale, m_stale[entity] = 1;
  }

  PropId addProp(LayerProp p);
  double value(PropId p) const { return m_props[p.index].value; }

  std::optional<scene::EntityRef> m_selected;

 private:
  Freshness m_freshness;
  std::vector<uint8_t> m_stale;
  std::vector<LayerProp> m_props;
};

// A layer whose heavy work runs on its own LatestWorker: update() builds a Request from
// the state and the props and posts it only when it differs from the last one posted
// (Request has a defaulted operator==); the newest Result is published for draw() and
// the KPIs. The job and everything it works on belong to the worker (the Job callable
// owns them), so nothing the worker touches is destroyed while it runs.
template <class Request, class ResultT>
class WorkerLayer : public Layer {
 public:
  using Job = typename LatestWorker<Request, ResultT>::Work;
  explicit WorkerLayer(Job job) : m_worker(std::make_unique<LatestWorker<Request, ResultT>>(std::move(job))) {}

  void finish() override { m_worker->wait(); }
  bool busy() const override { return m_worker->busy(); }
  std::optional<std::string> error() const override { return m_worker->error(); }
  // The newest published result; null until the first one.
  std::shared_ptr<const ResultT> result() const { return m_worker->latest(); }

 protected:
  // Posts `r` unless it equals the request posted last.
  void postIfChanged(Request r) {
    if (m_posted && *m_posted == r) return;
    m_posted = r;
    m_worker->post(std::move(r));
  }

 private:
  std::optional<Request> m_posted;
  std::unique_ptr<LatestWorker<Request, ResultT>> m_worker;
};

}  // namespace ts::layers
