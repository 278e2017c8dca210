#include "render/building_style.h"

#include <algorithm>
#include <cmath>

namespace ts::render {

namespace {

constexpr std::string_view kColorByNames[] = {"source", "height", "status", "use"};

// Proposed massing in the status view: orange, so it reads against grey existing stock.
constexpr uint32_t kProposedOrange = 0xff2f8fffu, kExistingGrey = 0xffb4b4b4u;

std::optional<uint32_t> tintOf(uint32_t buildingId, const std::vector<scene::BuildingTint>& tints) {
  // Tints are few (one per data centre): a scan beats keeping them sorted.
  for (const scene::BuildingTint& t : tints)
    if (t.buildingId == buildingId) return t.colorSrgb;
  return std::nullopt;
}

}  // namespace

std::string_view colorByName(ColorBy c) { return kColorByNames[int(c)]; }

std::optional<ColorBy> parseColorBy(std::string_view name) {
  for (ColorBy c : kColorByModes)
    if (colorByName(c) == name) return c;
  return std::nullopt;
}

uint32_t heightColour(float h) {
  // Low: warm sand; high: deep blue (sRGB), alpha 255 = replaces the building's colours.
  float t = std::clamp(std::log1p(h) / std::log1p(300.f), 0.f, 1.f);
  auto mix = [&](float a, float b) { return uint32_t(std::lround(a + (b - a) * t)); };
  return mix(236, 40) | mix(214, 90) << 8 | mix(160, 200) << 16 | 0xffu << 24;
}

uint32_t useColour(std::string_view use) {
  // A fixed colour per use (a hash into a palette), so the legend is stable between runs.
  static const uint32_t palette[] = {0xff4e79a7u, 0xfff28e2bu, 0xffe15759u, 0xff76b7b2u, 0xff59a14fu,
                                     0xffedc948u, 0xffb07aa1u, 0xffff9da7u, 0xff9c755fu, 0xffbab0acu};
  uint32_t h = 2166136261u;
  for (char c : use) h = (h ^ uint8_t(c)) * 16777619u;
  uint32_t c = palette[h % 10];
  // The palette is written 0xAARRGGBB; styles want R in the low byte.
  return 0xff000000u | ((c >> 16) & 0xff) | (c & 0xff00u) | ((c & 0xff) << 16);
}

BuildingStyle buildingStyle(const scene::Building& b, const StyleInputs& in) {
  const StyleChoices& c = in.choices;
  BuildingStyle s{0, 0};
  const bool proposed = b.status == scene::BuildingStatus::Proposed;
  if (c.colorBy == ColorBy::Height) s.colorSrgb = heightColour(b.heightM);
  if (c.colorBy == ColorBy::Status) s.colorSrgb = proposed ? kProposedOrange : kExistingGrey;
  if (c.colorBy == ColorBy::Use) s.colorSrgb = useColour(b.use);
  if (!c.showProposed && proposed) s.flags |= BUILDING_FLAG_HIDDEN;
  if (b.layer < c.layerVisible.size() && !c.layerVisible[b.layer]) s.flags |= BUILDING_FLAG_HIDDEN;
  if (b.layer < c.layerOpacity.size() && c.layerOpacity[b.layer] < 0.999f)
    s.flags |= uint32_t(std::lround((1.f - c.layerOpacity[b.layer]) * 255.f)) << BUILDING_TRANSPARENCY_SHIFT;
  if (in.selectedBuilding == b.id) s.flags |= BUILDING_FLAG_HIGHLIGHT;
  if (in.hoveredBuilding == b.id) s.flags |= BUILDING_FLAG_HOVER;
  if (auto tint = tintOf(b.id, in.tints)) s.colorSrgb = *tint;
  return s;
}

BuildingStyle markerStyle(uint32_t marker, const StyleInputs& in) {
  BuildingStyle s{0, 0};
  if (in.selectedMarker == marker) s.flags |= BUILDING_FLAG_HIGHLIGHT;
  if (in.hoveredMarker == marker) s.flags |= BUILDING_FLAG_HOVER;
  return s;
}

std::vector<BuildingStyle> buildingStyles(const scene::CityModel& city, uint32_t markerCount, const StyleInputs& in) {
  std::vector<BuildingStyle> out;
  out.reserve(city.buildings.size() + markerCount + 1);
  for (const scene::Building& b : city.buildings) out.push_back(buildingStyle(b, in));
  for (uint32_t m = 0; m < markerCount; ++m) out.push_back(markerStyle(m, in));
  out.push_back({0, 0});  // the land cover
  return out;
}

StylePipeline::StylePipeline(const scene::CityModel& city, uint32_t markerCount)
    : m_city(city), m_markerCount(markerCount) {}

void StylePipeline::restyle(uint32_t slot, const StyleInputs& in) {
  const uint32_t buildings = uint32_t(m_city.buildings.size());
  if (slot < buildings)
    m_styles[slot] = buildingStyle(m_city.buildings[slot], in);
  else if (slot < buildings + m_markerCount)
    m_styles[slot] = markerStyle(slot - buildings, in);
}

const std::vector<BuildingStyle>& StylePipeline::update(const StyleInputs& in) {
  if (!m_last || m_last->choices != in.choices) {
    m_styles = buildingStyles(m_city, m_markerCount, in);
    m_last = in;
    return m_styles;
  }
  // Only the slots whose selection, hover or tint changed.
  const StyleInputs& old = *m_last;
  const uint32_t firstMarker = uint32_t(m_city.buildings.size());
  std::vector<uint32_t> slots;
  for (auto id : {old.selectedBuilding, old.hoveredBuilding, in.selectedBuilding, in.hoveredBuilding})
    if (id) slots.push_back(*id);
  for (auto m : {old.selectedMarker, old.hoveredMarker, in.selectedMarker, in.hoveredMarker})
    if (m) slots.push_back(firstMarker + *m);
  if (old.tints != in.tints) {
    for (const scene::BuildingTint& t : old.tints) slots.push_back(t.buildingId);
    for (const scene::BuildingTint& t : in.tints) slots.push_back(t.buildingId);
  }
  for (uint32_t slot : slots)
    if (slot < m_styles.size()) restyle(slot, in);
  m_last = in;
  return m_styles;
}

}  // namespace ts::render
