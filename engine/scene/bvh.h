// A bounding volume hierarchy over every building triangle: ray picks (which building is
// under the cursor), segment tests (line of sight, walk collision) and box queries.
#pragma once
#include <glm/vec3.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "scene/building.h"
#include "scene/geometry.h"

namespace ts::scene {

struct RayHit {
  float distanceM = 0;      // along the ray, from its origin
  glm::vec3 pointEnu{0};
  glm::vec3 normal{0};      // geometric normal of the hit triangle, facing the ray
  uint32_t buildingId = 0;
  uint32_t triangle = 0;    // index into the geometry's triangles
};

class Bvh {
 public:
  Bvh() = default;
  // Builds over every triangle of `g` (copies the positions it needs).
  explicit Bvh(const GeometryBuffer& g);

  // Nearest hit along origin + t * dir for t in (0, maxDistance]; `dir` need not be unit.
  std::optional<RayHit> raycast(const glm::vec3& origin, const glm::vec3& dir, float maxDistance = 1e30f) const;
  // True when anything lies strictly between a and b (line of sight blocked).
  bool segmentBlocked(const glm::vec3& a, const glm::vec3& b) const;
  // Buildings with a triangle whose box overlaps `box`.
  std::vector<uint32_t> buildingsInBox(const Aabb& box) const;

  size_t triangleCount() const { return m_tris.size(); }
  size_t nodeCount() const { return m_nodes.size(); }
  const Aabb& bounds() const { return m_nodes.empty() ? m_empty : m_nodes[0].box; }

 private:
  struct Tri {
    glm::vec3 a, e1, e2;  // vertex and two edges (Möller–Trumbore)
    uint32_t building, index;
  };
  struct Node {
    Aabb box;
    uint32_t first = 0, count = 0;  // leaf: triangles [first, first+count); inner: count == 0, children first, first+1
  };
  template <class Visit>
  void traverse(const glm::vec3& origin, const glm::vec3& dir, float maxT, Visit&& visit) const;

  std::vector<Tri> m_tris;
  std::vector<Node> m_nodes;
  Aabb m_empty;
};

}  // namespace ts::scene
