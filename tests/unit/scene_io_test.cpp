// Loading city content: GeoJSON footprints in two CRSs, scene files, entity lists, and
// broken inputs made on the spot. Every error must name the input and the rest must load.
#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../support/temp_dir.h"
#include "io/cityjson.h"
#include "io/entities_io.h"
#include "io/geojson.h"
#include "io/georef.h"
#include "io/scene_file.h"
#include "io/scene_loader.h"
#include "layers/coverage_layer.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

fs::path dir() { return testTempDir("sceneio"); }

fs::path write(const std::string& name, const std::string& text) {
  fs::path p = dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

// Where PROJ itself puts a WGS 84 lon/lat in the ENU frame, through a pipeline written
// independently of the engine's (cartesian, then topocentric).
glm::dvec3 projEnu(double lon, double lat, const scene::GeoOrigin& o) {
  PJ_CONTEXT* ctx = proj_context_create();
  std::string def =
      "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=cart +ellps=WGS84 "
      "+step +proj=topocentric +ellps=WGS84 +lat_0=" +
      std::to_string(o.latDeg) + " +lon_0=" + std::to_string(o.lonDeg) + " +h_0=" + std::to_string(o.heightM);
  PJ* p = proj_create(ctx, def.c_str());
  PJ_COORD c = proj_trans(p, PJ_FWD, proj_coord(lon, lat, 0, 0));
  proj_destroy(p);
  proj_context_destroy(ctx);
  return {c.xyz.x, c.xyz.y, c.xyz.z};
}

// PROJ's own answer for a point between two CRSs (GIS axis order).
std::pair<double, double> projTransform(const char* from, const char* to, double x, double y) {
  PJ_CONTEXT* ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(ctx, from, to, nullptr);
  PJ* p = proj_normalize_for_visualization(ctx, raw);
  PJ_COORD c = proj_trans(p, PJ_FWD, proj_coord(x, y, 0, 0));
  proj_destroy(raw);
  proj_destroy(p);
  proj_context_destroy(ctx);
  return {c.xy.x, c.xy.y};
}

bool nearCorner(const scene::CityModel& city, uint32_t building, glm::dvec2 want, double tolM) {
  const auto& r = city.geometry.ranges.at(building);
  for (uint32_t i = r.firstIndex; i < r.firstIndex + r.indexCount; ++i) {
    glm::vec3 p = city.geometry.vertices[city.geometry.indices[i]].posEnu;
    if (std::hypot(p.x - want.x, p.y - want.y) < tolM) return true;
  }
  return false;
}

bool hasWarning(const io::LayerReport& r, const std::string& needle) {
  for (const auto& w : r.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

const char* kSquareCrs84 = R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "id": "b1", "properties": {"name": "Tòa nhà A", "height": 42.5, "building": "office"},
   "geometry": {"type": "Polygon", "coordinates": [[[106.7010, 10.7810], [106.7012, 10.7810], [106.7012, 10.7812],
                                                     [106.7010, 10.7812], [106.7010, 10.7810]]]}},
  {"type": "Feature", "properties": {"building:levels": 5},
   "geometry": {"type": "Polygon", "coordinates": [[[106.7020, 10.7810], [106.7022, 10.7810], [106.7022, 10.7812],
                                                     [106.7020, 10.7810]]]}},
  {"type": "Feature", "properties": {"min_height": 4},
   "geometry": {"type": "MultiPolygon", "coordinates": [
     [[[106.7030, 10.7810], [106.7034, 10.7810], [106.7034, 10.7814], [106.7030, 10.7814], [106.7030, 10.7810]],
      [[106.7031, 10.7811], [106.7031, 10.7813], [106.7033, 10.7813], [106.7033, 10.7811], [106.7031, 10.7811]]],
     [[[106.7040, 10.7810], [106.7041, 10.7810], [106.7041, 10.7811], [106.7040, 10.7810]]]]}},
  {"type": "Feature", "properties": {"name": "bow tie", "height": 9},
   "geometry": {"type": "Polygon", "coordinates": [[[106.7050, 10.7810], [106.7052, 10.7812], [106.7052, 10.7810],
                                                     [106.7050, 10.7812], [106.7050, 10.7810]]]}},
  {"type": "Feature", "properties": {"name": "a lamp post"}, "geometry": {"type": "Point", "coordinates": [106.70, 10.78]}}
]})";

}  // namespace

