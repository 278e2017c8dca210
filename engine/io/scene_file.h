// Scene files: a versioned JSON document that places a city on the globe and lists its
// layers (models, footprints, CityJSON, entity lists) and camera bookmarks. The format
// is documented in docs/scene-format.md. Relative paths resolve against the file's folder.
#pragma once
#include <filesystem>
#include <glm/vec3.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "feeds/feed_spec.h"
#include "io/load_report.h"
#include "scene/city_model.h"

namespace ts::io {

struct Placement {
  std::optional<scene::GeoOrigin> anchor;  // geographic anchor of the model's origin
  glm::dvec3 positionEnu{0};               // or a local offset (m)
  double headingDeg = 0;                   // rotation about up, clockwise from north
  double scale = 1.0;
};

struct LayerSpec {
  enum class Type { Model, Footprints, CityJson, Entities, DriveTest } type = Type::Footprints;
  std::string name;
  std::filesystem::path path;      // resolved
  std::optional<std::string> crs;  // overrides the file's own
  scene::BuildingStatus status = scene::BuildingStatus::Existing;
  // footprints
  std::string heightAttribute = "height", levelsAttribute = "building:levels", minHeightAttribute = "min_height",
              nameAttribute = "name";
  double storeyHeightM = 3.2, defaultHeightM = 10;
  // model
  Placement placement;
  bool upIsY = true;  // glTF/OBJ/FBX/Collada/IFC via Assimp; false for z-up models
  // cityjson
  std::optional<double> lod;
  // entities
  std::string entityKind;  // "5g_sites", "ai_cameras", "data_centres"
  // drive_test: compare with the model and calibrate each site's power (layers/drive_test.h)
  bool calibrate = false;
};

struct SceneSpec {
  std::filesystem::path file;  // the scene file, for messages
  int version = 1;
  std::string name;
  scene::GeoOrigin origin;
  std::vector<LayerSpec> layers;
  std::vector<scene::CameraBookmark> bookmarks;
  // The district the live layers' KPIs count in: a ring of [lon, lat] (WGS 84).
  std::string districtName;
  std::vector<glm::dvec2> districtLonLat;
  // "coverage": {"o2i": …, "model": …}: the 5G coverage layer's models for this scene.
  std::vector<std::pair<std::string, std::string>> coverageChoices;
  std::vector<feeds::FeedSpec> feeds;  // live MQTT feeds (docs/scene-format.md, "feeds")
  std::filesystem::path scenario;      // the scenario it plays (docs/scenario-format.md); empty: none
  std::vector<std::string> warnings;   // unknown keys (with their JSON path)
};

// Parses and checks a scene file without loading its layers. Errors name the file, the
// JSON path of the offending key, and what was expected.
Result<SceneSpec> readSceneFile(const std::filesystem::path& path);
Result<SceneSpec> parseSceneJson(const std::string& text, const std::filesystem::path& path);

}  // namespace ts::io
