// The merged building mesh: every building's triangles in one vertex and one index
// buffer (few draws, fast), each vertex tagged with its building id so a building
// stays individually addressable through its style (colour, hidden, highlighted).
#pragma once
#include <cstdint>
#include <vector>

#include "render/shader_types.h"
#include "scene/city_model.h"

namespace ts::render {

struct CityMesh {
  std::vector<BuildingVertex> vertices;
  std::vector<uint32_t> indices;
  std::vector<BuildingStyle> styles;  // indexed by building id
  struct Range {
    uint32_t firstIndex, indexCount;
  };
  std::vector<Range> ranges;          // each building's indices, by id
  uint64_t triangleCount() const { return indices.size() / 3; }
};

// Extrudes every building's footprint into a box: 4 walls, roof and floor,
// 24 vertices (flat normals) and 12 triangles.
CityMesh buildCityMesh(const scene::CityModel& city);

}  // namespace ts::render