TEST(GeoJson, Crs84FootprintsLandWherePROJPutsThemWithHeightsAndHoles) {
  scene::CityModel city;
  city.origin = {10.78, 106.70, 0};
  io::FootprintOptions opt;
  auto r = io::loadGeoJsonFootprints(write("crs84.geojson", kSquareCrs84), opt, city);
  ASSERT_TRUE(r) << r.error().message;
  city.finalize();
  EXPECT_EQ(r->items, 5u);
  EXPECT_EQ(r->buildings, 4u);
  EXPECT_EQ(r->skipped, 1u);   // the Point
  EXPECT_EQ(r->repaired, 1u);  // the bow tie
  EXPECT_TRUE(hasWarning(*r, "feature 3")) << "the repair warning names the feature index";
  EXPECT_TRUE(hasWarning(*r, "feature 4")) << "the skipped Point is named";
  ASSERT_EQ(city.buildings.size(), 4u);

  const scene::Building& a = city.buildings[0];
  EXPECT_EQ(a.name, "Tòa nhà A");  // UTF-8 kept
  EXPECT_EQ(a.sourceId, "b1");
  EXPECT_EQ(a.use, "office");
  EXPECT_FLOAT_EQ(a.heightM, 42.5f);
  ASSERT_NE(a.attribute("height"), nullptr);
  EXPECT_EQ(a.attribute("height")->text(), "42.5");
  glm::dvec3 corner = projEnu(106.7012, 10.7812, city.origin);
  EXPECT_TRUE(nearCorner(city, 0, corner, 0.5)) << "corner expected at " << corner.x << ", " << corner.y;
  EXPECT_NEAR(a.footprintAreaM2, 21.87 * 22.12, 15.0);  // 0.0002° x 0.0002° at 10.78° N

  EXPECT_NEAR(city.buildings[1].heightM, 5 * 3.2, 1e-4);  // levels x storey height
  EXPECT_FLOAT_EQ(city.buildings[2].minHeightM, 4.f);
  EXPECT_NEAR(city.buildings[2].boundsEnu.min.z, 4.f, 1e-4);
  EXPECT_FLOAT_EQ(city.buildings[2].heightM, float(opt.defaultHeightM));
  // The courtyard is cut out: area = outer - hole + the small triangle.
  double outer = 0.0004 * 0.0004, hole = 0.0002 * 0.0002, tri = 0.0001 * 0.0001 / 2;
  double m2PerDeg2 = (city.buildings[0].footprintAreaM2) / (0.0002 * 0.0002);
  EXPECT_NEAR(city.buildings[2].footprintAreaM2, (outer - hole + tri) * m2PerDeg2, 5.0);
  EXPECT_NEAR(city.buildings[3].footprintAreaM2, 2 * (0.0001 * 0.0001) * m2PerDeg2,
              5.0);  // two triangles of the bow tie

  // The BVH sees the loaded buildings: a ray down onto building A hits its roof.
  glm::vec3 c = a.boundsEnu.centre();
  auto hit = city.raycast({c.x, c.y, 500}, {0, 0, -1});
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->buildingId, 0u);
  EXPECT_NEAR(hit->pointEnu.z, 42.5f, 1e-3);
}

TEST(GeoJson, ProjectedCrsFromTheCrsMember) {
  auto [x0, y0] = projTransform("OGC:CRS84", "EPSG:32648", 106.7010, 10.7810);
  char text[1024];
  std::snprintf(text, sizeof text, R"({"type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32648"}},
    "features": [{"type": "Feature", "properties": {"height": 20},
      "geometry": {"type": "Polygon", "coordinates": [[[%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f]]]}}]})",
                x0, y0, x0 + 30, y0, x0 + 30, y0 + 20, x0, y0 + 20);
  scene::CityModel city;
  city.origin = {10.78, 106.70, 0};
  auto r = io::loadGeoJsonFootprints(write("utm.geojson", text), {}, city);
  ASSERT_TRUE(r) << r.error().message;
  city.finalize();
  ASSERT_EQ(city.buildings.size(), 1u);
  glm::dvec3 corner = projEnu(106.7010, 10.7810, city.origin);
  EXPECT_TRUE(nearCorner(city, 0, corner, 0.5)) << "corner expected at " << corner.x << ", " << corner.y;
  EXPECT_NEAR(city.buildings[0].footprintAreaM2, 600.0, 1.0);  // UTM metres are nearly ground metres
}

