#include "scene/geometry.h"

#include <geos_c.h>

#include <cmath>
#include <glm/geometric.hpp>
#include <memory>

namespace ts::scene {

void GeometryBuffer::beginBuilding(uint32_t id) {
  if (ranges.size() <= id) ranges.resize(id + 1);
  ranges[id].firstIndex = uint32_t(indices.size());
}

void GeometryBuffer::endBuilding(uint32_t id) {
  ranges[id].indexCount = uint32_t(indices.size()) - ranges[id].firstIndex;
}

double signedArea(const std::vector<glm::dvec2>& r) {
  double a = 0;
  for (size_t i = 0, n = r.size(); i < n; ++i) {
    const glm::dvec2 &p = r[i], &q = r[(i + 1) % n];
    a += p.x * q.y - q.x * p.y;
  }
  return a * 0.5;
}

double area(const Polygon2& p) {
  double a = std::abs(signedArea(p.outer));
  for (const auto& h : p.holes) a -= std::abs(signedArea(h));
  return a;
}

namespace {

// One GEOS context per thread (the reentrant API), keeping its last error message.
struct GeosHandle {
  GEOSContextHandle_t ctx;
  std::string lastError;
  GeosHandle() {
    ctx = GEOS_init_r();
    GEOSContext_setErrorMessageHandler_r(
        ctx, [](const char* message, void* self) { static_cast<GeosHandle*>(self)->lastError = message; }, this);
  }
  ~GeosHandle() { GEOS_finish_r(ctx); }
};

GeosHandle& geosHandle() {
  thread_local GeosHandle h;
  return h;
}

GEOSContextHandle_t geos() { return geosHandle().ctx; }

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(geos(), g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GEOSGeometry* makeRing(const std::vector<glm::dvec2>& pts) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos(), unsigned(pts.size() + 1), 2);
  for (size_t i = 0; i <= pts.size(); ++i) {
    const glm::dvec2& p = pts[i % pts.size()];
    GEOSCoordSeq_setXY_r(geos(), seq, unsigned(i), p.x, p.y);
  }
  return GEOSGeom_createLinearRing_r(geos(), seq);
}

GeomPtr toGeos(const Polygon2& p) {
  if (p.outer.size() < 3) return nullptr;
  GEOSGeometry* shell = makeRing(p.outer);
  if (!shell) return nullptr;
  std::vector<GEOSGeometry*> holes;
  for (const auto& h : p.holes)
    if (h.size() >= 3)
      if (GEOSGeometry* r = makeRing(h)) holes.push_back(r);
  return GeomPtr(GEOSGeom_createPolygon_r(geos(), shell, holes.data(), unsigned(holes.size())));
}

std::vector<glm::dvec2> readRing(const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(geos(), seq, &n);
  std::vector<glm::dvec2> out;
  for (unsigned i = 0; i + 1 < n; ++i) {  // drop the closing point
    double x, y;
    GEOSCoordSeq_getXY_r(geos(), seq, i, &x, &y);
    out.push_back({x, y});
  }
  return out;
}

Polygon2 fromGeos(const GEOSGeometry* poly) {
  Polygon2 p;
  p.outer = readRing(GEOSGetExteriorRing_r(geos(), poly));
  int holes = GEOSGetNumInteriorRings_r(geos(), poly);
  for (int i = 0; i < holes; ++i) p.holes.push_back(readRing(GEOSGetInteriorRingN_r(geos(), poly, i)));
  return p;
}

void collectPolygons(const GEOSGeometry* g, std::vector<Polygon2>& out) {
  int type = GEOSGeomTypeId_r(geos(), g);
  if (type == GEOS_POLYGON) {
    if (!GEOSisEmpty_r(geos(), g)) out.push_back(fromGeos(g));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    int n = GEOSGetNumGeometries_r(geos(), g);
    for (int i = 0; i < n; ++i) collectPolygons(GEOSGetGeometryN_r(geos(), g, i), out);
  }  // lines and points left over by a repair are not buildings
}

bool isConvex(const std::vector<glm::dvec2>& r) {
  int sign = 0;
  for (size_t i = 0, n = r.size(); i < n; ++i) {
    glm::dvec2 a = r[(i + 1) % n] - r[i], b = r[(i + 2) % n] - r[(i + 1) % n];
    double c = a.x * b.y - a.y * b.x;
    if (std::abs(c) < 1e-12) continue;
    int s = c > 0 ? 1 : -1;
    if (sign && s != sign) return false;
    sign = s;
  }
  return sign != 0;
}

}  // namespace

Result<std::vector<Polygon2>> makeValid(const Polygon2& p, bool* repaired) {
  if (repaired) *repaired = false;
  if (p.outer.size() < 3) return fail("polygon has fewer than 3 distinct points");
  GeomPtr g = toGeos(p);
  if (!g) return fail("GEOS rejected the polygon: " + geosHandle().lastError);
  char valid = GEOSisValid_r(geos(), g.get());
  if (valid == 1) return std::vector<Polygon2>{p};
  if (repaired) *repaired = true;
  GeomPtr fixed(GEOSMakeValid_r(geos(), g.get()));
  if (!fixed) return fail("GEOS could not repair the polygon: " + geosHandle().lastError);
  std::vector<Polygon2> out;
  collectPolygons(fixed.get(), out);
  return out;
}

