#include "io/model_import.h"

#include <assimp/DefaultIOSystem.h>
#include <assimp/GltfMaterial.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <spdlog/spdlog.h>
#include <xxhash.h>

#include <assimp/Importer.hpp>
#include <assimp/ProgressHandler.hpp>
#include <chrono>
#include <cmath>
#include <cstring>
#include <future>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>
#include <map>
#include <set>

#include "io/georef.h"
#include "io/image_decode.h"
#include "io/model_cache.h"

namespace ts::io {

namespace fs = std::filesystem;

namespace {

// Records every file Assimp opens, so the cache can tell when a buffer or texture changed.
class RecordingIOSystem : public Assimp::DefaultIOSystem {
 public:
  std::set<std::string> opened;
  Assimp::IOStream* Open(const char* file, const char* mode) override {
    Assimp::IOStream* s = DefaultIOSystem::Open(file, mode);
    if (s) opened.insert(file);
    return s;
  }
};

uint32_t packColor(float r, float g, float b, float a) {
  auto c = [](float v) { return uint32_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); };
  return c(r) | c(g) << 8 | c(b) << 16 | c(a) << 24;
}

// Linear factor x sRGB vertex colour, encoded back to sRGB for the vertex.
float toSrgb(float linear) {
  linear = std::clamp(linear, 0.f, 1.f);
  return linear <= 0.0031308f ? linear * 12.92f : 1.055f * std::pow(linear, 1.f / 2.4f) - 0.055f;
}

struct MaterialInfo {
  aiColor4D baseColor{1, 1, 1, 1};  // linear factor
  int texture = -1;                 // index into ImportedModel::textures
};

// Forwards Assimp's import progress.
class Progress : public Assimp::ProgressHandler {
 public:
  explicit Progress(ProgressFn fn) : m_fn(std::move(fn)) {}
  bool Update(float percentage) override {
    if (m_fn && percentage >= 0.f) m_fn(std::min(1.0, double(percentage)));
    return true;  // never cancel
  }

 private:
  ProgressFn m_fn;
};

class Importer {
 public:
  Importer(const fs::path& path, ImportedModel& out, ProgressFn progress)
      : m_path(path), m_out(out), m_progress(std::move(progress)) {}

  Result<> run() {
    Assimp::Importer importer;
    auto* io = new RecordingIOSystem();  // owned by the importer
    importer.SetIOHandler(io);
    if (m_progress) importer.SetProgressHandler(new Progress(m_progress));  // owned by the importer
    // Remove points and lines; normals only where missing (GenSmoothNormals leaves
    // existing ones alone); no JoinIdenticalVertices (10x slower on big meshes).
    importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    const aiScene* scene = importer.ReadFile(m_path.string(), aiProcess_Triangulate | aiProcess_GenSmoothNormals |
                                                                  aiProcess_SortByPType | aiProcess_FlipUVs);
    if (!scene || !scene->mRootNode)
      return fail("cannot import model '" + m_path.string() + "': " + importer.GetErrorString());
    if (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE)
      m_out.warnings.push_back(m_path.filename().string() + ": the model is incomplete");
    m_scene = scene;
    readMaterials();
    collectGroups();
    for (const std::string& f : io->opened) m_out.dependencies.emplace_back(fs::path(f), hashFile(f));
    for (const fs::path& f : m_loadedImages) m_out.dependencies.emplace_back(f, hashFile(f));
    return {};
  }

