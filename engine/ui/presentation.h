// Presentation overlays: what an audience sees over the city in a still (`render`), a
// video frame (the tour) and the kiosk window: a caption, the clock in the scene's local
// time, the visible layers' legends, up to four KPI cards, a scale bar and a north arrow.
// One function draws them with Dear ImGui draw lists inside UiLayer's frame, whatever
// target that frame goes to, so a still, a video frame and the window show the same
// pixels. Sizes follow the frame's height (a 1080p frame is the reference) times the UI
// scale, so they read the same on a laptop and on a wall.
//
// Layout: clock top-left, KPI cards top-right (a row, or a column when the row does not
// fit), caption lower-centre on a translucent band, legend lower-left, scale bar and north
// arrow lower-right.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "layers/live_layers.h"
#include "render/camera.h"
#include "scene/city_model.h"

struct ImDrawList;
struct ImFont;

namespace ts::ui {

// The KPI cards, by the ids tours and `--kpi-cards` use (value big, label small):
//   coverage5g    "96.4 %"     5G coverage (share of the district at or above the threshold)
//   sectors       "320 / 333"  5G sectors online
//   cameras       "987 / 1000" Cameras online
//   street-seen   "81.2 %"     Street seen by cameras (by at least one camera online)
//   dc-load       "412 MW"     Data-centre load (IT load of every built data centre)
//   dc-headroom   "58 MW"      Data-centre headroom (capacity minus load)
//   dc-busiest    "93 %"       Busiest DC, with its name (utilisation of the busiest site)
//   temperature   "38.5 °C"    Temperature (the city's)
// A card whose figure is not known (no --at, the layer hidden or failed) shows "–".
enum class KpiCard : uint8_t {
  Coverage5g,
  SectorsOnline,
  CamerasOnline,
  StreetSeen,
  DataCentreLoad,
  DataCentreHeadroom,
  BusiestDataCentre,
  Temperature,
};
inline constexpr size_t kMaxKpiCards = 4;

std::string_view kpiCardId(KpiCard card);
// Every id, comma-separated, in the order above.
std::string kpiCardIdList();
// Cards by id, in the order given. Errors: an unknown id (naming it and every valid id),
// more than four cards, an id given twice.
Result<std::vector<KpiCard>> parseKpiCards(const std::vector<std::string>& ids);

// What a presentation shows over the city.
struct Presentation {
  std::string caption;            // lower-centre; empty: none
  bool clock = false;             // local time and date (needs a sim time)
  bool legend = false;            // of every visible live layer
  std::vector<KpiCard> kpiCards;  // up to kMaxKpiCards, left to right
  bool scaleBar = false;          // a round length at the screen centre's ground point
  bool northArrow = false;        // rotated by the camera's heading
  float scale = 1.0f;             // the UI scale (on top of following the frame height)
  bool any() const { return !caption.empty() || clock || legend || !kpiCards.empty() || scaleBar || northArrow; }
};

struct LayerLegend {
  std::string title;  // the layer's ("5G coverage")
  std::vector<layers::LegendEntry> entries;
};

// What the overlays show at one moment, apart from the camera: gathered from the live
// layers by presentationInputs(), the same for every target.
struct PresentationInputs {
  std::optional<twin::SimTime> time;  // none: no clock
  int utcOffsetMinutes = 0;           // the scene's local time
  std::vector<LayerLegend> legends;   // the visible layers', in the layers' order
  std::optional<layers::LiveKpis> kpis;
  std::string busiestDataCentre;  // its name, for the dc-busiest card
};

// The inputs at `t` from `live` (its last update): the visible layers' legends, the KPIs
// (only with `withKpis`: the cards need them) and the scene's UTC offset.
PresentationInputs presentationInputs(const layers::LiveLayers& live, const scene::CityModel& city, twin::SimTime t,
                                      bool withKpis);

// A card's text: the value big, the label small.
struct KpiCardText {
  std::string value, label;
};
KpiCardText kpiCardText(KpiCard card, const PresentationInputs& in);

// The clock's lines: "14:05", "Mon 1 Jun 2026", "UTC+07:00".
struct ClockText {
  std::string time, date, zone;
};
ClockText clockText(twin::SimTime t, int utcOffsetMinutes);

struct ScaleBar {
  double lengthM = 0;  // 1, 2 or 5 × 10^n metres
  float pixels = 0;    // its length on screen
  std::string label;   // "500 m", "2 km"
};
// The longest round length whose bar is at most `maxPixels` long at `metresPerPixel`
// (1 m when even that is longer).
ScaleBar roundScaleBar(double metresPerPixel, float maxPixels);
// Metres per pixel across the screen at the ground point (z = 0) under the screen's
// centre; none when the centre of the view does not meet the ground (looking up).
std::optional<double> metresPerPixelAtCentre(const render::Camera& camera, uint32_t width, uint32_t height);
// Where north points on screen: degrees clockwise from straight up (a camera looking
// east shows north to the left: -90).
double northArrowDeg(const render::Camera& camera);

// The overlays' fonts: one face at a ladder of pixel sizes (a glyph is drawn from the
// nearest size at or above the one wanted, so text stays sharp from 360p to a 4K wall).
struct OverlayFonts {
  std::vector<std::pair<float, ImFont*>> bySize;  // ascending
  ImFont* pick(float pixels) const;
};
// Adds them to the current ImGui context's atlas (before it is built; UiLayer does).
OverlayFonts loadOverlayFonts();

// Draws `p` into `dl` (a draw list of the current ImGui frame) for a frame of `width` ×
// `height` pixels seen through `camera`. `srgbTarget`: the target encodes sRGB, so the
// colours (designed in sRGB) are given to ImGui linear and come out as designed.
void drawPresentation(ImDrawList* dl, const Presentation& p, const PresentationInputs& in, const render::Camera& camera,
                      uint32_t width, uint32_t height, const OverlayFonts& fonts, bool srgbTarget);

}  // namespace ts::ui
