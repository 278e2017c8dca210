#include "scene/bvh.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <numeric>

namespace ts::scene {

namespace {

constexpr uint32_t kLeafSize = 4;
constexpr int kBins = 12;
constexpr uint32_t kMaxSahDepth = 48;  // then median splits: depth <= 48 + log2(triangles) < 128

float surfaceArea(const Aabb& b) {
  if (!b.valid()) return 0;
  glm::vec3 d = b.max - b.min;
  return 2.f * (d.x * d.y + d.y * d.z + d.z * d.x);
}

// Slab test; returns the entry distance or +inf.
float hitBox(const Aabb& b, const glm::vec3& o, const glm::vec3& invDir, float maxT) {
  glm::vec3 t0 = (b.min - o) * invDir, t1 = (b.max - o) * invDir;
  glm::vec3 lo = glm::min(t0, t1), hi = glm::max(t0, t1);
  float tmin = std::max(std::max(lo.x, lo.y), std::max(lo.z, 0.f));
  float tmax = std::min(std::min(hi.x, hi.y), std::min(hi.z, maxT));
  return tmin <= tmax ? tmin : INFINITY;
}

}  // namespace

Bvh::Bvh(const GeometryBuffer& g) {
  const size_t n = g.indices.size() / 3;
  if (n == 0) return;
  std::vector<Aabb> boxes(n);
  std::vector<glm::vec3> centroids(n);
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  for (size_t t = 0; t < n; ++t) {
    const glm::vec3& a = g.vertices[g.indices[3 * t]].posEnu;
    const glm::vec3& b = g.vertices[g.indices[3 * t + 1]].posEnu;
    const glm::vec3& c = g.vertices[g.indices[3 * t + 2]].posEnu;
    boxes[t].extend(a);
    boxes[t].extend(b);
    boxes[t].extend(c);
    centroids[t] = (a + b + c) / 3.f;
  }
  m_nodes.reserve(2 * n / kLeafSize + 1);
  m_nodes.push_back({});
  struct Job {
    uint32_t node, first, count, depth;
  };
  std::vector<Job> stack{{0, 0, uint32_t(n), 0}};
  while (!stack.empty()) {
    Job job = stack.back();
    stack.pop_back();
    Aabb box, cbox;
    for (uint32_t i = job.first; i < job.first + job.count; ++i) {
      box.extend(boxes[order[i]]);
      cbox.extend(centroids[order[i]]);
    }
    m_nodes[job.node].box = box;
    uint32_t mid = 0;
    if (job.count > kLeafSize) {
      // Binned surface-area heuristic along the widest centroid axis.
      glm::vec3 ext = cbox.size();
      int axis = ext.x > ext.y ? (ext.x > ext.z ? 0 : 2) : (ext.y > ext.z ? 1 : 2);
      float lo = cbox.min[axis], width = ext[axis];
      // Deep in the tree, split by count so the depth stays bounded (traversal stack).
      if (width > 1e-6f && job.depth < kMaxSahDepth) {
        Aabb binBox[kBins];
        uint32_t binCount[kBins] = {};
        auto binOf = [&](uint32_t t) { return std::min(kBins - 1, int((centroids[t][axis] - lo) / width * kBins)); };
        for (uint32_t i = job.first; i < job.first + job.count; ++i) {
          int b = binOf(order[i]);
          binBox[b].extend(boxes[order[i]]);
          ++binCount[b];
        }
        float best = INFINITY;
        int bestSplit = -1;
        for (int s = 1; s < kBins; ++s) {
          Aabb l, r;
          uint32_t nl = 0, nr = 0;
          for (int b = 0; b < s; ++b) l.extend(binBox[b]), nl += binCount[b];
          for (int b = s; b < kBins; ++b) r.extend(binBox[b]), nr += binCount[b];
          if (!nl || !nr) continue;
          float cost = surfaceArea(l) * nl + surfaceArea(r) * nr;
          if (cost < best) best = cost, bestSplit = s;
        }
        if (bestSplit > 0) {
          auto it = std::partition(order.begin() + job.first, order.begin() + job.first + job.count,
                                   [&](uint32_t t) { return binOf(t) < bestSplit; });
          mid = uint32_t(it - order.begin()) - job.first;
        }
      }
      if (mid == 0 || mid == job.count) {
        // All centroids together (stacked floors, coincident triangles): split by count.
        mid = job.count / 2;
        std::nth_element(order.begin() + job.first, order.begin() + job.first + mid, order.begin() + job.first + job.count,
                         [&](uint32_t a, uint32_t b) { return centroids[a][axis] < centroids[b][axis]; });
      }
    }
    if (mid == 0) {
      m_nodes[job.node].first = job.first;
      m_nodes[job.node].count = job.count;
      continue;
    }
    uint32_t left = uint32_t(m_nodes.size());
    m_nodes.push_back({});
    m_nodes.push_back({});
    m_nodes[job.node].first = left;
    m_nodes[job.node].count = 0;
    stack.push_back({left, job.first, mid, job.depth + 1});
    stack.push_back({left + 1, job.first + mid, job.count - mid, job.depth + 1});
  }
  m_tris.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t t = order[i];
    const SceneVertex& a = g.vertices[g.indices[3 * t]];
    const glm::vec3& b = g.vertices[g.indices[3 * t + 1]].posEnu;
    const glm::vec3& c = g.vertices[g.indices[3 * t + 2]].posEnu;
    m_tris[i] = {a.posEnu, b - a.posEnu, c - a.posEnu, a.buildingId, t};
  }
}