 private:
  void readMaterials() {
    std::map<std::string, int> loaded;
    const std::string file = m_path.filename().string();
    for (unsigned i = 0; i < m_scene->mNumMaterials; ++i) {
      const aiMaterial* mat = m_scene->mMaterials[i];
      MaterialInfo info;
      aiColor4D c;
      if (mat->Get(AI_MATKEY_BASE_COLOR, c) == AI_SUCCESS || mat->Get(AI_MATKEY_COLOR_DIFFUSE, c) == AI_SUCCESS)
        info.baseColor = c;
      std::string matName = mat->GetName().C_Str();
      // Report every missing external texture, whatever its use, but only load the base colour.
      for (int type = aiTextureType_DIFFUSE; type <= aiTextureType_UNKNOWN; ++type) {
        for (unsigned k = 0; k < mat->GetTextureCount(aiTextureType(type)); ++k) {
          aiString p;
          if (mat->GetTexture(aiTextureType(type), k, &p) != AI_SUCCESS) continue;
          std::string ref = p.C_Str();
          if (ref.empty() || ref[0] == '*' || m_scene->GetEmbeddedTexture(ref.c_str())) continue;
          fs::path full = m_path.parent_path() / ref;
          if (!fs::exists(full) && !m_reportedMissing.count(ref)) {
            m_reportedMissing.insert(ref);
            m_out.warnings.push_back(file + ": texture '" + ref + "' (material '" + matName + "', " +
                                     aiTextureTypeToString(aiTextureType(type)) + ") not found; drawn without it");
          }
        }
      }
      aiString tex;
      bool has = mat->GetTexture(aiTextureType_BASE_COLOR, 0, &tex) == AI_SUCCESS ||
                 mat->GetTexture(aiTextureType_DIFFUSE, 0, &tex) == AI_SUCCESS;
      if (has) {
        std::string ref = tex.C_Str();
        auto it = loaded.find(ref);
        if (it != loaded.end()) {
          info.texture = it->second;
        } else {
          Result<scene::Texture> img = fail("");
          if (const aiTexture* emb = m_scene->GetEmbeddedTexture(ref.c_str())) {
            if (emb->mHeight == 0) {
              img = decodeImageMemory({reinterpret_cast<const uint8_t*>(emb->pcData), emb->mWidth}, file + ":" + ref);
            } else {  // raw BGRA texels
              scene::Texture t;
              t.name = file + ":" + ref;
              t.width = emb->mWidth;
              t.height = emb->mHeight;
              for (unsigned px = 0; px < emb->mWidth * emb->mHeight; ++px)
                t.rgba.insert(t.rgba.end(),
                              {emb->pcData[px].r, emb->pcData[px].g, emb->pcData[px].b, emb->pcData[px].a});
              img = std::move(t);
            }
          } else if (fs::exists(m_path.parent_path() / ref)) {
            img = decodeImageFile(m_path.parent_path() / ref);
            if (img) m_loadedImages.push_back(m_path.parent_path() / ref);
          } else {
            img = fail("");  // reported above
          }
          if (img) {
            m_out.textures.push_back(std::move(*img));
            info.texture = int(m_out.textures.size() - 1);
          } else if (!img.error().message.empty()) {
            m_out.warnings.push_back(file + ": " + img.error().message + "; drawn without it");
          }
          loaded[ref] = info.texture;
        }
      }
      m_materials.push_back(info);
    }
  }

  static bool hasMeshes(const aiNode* n) {
    if (n->mNumMeshes) return true;
    for (unsigned i = 0; i < n->mNumChildren; ++i)
      if (hasMeshes(n->mChildren[i])) return true;
    return false;
  }

  void collectGroups() {
    const aiNode* root = m_scene->mRootNode;
    // A root wrapping one node (common in glTF exports) is looked through.
    while (root->mNumMeshes == 0 && root->mNumChildren == 1) root = root->mChildren[0];
    aiMatrix4x4 rootWorld;
    for (const aiNode* n = root->mParent; n; n = n->mParent) rootWorld = n->mTransformation * rootWorld;
    std::vector<const aiNode*> parts;
    for (unsigned i = 0; i < root->mNumChildren; ++i)
      if (hasMeshes(root->mChildren[i])) parts.push_back(root->mChildren[i]);
    if (root->mNumMeshes > 0 || parts.size() < 2) {
      addGroup(root->mName.length ? root->mName.C_Str() : m_path.stem().string(), root, rootWorld);
    } else {
      aiMatrix4x4 world = rootWorld * root->mTransformation;
      for (const aiNode* p : parts) addGroup(p->mName.C_Str(), p, world);
    }
  }

  void addGroup(const std::string& name, const aiNode* node, const aiMatrix4x4& parent) {
    ImportedModel::Group g;
    g.name = name;
    g.firstIndex = uint32_t(m_out.indices.size());
    addNode(node, parent, uint32_t(m_out.groups.size()));
    g.indexCount = uint32_t(m_out.indices.size()) - g.firstIndex;
    if (g.indexCount) m_out.groups.push_back(std::move(g));
  }

