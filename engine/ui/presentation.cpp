#include "ui/presentation.h"

#include <fmt/format.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <glm/glm.hpp>

namespace ts::ui {

namespace {

struct CardInfo {
  KpiCard card;
  std::string_view id;
  std::string_view label;
  uint32_t accentSrgb;  // the stripe over the card: the colour of its layer
};

constexpr std::array<CardInfo, 8> kCards = {{
    {KpiCard::Coverage5g, "coverage5g", "5G coverage", IM_COL32(64, 200, 220, 255)},
    {KpiCard::SectorsOnline, "sectors", "5G sectors online", IM_COL32(64, 200, 220, 255)},
    {KpiCard::CamerasOnline, "cameras", "Cameras online", IM_COL32(250, 196, 70, 255)},
    {KpiCard::StreetSeen, "street-seen", "Street seen by cameras", IM_COL32(250, 196, 70, 255)},
    {KpiCard::DataCentreLoad, "dc-load", "Data-centre load", IM_COL32(255, 128, 80, 255)},
    {KpiCard::DataCentreHeadroom, "dc-headroom", "Data-centre headroom", IM_COL32(255, 128, 80, 255)},
    {KpiCard::BusiestDataCentre, "dc-busiest", "Busiest DC", IM_COL32(255, 128, 80, 255)},
    {KpiCard::Temperature, "temperature", "Temperature", IM_COL32(235, 90, 90, 255)},
}};

const CardInfo& cardInfo(KpiCard card) { return kCards[size_t(card)]; }

constexpr const char* kUnknown = "\u2013";  // an en dash: no figure

}  // namespace

std::string_view kpiCardId(KpiCard card) { return cardInfo(card).id; }

std::string kpiCardIdList() {
  std::string out;
  for (const CardInfo& c : kCards) out += (out.empty() ? "" : ", ") + std::string(c.id);
  return out;
}

Result<std::vector<KpiCard>> parseKpiCards(const std::vector<std::string>& ids) {
  std::vector<KpiCard> cards;
  for (const std::string& id : ids) {
    auto it = std::find_if(kCards.begin(), kCards.end(), [&](const CardInfo& c) { return c.id == id; });
    if (it == kCards.end()) return fail("KPI card '" + id + "' is not one of: " + kpiCardIdList());
    if (std::find(cards.begin(), cards.end(), it->card) != cards.end())
      return fail("KPI card '" + id + "' is named twice");
    cards.push_back(it->card);
  }
  if (cards.size() > kMaxKpiCards)
    return fail(fmt::format("{} KPI cards named; a presentation shows at most {}", cards.size(), kMaxKpiCards));
  return cards;
}

PresentationInputs presentationInputs(const layers::LiveLayers& live, const scene::CityModel& city, twin::SimTime t,
                                      bool withKpis) {
  PresentationInputs in;
  in.time = t;
  in.utcOffsetMinutes = live.simulator().utcOffsetMinutes();
  for (const auto& layer : live.layers())
    if (layer->visible) in.legends.push_back({layer->title(), layer->legend()});
  if (!withKpis) return in;
  in.kpis = live.kpis(t);
  in.utcOffsetMinutes = in.kpis->utcOffsetMinutes;
  const auto& dc = in.kpis->dataCentres.report;
  if (dc && dc->totals.busiest >= 0 && size_t(dc->totals.busiest) < city.entities.dataCentres.size())
    in.busiestDataCentre = city.entities.dataCentres[size_t(dc->totals.busiest)].name;
  return in;
}

namespace {

std::string megawatts(double mw) { return mw < 100 ? fmt::format("{:.1f} MW", mw) : fmt::format("{:.0f} MW", mw); }

// The figure of a card from the KPIs (none: not known).
std::optional<std::string> cardValue(KpiCard card, const layers::LiveKpis& k) {
  const auto& cov = k.coverage.report;
  const auto& cam = k.cameras.report;
  const auto& dc = k.dataCentres.report;
  switch (card) {
    case KpiCard::Coverage5g:
      if (cov) return fmt::format("{:.1f} %", cov->kpis.coveredPct);
      break;
    case KpiCard::SectorsOnline:
      if (cov) return fmt::format("{} / {}", cov->kpis.sectorsOnline, cov->kpis.sectorsTotal);
      break;
    case KpiCard::CamerasOnline:
      if (cam) return fmt::format("{} / {}", cam->kpis.online, cam->kpis.total);
      break;
    case KpiCard::StreetSeen:
      if (cam) return fmt::format("{:.1f} %", cam->kpis.streetSeen1Pct);
      break;
    case KpiCard::DataCentreLoad:
      if (dc) return megawatts(dc->totals.totalLoadMw);
      break;
    case KpiCard::DataCentreHeadroom:
      if (dc) return megawatts(dc->totals.headroomMw);
      break;
    case KpiCard::BusiestDataCentre:
      if (dc && dc->totals.busiest >= 0) return fmt::format("{:.0f} %", dc->totals.busiestPct);
      break;
    case KpiCard::Temperature:
      if (k.temperatureC) return fmt::format("{:.1f} \u00b0C", *k.temperatureC);
      break;
  }
  return std::nullopt;
}

}  // namespace

KpiCardText kpiCardText(KpiCard card, const PresentationInputs& in) {
  KpiCardText text{kUnknown, std::string(cardInfo(card).label)};
  if (in.kpis)
    if (auto v = cardValue(card, *in.kpis)) text.value = *v;
  if (card == KpiCard::BusiestDataCentre && !in.busiestDataCentre.empty() && text.value != kUnknown)
    text.label += ": " + in.busiestDataCentre;
  return text;
}

ClockText clockText(twin::SimTime t, int utcOffsetMinutes) {
  using namespace std::chrono;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t local = int64_t(std::floor(t)) + int64_t(utcOffsetMinutes) * 60;
  const int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;  // floor division
  const int64_t secondOfDay = local - day * 86400;
  const sys_days date{days(day)};
  const year_month_day ymd(date);
  ClockText out;
  out.time = fmt::format("{:02}:{:02}", secondOfDay / 3600, secondOfDay / 60 % 60);
  out.date = fmt::format("{} {} {} {}", kDays[weekday(date).c_encoding()], unsigned(ymd.day()),
                         kMonths[unsigned(ymd.month()) - 1], int(ymd.year()));
  const int off = std::abs(utcOffsetMinutes);
  out.zone = fmt::format("UTC{}{:02}:{:02}", utcOffsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
  return out;
}

ScaleBar roundScaleBar(double metresPerPixel, float maxPixels) {
  ScaleBar bar{1.0, float(1.0 / metresPerPixel), "1 m"};
  // 1, 2, 5 × 10^n m, up to 10,000 km.
  for (double decade = 1; decade <= 1e7; decade *= 10)
    for (double step : {1.0, 2.0, 5.0}) {
      const double m = step * decade;
      const float px = float(m / metresPerPixel);
      if (px > maxPixels) return bar;
      bar = {m, px, m >= 1000 ? fmt::format("{:g} km", m / 1000) : fmt::format("{:g} m", m)};
    }
  return bar;
}

std::optional<double> metresPerPixelAtCentre(const render::Camera& camera, uint32_t, uint32_t height) {
  const glm::dvec3 eye(camera.eyeEnu), dir = glm::normalize(glm::dvec3(camera.targetEnu) - eye);
  if (eye.z <= 0 || dir.z > -1e-6) return std::nullopt;
  const double distanceM = -eye.z / dir.z;
  // Across the screen (the camera never rolls, so that is along the ground) one pixel at
  // the centre spans the view's width at that distance over the pixels.
  return distanceM * 2.0 * std::tan(glm::radians(double(camera.fovYDeg)) * 0.5) / double(std::max(1u, height));
}

double northArrowDeg(const render::Camera& camera) {
  double deg = -camera.headingPitchRange().headingDeg;
  deg = std::fmod(deg, 360.0);
  if (deg <= -180) deg += 360;
  if (deg > 180) deg -= 360;
  return deg;
}

ImFont* OverlayFonts::pick(float pixels) const {
  for (const auto& [size, font] : bySize)
    if (size >= pixels * 0.98f) return font;
  return bySize.empty() ? nullptr : bySize.back().second;
}

OverlayFonts loadOverlayFonts() {
  // Latin and Vietnamese (captions name places), the en dash, the ellipsis, the minus sign.
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x0102, 0x0103, 0x0110, 0x0111, 0x0128, 0x0129,
                                    0x0168, 0x0169, 0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x1EA0, 0x1EF9,
                                    0x2013, 0x2014, 0x2026, 0x2026, 0x2212, 0x2212, 0};
  const char* kFace = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  ImGuiIO& io = ImGui::GetIO();
  OverlayFonts fonts;
  for (float px : {14.f, 20.f, 28.f, 40.f, 56.f, 80.f}) {
    ImFontConfig cfg;
    cfg.OversampleH = px <= 28 ? 2 : 1;  // sub-pixel detail matters only for small text; the atlas stays small
    cfg.OversampleV = 1;
    ImFont* f = std::filesystem::exists(kFace) ? io.Fonts->AddFontFromFileTTF(kFace, px, &cfg, kRanges) : nullptr;
    if (!f) {
      if (fonts.bySize.empty())
        spdlog::warn(
            "{} not found (apt-get install fonts-dejavu-core): overlays use ImGui's "
            "own font",
            kFace);
      cfg.SizePixels = px;
      f = io.Fonts->AddFontDefault(&cfg);
    }
    fonts.bySize.emplace_back(px, f);
  }
  return fonts;
}

namespace {

float srgbToLinear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

// Draws text and panels at the frame's scale, in colours designed in sRGB.
class Painter {
 public:
  Painter(ImDrawList* dl, const OverlayFonts& fonts, float scale, bool srgbTarget)
      : m_dl(dl), m_fonts(fonts), m_s(scale), m_srgb(srgbTarget) {}