TEST(GeoJson, BrokenFilesGiveErrorsNamingThem) {
  scene::CityModel city;
  auto missing = io::loadGeoJsonFootprints(dir() / "nope.geojson", {}, city);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("nope.geojson"), std::string::npos);

  auto invalid =
      io::loadGeoJsonFootprints(write("bad.geojson", R"({"type": "FeatureCollection", "features": [)"), {}, city);
  ASSERT_FALSE(invalid);
  EXPECT_NE(invalid.error().message.find("bad.geojson"), std::string::npos);
  EXPECT_NE(invalid.error().message.find("not valid JSON"), std::string::npos);

  auto notFc =
      io::loadGeoJsonFootprints(write("point.geojson", R"({"type": "Point", "coordinates": [0, 0]})"), {}, city);
  ASSERT_FALSE(notFc);
  EXPECT_NE(notFc.error().message.find("FeatureCollection"), std::string::npos);

  io::FootprintOptions badCrs;
  badCrs.crs = "EPSG:999999";
  auto epsg = io::loadGeoJsonFootprints(write("ok.geojson", kSquareCrs84), badCrs, city);
  ASSERT_FALSE(epsg);
  EXPECT_NE(epsg.error().message.find("EPSG:999999"), std::string::npos);
  EXPECT_NE(epsg.error().message.find("ok.geojson"), std::string::npos);
  EXPECT_TRUE(city.buildings.empty()) << "a failed layer adds nothing";
}

TEST(SceneFile, MinimalShapeAndUnknownKeysAndTypeErrors) {
  auto ok = io::parseSceneJson(R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70}, "layers": [
      {"type": "model", "path": "campus.glb"}, {"type": "footprints", "path": "buildings.geojson"},
      {"type": "cityjson", "path": "district.city.json"}]})",
                               "/data/city/scene.json");
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_EQ(ok->layers.size(), 3u);
  EXPECT_EQ(ok->layers[1].path, fs::path("/data/city/buildings.geojson"));  // relative to the scene file
  EXPECT_TRUE(ok->warnings.empty());

  auto unknown = io::parseSceneJson(R"({"version": 1, "origin": {"lat": 10, "lon": 106}, "colour": 1,
      "layers": [{"type": "footprints", "path": "b.geojson", "heigth_attribute": "h"}]})",
                                    "s.json");
  ASSERT_TRUE(unknown);
  ASSERT_EQ(unknown->warnings.size(), 2u);
  EXPECT_NE(unknown->warnings[0].find("'colour'"), std::string::npos);
  EXPECT_NE(unknown->warnings[1].find("'layers[0].heigth_attribute'"), std::string::npos);

  auto wrong = io::parseSceneJson(R"({"version": 1, "origin": {"lat": 10, "lon": 106},
      "layers": [{"type": "footprints", "path": "b.geojson", "storey_height_m": "3"}]})",
                                  "city/s.json");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("city/s.json"), std::string::npos);
  EXPECT_NE(wrong.error().message.find("'layers[0].storey_height_m' must be a number, not a string"),
            std::string::npos);

  EXPECT_FALSE(io::parseSceneJson(R"({"version": 2, "origin": {"lat": 1, "lon": 2}})", "s.json"));
  EXPECT_FALSE(io::parseSceneJson(R"({"version": 1})", "s.json"));
  EXPECT_FALSE(io::parseSceneJson(R"({"version": 1, "origin": {"lat": 100, "lon": 2}})", "s.json"));
  EXPECT_FALSE(io::parseSceneJson(
      R"({"version": 1, "origin": {"lat": 1, "lon": 2}, "layers": [{"type": "x", "path": "p"}]})", "s.json"));
  auto notJson = io::parseSceneJson("{version: 1", "broken.json");
  ASSERT_FALSE(notJson);
  EXPECT_NE(notJson.error().message.find("broken.json"), std::string::npos);

  auto projected =
      io::parseSceneJson(R"({"version": 1, "origin": {"crs": "EPSG:32648", "x": 686000, "y": 1192000}})", "s.json");
  ASSERT_TRUE(projected) << projected.error().message;
  EXPECT_NEAR(projected->origin.latDeg, 10.78, 0.01);
  EXPECT_NEAR(projected->origin.lonDeg, 106.70, 0.01);
}