  void addNode(const aiNode* node, const aiMatrix4x4& parent, uint32_t group) {
    aiMatrix4x4 world = parent * node->mTransformation;
    aiMatrix3x3 normalMatrix = aiMatrix3x3(world);
    normalMatrix.Inverse().Transpose();
    for (unsigned k = 0; k < node->mNumMeshes; ++k) {
      const aiMesh* mesh = m_scene->mMeshes[node->mMeshes[k]];
      if (!(mesh->mPrimitiveTypes & aiPrimitiveType_TRIANGLE)) continue;
      const MaterialInfo& mat = m_materials.at(mesh->mMaterialIndex);
      bool textured = mat.texture >= 0 && mesh->HasTextureCoords(0);
      // Vertices with a non-finite position are left out (bounds, the BVH and framing must
      // never see one), and so are the triangles that use them or an index out of range.
      std::vector<uint32_t> remap(mesh->mNumVertices, kDropped);
      for (unsigned v = 0; v < mesh->mNumVertices; ++v) {
        aiVector3D p = world * mesh->mVertices[v];
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) continue;
        remap[v] = uint32_t(m_out.vertices.size());
        aiVector3D n = mesh->HasNormals() ? (normalMatrix * mesh->mNormals[v]).NormalizeSafe() : aiVector3D(0, 1, 0);
        aiColor4D c = mat.baseColor;
        if (mesh->HasVertexColors(0)) {
          const aiColor4D& vc = mesh->mColors[0][v];
          c = aiColor4D(c.r * vc.r, c.g * vc.g, c.b * vc.b, c.a * vc.a);
        }
        scene::SceneVertex sv;
        sv.posEnu = {p.x, p.y, p.z};
        sv.normal = {n.x, n.y, n.z};
        sv.colorSrgb = packColor(toSrgb(c.r), toSrgb(c.g), toSrgb(c.b), c.a);
        sv.buildingId = group;
        sv.uv = textured ? glm::vec2(mesh->mTextureCoords[0][v].x, mesh->mTextureCoords[0][v].y) : glm::vec2(0);
        m_out.vertices.push_back(sv);
      }
      uint32_t first = uint32_t(m_out.indices.size());
      addTriangles(mesh, remap);
      if (textured) m_out.textured.push_back({first, uint32_t(m_out.indices.size()) - first, uint32_t(mat.texture)});
    }
    for (unsigned i = 0; i < node->mNumChildren; ++i) addNode(node->mChildren[i], world, group);
  }

  static constexpr uint32_t kDropped = UINT32_MAX;

  // The mesh's triangles through `remap` (its vertices' places in the output, kDropped for
  // a non-finite one); what had to be left out is a warning naming the file and mesh.
  void addTriangles(const aiMesh* mesh, const std::vector<uint32_t>& remap) {
    size_t nonFinite = 0, outOfRange = 0;
    for (unsigned f = 0; f < mesh->mNumFaces; ++f) {
      const aiFace& face = mesh->mFaces[f];
      if (face.mNumIndices != 3) continue;
      uint32_t t[3];
      bool ok = true;
      for (int i = 0; i < 3 && ok; ++i) {
        if (face.mIndices[i] >= remap.size())
          ++outOfRange, ok = false;
        else if ((t[i] = remap[face.mIndices[i]]) == kDropped)
          ++nonFinite, ok = false;
      }
      if (ok) m_out.indices.insert(m_out.indices.end(), t, t + 3);
    }
    const std::string where = m_path.filename().string() + ": mesh '" + std::string(mesh->mName.C_Str()) + "': ";
    if (nonFinite)
      m_out.warnings.push_back(where + std::to_string(nonFinite) +
                               " triangle(s) with a non-finite vertex position (NaN or infinite) left out");
    if (outOfRange)
      m_out.warnings.push_back(where + std::to_string(outOfRange) +
                               " triangle(s) with a vertex index out of range left out");
  }

  fs::path m_path;
  ImportedModel& m_out;
  const aiScene* m_scene = nullptr;
  std::vector<MaterialInfo> m_materials;
  std::set<std::string> m_reportedMissing;
  std::vector<fs::path> m_loadedImages;
  ProgressFn m_progress;
};

// The file name of a placed model's cached spatial index: the model's content hash and
// a hash of everything that decides where its triangles end up.
std::string bvhCacheName(uint64_t key, const ModelOptions& opt, const scene::GeoOrigin& origin) {
  struct PlacementKey {
    double origin[3], anchor[4], position[3], heading, scale;
    uint32_t upIsY, bvhFormat;
  } pk;
  std::memset(&pk, 0, sizeof pk);  // padding included: the bytes are hashed
  pk.origin[0] = origin.latDeg, pk.origin[1] = origin.lonDeg, pk.origin[2] = origin.heightM;
  if (opt.placement.anchor)
    pk.anchor[0] = 1, pk.anchor[1] = opt.placement.anchor->latDeg, pk.anchor[2] = opt.placement.anchor->lonDeg,
    pk.anchor[3] = opt.placement.anchor->heightM;
  pk.position[0] = opt.placement.positionEnu.x, pk.position[1] = opt.placement.positionEnu.y,
  pk.position[2] = opt.placement.positionEnu.z;
  pk.heading = opt.placement.headingDeg;
  pk.scale = opt.placement.scale;
  pk.upIsY = opt.upIsY;
  pk.bvhFormat = 2;  // bump when the serialized tree changes
  char name[64];
  std::snprintf(name, sizeof name, "%016llx-%016llx.bvh", (unsigned long long)key,
                (unsigned long long)XXH3_64bits(&pk, sizeof pk));
  return name;
}