  // Design units (pixels of a 1080p frame at UI scale 1) to pixels.
  float px(float units) const { return units * m_s; }
  // An sRGB colour (RGBA8, R low) as ImGui must be given it for the target.
  ImU32 colour(uint32_t srgb) const {
    if (!m_srgb) return srgb;
    auto ch = [&](int shift) {
      return uint32_t(std::lround(srgbToLinear(float((srgb >> shift) & 0xff) / 255.f) * 255.f)) << shift;
    };
    return ch(0) | ch(8) | ch(16) | (srgb & 0xff000000u);
  }
  ImVec2 textSize(float sizeUnits, const std::string& text, float wrapPx = 0) const {
    const float size = px(sizeUnits);
    return m_fonts.pick(size)->CalcTextSizeA(size, FLT_MAX, wrapPx, text.c_str());
  }
  void text(ImVec2 pos, float sizeUnits, uint32_t srgb, const std::string& text, float wrapPx = 0) const {
    const float size = px(sizeUnits);
    m_dl->AddText(m_fonts.pick(size), size, pos, colour(srgb), text.c_str(), nullptr, wrapPx);
  }
  void panel(ImVec2 min, ImVec2 max) const { m_dl->AddRectFilled(min, max, colour(kPanel), px(10)); }
  ImDrawList* list() const { return m_dl; }

