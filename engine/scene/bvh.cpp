#include "scene/bvh.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <future>
#include <glm/common.hpp>
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

namespace {

// What the builder moves around: kept together and permuted in place, so every pass
// over a node's triangles reads memory in order.
struct BuildPrim {
  Aabb box;
  glm::vec3 centroid;
  uint32_t tri;
};

struct BuildNode {
  Aabb box;
  uint32_t first = 0, count = 0;  // leaf: prims; inner: count == 0 and children below
  int32_t left = -1, right = -1;  // indices into the same subtree's node list
};

// Builds the subtree over prims[first, first + count) into `nodes`; returns its root.
// `box` and `cbox` bound the prims and their centroids (the parent's bins give them).
int32_t buildRange(std::vector<BuildPrim>& prims, uint32_t first, uint32_t count, uint32_t depth, const Aabb& box,
                   const Aabb& cbox, std::vector<BuildNode>& nodes);

// Where a node splits (mid == 0: it stays a leaf) and the bounds of both halves, which
// the children are built with.
struct Split {
  uint32_t mid = 0;
  Aabb childBox[2], childCbox[2];
};

// The prims of one node sorted into bins along the split axis by centroid.
struct Bins {
  Aabb box[kBins], cbox[kBins];
  uint32_t count[kBins] = {};
};

// The axis along which the centroids spread most.
int widestAxis(const glm::vec3& ext) { return ext.x > ext.y ? (ext.x > ext.z ? 0 : 2) : (ext.y > ext.z ? 1 : 2); }

// The surface-area heuristic from both ends in one sweep each: the first bin of the
// right half of the cheapest split, or -1 when no split leaves both halves non-empty.
int cheapestSplit(const Bins& bins) {
  float rightArea[kBins];
  uint32_t rightCount[kBins];
  Aabb acc;
  uint32_t n = 0;
  for (int b = kBins - 1; b > 0; --b) {
    acc.extend(bins.box[b]);
    n += bins.count[b];
    rightArea[b] = surfaceArea(acc);
    rightCount[b] = n;
  }
  float best = INFINITY;
  int bestSplit = -1;
  acc = Aabb{};
  n = 0;
  for (int sp = 1; sp < kBins; ++sp) {
    acc.extend(bins.box[sp - 1]);
    n += bins.count[sp - 1];
    if (!n || !rightCount[sp]) continue;
    float cost = surfaceArea(acc) * n + rightArea[sp] * rightCount[sp];
    if (cost < best) best = cost, bestSplit = sp;
  }
  return bestSplit;
}

// Splits by the binned surface-area heuristic along `axis`; the bins give both halves'
// bounds. Returns false (prims untouched) when no split is worth it.
bool splitBySah(std::vector<BuildPrim>& prims, uint32_t first, uint32_t count, int axis, const Aabb& cbox,
                Split& split) {
  const float lo = cbox.min[axis], width = cbox.size()[axis];
  Bins bins;
  const float scale = kBins / width;
  auto binOf = [&](const BuildPrim& p) { return std::min(kBins - 1, int((p.centroid[axis] - lo) * scale)); };
  for (uint32_t i = first; i < first + count; ++i) {
    int b = binOf(prims[i]);
    bins.box[b].extend(prims[i].box);
    bins.cbox[b].extend(prims[i].centroid);
    ++bins.count[b];
  }
  const int bestSplit = cheapestSplit(bins);
  if (bestSplit <= 0) return false;
  auto it = std::partition(prims.begin() + first, prims.begin() + first + count,
                           [&](const BuildPrim& p) { return binOf(p) < bestSplit; });
  split.mid = uint32_t(it - prims.begin()) - first;
  for (int b = 0; b < kBins; ++b) {
    split.childBox[b >= bestSplit].extend(bins.box[b]);
    split.childCbox[b >= bestSplit].extend(bins.cbox[b]);
  }
  return true;
}

// Both halves' bounds from their prims, when the bins did not give them.
void boundHalves(const std::vector<BuildPrim>& prims, uint32_t first, uint32_t count, Split& split) {
  for (int side = 0; side < 2; ++side) {
    split.childBox[side] = split.childCbox[side] = Aabb{};
    uint32_t from = side ? first + split.mid : first, to = side ? first + count : first + split.mid;
    for (uint32_t i = from; i < to; ++i) {
      split.childBox[side].extend(prims[i].box);
      split.childCbox[side].extend(prims[i].centroid);
    }
  }
}

// Reorders prims[first, first + count) into the two halves of the node's split.
Split splitNode(std::vector<BuildPrim>& prims, uint32_t first, uint32_t count, uint32_t depth, const Aabb& cbox) {
  Split split;
  if (count <= kLeafSize) return split;
  const glm::vec3 ext = cbox.size();
  const int axis = widestAxis(ext);
  bool childBounds = false;
  // Deep in the tree, split by count so the depth stays bounded (traversal stack).
  // Small nodes split at the median: the bins cost more than they save there.
  if (ext[axis] > 1e-6f && depth < kMaxSahDepth && count > 48)
    childBounds = splitBySah(prims, first, count, axis, cbox, split);
  if (split.mid == 0 || split.mid == count) {
    // All centroids together (stacked floors, coincident triangles): split by count.
    split.mid = count / 2;
    std::nth_element(prims.begin() + first, prims.begin() + first + split.mid, prims.begin() + first + count,
                     [&](const BuildPrim& a, const BuildPrim& b) { return a.centroid[axis] < b.centroid[axis]; });
    childBounds = false;
  }
  if (!childBounds) boundHalves(prims, first, count, split);
  return split;
}

// The two halves of a large node near the top are built on two threads; the right
// subtree goes into its own list and is appended after the left one. Links `self`.
void buildChildrenInParallel(std::vector<BuildPrim>& prims, uint32_t first, uint32_t count, uint32_t depth,
                             const Split& split, int32_t self, std::vector<BuildNode>& nodes) {
  const uint32_t mid = split.mid;
  std::vector<BuildNode> rightNodes;
  auto right = std::async(std::launch::async, [&] {
    return buildRange(prims, first + mid, count - mid, depth + 1, split.childBox[1], split.childCbox[1], rightNodes);
  });
  int32_t l = buildRange(prims, first, mid, depth + 1, split.childBox[0], split.childCbox[0], nodes);
  int32_t r = right.get();
  // Append the right subtree, shifting its node indices.
  int32_t shift = int32_t(nodes.size());
  for (BuildNode& rn : rightNodes) {
    if (rn.left >= 0) rn.left += shift, rn.right += shift;
    nodes.push_back(rn);
  }
  nodes[self].left = l;
  nodes[self].right = r + shift;
}

int32_t buildRange(std::vector<BuildPrim>& prims, uint32_t first, uint32_t count, uint32_t depth, const Aabb& box,
                   const Aabb& cbox, std::vector<BuildNode>& nodes) {
  BuildNode node;
  node.box = box;
  const Split split = splitNode(prims, first, count, depth, cbox);
  int32_t self = int32_t(nodes.size());
  nodes.push_back(node);
  if (split.mid == 0) {
    nodes[self].first = first;
    nodes[self].count = count;
    return self;
  }
  if (depth < 2 && count > 50000) {
    buildChildrenInParallel(prims, first, count, depth, split, self, nodes);
  } else {
    const uint32_t mid = split.mid;
    int32_t l = buildRange(prims, first, mid, depth + 1, split.childBox[0], split.childCbox[0], nodes);
    int32_t r = buildRange(prims, first + mid, count - mid, depth + 1, split.childBox[1], split.childCbox[1], nodes);
    nodes[self].left = l;
    nodes[self].right = r;
  }
  return self;
}

}  // namespace

