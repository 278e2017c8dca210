// Input caps (docs/scene-format.md, "Input limits") and the inputs the fuzzers found
// (tests/fuzz-regressions/<harness>/, fuzz/README.md): each goes through the same entry
// point as the product and its harness, and must end in a clean error or a load with
// warnings, never a crash, a hang or an exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "../../fuzz/fuzz_targets.h"
#include "../support/temp_dir.h"
#include "core/json_parse.h"

namespace fs = std::filesystem;
using namespace ts;

namespace {

fs::path dir() { return testTempDir("limits"); }

fs::path write(const std::string& name, const std::string& text) {
  fs::path p = dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

// A file of `bytes` that takes no space (sparse): a size cap must refuse it unread.
fs::path sparseFile(const std::string& name, uintmax_t bytes) {
  fs::path p = write(name, "");
  fs::resize_file(p, bytes);
  return p;
}

scene::CityModel city() {
  scene::CityModel c;
  c.origin = {10.78, 106.70, 0};
  return c;
}

std::string nested(int depth) { return std::string(size_t(depth), '[') + std::string(size_t(depth), ']'); }

std::string errorOf(const auto& result) { return result ? std::string() : result.error().message; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kSquare = R"({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
  "coordinates": [[[106.7010, 10.7810], [106.7012, 10.7810], [106.7012, 10.7812], [106.7010, 10.7810]]]}})";

std::string featureCollection(int features) {
  std::string text = R"({"type": "FeatureCollection", "features": [)";
  for (int i = 0; i < features; ++i) text += (i ? ", " : "") + std::string(kSquare);
  return text + "]}";
}

}  // namespace

TEST(JsonLimits, NestingDepthIsCountedOutsideStringsAndCapped) {
  EXPECT_EQ(jsonNestingDepth("1"), 0);
  EXPECT_EQ(jsonNestingDepth(R"({"a": [1, {"b": "[[[[\"[["}]})"), 3);
  EXPECT_TRUE(parseJson(nested(kMaxJsonDepth)));
  auto deep = parseJson(nested(kMaxJsonDepth + 1));
  ASSERT_FALSE(deep);
  EXPECT_TRUE(contains(deep.error().message, "deeper than 128 levels")) << deep.error().message;
  // Deep enough to overflow the stack of a recursive walk (dump(), CityJSON's vertex scan).
  EXPECT_TRUE(contains(errorOf(parseJson(nested(1'000'000))), "deeper than 128"));
}

TEST(JsonLimits, EveryJsonReaderRefusesDeepNestingNamingTheFile) {
  std::string deep = R"({"type": "FeatureCollection", "features": )" + nested(200) + "}";
  scene::CityModel c = city();
  std::string geo = errorOf(io::loadGeoJsonFootprints(write("deep.geojson", deep), {}, c));
  EXPECT_TRUE(contains(geo, "deep.geojson") && contains(geo, "deeper than 128")) << geo;
  std::string cj = errorOf(io::loadCityJsonText(deep, "deep.city.json", {}, c));
  EXPECT_TRUE(contains(cj, "deep.city.json") && contains(cj, "deeper than 128")) << cj;
  std::string ent = errorOf(io::loadEntitiesText(deep, "deep.geojson", "5g_sites", std::nullopt, c));
  EXPECT_TRUE(contains(ent, "deep.geojson") && contains(ent, "deeper than 128")) << ent;
  std::string scene = errorOf(io::parseSceneJson(R"({"version": 1, "x": )" + nested(129) + "}", "deep.json"));
  EXPECT_TRUE(contains(scene, "deep.json") && contains(scene, "deeper than 128")) << scene;
}

TEST(FileLimits, ASceneFileOver16MiBIsRefusedUnread) {
  std::string err = errorOf(io::readSceneFile(sparseFile("huge-scene.json", io::kMaxSceneFileBytes + 1)));
  EXPECT_TRUE(contains(err, "huge-scene.json") && contains(err, "over the 16.0 MiB scene file limit")) << err;
  std::string inMemory = errorOf(io::parseSceneJson(std::string(io::kMaxSceneFileBytes + 1, ' '), "big.json"));
  EXPECT_TRUE(contains(inMemory, "big.json") && contains(inMemory, "16 MiB")) << inMemory;
}

TEST(FileLimits, GeoJsonCityJsonAndEntityFilesOverTheirCapsAreRefusedUnread) {
  scene::CityModel c = city();
  std::string geo = errorOf(io::loadGeoJsonFootprints(sparseFile("huge.geojson", 2 * io::kGiB + 1), {}, c));
  EXPECT_TRUE(contains(geo, "huge.geojson") && contains(geo, "over the 2.0 GiB GeoJSON file limit")) << geo;
  std::string cj = errorOf(io::loadCityJson(sparseFile("huge.city.json", 2 * io::kGiB + 1), {}, c));
  EXPECT_TRUE(contains(cj, "huge.city.json") && contains(cj, "CityJSON file limit")) << cj;
  std::string csv = errorOf(io::loadEntities(sparseFile("huge.csv", 64 * io::kMiB + 1), "5g_sites", {}, c));
  EXPECT_TRUE(contains(csv, "huge.csv") && contains(csv, "over the 64.0 MiB entity file limit")) << csv;
}

TEST(CountLimits, GeoJsonFeaturesOverTheCapAreAnError) {
  io::FootprintOptions opt;
  opt.limits.maxItems = 2;
  scene::CityModel c = city();
  EXPECT_TRUE(io::loadGeoJsonFootprintsText(featureCollection(2), "two.geojson", opt, c));
  std::string err = errorOf(io::loadGeoJsonFootprintsText(featureCollection(3), "three.geojson", opt, c));
  EXPECT_TRUE(contains(err, "three.geojson") && contains(err, "3 features, over the limit of 2")) << err;
  EXPECT_EQ(io::kGeoJsonLimits.maxItems, 10'000'000u);
}

TEST(CountLimits, CityJsonObjectsAndVerticesOverTheCapsAreAnError) {
  const char* text = R"({"type": "CityJSON", "version": "2.0", "metadata": {"referenceSystem": "EPSG:32648"},
    "CityObjects": {"a": {"type": "Building"}, "b": {"type": "Building"}},
    "vertices": [[686000, 1192000, 0], [686010, 1192000, 0], [686010, 1192010, 0]]})";
  scene::CityModel c = city();
  io::CityJsonOptions opt;
  EXPECT_TRUE(io::loadCityJsonText(text, "ok.city.json", opt, c));
  opt.limits.maxItems = 1;
  std::string objects = errorOf(io::loadCityJsonText(text, "objects.city.json", opt, c));
  EXPECT_TRUE(contains(objects, "objects.city.json") && contains(objects, "2 CityObjects, over the limit of 1"))
      << objects;
  opt.limits = io::kCityJsonLimits;
  opt.limits.maxVertices = 2;
  std::string vertices = errorOf(io::loadCityJsonText(text, "vertices.city.json", opt, c));
  EXPECT_TRUE(contains(vertices, "vertices.city.json") && contains(vertices, "3 vertices, over the limit of 2"))
      << vertices;
}

