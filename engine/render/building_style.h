// How every building (and equipment marker) looks, decided in one place: a pure function
// of what the user chose (colour by, proposed shown, scene layers' visibility and
// opacity), what is selected and hovered, and the live layers' tints. The inspector, the
// viewer's selection and hover, the data-centre layer and headless `render` all feed
// StyleInputs; nothing else writes building styles.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "render/shader_types.h"
#include "scene/city_model.h"
#include "scene/overlay_draw.h"

namespace ts::render {

enum class ColorBy { Source, Height, Status, Use };
inline constexpr ColorBy kColorByModes[] = {ColorBy::Source, ColorBy::Height, ColorBy::Status, ColorBy::Use};
// "source", "height", "status", "use" (what --colour-by and the inspector call them).
std::string_view colorByName(ColorBy c);
std::optional<ColorBy> parseColorBy(std::string_view name);

// What the inspector's Layers panel chooses (and `render` takes as flags).
struct StyleChoices {
  ColorBy colorBy = ColorBy::Source;
  bool showProposed = true;
  std::vector<uint8_t> layerVisible;  // by scene layer index; a layer not listed is shown
  std::vector<float> layerOpacity;    // by scene layer index, 0.1..1; not listed: opaque
  bool operator==(const StyleChoices&) const = default;
};

// Everything a style depends on. Markers are indexed in scene::entityMarkers order.
struct StyleInputs {
  StyleChoices choices;
  std::optional<uint32_t> selectedBuilding, hoveredBuilding;
  std::optional<uint32_t> selectedMarker, hoveredMarker;
  std::vector<scene::BuildingTint> tints;  // the live layers' (a data centre by utilisation)
};

// The colour a building gets when coloured by height / use (RGBA8 sRGB, R in the low byte).
uint32_t heightColour(float heightM);
uint32_t useColour(std::string_view use);

// The style of one building: its choice colour (none for `source`), the tint over it (a
// live layer's colour wins over the choice; flags stay), hidden when its layer is off or
// it is proposed and proposed buildings are hidden, translucent by its layer's opacity,
// highlighted when selected, lighter when hovered.
BuildingStyle buildingStyle(const scene::Building& b, const StyleInputs& in);
// The style of equipment marker `marker`: highlighted when selected, lighter when hovered.
BuildingStyle markerStyle(uint32_t marker, const StyleInputs& in);

// Every style slot of a city as render::buildCityMesh lays them out: each building by id,
// then each marker, then the land cover.
std::vector<BuildingStyle> buildingStyles(const scene::CityModel& city, uint32_t markerCount, const StyleInputs& in);

// buildingStyles() kept up to date from frame to frame: when only the selection, hover or
// tints change, only the slots they touch are recomputed.
class StylePipeline {
 public:
  StylePipeline(const scene::CityModel& city, uint32_t markerCount);
  // The styles for `in` (the same as buildingStyles(city, markerCount, in)).
  const std::vector<BuildingStyle>& update(const StyleInputs& in);
  const std::vector<BuildingStyle>& styles() const { return m_styles; }

 private:
  void restyle(uint32_t slot, const StyleInputs& in);

  const scene::CityModel& m_city;
  uint32_t m_markerCount;
  std::vector<BuildingStyle> m_styles;
  std::optional<StyleInputs> m_last;
};

}  // namespace ts::render
