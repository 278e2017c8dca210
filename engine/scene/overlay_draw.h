// What is drawn over the city, in plain data: rasters draped on the ground, boxes
// (columns, icons), lines (frusta), labels (drawn by the UI where there is one) and
// building tints. The live layers produce it, the renderer draws it; it lives here, below
// both, so the renderer needs nothing of the layers. Colours are RGBA8 sRGB with R in the
// low byte, like building colours.
#pragma once
#include <cstdint>
#include <glm/vec3.hpp>
#include <memory>
#include <string>
#include <vector>

#include "scene/ground_grid.h"

namespace ts::scene {

// One image over a ground grid: pixel (ix, iy) is cell (ix, iy); row 0 is the south edge.
struct DrapedImage {
  GroundGrid grid;
  std::vector<uint32_t> rgba;
};

struct OverlayBox {
  glm::vec3 minEnu{0}, maxEnu{0};
  uint32_t colorSrgb = 0xffffffffu;
  uint32_t flags = 0;  // OVERLAY_FLAG_EMISSIVE (shaders/shared/scene_types.h): unlit and bright
};

struct OverlayLine {
  glm::vec3 a{0}, b{0};
  uint32_t colorSrgb = 0xffffffffu;
};

struct OverlayLabel {
  glm::vec3 posEnu{0};
  std::string text;
  uint32_t colorSrgb = 0xffffffffu;
};

// A building recoloured by a layer (a data centre tinted by its utilisation); alpha of
// the colour = how much it replaces the building's own colours.
struct BuildingTint {
  uint32_t buildingId = 0;
  uint32_t colorSrgb = 0;
  bool operator==(const BuildingTint&) const = default;
};

// Everything the layers draw this frame. Draped images are shared and only change when a
// layer publishes a new result: the renderer re-uploads when the pointer changes.
struct OverlayDraw {
  struct Draped {
    std::string layer;
    std::shared_ptr<const DrapedImage> image;
    float opacity = 0.75f;
  };
  std::vector<Draped> draped;
  std::vector<OverlayBox> boxes;
  std::vector<OverlayLine> lines;
  std::vector<OverlayLabel> labels;
  std::vector<BuildingTint> tints;
};

}  // namespace ts::scene
