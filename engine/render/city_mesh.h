// The GPU form of the city's merged geometry: one vertex and one index buffer for every
// building (few draws, fast), each vertex tagged with its building id so a building stays
// individually addressable through its style (override colour, hidden, highlighted).
#pragma once
#include <cstdint>
#include <vector>

#include "render/shader_types.h"
#include "scene/city_model.h"

namespace ts::render {

struct CityMesh {
  std::vector<BuildingVertex> vertices;
  std::vector<uint32_t> indices;  // plain triangles first, then grouped by texture
  struct Batch {
    uint32_t firstIndex, indexCount;
    int32_t texture;  // index into the city's textures; -1: plain
  };
  std::vector<Batch> batches;
  std::vector<BuildingStyle> styles;  // by building id, then equipment markers, then land cover
  uint32_t firstMarkerStyle = 0;      // style id of equipment marker 0 (scene::entityMarkers order)
  uint64_t triangleCount() const { return indices.size() / 3; }
  uint32_t markerCount() const { return uint32_t(styles.size()) - firstMarkerStyle - 1; }
};

CityMesh buildCityMesh(const scene::CityModel& city);

}  // namespace ts::render
