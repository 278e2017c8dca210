// The static city: buildings with their attributes and the camera bookmarks that come
// with a scene. Positions are in the scene's local east-north-up frame (metres, z up).
// In this first version every building is an extruded rectangle; models, footprints and
// CityJSON arrive with the city-content work.
#pragma once
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ts::scene {

struct Building {
  uint32_t id = 0;
  std::string name;
  std::string use;              // "shophouse", "residential", "office", "tower", …
  glm::vec2 centerEnu{0, 0};    // footprint centre (m)
  glm::vec2 halfSizeM{5, 5};    // footprint half extents along its own axes (m)
  float rotationRad = 0;        // footprint rotation about z, counter-clockwise from east
  float heightM = 10;           // roof height above ground (m)
  uint32_t colorSrgb = 0xffcccccc;  // RGBA8 sRGB albedo, R in the low byte
};

struct CameraBookmark {
  std::string name;
  glm::vec3 targetEnu{0, 0, 0};
  double headingDeg = 0;   // clockwise from north
  double pitchDeg = -30;   // negative looks down
  double rangeM = 1000;
};

struct CityModel {
  std::string name;
  std::vector<Building> buildings;
  std::vector<CameraBookmark> bookmarks;
  glm::vec2 minEnu{0, 0}, maxEnu{0, 0};  // bounds of all footprints (m)

  const CameraBookmark* findBookmark(const std::string& name) const;
  void updateBounds();
};

// The demo until the embedded demo city lands: a seeded, deterministic city block of a
// few thousand buildings on a street grid: towers at the centre, mid-rise around them,
// rows of narrow shophouses along the streets. Bookmarks: overview, cbd, street, top.
CityModel makeDemoDistrict(uint32_t seed = 2026);

// The benchmark scene: `count` boxes on a square grid (20 m pitch), heights skewed
// towards low-rise like a real city. 12 triangles per building.
CityModel makeBenchGrid(uint32_t count, uint32_t seed = 42);

}  // namespace ts::scene
