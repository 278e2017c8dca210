// What is under a window pixel: the ray through it, the nearest building or piece of
// equipment it meets (by the city's spatial index and the equipment markers), and the
// ground point below the cursor that orbiting and zooming pivot on.
#pragma once
#include <vulkan/vulkan.h>

#include <glm/vec3.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "render/camera.h"
#include "scene/city_model.h"
#include "scene/entity_markers.h"

namespace ts::viewer {

// The world ray (origin, unit direction) through window pixel (x, y).
std::pair<glm::vec3, glm::vec3> pixelRay(const render::Camera& camera, VkExtent2D extent, double x, double y);

struct Picked {
  scene::Selection what;           // a building or an entity, or nothing
  std::optional<uint32_t> marker;  // the entity's marker (scene::entityMarkers order)
  std::string name;
  bool any() const { return !what.empty(); }
};

class Picker {
 public:
  explicit Picker(const scene::CityModel& city);
  const std::vector<scene::MarkerBox>& markers() const { return m_markers; }

  // The nearest building or marker under the pixel.
  Picked pick(const render::Camera& camera, VkExtent2D extent, double x, double y) const;
  // The point under the pixel: a building's surface, else the ground plane (none when
  // the ray goes above the horizon).
  std::optional<glm::vec3> groundPoint(const render::Camera& camera, VkExtent2D extent, double x, double y) const;
  // The marker standing for a selected entity.
  std::optional<uint32_t> markerOf(const scene::EntityRef& e) const { return scene::markerOf(m_markers, e); }

 private:
  const scene::CityModel& m_city;
  std::vector<scene::MarkerBox> m_markers;
};

}  // namespace ts::viewer
