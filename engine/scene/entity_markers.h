// Markers for the city's equipment until the live layers draw it: a mast for every 5G
// sector site, a pole for every AI camera (data centres are their buildings). And
// picking them: which entity a ray meets first.
#pragma once
#include <glm/vec3.hpp>
#include <optional>

#include "scene/city_model.h"

namespace ts::scene {

enum class EntityKind { Site5G, Camera, DataCentre };

struct EntityRef {
  EntityKind kind;
  uint32_t index;  // into the EntitySet's vector of that kind
  bool operator==(const EntityRef&) const = default;
};

// What the user picked in the scene: a building, or a piece of equipment, or nothing.
struct Selection {
  std::optional<uint32_t> building;  // building id
  std::optional<EntityRef> entity;
  bool empty() const { return !building && !entity; }
  bool operator==(const Selection&) const = default;
};

// The marker boxes, one per site position and camera, in ENU.
struct MarkerBox {
  EntityRef entity;
  Aabb box;
  uint32_t colorSrgb;
};
std::vector<MarkerBox> entityMarkers(const EntitySet& entities);

// Adds the markers to a geometry buffer; marker i gets style id firstStyleId + i (so it
// can be highlighted on its own). Markers are not buildings.
void addMarkerGeometry(const std::vector<MarkerBox>& markers, GeometryBuffer& g, uint32_t firstStyleId);

// The index of the marker standing for `entity` (a mast's marker stands for its first
// sector), if it has one.
std::optional<uint32_t> markerOf(const std::vector<MarkerBox>& markers, const EntityRef& entity);

struct EntityHit {
  EntityRef entity;
  float distanceM;
};
// The nearest marker along the ray within maxDistance.
std::optional<EntityHit> pickEntity(const std::vector<MarkerBox>& markers, const glm::vec3& origin,
                                    const glm::vec3& dir, float maxDistance = 1e30f);

}  // namespace ts::scene
