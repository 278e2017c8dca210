// Models through Assimp: every model of ../shared/corpus/gltf, missing and broken files,
// placement, and the engine's model cache.
#include "io/model_import.h"

#include <assimp/scene.h>
#include <gtest/gtest.h>

#include <assimp/Exporter.hpp>
#include <assimp/Importer.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <glm/geometric.hpp>
#include <limits>

#include "../support/temp_dir.h"
#include "io/model_cache.h"
#include "io/scene_loader.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

const fs::path kCorpus = fs::path(TS_CORPUS_DIR) / "gltf";

fs::path dir() { return testTempDir("models"); }

bool hasWarning(const io::LayerReport& r, const std::string& needle) {
  for (const auto& w : r.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(ModelImport, EveryCorpusModelLoads) {
  ASSERT_TRUE(fs::exists(kCorpus)) << "the shared corpus is missing at " << kCorpus;
  size_t models = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
    std::string ext = entry.path().extension().string();
    if (ext != ".gltf" && ext != ".glb") continue;
    SCOPED_TRACE(entry.path().string());
    ++models;
    scene::CityModel city;
    auto r = io::loadModel(entry.path(), {}, city);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_GE(r->buildings, 1u);
    EXPECT_GT(r->triangles, 0u);
    EXPECT_EQ(city.geometry.triangleCount(), r->triangles);
    for (const auto& v : city.geometry.vertices) ASSERT_NEAR(glm::length(v.normal), 1.f, 1e-3f) << "normals present";
    std::string name = entry.path().stem().string();
    if (name == "BoxTextured" || name == "CesiumMilkTruck" || name == "Avocado" || name == "BoomBox") {
      EXPECT_FALSE(city.textures.empty()) << "base colour texture loaded";
      EXPECT_FALSE(city.geometry.textured.empty());
    }
    if (name == "BoomBox") {
      EXPECT_TRUE(hasWarning(*r, "BoomBox_occlusionRoughnessMetallic.png")) << "the missing file is named";
      EXPECT_TRUE(hasWarning(*r, "not found"));
    }
    if (name == "MetalRoughSpheresNoTextures") {
      EXPECT_GT(r->triangles, 1000000u);
    }
  }
  EXPECT_GE(models, 6u);
}

TEST(ModelImport, PlacementConvertsYUpAndAppliesScaleHeadingAnchor) {
  scene::CityModel city;
  city.origin = {10.78, 106.70, 0};
  io::ModelOptions opt;
  opt.placement.scale = 10;
  opt.placement.headingDeg = 90;  // the model's north turns to face east
  opt.placement.positionEnu = {100, 0, 0};
  opt.name = "Hộp";
  auto r = io::loadModel(kCorpus / "Box/glTF/Box.gltf", opt, city);
  ASSERT_TRUE(r) << r.error().message;
  city.finalize();
  ASSERT_EQ(city.buildings.size(), 1u);
  EXPECT_EQ(city.buildings[0].name, "Hộp");
  scene::Aabb b = city.buildings[0].boundsEnu;
  EXPECT_NEAR(b.size().x, 10.f, 1e-3);  // the unit box, scaled
  EXPECT_NEAR(b.size().z, 10.f, 1e-3);
  EXPECT_NEAR(b.centre().x, 100.f, 1e-3);

  scene::CityModel anchored;
  anchored.origin = {10.78, 106.70, 0};
  io::ModelOptions a;
  a.placement.anchor = scene::GeoOrigin{10.781, 106.70, 0};  // about 110 m north
  ASSERT_TRUE(io::loadModel(kCorpus / "Box/glTF/Box.gltf", a, anchored));
  anchored.finalize();
  EXPECT_NEAR(anchored.buildings[0].boundsEnu.centre().y, 110.6f, 1.0f);
}

TEST(ModelImport, MissingTruncatedAndGarbageFilesAreClearErrors) {
  scene::CityModel city;
  auto missing = io::loadModel(dir() / "campus.glb", {}, city);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("campus.glb"), std::string::npos);

  // A real .glb made with Assimp's exporter, then cut in half.
  Assimp::Importer importer;
  const aiScene* scene = importer.ReadFile((kCorpus / "CesiumMilkTruck/glTF/CesiumMilkTruck.gltf").string(), 0);
  ASSERT_NE(scene, nullptr);
  Assimp::Exporter exporter;
  fs::path glb = dir() / "truck.glb";
  ASSERT_EQ(exporter.Export(scene, "glb2", glb.string()), AI_SUCCESS) << exporter.GetErrorString();
  auto whole = io::loadModel(glb, {}, city);
  ASSERT_TRUE(whole) << whole.error().message;
  fs::resize_file(glb, fs::file_size(glb) / 2);
  auto truncated = io::loadModel(glb, {}, city);
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("truck.glb"), std::string::npos) << truncated.error().message;

  fs::path garbage = dir() / "noise.gltf";
  std::ofstream(garbage) << "{ \"asset\": ";
  auto bad = io::loadModel(garbage, {}, city);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("noise.gltf"), std::string::npos);

  // A glTF whose buffer file is missing.
  fs::create_directories(dir() / "nobuffer");
  fs::copy_file(kCorpus / "Box/glTF/Box.gltf", dir() / "nobuffer/Box.gltf", fs::copy_options::overwrite_existing);
  auto noBuffer = io::loadModel(dir() / "nobuffer/Box.gltf", {}, city);
  ASSERT_FALSE(noBuffer);
  EXPECT_NE(noBuffer.error().message.find("Box"), std::string::npos) << noBuffer.error().message;
}

