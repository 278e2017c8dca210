// The static city: buildings with their attributes, their merged geometry, the spatial
// index over it, and the camera bookmarks that come with a scene. Positions are in the
// scene's local east-north-up frame (metres, z up) around the scene's geographic origin.
#pragma once
#include <cstdint>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scene/building.h"
#include "scene/bvh.h"
#include "scene/drive_test.h"
#include "scene/entities.h"
#include "scene/geometry.h"

namespace ts::scene {

struct GeoOrigin {
  double latDeg = 10.78;  // WGS 84
  double lonDeg = 106.70;
  double heightM = 0;  // ellipsoidal height of the ENU origin
};

// A base-colour texture of a model (RGBA8, sRGB, rows top first).
struct Texture {
  std::string name;  // file or embedded name, for messages and debug names
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgba;
};

struct CameraBookmark {
  std::string name;
  glm::vec3 targetEnu{0, 0, 0};
  double headingDeg = 0;  // clockwise from north
  double pitchDeg = -30;  // negative looks down
  double rangeM = 1000;
};

struct CityModel {
  std::string name;
  GeoOrigin origin;
  std::vector<Building> buildings;
  GeometryBuffer geometry;  // every building's triangles, contiguous per building
  // Flat land cover drawn on the ground (water, parks, pavements): not buildings, not
  // picked; its vertices carry building id kGroundCoverId.
  GeometryBuffer groundCover;
  static constexpr uint32_t kGroundCoverId = 0xffffffffu;
  std::vector<Texture> textures;  // referenced by geometry.textured
  std::vector<CameraBookmark> bookmarks;
  EntitySet entities;      // 5G sites, AI cameras, data centres
  DriveTestSet driveTest;  // measured RSRP samples (scene layers of type drive_test)
  // Where the live layers' KPIs count (the district boundary, ENU); empty outer ring:
  // the buildings' bounds.
  Polygon2 district;
  std::string districtName;
  // The scene's choices for the 5G coverage layer's props (key, choice: "o2i" = "high"),
  // checked by the scene file's reader; the layer starts from them.
  std::vector<std::pair<std::string, std::string>> coverageChoices;
  Aabb boundsEnu;
  SpatialIndex index;  // completed by finalize()

  const CameraBookmark* findBookmark(const std::string& name) const;
  // Appends a building (its id becomes its index) and returns its id.
  uint32_t addBuilding(Building b);
  // Adds a building whose footprint is a rectangle (centre, half sizes, rotation about z,
  // counter-clockwise from east) extruded from the ground to heightM.
  uint32_t addBox(Building b, glm::vec2 centreEnu, glm::vec2 halfSizeM, float rotationRad, const ExtrudeStyle& style);
  // Adds a flat polygon of land cover `heightM` above the ground.
  void addGroundCover(const Polygon2& p, uint32_t colorSrgb, float heightM = 0.15f);
  // Spatial queries over every building (see SpatialIndex).
  std::optional<RayHit> raycast(const glm::vec3& origin, const glm::vec3& dir, float maxDistance = 1e30f) const {
    return index.raycast(geometry, origin, dir, maxDistance);
  }
  bool segmentBlocked(const glm::vec3& a, const glm::vec3& b) const { return index.segmentBlocked(geometry, a, b); }
  std::vector<uint32_t> buildingsInBox(const Aabb& box) const { return index.buildingsInBox(geometry, box); }

  // Computes per-building bounds and heights from the geometry, the city bounds, and
  // indexes the triangles no spatial-index piece covers yet.
  void finalize();
};

struct DemoDescription;  // scene/demo_description.h

// The demo city (engine/scene/demo_city.cpp) generated from a description (places,
// figures, names: scene/demo_description.h) by procedural rules. Deterministic for a
// description and a seed.
CityModel makeDemoCity(const DemoDescription& description, uint32_t seed);

// The embedded demo city, from the description built into the binary
// (assets/demo/demo-city.json): an HCMC-like district around 10.78 N, 106.70 E with a
// river, a QTSC-like software park, a 220 ha IT-park campus with proposed buildings, a
// data-centre campus with 12 data centres and a proposed 100 MW AI data centre, 5G
// sites, about 1,000 AI cameras. Throws std::runtime_error if the embedded description
// is broken (a build defect; embeddedDemoDescription() returns the error instead).
inline constexpr uint32_t kDemoSeed = 2026;  // the seed of `--scene demo`
CityModel makeDemoCity(uint32_t seed = kDemoSeed);

// The benchmark scene: `count` boxes on a square grid (20 m pitch), heights skewed
// towards low-rise like a real city. 12 triangles per building.
CityModel makeBenchGrid(uint32_t count, uint32_t seed = 42);

// Colour helpers for generated content: RGBA8 sRGB with R in the low byte.
constexpr uint32_t rgb(uint8_t r, uint8_t g, uint8_t b) {
  return 0xff000000u | (uint32_t(b) << 16) | (uint32_t(g) << 8) | r;
}

}  // namespace ts::scene