TEST(CountLimits, EntityRowsAndFeaturesOverTheCapAreAnError) {
  io::InputLimits limits = io::kEntityLimits;
  limits.maxItems = 2;
  std::string csv = "id,lat,lon\n";
  for (int i = 0; i < 3; ++i) csv += "s" + std::to_string(i) + ",10.78,106.70\n";
  scene::CityModel c = city();
  std::string rows = errorOf(io::loadEntitiesText(csv, "sites.csv", "5g_sites", std::nullopt, c, limits));
  EXPECT_TRUE(contains(rows, "sites.csv") && contains(rows, "more than 2 rows")) << rows;
  std::string points = R"({"type": "FeatureCollection", "features": [)";
  for (int i = 0; i < 3; ++i)
    points += std::string(i ? ", " : "") +
              R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.7, 10.78]}})";
  points += "]}";
  std::string features = errorOf(io::loadEntitiesText(points, "sites.geojson", "5g_sites", std::nullopt, c, limits));
  EXPECT_TRUE(contains(features, "sites.geojson") && contains(features, "more than 2 features")) << features;
  limits.maxItems = 3;
  EXPECT_TRUE(io::loadEntitiesText(csv, "sites.csv", "5g_sites", std::nullopt, c, limits));
}

namespace {

// Every input a fuzzer found for `harness`, replayed through the harness's own function.
// (The scene-file and entity-CSV harnesses have found nothing yet: their TEST lines come
// with their first input.)
void replayRegressions(const std::string& harness, std::string (*target)(std::string_view)) {
  ASSERT_TRUE(fs::is_directory(TS_FUZZ_REGRESSIONS_DIR));
  fs::path folder = fs::path(TS_FUZZ_REGRESSIONS_DIR) / harness;
  size_t replayed = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().filename() == "README.md") continue;
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string error;
    EXPECT_NO_THROW(error = target(bytes));
    // The file readers' errors name the file (the harnesses' made-up path).
    if (!error.empty() && harness != "feed_payload" && harness != "model_cache") {
      EXPECT_TRUE(contains(error, "/fuzz/")) << error;
    }
    ++replayed;
  }
  EXPECT_GT(replayed, 0u) << "no regression inputs in " << folder;
}

}  // namespace

TEST(FuzzRegressions, EntityGeoJsonWithMistypedOrMissingMembersIsSkippedNotThrown) {
  // The GeoJSON findings' pattern in the entity reader, which no harness feeds (the CSV
  // one reads .csv): a "type" that is not a string threw, and a Point without
  // coordinates read past a map's end.
  const char* text = R"({"type": "FeatureCollection", "crs": {"properties": 3}, "features": [
    {"geometry": {"type": 5}}, {"geometry": {"type": "Point"}},
    {"geometry": {"type": "Point", "coordinates": [106.7, 10.78]}, "properties": {"id": "s1"}}]})";
  scene::CityModel c = city();
  auto r = io::loadEntitiesText(text, "sites.geojson", "5g_sites", std::nullopt, c);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->skipped, 2u);
  EXPECT_EQ(c.entities.sites5g.size(), 1u);
}

TEST(FuzzRegressions, AFeedTimeFarAheadSaysSoWithoutAnIntegerOverflow) {
  // 1e300 s ahead: converting the days to int64 was undefined (x86 gave a negative count).
  std::string reason = fuzz::feedPayload("city/dc/dc-1/telemetry\n{\"ts\": 1e300, \"it_kw\": 1}");
  EXPECT_TRUE(contains(reason, "'ts' is more than 10^15 days ahead")) << reason;
  reason = fuzz::feedPayload("city/dc/dc-1/telemetry\n{\"ts\": 1980300000000, \"it_kw\": 1}");
  EXPECT_TRUE(contains(reason, "'ts' is 2314 days ahead")) << reason;
}

TEST(FuzzRegressions, GeoJson) { replayRegressions("geojson", fuzz::geojson); }
TEST(FuzzRegressions, CityJson) { replayRegressions("cityjson", fuzz::cityjson); }
TEST(FuzzRegressions, ModelCache) { replayRegressions("model_cache", fuzz::modelCache); }
TEST(FuzzRegressions, FeedPayload) { replayRegressions("feed_payload", fuzz::feedPayload); }
