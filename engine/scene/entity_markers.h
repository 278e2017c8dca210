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

struct EntityHit {
  EntityRef entity;
  float distanceM;
};
// The nearest marker along the ray within maxDistance.
std::optional<EntityHit> pickEntity(const std::vector<MarkerBox>& markers, const glm::vec3& origin,
                                    const glm::vec3& dir, float maxDistance = 1e30f);

}  // namespace ts::scene
