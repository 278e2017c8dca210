#include "render/city_mesh.h"

#include <algorithm>
#include <cmath>
#include <future>
#include <glm/gtc/packing.hpp>

#include "scene/entity_markers.h"

namespace ts::render {

namespace {
int8_t snorm8(float v) { return (int8_t)std::lround(std::clamp(v, -1.f, 1.f) * 127.f); }
}  // namespace

CityMesh buildCityMesh(const scene::CityModel& city) {
  CityMesh m;
  // Land cover shares the buffers (and the one draw); its style is the slot after the
  // last building's.
  // Styles: every building, then every equipment marker, then one for land cover.
  const std::vector<scene::MarkerBox> markers = scene::entityMarkers(city.entities);
  m.firstMarkerStyle = uint32_t(city.buildings.size());
  const uint32_t groundStyle = m.firstMarkerStyle + uint32_t(markers.size());
  auto appendVertices = [&](const scene::GeometryBuffer& g, bool ground) {
    const size_t base = m.vertices.size(), n = g.vertices.size();
    m.vertices.resize(base + n);
    auto convert = [&](size_t from, size_t to) {
      for (size_t i = from; i < to; ++i) {
        const scene::SceneVertex& v = g.vertices[i];
        m.vertices[base + i] = {{v.posEnu.x, v.posEnu.y, v.posEnu.z},
                                {snorm8(v.normal.x), snorm8(v.normal.y), snorm8(v.normal.z), 0},
                                v.colorSrgb,
                                ground ? groundStyle : v.buildingId,
                                {glm::packHalf1x16(v.uv.x), glm::packHalf1x16(v.uv.y)}};
      }
    };
    if (n < 200000) return convert(0, n);
    auto half = std::async(std::launch::async, convert, n / 2, n);  // big cities: both cores
    convert(0, n / 2);
    half.get();
  };
  m.vertices.reserve(city.geometry.vertices.size() + city.groundCover.vertices.size());
  m.indices.reserve(city.geometry.indices.size() + city.groundCover.indices.size());
  appendVertices(city.geometry, false);
  scene::GeometryBuffer markerGeometry;
  scene::addMarkerGeometry(markers, markerGeometry, m.firstMarkerStyle);
  const uint32_t markerBase = uint32_t(m.vertices.size());
  appendVertices(markerGeometry, false);
  const uint32_t groundBase = uint32_t(m.vertices.size());
  appendVertices(city.groundCover, true);
  auto appendExtraIndices = [&] {
    for (uint32_t i : markerGeometry.indices) m.indices.push_back(markerBase + i);
    for (uint32_t i : city.groundCover.indices) m.indices.push_back(groundBase + i);
  };

  // Plain triangles (everything outside a textured range), then one batch per texture.
  const auto& g = city.geometry;
  if (g.textured.empty()) {  // the common case: one plain batch, indices as they are
    m.indices = g.indices;
    appendExtraIndices();
    if (!m.indices.empty()) m.batches.push_back({0, uint32_t(m.indices.size()), -1});
    m.styles.assign(groundStyle + 1, BuildingStyle{0, 0});
    return m;
  }
  std::vector<bool> isTextured(g.indices.size() / 3, false);
  std::vector<std::vector<uint32_t>> perTexture(city.textures.size());
  for (const scene::TexturedRange& t : g.textured) {
    if (t.texture >= perTexture.size()) continue;
    for (uint32_t i = t.firstIndex; i < t.firstIndex + t.indexCount; ++i) perTexture[t.texture].push_back(g.indices[i]);
    for (uint32_t tri = t.firstIndex / 3; tri < (t.firstIndex + t.indexCount) / 3; ++tri) isTextured[tri] = true;
  }
  for (size_t tri = 0; tri < isTextured.size(); ++tri)
    if (!isTextured[tri]) m.indices.insert(m.indices.end(), &g.indices[3 * tri], &g.indices[3 * tri] + 3);
  appendExtraIndices();
  if (!m.indices.empty()) m.batches.push_back({0, uint32_t(m.indices.size()), -1});
  for (size_t t = 0; t < perTexture.size(); ++t) {
    if (perTexture[t].empty()) continue;
    m.batches.push_back({uint32_t(m.indices.size()), uint32_t(perTexture[t].size()), int32_t(t)});
    m.indices.insert(m.indices.end(), perTexture[t].begin(), perTexture[t].end());
  }
  m.styles.assign(groundStyle + 1, BuildingStyle{0, 0});
  return m;
}

}  // namespace ts::render