Result<std::vector<glm::dvec2>> triangulate(const Polygon2& p) {
  std::vector<glm::dvec2> tris;
  if (p.outer.size() < 3) return fail("polygon has fewer than 3 points");
  if (p.holes.empty() && isConvex(p.outer)) {
    bool ccw = signedArea(p.outer) > 0;
    for (size_t i = 1; i + 1 < p.outer.size(); ++i) {
      tris.push_back(p.outer[0]);
      tris.push_back(ccw ? p.outer[i] : p.outer[i + 1]);
      tris.push_back(ccw ? p.outer[i + 1] : p.outer[i]);
    }
    return tris;
  }
  GeomPtr g = toGeos(p);
  if (!g) return fail("GEOS rejected the polygon: " + geosHandle().lastError);
  GeomPtr t(GEOSConstrainedDelaunayTriangulation_r(geos(), g.get()));
  if (!t) return fail("GEOS could not triangulate the polygon: " + geosHandle().lastError);
  int n = GEOSGetNumGeometries_r(geos(), t.get());
  for (int i = 0; i < n; ++i) {
    std::vector<glm::dvec2> ring = readRing(GEOSGetExteriorRing_r(geos(), GEOSGetGeometryN_r(geos(), t.get(), i)));
    if (ring.size() != 3) continue;
    if (signedArea(ring) < 0) std::swap(ring[1], ring[2]);
    tris.insert(tris.end(), ring.begin(), ring.end());
  }
  return tris;
}

double coveredArea(const std::vector<glm::dvec2>& tris) {
  std::vector<GEOSGeometry*> parts;
  for (size_t t = 0; t + 2 < tris.size(); t += 3) {
    std::vector<glm::dvec2> ring{tris[t], tris[t + 1], tris[t + 2]};
    if (std::abs(signedArea(ring)) < 1e-9) continue;
    if (GEOSGeometry* r = makeRing(ring)) parts.push_back(GEOSGeom_createPolygon_r(geos(), r, nullptr, 0));
  }
  if (parts.empty()) return 0;
  GeomPtr all(GEOSGeom_createCollection_r(geos(), GEOS_GEOMETRYCOLLECTION, parts.data(), unsigned(parts.size())));
  GeomPtr merged(GEOSUnaryUnion_r(geos(), all.get()));
  double a = 0;
  if (merged) GEOSArea_r(geos(), merged.get(), &a);
  return a;
}

Polygon2 bufferLine(const std::vector<glm::dvec2>& line, double halfWidth) {
  if (line.size() < 2) return {};
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos(), unsigned(line.size()), 2);
  for (size_t i = 0; i < line.size(); ++i) GEOSCoordSeq_setXY_r(geos(), seq, unsigned(i), line[i].x, line[i].y);
  GeomPtr ls(GEOSGeom_createLineString_r(geos(), seq));
  GeomPtr buffered(ls ? GEOSBuffer_r(geos(), ls.get(), halfWidth, 8) : nullptr);
  std::vector<Polygon2> out;
  if (buffered) collectPolygons(buffered.get(), out);
  return out.empty() ? Polygon2{} : out.front();
}

size_t extrude(GeometryBuffer& g, uint32_t id, const Polygon2& p, const std::vector<glm::dvec2>& roof, float baseZ,
               float topZ, const ExtrudeStyle& style) {
  size_t before = g.triangleCount();
  auto walls = [&](const std::vector<glm::dvec2>& ring, bool outer) {
    // Outer rings counter-clockwise and holes clockwise put the solid on the left of
    // every edge, so the outward normal is the edge turned right.
    bool ccw = signedArea(ring) > 0;
    bool forward = outer ? ccw : !ccw;
    size_t n = ring.size();
    for (size_t k = 0; k < n; ++k) {
      glm::dvec2 a = forward ? ring[k] : ring[(n - k) % n];
      glm::dvec2 b = forward ? ring[(k + 1) % n] : ring[(n - k - 1) % n];
      glm::dvec2 e = b - a;
      double len = glm::length(e);
      if (len < 1e-6) continue;
      glm::vec3 nrm(float(e.y / len), float(-e.x / len), 0.f);
      uint32_t v0 = g.addVertex({a.x, a.y, baseZ}, nrm, style.wallColor, id);
      uint32_t v1 = g.addVertex({b.x, b.y, baseZ}, nrm, style.wallColor, id);
      uint32_t v2 = g.addVertex({b.x, b.y, topZ}, nrm, style.wallColor, id);
      uint32_t v3 = g.addVertex({a.x, a.y, topZ}, nrm, style.wallColor, id);
      g.addTriangle(v0, v1, v2);
      g.addTriangle(v0, v2, v3);
    }
  };
  walls(p.outer, true);
  for (const auto& h : p.holes) walls(h, false);
  for (size_t t = 0; t + 2 < roof.size(); t += 3) {
    uint32_t a = g.addVertex({roof[t].x, roof[t].y, topZ}, {0, 0, 1}, style.roofColor, id);
    uint32_t b = g.addVertex({roof[t + 1].x, roof[t + 1].y, topZ}, {0, 0, 1}, style.roofColor, id);
    uint32_t c = g.addVertex({roof[t + 2].x, roof[t + 2].y, topZ}, {0, 0, 1}, style.roofColor, id);
    g.addTriangle(a, b, c);
    if (style.floor) {
      uint32_t d = g.addVertex({roof[t].x, roof[t].y, baseZ}, {0, 0, -1}, style.wallColor, id);
      uint32_t e = g.addVertex({roof[t + 1].x, roof[t + 1].y, baseZ}, {0, 0, -1}, style.wallColor, id);
      uint32_t f = g.addVertex({roof[t + 2].x, roof[t + 2].y, baseZ}, {0, 0, -1}, style.wallColor, id);
      g.addTriangle(d, f, e);
    }
  }
  return g.triangleCount() - before;
}

}  // namespace ts::scene
