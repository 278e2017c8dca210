// The one style pipeline: how a building looks is a pure function of the choices, the
// selection, the hover and the layers' tints; the incremental pipeline always equals a
// fresh computation.
#include "render/building_style.h"

#include <gtest/gtest.h>

#include <random>

#include "scene/city_model.h"

namespace ts::render {
namespace {

scene::CityModel twoBuildingsAndAProposedOne() {
  scene::CityModel city;
  scene::Building b;
  b.heightM = 20;
  b.use = "office";
  city.addBox(b, {0.f, 0.f}, {10, 10}, 0.f, {});
  b.heightM = 200;
  b.use = "residential";
  city.addBox(b, {40.f, 0.f}, {10, 10}, 0.f, {});
  b.status = scene::BuildingStatus::Proposed;
  b.layer = 1;
  city.addBox(b, {80.f, 0.f}, {10, 10}, 0.f, {});
  city.finalize();
  return city;
}

TEST(BuildingStyle, ColourByModesHaveNamesAndDistinctColours) {
  for (ColorBy c : kColorByModes) EXPECT_EQ(parseColorBy(colorByName(c)), c);
  EXPECT_FALSE(parseColorBy("colour"));
  scene::CityModel city = twoBuildingsAndAProposedOne();
  StyleInputs in;
  EXPECT_EQ(buildingStyle(city.buildings[0], in).colorSrgb, 0u) << "source: the buildings' own colours";
  in.choices.colorBy = ColorBy::Height;
  EXPECT_NE(buildingStyle(city.buildings[0], in).colorSrgb, buildingStyle(city.buildings[1], in).colorSrgb);
  EXPECT_EQ(buildingStyle(city.buildings[1], in).colorSrgb, heightColour(200));
  in.choices.colorBy = ColorBy::Use;
  EXPECT_EQ(buildingStyle(city.buildings[0], in).colorSrgb, useColour("office"));
  EXPECT_NE(useColour("office"), useColour("residential"));
  in.choices.colorBy = ColorBy::Status;
  EXPECT_NE(buildingStyle(city.buildings[0], in).colorSrgb, buildingStyle(city.buildings[2], in).colorSrgb);
  EXPECT_EQ(buildingStyle(city.buildings[0], in).colorSrgb, buildingStyle(city.buildings[1], in).colorSrgb);
}

TEST(BuildingStyle, ProposedLayersSelectionHoverAndTints) {
  scene::CityModel city = twoBuildingsAndAProposedOne();
  StyleInputs in;
  in.choices.showProposed = false;
  EXPECT_TRUE(buildingStyle(city.buildings[2], in).flags & BUILDING_FLAG_HIDDEN);
  EXPECT_FALSE(buildingStyle(city.buildings[1], in).flags & BUILDING_FLAG_HIDDEN);
  in.choices.showProposed = true;
  in.choices.layerVisible = {1, 0};
  EXPECT_TRUE(buildingStyle(city.buildings[2], in).flags & BUILDING_FLAG_HIDDEN) << "its scene layer is off";
  in.choices.layerVisible = {};
  in.choices.layerOpacity = {0.5f};
  EXPECT_EQ(buildingStyle(city.buildings[0], in).flags & BUILDING_TRANSPARENCY_MASK,
            128u << BUILDING_TRANSPARENCY_SHIFT);
  EXPECT_EQ(buildingStyle(city.buildings[2], in).flags & BUILDING_TRANSPARENCY_MASK, 0u) << "layer 1 stays opaque";
  in.choices.layerOpacity = {};

  // A tint (a data centre by utilisation) goes over the colour-by colour; the selection
  // stays highlighted under it.
  const uint32_t kRed = 0xff2020ffu;
  in.choices.colorBy = ColorBy::Height;
  in.selectedBuilding = 0;
  in.hoveredBuilding = 1;
  in.tints = {{0, kRed}};
  BuildingStyle s0 = buildingStyle(city.buildings[0], in), s1 = buildingStyle(city.buildings[1], in);
  EXPECT_EQ(s0.colorSrgb, kRed);
  EXPECT_TRUE(s0.flags & BUILDING_FLAG_HIGHLIGHT);
  EXPECT_FALSE(s0.flags & BUILDING_FLAG_HOVER);
  EXPECT_EQ(s1.colorSrgb, heightColour(200));
  EXPECT_TRUE(s1.flags & BUILDING_FLAG_HOVER);
  EXPECT_FALSE(s1.flags & BUILDING_FLAG_HIGHLIGHT);
  // Markers: highlighted when their entity is selected.
  in.selectedMarker = 1;
  EXPECT_EQ(markerStyle(1, in).flags, BUILDING_FLAG_HIGHLIGHT);
  EXPECT_EQ(markerStyle(0, in).flags, 0u);
}

TEST(BuildingStyle, TheIncrementalPipelineEqualsAFreshComputation) {
  scene::CityModel city = twoBuildingsAndAProposedOne();
  const uint32_t markers = 3;
  StylePipeline pipeline(city, markers);
  std::mt19937 rng(7);
  auto maybe = [&](uint32_t n) {
    return rng() % 3 == 0 ? std::optional<uint32_t>() : std::optional<uint32_t>(rng() % n);
  };
  StyleInputs in;
  for (int step = 0; step < 400; ++step) {
    switch (rng() % 6) {
      case 0:
        in.choices.colorBy = kColorByModes[rng() % 4];
        break;
      case 1:
        in.choices.showProposed = rng() % 2;
        break;
      case 2:
        in.selectedBuilding = maybe(3), in.selectedMarker = maybe(markers);
        break;
      case 3:
        in.hoveredBuilding = maybe(3), in.hoveredMarker = maybe(markers);
        break;
      case 4:
        in.tints.clear();
        [[fallthrough]];
      default:
        if (rng() % 2) in.tints.push_back({uint32_t(rng() % 3), 0xff000000u | uint32_t(rng() % 0xffffff)});
    }
    ASSERT_EQ(pipeline.update(in), buildingStyles(city, markers, in)) << "step " << step;
  }
  ASSERT_EQ(pipeline.styles().size(), city.buildings.size() + markers + 1) << "buildings, markers, land cover";
}

}  // namespace
}  // namespace ts::render