// The model from the cache, else imported (and cached); true when it came from the cache.
Result<bool> readModel(const fs::path& path, const ModelOptions& opt, bool useCache, uint64_t key,
                       ImportedModel& model) {
  if (useCache)
    if (auto cached = readModelCache(opt.cacheDir, path, key)) {
      model = std::move(*cached);
      return true;
    }
  Importer importer(path, model, opt.progress);
  if (auto r = importer.run(); !r) return std::unexpected(r.error());
  if (useCache) writeModelCache(opt.cacheDir, key, model, path);
  return false;
}

// Model space (y-up or z-up) -> ENU, scaled, turned by the heading (clockwise from
// north), moved to the anchor and offset: one matrix for axes, heading and scale; the
// offset is computed in double precision and stored relative to the scene origin (float
// metres are fine within a city).
struct ModelPlacement {
  glm::mat3 linear, positionMatrix;
  glm::vec3 offset;
};

Result<ModelPlacement> placementOf(const fs::path& path, const ModelOptions& opt, const scene::GeoOrigin& origin) {
  glm::dvec3 offset = opt.placement.positionEnu;
  if (opt.placement.anchor) {
    auto crs = makeCrsToEnu("OGC:CRS84", origin);
    if (!crs) return fail("'" + path.string() + "': " + crs.error().message);
    glm::dvec3 a;
    if (!crs->toEnu(opt.placement.anchor->lonDeg, opt.placement.anchor->latDeg, 0, a))
      return fail("'" + path.string() + "': the anchor is outside WGS 84");
    offset += glm::dvec3(a.x, a.y, opt.placement.anchor->heightM - origin.heightM);
  }
  const float h = float(-opt.placement.headingDeg * 3.14159265358979 / 180.0), ch = std::cos(h), sh = std::sin(h);
  const glm::mat3 axes = opt.upIsY ? glm::mat3(1, 0, 0, 0, 0, 1, 0, -1, 0) : glm::mat3(1.f);  // columns: x, y, z images
  const glm::mat3 turn(ch, sh, 0, -sh, ch, 0, 0, 0, 1);
  ModelPlacement place;
  place.linear = turn * axes;
  place.positionMatrix = place.linear * float(opt.placement.scale);
  place.offset = glm::vec3(offset);
  return place;
}

// Adds one group of the model as a building: its triangles and the vertices they use,
// placed (a vertex shared by two groups is copied into each, so every building's data
// stays self-contained). `remap`: model vertex -> city vertex, shared by the groups.
void addGroup(const fs::path& path, const ModelOptions& opt, const ImportedModel& model, const ImportedModel::Group& g,
              const ModelPlacement& place, uint32_t textureBase, std::vector<uint32_t>& remap, scene::CityModel& city) {
  // Local copies: stores into the city's vertices cannot alias them, so they stay in registers.
  const glm::mat3 linear = place.linear, positionMatrix = place.positionMatrix;
  const glm::vec3 offsetF = place.offset;
  scene::Building b;
  b.layer = opt.layer;
  b.status = opt.status;
  b.use = "model";
  b.sourceId = path.filename().string() + "#" + g.name;
  b.name = model.groups.size() == 1 && !opt.name.empty() ? opt.name : g.name;
  b.attributes.push_back({"source", path.filename().string()});
  uint32_t id = city.addBuilding(std::move(b));
  city.geometry.beginBuilding(id);
  uint32_t firstIndex = uint32_t(city.geometry.indices.size());
  uint32_t firstVertex = uint32_t(city.geometry.vertices.size());
  for (uint32_t i = g.firstIndex; i < g.firstIndex + g.indexCount; ++i) {
    uint32_t src = model.indices[i];
    if (remap[src] == UINT32_MAX || remap[src] < firstVertex) {
      scene::SceneVertex v = model.vertices[src];
      v.posEnu = positionMatrix * v.posEnu + offsetF;
      v.normal = linear * v.normal;  // a rotation: stays unit length
      v.buildingId = id;
      remap[src] = uint32_t(city.geometry.vertices.size());
      city.buildings[id].boundsEnu.extend(v.posEnu);
      city.geometry.vertices.push_back(v);
    }
    city.geometry.indices.push_back(remap[src]);
  }
  for (const scene::TexturedRange& t : model.textured)
    if (t.firstIndex >= g.firstIndex && t.firstIndex < g.firstIndex + g.indexCount)
      city.geometry.textured.push_back(
          {t.firstIndex - g.firstIndex + firstIndex, t.indexCount, t.texture + textureBase});
  city.geometry.endBuilding(id);
}

