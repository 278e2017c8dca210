// A bounding volume hierarchy over building triangles: ray picks (which building is
// under the cursor), segment tests (line of sight, walk collision) and box queries.
// The tree keeps only its nodes and the triangle order (4 bytes a triangle); queries
// read the triangles from the geometry it was built over, passed to every query.
#pragma once
#include <cstdint>
#include <glm/vec3.hpp>
#include <optional>
#include <span>
#include <vector>

#include "scene/building.h"
#include "scene/geometry.h"

namespace ts::scene {

struct RayHit {
  float distanceM = 0;  // along the ray, from its origin
  glm::vec3 pointEnu{0};
  glm::vec3 normal{0};  // geometric normal of the hit triangle, facing the ray
  uint32_t buildingId = 0;
  uint32_t triangle = 0;  // index into the geometry's triangles
};

class Bvh {
 public:
  Bvh() = default;
  // Builds over every triangle of `g` (copies the positions it needs).
  explicit Bvh(const GeometryBuffer& g) : Bvh(g, 0, uint32_t(g.triangleCount())) {}
  // Builds over triangles [firstTri, firstTri + triCount) of `g`.
  Bvh(const GeometryBuffer& g, uint32_t firstTri, uint32_t triCount);

  // The tree without the triangle data (nodes and triangle order), to cache it; and the
  // tree back over the same triangles. Fails (nullopt) on anything inconsistent.
  std::vector<uint8_t> serialize() const;
  static std::optional<Bvh> deserialize(std::span<const uint8_t> bytes, const GeometryBuffer& g, uint32_t firstTri,
                                        uint32_t triCount);

  // Nearest hit along origin + t * dir for t in (0, maxDistance]; `dir` need not be unit.
  std::optional<RayHit> raycast(const GeometryBuffer& g, const glm::vec3& origin, const glm::vec3& dir,
                                float maxDistance = 1e30f) const;
  // True when anything lies strictly between a and b (line of sight blocked).
  bool segmentBlocked(const GeometryBuffer& g, const glm::vec3& a, const glm::vec3& b) const;
  // Buildings with a triangle whose box overlaps `box`.
  std::vector<uint32_t> buildingsInBox(const GeometryBuffer& g, const Aabb& box) const;

  size_t triangleCount() const { return m_order.size(); }
  size_t nodeCount() const { return m_nodes.size(); }
  const Aabb& bounds() const { return m_nodes.empty() ? m_empty : m_nodes[0].box; }

 private:
  struct Node {
    Aabb box;
    uint32_t first = 0, count = 0;  // leaf: triangles [first, first+count); inner: count == 0, children first, first+1
  };
  template <class Visit>
  void traverse(const GeometryBuffer& g, const glm::vec3& origin, const glm::vec3& dir, float maxT,
                Visit&& visit) const;

  std::vector<uint32_t> m_order;  // geometry triangle of each leaf slot
  std::vector<Node> m_nodes;
  Aabb m_empty;
};

// The city's spatial index: BVH pieces over consecutive ranges of the merged geometry's
// triangles (one per model, one for what other layers added between them), so a model's
// tree can come from the cache. Queries look through every piece.
class SpatialIndex {
 public:
  uint32_t indexedTriangles() const { return m_indexed; }
  // Adds a piece covering triangles [indexedTriangles(), endTri).
  void add(Bvh piece, uint32_t endTri);
  // Builds a piece over the triangles not indexed yet, up to endTri.
  void indexUpTo(const GeometryBuffer& g, uint32_t endTri);
  void clear() { m_pieces.clear(), m_indexed = 0; }

  std::optional<RayHit> raycast(const GeometryBuffer& g, const glm::vec3& origin, const glm::vec3& dir,
                                float maxDistance = 1e30f) const;
  bool segmentBlocked(const GeometryBuffer& g, const glm::vec3& a, const glm::vec3& b) const;
  std::vector<uint32_t> buildingsInBox(const GeometryBuffer& g, const Aabb& box) const;
  size_t pieceCount() const { return m_pieces.size(); }

 private:
  std::vector<Bvh> m_pieces;
  uint32_t m_indexed = 0;
};

}  // namespace ts::scene
