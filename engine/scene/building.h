// What the city knows about one building, whatever it was loaded from (a model, a
// GeoJSON footprint, a CityJSON object or the procedural demo).
#pragma once
#include <cstdint>
#include <glm/vec3.hpp>
#include <string>
#include <variant>
#include <vector>

namespace ts::scene {

// Axis-aligned box in the scene's local east-north-up frame (metres).
struct Aabb {
  glm::vec3 min{1e30f}, max{-1e30f};
  bool valid() const { return min.x <= max.x; }
  void extend(const glm::vec3& p);
  void extend(const Aabb& b);
  glm::vec3 centre() const { return (min + max) * 0.5f; }
  glm::vec3 size() const { return max - min; }
};

enum class BuildingStatus { Existing, Proposed };
const char* statusName(BuildingStatus s);

// An attribute as it came from the source (GeoJSON property, CityJSON attribute…).
struct Attribute {
  std::string key;
  std::variant<std::monostate, bool, double, std::string> value;  // monostate: null
  std::string text() const;  // for display: numbers without trailing zeros, null as "—"
};

struct Building {
  uint32_t id = 0;       // dense index into CityModel::buildings and the style buffer
  std::string sourceId;  // id in its source (feature id, CityJSON key, node name)
  std::string name;      // display name, UTF-8 ("Khu Công viên phần mềm Quang Trung")
  std::string use;       // "office", "residential", "shophouse", "data_centre", …
  BuildingStatus status = BuildingStatus::Existing;
  float heightM = 0;     // roof height above ground
  float minHeightM = 0;  // height of the lowest part (bridges, overhangs)
  double footprintAreaM2 = 0;
  Aabb boundsEnu;
  uint32_t layer = 0;  // index of the scene layer it came from
  std::vector<Attribute> attributes;

  const Attribute* attribute(const std::string& key) const;
};

}  // namespace ts::scene