TEST(ModelCache, SecondLoadComesFromTheCacheAndAChangedDependencyInvalidatesIt) {
  fs::path cache = dir() / "cache";
  fs::path model = dir() / "truck";
  fs::create_directories(model);
  for (const char* f : {"CesiumMilkTruck.gltf", "CesiumMilkTruck0.bin", "CesiumMilkTruck.png"})
    fs::copy_file(kCorpus / "CesiumMilkTruck/glTF" / f, model / f, fs::copy_options::overwrite_existing);
  io::ModelOptions opt;
  opt.cacheDir = cache;
  scene::CityModel first, second, third;
  auto a = io::loadModel(model / "CesiumMilkTruck.gltf", opt, first);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->kind, "model");
  auto b = io::loadModel(model / "CesiumMilkTruck.gltf", opt, second);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->kind, "model (cached)");
  ASSERT_EQ(first.geometry.vertices.size(), second.geometry.vertices.size());
  EXPECT_EQ(0, std::memcmp(first.geometry.vertices.data(), second.geometry.vertices.data(),
                           first.geometry.vertices.size() * sizeof(scene::SceneVertex)));
  EXPECT_EQ(first.geometry.indices, second.geometry.indices);
  ASSERT_EQ(second.textures.size(), first.textures.size());
  EXPECT_EQ(second.textures[0].rgba, first.textures[0].rgba);

  // The texture changes: the cache must not answer.
  {
    std::fstream png(model / "CesiumMilkTruck.png", std::ios::in | std::ios::out | std::ios::binary);
    png.seekp(-20, std::ios::end);
    png.write("changed!", 8);
  }
  auto c = io::loadModel(model / "CesiumMilkTruck.gltf", opt, third);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, "model") << "a stale cache entry was used";

  // A damaged cache entry is ignored, not trusted.
  for (const auto& e : fs::directory_iterator(cache)) fs::resize_file(e.path(), fs::file_size(e.path()) / 3);
  scene::CityModel fourth;
  auto d = io::loadModel(model / "CesiumMilkTruck.gltf", opt, fourth);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, "model");
}

// The cache key is the model's content, wherever it lies: a copy of the model's folder
// with a changed texture or a missing buffer must be checked against its own files, not
// served from the entry the original made.
TEST(ModelCache, ACopiedFolderIsCheckedAgainstItsOwnFiles) {
  const fs::path cache = dir() / "cache-copies", a = dir() / "copies/a", b = dir() / "copies/b";
  fs::remove_all(dir() / "copies");
  fs::create_directories(a);
  for (const char* f : {"CesiumMilkTruck.gltf", "CesiumMilkTruck0.bin", "CesiumMilkTruck.png"})
    fs::copy_file(kCorpus / "CesiumMilkTruck/glTF" / f, a / f, fs::copy_options::overwrite_existing);
  io::ModelOptions opt;
  opt.cacheDir = cache;
  auto load = [&](const fs::path& folder) {
    scene::CityModel city;
    return io::loadModel(folder / "CesiumMilkTruck.gltf", opt, city);
  };
  ASSERT_EQ(load(a)->kind, "model");
  ASSERT_EQ(load(a)->kind, "model (cached)");
  // An unchanged copy may share the entry: its files hash the same.
  fs::copy(a, b, fs::copy_options::recursive);
  EXPECT_EQ(load(b)->kind, "model (cached)");
  // The copy's texture changes: B is imported afresh, A is still served from the cache.
  {
    std::fstream png(b / "CesiumMilkTruck.png", std::ios::in | std::ios::out | std::ios::binary);
    png.seekp(-20, std::ios::end);
    png.write("changed!", 8);
  }
  auto changed = load(b);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->kind, "model") << "the copy was served from the original's entry";
  // The copy's buffer goes: the load fails naming it, however the cache was filled.
  fs::remove(b / "CesiumMilkTruck0.bin");
  auto missing = load(b);
  EXPECT_FALSE(missing) << "a model without its buffer was served from the cache";
}