TEST(SceneFile, DistrictBoundaryIsReadAndPlacedInEnu) {
  // A 0.01 degree square east and north of the origin: about 1,093 m x 1,106 m at 10.78 N.
  auto spec = io::parseSceneJson(R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "district": {"name": "Quận 1", "ring": [[106.70, 10.78], [106.71, 10.78], [106.71, 10.79], [106.70, 10.79]]}})",
                                 "s.json");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->districtLonLat.size(), 4u);
  auto loaded = io::loadScene(*spec, {});
  ASSERT_TRUE(loaded) << loaded.error().message;
  const scene::Polygon2& d = loaded->city.district;
  ASSERT_EQ(d.outer.size(), 4u);
  EXPECT_EQ(loaded->city.districtName, "Quận 1");
  EXPECT_NEAR(d.outer[0].x, 0, 0.5);
  EXPECT_NEAR(d.outer[0].y, 0, 0.5);
  EXPECT_NEAR(d.outer[2].x, 1093, 5);
  EXPECT_NEAR(d.outer[2].y, 1106, 5);
  auto bad = io::parseSceneJson(R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "district": {"ring": [[106.70, 10.78], [106.71, "x"], [106.71, 10.79]]}})",
                                "bad.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("district.ring[1]"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("bad.json"), std::string::npos) << bad.error().message;
}

// "coverage" picks the coverage layer's models for the scene; a bad choice names the key.
TEST(SceneLoader, TheSceneChoosesTheCoverageModels) {
  fs::path scenePath = write("models.json", R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "coverage": {"o2i": "by_use", "model": "cost231"}})");
  auto loaded = io::loadScene(scenePath.string());
  ASSERT_TRUE(loaded) << loaded.error().message;
  layers::CoverageLayer layer(loaded->city);
  EXPECT_EQ(layer.prop("o2i").value_or(-1), 2.0);    // by_use
  EXPECT_EQ(layer.prop("model").value_or(-1), 2.0);  // cost231
  const scene::CityModel empty;
  layers::CoverageLayer plain(empty);
  EXPECT_EQ(plain.prop("o2i").value_or(-1), 0.0);  // low
  fs::path bad = write("bad-models.json", R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "coverage": {"o2i": "glass"}})");
  auto refused = io::loadScene(bad.string());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("'coverage.o2i' is 'glass', not one of: low, high, by_use"), std::string::npos)
      << refused.error().message;
}

// A site without gain_dbi gets the gain its beamwidths imply; a given one is kept.
TEST(SceneLoader, ASiteWithoutAGainGetsTheOneItsBeamImplies) {
  write("beams.csv",
        "id,name,lat,lon,band,h_beamwidth_deg,v_beamwidth_deg,gain_dbi\n"
        "m1,mmWave,10.7730,106.6990,n257,30,8,\n"
        "g1,macro,10.7725,106.6980,n78,65,10,12\n");
  fs::path scenePath = write("beams.json", R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "entities", "kind": "5g_sites", "path": "beams.csv"}]})");
  auto loaded = io::loadScene(scenePath.string());
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->city.entities.sites5g.size(), 2u);
  EXPECT_NEAR(loaded->city.entities.sites5g[0].maxGainDbi, 21.38, 0.01);  // 10 log10(0.8 x 41253 / 240)
  EXPECT_FLOAT_EQ(loaded->city.entities.sites5g[1].maxGainDbi, 12.f);
}

