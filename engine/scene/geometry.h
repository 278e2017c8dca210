// Building geometry on the CPU: every building's triangles in one buffer (ENU metres),
// kept contiguous per building so each stays addressable, and the footprint tools that
// turn polygons into buildings (validity repair and triangulation through GEOS).
#pragma once
#include <cstdint>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace ts::scene {

struct SceneVertex {
  glm::vec3 posEnu;
  glm::vec3 normal;
  uint32_t colorSrgb;  // RGBA8 sRGB albedo, R in the low byte (multiplies the texture)
  uint32_t buildingId;
  glm::vec2 uv{0};  // texture coordinates, (0, 0) at the image's top-left
};

// Triangles [firstIndex, firstIndex + indexCount) use texture `texture` of the city.
struct TexturedRange {
  uint32_t firstIndex = 0, indexCount = 0, texture = 0;
};

struct BuildingRange {
  uint32_t firstIndex = 0, indexCount = 0;
};

struct GeometryBuffer {
  std::vector<SceneVertex> vertices;
  std::vector<uint32_t> indices;
  std::vector<BuildingRange> ranges;  // by building id; a building's triangles are contiguous

  std::vector<TexturedRange> textured;  // the textured triangles; everything else is plain
  uint32_t addVertex(const glm::vec3& p, const glm::vec3& n, uint32_t color, uint32_t building) {
    vertices.push_back({p, n, color, building, glm::vec2(0)});
    return uint32_t(vertices.size() - 1);
  }
  void addTriangle(uint32_t a, uint32_t b, uint32_t c) { indices.insert(indices.end(), {a, b, c}); }
  // Brackets the triangles of one building (ids must be added in increasing order).
  void beginBuilding(uint32_t id);
  void endBuilding(uint32_t id);
  size_t triangleCount() const { return indices.size() / 3; }
};

// A polygon in the local ENU plane: an outer ring and holes, rings not closed (the first
// point is not repeated).
struct Polygon2 {
  std::vector<glm::dvec2> outer;
  std::vector<std::vector<glm::dvec2>> holes;
};

double signedArea(const std::vector<glm::dvec2>& ring);  // > 0 for counter-clockwise
double area(const Polygon2& p);                          // outer minus holes, m²

// Checks a polygon with GEOS and repairs it when invalid (self-intersections, bow-ties,
// wrong nesting): the result is zero or more valid polygons. `repaired` tells whether
// anything was changed. Fails only when GEOS cannot make sense of it.
Result<std::vector<Polygon2>> makeValid(const Polygon2& p, bool* repaired);

// Triangles covering a valid polygon, counter-clockwise, as consecutive point triples.
// Convex rings without holes are fanned; anything else uses GEOS's constrained Delaunay
// triangulation.
Result<std::vector<glm::dvec2>> triangulate(const Polygon2& p);

// Area covered by a set of triangles (consecutive point triples) seen from above,
// overlaps counted once (GEOS union), m². The footprint of a building from its roofs.
double coveredArea(const std::vector<glm::dvec2>& triangles);

// The polygon covering everything within halfWidth of a polyline (GEOS buffer), e.g. a
// river from its centre line. Empty when GEOS fails.
Polygon2 bufferLine(const std::vector<glm::dvec2>& line, double halfWidth);

struct ExtrudeStyle {
  uint32_t wallColor = 0xffd0d0d0;
  uint32_t roofColor = 0xffb8b8b8;
  bool floor = false;  // add the underside too (hidden below ground: off by default)
};

// Adds walls and a flat roof for a valid polygon between baseZ and topZ (metres).
// `roof` is triangulate(p)'s result. Returns the number of triangles added.
size_t extrude(GeometryBuffer& g, uint32_t buildingId, const Polygon2& p, const std::vector<glm::dvec2>& roof,
               float baseZ, float topZ, const ExtrudeStyle& style);

}  // namespace ts::scene