// Adds every group of the model (and its textures) to the city.
void addGroups(const fs::path& path, const ModelOptions& opt, ImportedModel& model, const ModelPlacement& place,
               LayerReport& report, scene::CityModel& city) {
  const uint32_t textureBase = uint32_t(city.textures.size());
  std::vector<uint32_t> remap(model.vertices.size(), UINT32_MAX);  // model vertex -> city vertex
  city.geometry.vertices.reserve(city.geometry.vertices.size() + model.vertices.size());
  city.geometry.indices.reserve(city.geometry.indices.size() + model.indices.size());
  for (auto& t : model.textures) city.textures.push_back(std::move(t));
  for (const ImportedModel::Group& g : model.groups) {
    addGroup(path, opt, model, g, place, textureBase, remap, city);
    report.triangles += g.indexCount / 3;
    ++report.buildings;
  }
  report.items = model.groups.size();
}

// The model's spatial index piece over triangles [firstTri, end): the cached tree when
// it reads back and fits, else a new one, which is cached.
void indexModel(const ModelOptions& opt, const std::string& bvhName, std::optional<std::vector<uint8_t>> blob,
                uint32_t firstTri, scene::CityModel& city) {
  const uint32_t endTri = uint32_t(city.geometry.triangleCount());
  std::optional<scene::Bvh> tree;
  if (blob) tree = scene::Bvh::deserialize(*blob, city.geometry, firstTri, endTri - firstTri);
  if (!tree) {
    tree = scene::Bvh(city.geometry, firstTri, endTri - firstTri);
    writeCacheBlob(opt.cacheDir, bvhName, tree->serialize());
  }
  city.index.add(std::move(*tree), endTri);
}

}  // namespace

Result<LayerReport> loadModel(const fs::path& path, const ModelOptions& opt, scene::CityModel& city) {
  auto t0 = std::chrono::steady_clock::now();
  LayerReport report;
  report.source = path.string();
  report.kind = "model";
  if (!fs::exists(path)) return fail("model file '" + path.string() + "' not found");

  ImportedModel model;
  bool useCache = !opt.cacheDir.empty();
  uint64_t key = useCache ? hashFile(path, &useCache) : 0;
  // The spatial index of the placed model is cached; it is read (and decompressed) on a
  // second thread while the model itself is read and placed.
  std::string bvhName;
  std::future<std::optional<std::vector<uint8_t>>> bvhBlob;
  if (useCache) {
    bvhName = bvhCacheName(key, opt, city.origin);
    bvhBlob = std::async(std::launch::async, [dir = opt.cacheDir, bvhName] { return readCacheBlob(dir, bvhName); });
  }
  Result<bool> fromCache = readModel(path, opt, useCache, key, model);
  if (!fromCache) return std::unexpected(fromCache.error());
  report.kind = *fromCache ? "model (cached)" : "model";
  auto tPlace = std::chrono::steady_clock::now();
  for (const std::string& w : model.warnings) report.warn(w);
  if (model.groups.empty()) {
    report.warn(path.filename().string() + ": no triangles found");
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return report;
  }
  Result<ModelPlacement> place = placementOf(path, opt, city.origin);
  if (!place) return std::unexpected(place.error());
  // Triangles other layers added before this model get their own index piece, so the
  // model's triangles form one range whose tree can be cached.
  const uint32_t firstTri = uint32_t(city.geometry.triangleCount());
  if (useCache) city.index.indexUpTo(city.geometry, firstTri);
  addGroups(path, opt, model, *place, report, city);
  if (useCache) indexModel(opt, bvhName, bvhBlob.get(), firstTri, city);
  spdlog::debug("{}: {} in {:.1f} ms, placed in {:.1f} ms", path.string(), report.kind,
                std::chrono::duration<double, std::milli>(tPlace - t0).count(),
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - tPlace).count());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace ts::io