Bvh::Bvh(const GeometryBuffer& g, uint32_t firstTri, uint32_t triCount) {
  const size_t n = triCount;
  if (n == 0) return;
  std::vector<BuildPrim> prims(n);
  for (size_t k = 0; k < n; ++k) {
    size_t t = firstTri + k;
    const glm::vec3& a = g.vertices[g.indices[3 * t]].posEnu;
    const glm::vec3& b = g.vertices[g.indices[3 * t + 1]].posEnu;
    const glm::vec3& c = g.vertices[g.indices[3 * t + 2]].posEnu;
    prims[k].box.min = glm::min(a, glm::min(b, c));
    prims[k].box.max = glm::max(a, glm::max(b, c));
    prims[k].centroid = (a + b + c) / 3.f;
    prims[k].tri = uint32_t(t);
  }
  auto t0 = std::chrono::steady_clock::now();
  std::vector<BuildNode> built;
  built.reserve(2 * n / kLeafSize + 1);
  Aabb box, cbox;
  for (const BuildPrim& p : prims) {
    box.extend(p.box);
    cbox.extend(p.centroid);
  }
  int32_t root = buildRange(prims, 0, uint32_t(n), 0, box, cbox, built);
  auto t1 = std::chrono::steady_clock::now();
  // Flatten depth-first with siblings side by side (children at first, first + 1).
  m_nodes.reserve(built.size());
  m_nodes.push_back({});
  std::vector<std::pair<int32_t, uint32_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [b, slot] = stack.back();
    stack.pop_back();
    const BuildNode& bn = built[size_t(b)];
    m_nodes[slot].box = bn.box;
    if (bn.left < 0) {
      m_nodes[slot].first = bn.first;
      m_nodes[slot].count = bn.count;
      continue;
    }
    uint32_t children = uint32_t(m_nodes.size());
    m_nodes.push_back({});
    m_nodes.push_back({});
    m_nodes[slot].first = children;
    m_nodes[slot].count = 0;
    stack.push_back({bn.left, children});
    stack.push_back({bn.right, children + 1});
  }
  m_order.resize(n);
  for (size_t i = 0; i < n; ++i) m_order[i] = prims[i].tri;
  spdlog::debug("bvh: {} triangles, {} nodes, split in {:.1f} ms, total {:.1f} ms", n, m_nodes.size(),
                std::chrono::duration<double, std::milli>(t1 - t0).count(),
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

std::vector<uint8_t> Bvh::serialize() const {
  uint64_t nodes = m_nodes.size(), tris = m_order.size();
  std::vector<uint8_t> out(16 + nodes * sizeof(Node) + tris * 4);
  std::memcpy(out.data(), &nodes, 8);
  std::memcpy(out.data() + 8, &tris, 8);
  if (nodes) std::memcpy(out.data() + 16, m_nodes.data(), nodes * sizeof(Node));
  if (tris) std::memcpy(out.data() + 16 + nodes * sizeof(Node), m_order.data(), tris * 4);
  return out;
}

std::optional<Bvh> Bvh::deserialize(std::span<const uint8_t> bytes, const GeometryBuffer& g, uint32_t firstTri,
                                    uint32_t triCount) {
  uint64_t nodes = 0, tris = 0;
  if (bytes.size() < 16) return std::nullopt;
  std::memcpy(&nodes, bytes.data(), 8);
  std::memcpy(&tris, bytes.data() + 8, 8);
  if (tris != triCount || nodes > 2 * uint64_t(triCount) + 1 || bytes.size() != 16 + nodes * sizeof(Node) + tris * 4)
    return std::nullopt;
  Bvh b;
  // One copy each (no zero-fill first); the arrays are 4-byte aligned in the blob when
  // the blob itself is, which its allocator guarantees; otherwise copy bytes.
  const uint8_t* nodeBytes = bytes.data() + 16;
  const uint8_t* orderBytes = nodeBytes + nodes * sizeof(Node);
  std::vector<uint32_t>& order = b.m_order;
  if (reinterpret_cast<uintptr_t>(nodeBytes) % alignof(Node) == 0) {
    b.m_nodes.assign(reinterpret_cast<const Node*>(nodeBytes), reinterpret_cast<const Node*>(nodeBytes) + nodes);
    order.assign(reinterpret_cast<const uint32_t*>(orderBytes), reinterpret_cast<const uint32_t*>(orderBytes) + tris);
  } else {
    b.m_nodes.resize(nodes);
    std::memcpy(b.m_nodes.data(), nodeBytes, nodes * sizeof(Node));
    order.resize(tris);
    std::memcpy(order.data(), orderBytes, tris * 4);
  }
  // Every reference must stay inside the tree and the triangle range.
  for (uint32_t t : order)
    if (t < firstTri || t >= firstTri + triCount) return std::nullopt;
  for (const Node& n : b.m_nodes) {
    if (n.count > 0 ? uint64_t(n.first) + n.count > tris : uint64_t(n.first) + 1 >= nodes) return std::nullopt;
  }
  (void)g;  // the triangles stay in the geometry; only their range was checked
  return b;
}

template <class Visit>
void Bvh::traverse(const GeometryBuffer& g, const glm::vec3& origin, const glm::vec3& dir, float maxT,
                   Visit&& visit) const {
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
        const uint32_t tri = m_order[i];
        const glm::vec3& a = g.vertices[g.indices[3 * size_t(tri)]].posEnu;
        const glm::vec3 e1 = g.vertices[g.indices[3 * size_t(tri) + 1]].posEnu - a;
        const glm::vec3 e2 = g.vertices[g.indices[3 * size_t(tri) + 2]].posEnu - a;
        glm::vec3 p = glm::cross(dir, e2);
        float det = glm::dot(e1, p);
        if (std::abs(det) < 1e-12f) continue;
        float inv = 1.f / det;
        glm::vec3 s = origin - a;
        float u = glm::dot(s, p) * inv;
        if (u < 0.f || u > 1.f) continue;
        glm::vec3 q = glm::cross(s, e1);
        float v = glm::dot(dir, q) * inv;
        if (v < 0.f || u + v > 1.f) continue;
        float tt = glm::dot(e2, q) * inv;
        if (tt > 1e-5f && tt <= maxT) {
          if (visit(tri, e1, e2, tt, maxT)) return;  // visit may shrink maxT, or stop
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

std::optional<RayHit> Bvh::raycast(const GeometryBuffer& g, const glm::vec3& origin, const glm::vec3& dir,
                                   float maxDistance) const {
  float len = glm::length(dir);
  if (len <= 0) return std::nullopt;
  glm::vec3 d = dir / len;
  std::optional<RayHit> best;
  traverse(g, origin, d, maxDistance,
           [&](uint32_t tri, const glm::vec3& e1, const glm::vec3& e2, float dist, float& maxT) {
             if (!best || dist < best->distanceM) {
               RayHit h;
               h.distanceM = dist;
               h.pointEnu = origin + d * dist;
               glm::vec3 n = glm::normalize(glm::cross(e1, e2));
               h.normal = glm::dot(n, d) > 0 ? -n : n;
               h.buildingId = g.vertices[g.indices[3 * size_t(tri)]].buildingId;
               h.triangle = tri;
               best = h;
               maxT = dist;
             }
             return false;
           });
  return best;
}

bool Bvh::segmentBlocked(const GeometryBuffer& g, const glm::vec3& a, const glm::vec3& b) const {
  glm::vec3 d = b - a;
  float len = glm::length(d);
  if (len <= 1e-4f) return false;
  bool hit = false;
  // Stop just short of b so a target standing on a surface is not blocked by it.
  traverse(g, a, d / len, len - 1e-3f,
           [&](uint32_t, const glm::vec3&, const glm::vec3&, float, float&) { return hit = true; });
  return hit;
}

void SpatialIndex::add(Bvh piece, uint32_t endTri) {
  m_pieces.push_back(std::move(piece));
  m_indexed = endTri;
}

void SpatialIndex::indexUpTo(const GeometryBuffer& g, uint32_t endTri) {
  if (endTri <= m_indexed) return;
  add(Bvh(g, m_indexed, endTri - m_indexed), endTri);
}

std::optional<RayHit> SpatialIndex::raycast(const GeometryBuffer& g, const glm::vec3& origin, const glm::vec3& dir,
                                            float maxDistance) const {
  std::optional<RayHit> best;
  for (const Bvh& b : m_pieces)
    if (auto h = b.raycast(g, origin, dir, best ? best->distanceM : maxDistance);
        h && (!best || h->distanceM < best->distanceM))
      best = h;
  return best;
}

bool SpatialIndex::segmentBlocked(const GeometryBuffer& g, const glm::vec3& a, const glm::vec3& b) const {
  for (const Bvh& p : m_pieces)
    if (p.segmentBlocked(g, a, b)) return true;
  return false;
}

std::vector<uint32_t> SpatialIndex::buildingsInBox(const GeometryBuffer& g, const Aabb& box) const {
  std::vector<uint32_t> out;
  for (const Bvh& p : m_pieces) {
    std::vector<uint32_t> part = p.buildingsInBox(g, box);
    out.insert(out.end(), part.begin(), part.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> Bvh::buildingsInBox(const GeometryBuffer& g, const Aabb& box) const {
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
      const size_t t = m_order[i];
      Aabb tb;
      for (int k = 0; k < 3; ++k) tb.extend(g.vertices[g.indices[3 * t + k]].posEnu);
      if (overlaps(tb, box)) out.push_back(g.vertices[g.indices[3 * t]].buildingId);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ts::scene