TEST(SceneLoader, ABrokenLayerIsReportedAndTheRestLoads) {
  write("good.geojson", kSquareCrs84);
  write("truncated.geojson", R"({"type": "FeatureCollection", "features": [{"type": "Feat)");
  write("sites.csv",
        "id,name,lat,lon,band,azimuth_deg,antenna_height_m\n"
        "s1,Trạm Bến Thành,10.7725,106.6980,n78,120,30\n"
        "s2,mmWave,10.7730,106.6990,n257,240,12\n"
        "s3,bad,10.77,106.69,n999,0,30\n"
        "s4,short row\n");
  fs::path scenePath = write("scene.json", R"({"version": 1, "name": "Test", "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "footprints", "path": "good.geojson"}, {"type": "footprints", "path": "truncated.geojson"},
               {"type": "footprints", "path": "missing.geojson"}, {"type": "entities", "kind": "5g_sites", "path": "sites.csv"}],
    "bookmarks": [{"name": "home", "target": [0, 0, 0], "heading_deg": 10, "pitch_deg": -30, "range_m": 500}]})");
  auto loaded = io::loadScene(scenePath.string());
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_EQ(loaded->layers.size(), 4u);
  EXPECT_EQ(loaded->failedLayers(), 2u);
  EXPECT_NE(loaded->layers[1].error.find("truncated.geojson"), std::string::npos);
  EXPECT_NE(loaded->layers[2].error.find("missing.geojson"), std::string::npos);
  EXPECT_EQ(loaded->city.buildings.size(), 4u);
  ASSERT_EQ(loaded->city.entities.sites5g.size(), 2u);
  EXPECT_EQ(loaded->city.entities.sites5g[0].name, "Trạm Bến Thành");
  EXPECT_FLOAT_EQ(loaded->city.entities.sites5g[0].azimuthDeg, 120.f);
  EXPECT_FLOAT_EQ(loaded->city.entities.sites5g[1].frequencyGHz, 28.f);
  EXPECT_TRUE(hasWarning(loaded->layers[3], "row 4: band 'n999'"));
  EXPECT_TRUE(hasWarning(loaded->layers[3], "row 5"));
  ASSERT_NE(loaded->city.findBookmark("home"), nullptr);

  auto absent = io::loadScene((dir() / "absent.json").string());
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().message.find("absent.json"), std::string::npos);
}

namespace {

// A 20 x 10 x 15 m box as a CityJSON 2.0 LoD2 Solid with semantics, 5 m above the
// datum, in `crs`, with a BuildingPart; x0/y0 its south-west corner in that CRS.
std::string cityJsonBox(const std::string& crs, double x0, double y0, const std::string& version = "2.0") {
  char buf[4096];
  std::snprintf(buf, sizeof buf, R"({"type": "CityJSON", "version": "%s",
    "transform": {"scale": [0.001, 0.001, 0.001], "translate": [%.3f, %.3f, 5.0]},
    "metadata": {"referenceSystem": "%s"},
    "CityObjects": {
      "bldg-1": {"type": "Building", "attributes": {"measuredHeight": 15.0, "name": "Nhà điều hành", "function": "office"},
        "children": ["bldg-1-part"],
        "geometry": [{"type": "Solid", "lod": "2.2",
          "boundaries": [[[[0, 3, 2, 1]], [[4, 5, 6, 7]], [[0, 1, 5, 4]], [[1, 2, 6, 5]], [[2, 3, 7, 6]], [[3, 0, 4, 7]]]],
          "semantics": {"surfaces": [{"type": "GroundSurface"}, {"type": "RoofSurface"}, {"type": "WallSurface"}],
                        "values": [[0, 1, 2, 2, 2, 2]]}},
          {"type": "MultiSurface", "lod": "1", "boundaries": [[[4, 5, 6, 7]]]}]},
      "bldg-1-part": {"type": "BuildingPart", "parents": ["bldg-1"],
        "geometry": [{"type": "MultiSurface", "lod": "2", "boundaries": [[[8, 9, 10]]]}]},
      "tree-1": {"type": "SolitaryVegetationObject", "geometry": []}
    },
    "vertices": [[0, 0, 0], [20000, 0, 0], [20000, 10000, 0], [0, 10000, 0],
                 [0, 0, 15000], [20000, 0, 15000], [20000, 10000, 15000], [0, 10000, 15000],
                 [0, 0, 15000], [5000, 0, 20000], [0, 5000, 15000]]})",
                version.c_str(), x0, y0, crs.c_str());
  return buf;
}

}  // namespace