template <class Visit>
void Bvh::traverse(const glm::vec3& origin, const glm::vec3& dir, float maxT, Visit&& visit) const {
  if (m_nodes.empty()) return;
  glm::vec3 invDir = 1.f / dir;
  uint32_t stack[128];
  int sp = 0;
  stack[sp++] = 0;
  while (sp > 0) {
    const Node& node = m_nodes[stack[--sp]];
    if (hitBox(node.box, origin, invDir, maxT) == INFINITY) continue;
    if (node.count > 0) {
      for (uint32_t i = node.first; i < node.first + node.count; ++i) {
        const Tri& t = m_tris[i];
        glm::vec3 p = glm::cross(dir, t.e2);
        float det = glm::dot(t.e1, p);
        if (std::abs(det) < 1e-12f) continue;
        float inv = 1.f / det;
        glm::vec3 s = origin - t.a;
        float u = glm::dot(s, p) * inv;
        if (u < 0.f || u > 1.f) continue;
        glm::vec3 q = glm::cross(s, t.e1);
        float v = glm::dot(dir, q) * inv;
        if (v < 0.f || u + v > 1.f) continue;
        float tt = glm::dot(t.e2, q) * inv;
        if (tt > 1e-5f && tt <= maxT) {
          if (visit(t, tt, maxT)) return;  // visit may shrink maxT, or stop
        }
      }
    } else {
      // Nearer child last so it is popped first.
      float dl = hitBox(m_nodes[node.first].box, origin, invDir, maxT);
      float dr = hitBox(m_nodes[node.first + 1].box, origin, invDir, maxT);
      if (dl < dr) {
        stack[sp++] = node.first + 1;
        stack[sp++] = node.first;
      } else {
        stack[sp++] = node.first;
        stack[sp++] = node.first + 1;
      }
    }
  }
}

std::optional<RayHit> Bvh::raycast(const glm::vec3& origin, const glm::vec3& dir, float maxDistance) const {
  float len = glm::length(dir);
  if (len <= 0) return std::nullopt;
  glm::vec3 d = dir / len;
  std::optional<RayHit> best;
  traverse(origin, d, maxDistance, [&](const Tri& t, float dist, float& maxT) {
    if (!best || dist < best->distanceM) {
      RayHit h;
      h.distanceM = dist;
      h.pointEnu = origin + d * dist;
      glm::vec3 n = glm::normalize(glm::cross(t.e1, t.e2));
      h.normal = glm::dot(n, d) > 0 ? -n : n;
      h.buildingId = t.building;
      h.triangle = t.index;
      best = h;
      maxT = dist;
    }
    return false;
  });
  return best;
}

bool Bvh::segmentBlocked(const glm::vec3& a, const glm::vec3& b) const {
  glm::vec3 d = b - a;
  float len = glm::length(d);
  if (len <= 1e-4f) return false;
  bool hit = false;
  // Stop just short of b so a target standing on a surface is not blocked by it.
  traverse(a, d / len, len - 1e-3f, [&](const Tri&, float, float&) { return hit = true; });
  return hit;
}

std::vector<uint32_t> Bvh::buildingsInBox(const Aabb& box) const {
  std::vector<uint32_t> out;
  if (m_nodes.empty()) return out;
  auto overlaps = [](const Aabb& x, const Aabb& y) {
    return x.min.x <= y.max.x && x.max.x >= y.min.x && x.min.y <= y.max.y && x.max.y >= y.min.y && x.min.z <= y.max.z &&
           x.max.z >= y.min.z;
  };
  std::vector<uint32_t> stack{0};
  while (!stack.empty()) {
    const Node& node = m_nodes[stack.back()];
    stack.pop_back();
    if (!overlaps(node.box, box)) continue;
    if (node.count == 0) {
      stack.push_back(node.first);
      stack.push_back(node.first + 1);
      continue;
    }
    for (uint32_t i = node.first; i < node.first + node.count; ++i) {
      const Tri& t = m_tris[i];
      Aabb tb;
      tb.extend(t.a);
      tb.extend(t.a + t.e1);
      tb.extend(t.a + t.e2);
      if (overlaps(tb, box)) out.push_back(t.building);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ts::scene