  static constexpr uint32_t kPanel = IM_COL32(14, 18, 26, 200);  // translucent ink under every element
  static constexpr uint32_t kText = IM_COL32(255, 255, 255, 255);
  static constexpr uint32_t kSoftText = IM_COL32(196, 206, 218, 255);

 private:
  ImDrawList* m_dl;
  const OverlayFonts& m_fonts;
  float m_s;
  bool m_srgb;
};

constexpr float kMargin = 36, kPad = 16, kGap = 14;

// Top-left: the time big, the date and zone under it. Returns its lower-right corner.
ImVec2 drawClock(const Painter& pt, const ClockText& c) {
  const std::string sub = c.date + "   " + c.zone;
  const ImVec2 timeSize = pt.textSize(56, c.time), subSize = pt.textSize(22, sub);
  const ImVec2 min(pt.px(kMargin), pt.px(kMargin));
  const ImVec2 max(min.x + std::max(timeSize.x, subSize.x) + 2 * pt.px(kPad),
                   min.y + timeSize.y + subSize.y + pt.px(4) + 2 * pt.px(kPad));
  pt.panel(min, max);
  pt.text(ImVec2(min.x + pt.px(kPad), min.y + pt.px(kPad)), 56, Painter::kText, c.time);
  pt.text(ImVec2(min.x + pt.px(kPad), min.y + pt.px(kPad) + timeSize.y + pt.px(4)), 22, Painter::kSoftText, sub);
  return max;
}

// Top-right: the cards in a row, right-aligned; a column down the right edge when the row
// would run into the clock.
void drawCards(const Painter& pt, const std::vector<KpiCard>& cards, const PresentationInputs& in, float width,
               float clockRight) {
  struct Laid {
    KpiCardText text;
    ImVec2 valueSize, labelSize, size;
  };
  std::vector<Laid> laid;
  float rowWidth = 0;
  for (KpiCard c : cards) {
    Laid l{kpiCardText(c, in)};
    l.valueSize = pt.textSize(52, l.text.value);
    l.labelSize = pt.textSize(20, l.text.label);
    l.size = ImVec2(std::max({pt.px(230), l.valueSize.x + 2 * pt.px(kPad), l.labelSize.x + 2 * pt.px(kPad)}),
                    l.valueSize.y + l.labelSize.y + pt.px(6 + 4) + 2 * pt.px(kPad));
    rowWidth += l.size.x + (laid.empty() ? 0 : pt.px(kGap));
    laid.push_back(std::move(l));
  }
  const bool row = width - pt.px(kMargin) - rowWidth >= clockRight + pt.px(kGap);
  float x = width - pt.px(kMargin), y = pt.px(kMargin);
  if (row) x -= rowWidth;
  for (size_t i = 0; i < laid.size(); ++i) {
    const Laid& l = laid[i];
    const ImVec2 min(row ? x : width - pt.px(kMargin) - l.size.x, y);
    const ImVec2 max(min.x + l.size.x, min.y + l.size.y);
    pt.panel(min, max);
    pt.list()->AddRectFilled(min, ImVec2(max.x, min.y + pt.px(6)), pt.colour(cardInfo(cards[i]).accentSrgb), pt.px(10),
                             ImDrawFlags_RoundCornersTop);
    const float textX = min.x + pt.px(kPad), valueY = min.y + pt.px(6) + pt.px(kPad);
    pt.text(ImVec2(textX, valueY), 52, Painter::kText, l.text.value);
    pt.text(ImVec2(textX, valueY + l.valueSize.y + pt.px(4)), 20, Painter::kSoftText, l.text.label);
    if (row)
      x += l.size.x + pt.px(kGap);
    else
      y += l.size.y + pt.px(kGap);
  }
}

// The legend's size: each layer's title, then a swatch and a label per entry.
ImVec2 legendSize(const Painter& pt, const std::vector<LayerLegend>& legends) {
  float w = 0, h = 0;
  for (const LayerLegend& l : legends) {
    w = std::max(w, pt.textSize(22, l.title).x);
    h += pt.px(30) + pt.px(26) * float(l.entries.size()) + (h > 0 ? pt.px(10) : 0);
    for (const layers::LegendEntry& e : l.entries) w = std::max(w, pt.px(26) + pt.textSize(18, e.label).x);
  }
  return ImVec2(w + 2 * pt.px(kPad), h + 2 * pt.px(kPad));
}

// Lower-left. Returns its size (nothing drawn without visible layers).
ImVec2 drawLegend(const Painter& pt, const std::vector<LayerLegend>& legends, float height) {
  if (legends.empty()) return ImVec2(0, 0);
  const ImVec2 size = legendSize(pt, legends);
  const ImVec2 min(pt.px(kMargin), height - pt.px(kMargin) - size.y);
  pt.panel(min, ImVec2(min.x + size.x, min.y + size.y));
  float y = min.y + pt.px(kPad);
  const float x = min.x + pt.px(kPad);
  for (const LayerLegend& l : legends) {
    if (&l != &legends.front()) y += pt.px(10);
    pt.text(ImVec2(x, y), 22, Painter::kText, l.title);
    y += pt.px(30);
    for (const layers::LegendEntry& e : l.entries) {
      const float sw = pt.px(16);
      const ImVec2 swMin(x, y + pt.px(2));
      pt.list()->AddRectFilled(swMin, ImVec2(swMin.x + sw, swMin.y + sw), pt.colour(e.colorSrgb | 0xff000000u),
                               pt.px(3));
      pt.text(ImVec2(x + pt.px(26), y), 18, Painter::kSoftText, e.label);
      y += pt.px(26);
    }
  }
  return size;
}

// A compass needle turned `deg` clockwise from up around `c`, radius `r`, with an N at its tip.
void drawNorthArrow(const Painter& pt, ImVec2 c, float r, double deg) {
  const float a = float(glm::radians(deg));
  const ImVec2 up(std::sin(a), -std::cos(a)), side(std::cos(a), std::sin(a));
  auto at = [&](float along, float across) {
    return ImVec2(c.x + up.x * along + side.x * across, c.y + up.y * along + side.y * across);
  };
  const float len = r * 0.55f, half = r * 0.26f;
  pt.list()->AddTriangleFilled(at(len, 0), at(0, -half), at(0, half), pt.colour(IM_COL32(240, 80, 70, 255)));
  pt.list()->AddTriangleFilled(at(-len, 0), at(0, half), at(0, -half), pt.colour(IM_COL32(220, 226, 234, 255)));
  const ImVec2 nSize = pt.textSize(18, "N");
  const ImVec2 n = at(r * 0.78f, 0);
  pt.text(ImVec2(n.x - nSize.x * 0.5f, n.y - nSize.y * 0.5f), 18, Painter::kText, "N");
}

// Lower-right: the scale bar, then the north arrow at the corner. Returns the size.
ImVec2 drawScaleAndNorth(const Painter& pt, const Presentation& p, const render::Camera& camera, uint32_t width,
                         uint32_t height) {
  std::optional<ScaleBar> bar;
  if (p.scaleBar)
    if (auto mpp = metresPerPixelAtCentre(camera, width, height)) bar = roundScaleBar(*mpp, pt.px(200));
  const float r = pt.px(34);
  const float arrowW = p.northArrow ? 2 * r : 0;
  const ImVec2 labelSize = bar ? pt.textSize(20, bar->label) : ImVec2(0, 0);
  const float barW = bar ? std::max(bar->pixels, labelSize.x) : 0;
  if (!bar && !p.northArrow) return ImVec2(0, 0);
  const ImVec2 size(barW + arrowW + (bar && p.northArrow ? pt.px(kGap) : 0) + 2 * pt.px(kPad),
                    std::max(2 * r, labelSize.y + pt.px(18)) + 2 * pt.px(kPad));
  const ImVec2 max(float(width) - pt.px(kMargin), float(height) - pt.px(kMargin));
  const ImVec2 min(max.x - size.x, max.y - size.y);
  pt.panel(min, max);
  if (p.northArrow)
    drawNorthArrow(pt, ImVec2(max.x - pt.px(kPad) - r, (min.y + max.y) * 0.5f), r, northArrowDeg(camera));
  if (bar) {
    const float x0 = min.x + pt.px(kPad) + (barW - bar->pixels) * 0.5f, x1 = x0 + bar->pixels;
    const float yBar = max.y - pt.px(kPad) - pt.px(8);
    pt.text(ImVec2((x0 + x1 - labelSize.x) * 0.5f, yBar - pt.px(6) - labelSize.y), 20, Painter::kText, bar->label);
    pt.list()->AddRectFilled(ImVec2(x0, yBar), ImVec2(x1, yBar + pt.px(8)), pt.colour(Painter::kText));
    pt.list()->AddRectFilled(ImVec2(x0 + bar->pixels * 0.5f, yBar + pt.px(2)), ImVec2(x1 - pt.px(2), yBar + pt.px(6)),
                             pt.colour(IM_COL32(14, 18, 26, 255)));  // the far half hollow: reads as two halves
  }
  return size;
}

// Lower-centre, between the corners' elements when there is room, above them when not;
// long captions wrap.
void drawCaption(const Painter& pt, const std::string& caption, float width, float height, ImVec2 leftSize,
                 ImVec2 rightSize) {
  const float side = std::max(leftSize.x, rightSize.x) + pt.px(kMargin) + pt.px(24);
  float maxW = width - 2 * side, bottom = height - pt.px(kMargin);
  if (maxW < width * 0.35f) {
    maxW = width - 2 * pt.px(kMargin);
    bottom -= std::max(leftSize.y, rightSize.y) + pt.px(kGap);
  }
  const float padX = pt.px(28), padY = pt.px(12);
  const ImVec2 size = pt.textSize(36, caption, maxW - 2 * padX);
  const ImVec2 min((width - size.x) * 0.5f - padX, bottom - size.y - 2 * padY);
  pt.panel(min, ImVec2(min.x + size.x + 2 * padX, bottom));
  pt.text(ImVec2(min.x + padX, min.y + padY), 36, Painter::kText, caption, maxW - 2 * padX);
}

}  // namespace

void drawPresentation(ImDrawList* dl, const Presentation& p, const PresentationInputs& in, const render::Camera& camera,
                      uint32_t width, uint32_t height, const OverlayFonts& fonts, bool srgbTarget) {
  if (!p.any() || fonts.bySize.empty()) return;
  const Painter pt(dl, fonts, float(height) / 1080.f * p.scale, srgbTarget);
  const float w = float(width), h = float(height);
  float clockRight = 0;
  if (p.clock && in.time) clockRight = drawClock(pt, clockText(*in.time, in.utcOffsetMinutes)).x;
  if (!p.kpiCards.empty()) drawCards(pt, p.kpiCards, in, w, clockRight);
  const ImVec2 left = p.legend ? drawLegend(pt, in.legends, h) : ImVec2(0, 0);
  const ImVec2 right = drawScaleAndNorth(pt, p, camera, width, height);
  if (!p.caption.empty()) drawCaption(pt, p.caption, w, h, left, right);
}

}  // namespace ts::ui