TEST(CityJson, SolidsWithSemanticsPartsAndAttributesInTwoCrss) {
  for (const char* crs : {"EPSG:32648", "EPSG:3405"}) {  // WGS 84 / UTM 48N and VN-2000 / UTM 48N
    SCOPED_TRACE(crs);
    const double x0 = 686000.0, y0 = 1192000.0;
    auto path = write(std::string("box-") + (crs + 5) + ".city.json",
                      cityJsonBox(std::string("https://www.opengis.net/def/crs/EPSG/0/") + (crs + 5), x0, y0));
    scene::CityModel city;
    city.origin = {10.78, 106.70, 0};
    auto r = io::loadCityJson(path, {}, city);
    ASSERT_TRUE(r) << r.error().message;
    city.finalize();
    EXPECT_EQ(r->items, 1u);  // the tree is not a building; the part belongs to bldg-1
    ASSERT_EQ(city.buildings.size(), 1u);
    const scene::Building& b = city.buildings[0];
    EXPECT_EQ(b.sourceId, "bldg-1");
    EXPECT_EQ(b.name, "Nhà điều hành");
    EXPECT_EQ(b.use, "office");
    ASSERT_NE(b.attribute("measuredHeight"), nullptr);
    // Standing on the ground: the base 5 m above the datum becomes z = 0; the part's
    // gable reaches 20 m.
    EXPECT_NEAR(b.boundsEnu.min.z, 0.f, 1e-3);
    EXPECT_NEAR(b.heightM, 20.f, 1e-3);
    EXPECT_NEAR(b.footprintAreaM2, 200.0, 1.0);
    EXPECT_EQ(r->triangles, 2u + 8u + 1u);  // LoD2 roof + walls (ground skipped) + the part's triangle
    // Corner (20, 10) of the box lands within 0.5 m of where PROJ puts it.
    auto [lon, lat] = projTransform(crs, "OGC:CRS84", x0 + 20, y0 + 10);
    glm::dvec3 want = projEnu(lon, lat, city.origin);
    EXPECT_TRUE(nearCorner(city, 0, want, 0.5)) << "corner expected at " << want.x << ", " << want.y;
    // Roofs and walls get different colours from their semantics.
    uint32_t roof = 0, wall = 0;
    for (const auto& v : city.geometry.vertices) (v.normal.z > 0.9f ? roof : wall) = v.colorSrgb;
    EXPECT_NE(roof, wall);
  }
}

TEST(CityJson, LodChoiceVersionsAndBrokenFiles) {
  scene::CityModel city;
  io::CityJsonOptions lod1;
  lod1.lod = 1.0;
  auto r = io::loadCityJson(write("lod.city.json", cityJsonBox("EPSG:32648", 686000, 1192000, "1.1")), lod1, city);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->triangles, 2u);  // only the LoD1 roof surface; the part has no LoD1 geometry

  auto noCrs = io::loadCityJson(
      write("nocrs.city.json", R"({"type": "CityJSON", "version": "2.0", "CityObjects": {}, "vertices": []})"), {},
      city);
  ASSERT_FALSE(noCrs);
  EXPECT_NE(noCrs.error().message.find("referenceSystem"), std::string::npos);
  auto oldVersion = io::loadCityJson(
      write("old.city.json", R"({"type": "CityJSON", "version": "0.9", "CityObjects": {}, "vertices": []})"), {}, city);
  ASSERT_FALSE(oldVersion);
  EXPECT_NE(oldVersion.error().message.find("0.9"), std::string::npos);
  auto badEpsg = io::loadCityJson(write("epsg.city.json", cityJsonBox("EPSG:999999", 0, 0)), {}, city);
  ASSERT_FALSE(badEpsg);
  EXPECT_NE(badEpsg.error().message.find("999999"), std::string::npos);
  EXPECT_NE(badEpsg.error().message.find("epsg.city.json"), std::string::npos);
  // Out-of-range vertex indices are counted as malformed surfaces, not a crash.
  std::string broken = cityJsonBox("EPSG:32648", 686000, 1192000);
  broken.replace(broken.find("[[4, 5, 6, 7]], [[0, 1, 5, 4]]"), 14, "[[4, 5, 6, 77]]");
  auto partly = io::loadCityJson(write("broken.city.json", broken), {}, city);
  ASSERT_TRUE(partly) << partly.error().message;
  EXPECT_FALSE(partly->warnings.empty());
  EXPECT_NE(partly->warnings[0].find("malformed surfaces"), std::string::npos);
}