// A glTF with one triangle whose vertex lies at infinity (or NaN) and one that is fine:
// the bad one is left out with a warning naming the file and mesh, and no non-finite value
// reaches the city's geometry or bounds.
fs::path writeGltfWithABadVertex(const fs::path& path, float bad) {
  const float pos[4][3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {bad, 0, 0}};
  const uint16_t idx[6] = {0, 1, 2, 1, 3, 2};
  std::string bytes(reinterpret_cast<const char*>(pos), sizeof pos);
  bytes.append(reinterpret_cast<const char*>(idx), sizeof idx);
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string enc;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= uint8_t(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= uint8_t(bytes[i + 2]);
    const size_t n = std::min<size_t>(3, bytes.size() - i);
    enc += b64[(v >> 18) & 63];
    enc += b64[(v >> 12) & 63];
    enc += n > 1 ? b64[(v >> 6) & 63] : '=';
    enc += n > 2 ? b64[v & 63] : '=';
  }
  std::ofstream(path) << R"({"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}],
    "nodes": [{"mesh": 0}], "meshes": [{"name": "wall", "primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
    "buffers": [{"byteLength": 60, "uri": "data:application/octet-stream;base64,)"
                      << enc << R"("}],
    "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 48}, {"buffer": 0, "byteOffset": 48, "byteLength": 12}],
    "accessors": [{"bufferView": 0, "componentType": 5126, "count": 4, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]},
                  {"bufferView": 1, "componentType": 5123, "count": 6, "type": "SCALAR"}]})";
  return path;
}

TEST(ModelImport, NonFiniteVerticesAreLeftOutWithAWarning) {
  for (float bad : {std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN()}) {
    SCOPED_TRACE(bad);
    scene::CityModel city;
    auto r = io::loadModel(writeGltfWithABadVertex(dir() / "bad-vertex.gltf", bad), {}, city);
    ASSERT_TRUE(r) << r.error().message;
    city.finalize();
    EXPECT_EQ(city.geometry.triangleCount(), 1u) << "the good triangle stays, the one at infinity goes";
    for (const scene::SceneVertex& v : city.geometry.vertices)
      EXPECT_TRUE(std::isfinite(v.posEnu.x) && std::isfinite(v.posEnu.y) && std::isfinite(v.posEnu.z));
    ASSERT_TRUE(city.boundsEnu.valid());
    EXPECT_TRUE(std::isfinite(city.boundsEnu.max.x) && std::isfinite(city.boundsEnu.min.x));
    bool warned = false;
    for (const std::string& w : r->warnings)
      warned = warned ||
               (w.find("bad-vertex.gltf: mesh 'wall': 1 triangle(s) with a non-finite vertex") != std::string::npos);
    EXPECT_TRUE(warned) << ::testing::PrintToString(r->warnings);
  }
}

// The other formats architects send: a glTF sample through Assimp's exporters (OBJ,
// Collada, ASCII FBX: Assimp 5.2 cannot read back its own binary FBX) comes back with the
// same triangles.
TEST(ModelImport, ObjColladaAndFbxLoadLikeTheGltf) {
  const fs::path source = kCorpus / "BoxTextured/glTF/BoxTextured.gltf";
  Assimp::Importer importer;
  const aiScene* scene = importer.ReadFile(source.string(), 0);
  ASSERT_NE(scene, nullptr);
  scene::CityModel reference;
  auto ref = io::loadModel(source, {}, reference);
  ASSERT_TRUE(ref);
  Assimp::Exporter exporter;
  for (auto [format, ext] : {std::pair{"obj", ".obj"}, std::pair{"collada", ".dae"}, std::pair{"fbxa", ".fbx"}}) {
    SCOPED_TRACE(format);
    fs::path out = dir() / (std::string("box_export") + ext);
    ASSERT_EQ(exporter.Export(scene, format, out.string()), AI_SUCCESS) << exporter.GetErrorString();
    scene::CityModel city;
    auto r = io::loadModel(out, {}, city);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->triangles, ref->triangles);
    EXPECT_GE(r->buildings, 1u);
  }
}

