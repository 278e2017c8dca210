#include "viewer/picker.h"

#include <glm/glm.hpp>

namespace ts::viewer {

std::pair<glm::vec3, glm::vec3> pixelRay(const render::Camera& cam, VkExtent2D extent, double x, double y) {
  float aspect = float(extent.width) / float(extent.height);
  glm::mat4 inv = glm::inverse(cam.viewProjection(aspect));
  glm::vec2 ndc(float(2.0 * x / extent.width - 1.0), float(2.0 * y / extent.height - 1.0));
  glm::vec4 p = inv * glm::vec4(ndc, 0.5f, 1.0f);
  return {cam.eyeEnu, glm::normalize(glm::vec3(p) / p.w - cam.eyeEnu)};
}

Picker::Picker(const scene::CityModel& city) : m_city(city), m_markers(scene::entityMarkers(city.entities)) {}

Picked Picker::pick(const render::Camera& camera, VkExtent2D extent, double x, double y) const {
  Picked p;
  if (extent.width == 0 || extent.height == 0) return p;  // a minimised window has no pixels
  auto [o, d] = pixelRay(camera, extent, x, y);
  auto building = m_city.raycast(o, d);
  if (auto hit = scene::pickEntity(m_markers, o, d, building ? building->distanceM : 1e30f)) {
    const scene::EntitySet& e = m_city.entities;
    p.what.entity = hit->entity;
    p.marker = markerOf(hit->entity);
    p.name = hit->entity.kind == scene::EntityKind::Site5G ? e.sites5g[hit->entity.index].name
                                                           : e.cameras[hit->entity.index].name;
  } else if (building) {
    p.what.building = building->buildingId;
    p.name = m_city.buildings[building->buildingId].name;
  }
  return p;
}

std::optional<glm::vec3> Picker::groundPoint(const render::Camera& camera, VkExtent2D extent, double x,
                                             double y) const {
  if (extent.width == 0 || extent.height == 0) return std::nullopt;
  auto [o, d] = pixelRay(camera, extent, x, y);
  if (auto hit = m_city.raycast(o, d)) return hit->pointEnu;
  if (d.z < -1e-3f) return o + d * (-o.z / d.z);  // the ground plane
  return std::nullopt;
}

}  // namespace ts::viewer