// IFC from a BIM tool: a 20 x 10 x 15 m block (IFC2X3, extruded rectangle). Assimp hands
// IFC over y-up like glTF, so the default axes apply.
TEST(ModelImport, IfcBlock) {
  fs::path ifc = dir() / "block.ifc";
  std::ofstream(ifc) << R"IFC(ISO-10303-21;
HEADER;
FILE_DESCRIPTION(('ViewDefinition [CoordinationView]'),'2;1');
FILE_NAME('box.ifc','2026-11-23T00:00:00',(''),(''),'twinscape test','twinscape','');
FILE_SCHEMA(('IFC2X3'));
ENDSEC;
DATA;
#1=IFCPERSON($,'Test',$,$,$,$,$,$);
#2=IFCORGANIZATION($,'Twinscape',$,$,$);
#3=IFCPERSONANDORGANIZATION(#1,#2,$);
#4=IFCAPPLICATION(#2,'1.0','twinscape','twinscape');
#5=IFCOWNERHISTORY(#3,#4,$,.ADDED.,$,#3,#4,0);
#6=IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.);
#7=IFCUNITASSIGNMENT((#6));
#8=IFCCARTESIANPOINT((0.,0.,0.));
#9=IFCDIRECTION((0.,0.,1.));
#10=IFCDIRECTION((1.,0.,0.));
#11=IFCAXIS2PLACEMENT3D(#8,#9,#10);
#12=IFCGEOMETRICREPRESENTATIONCONTEXT($,'Model',3,1.E-05,#11,$);
#13=IFCPROJECT('0YvctVUKr0kugbFTf53O9L',#5,'Test project',$,$,$,$,(#12),#7);
#14=IFCLOCALPLACEMENT($,#11);
#15=IFCSITE('2YvctVUKr0kugbFTf53O9L',#5,'Site',$,$,#14,$,$,.ELEMENT.,$,$,$,$,$);
#16=IFCLOCALPLACEMENT(#14,#11);
#17=IFCBUILDING('1YvctVUKr0kugbFTf53O9L',#5,'Nha thu nghiem',$,$,#16,$,$,.ELEMENT.,$,$,$);
#18=IFCLOCALPLACEMENT(#16,#11);
#19=IFCBUILDINGSTOREY('3YvctVUKr0kugbFTf53O9L',#5,'Tang 1',$,$,#18,$,$,.ELEMENT.,0.);
#20=IFCCARTESIANPOINT((0.,0.));
#21=IFCAXIS2PLACEMENT2D(#20,$);
#22=IFCRECTANGLEPROFILEDEF(.AREA.,'footprint',#21,20.,10.);
#23=IFCEXTRUDEDAREASOLID(#22,#11,#9,15.);
#24=IFCSHAPEREPRESENTATION(#12,'Body','SweptSolid',(#23));
#25=IFCPRODUCTDEFINITIONSHAPE($,$,(#24));
#26=IFCLOCALPLACEMENT(#18,#11);
#27=IFCBUILDINGELEMENTPROXY('4YvctVUKr0kugbFTf53O9L',#5,'Khoi',$,$,#26,#25,$,$);
#28=IFCRELAGGREGATES('5YvctVUKr0kugbFTf53O9L',#5,$,$,#13,(#15));
#29=IFCRELAGGREGATES('6YvctVUKr0kugbFTf53O9L',#5,$,$,#15,(#17));
#30=IFCRELAGGREGATES('7YvctVUKr0kugbFTf53O9L',#5,$,$,#17,(#19));
#31=IFCRELCONTAINEDINSPATIALSTRUCTURE('8YvctVUKr0kugbFTf53O9L',#5,$,$,(#27),#19);
ENDSEC;
END-ISO-10303-21;
)IFC";
  scene::CityModel city;
  auto r = io::loadModel(ifc, {}, city);
  ASSERT_TRUE(r) << r.error().message;
  city.finalize();
  EXPECT_EQ(r->triangles, 12u);
  ASSERT_EQ(city.buildings.size(), 1u);
  glm::vec3 size = city.buildings[0].boundsEnu.size();
  EXPECT_NEAR(size.z, 15.f, 1e-3) << "extruded upwards";
  EXPECT_NEAR(std::max(size.x, size.y), 20.f, 1e-3);
  EXPECT_NEAR(std::min(size.x, size.y), 10.f, 1e-3);
  EXPECT_NEAR(city.buildings[0].boundsEnu.min.z, 0.f, 1e-3);
}
