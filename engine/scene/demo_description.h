// The demo city's description (assets/demo/demo-city.json, docs/demo-format.md): every
// figure and name a planner might change, as data. makeDemoCity(description, seed) turns
// it into a city with its procedural rules (street-grid loops, random block contents).
// Positions are metres: in ENU unless a section's `frame` says they are local to it.
// Colours are RGBA8 sRGB with R in the low byte (rgb()). Names may hold placeholders
// such as "{n}" (a running number), filled in by the generator.
#pragma once
#include <cstdint>
#include <glm/vec2.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "scene/city_model.h"

namespace ts::scene {

// A local layout frame: local (x, y) lands at originEnu + R(angleDeg) * (x, y).
struct DemoFrame {
  glm::vec2 originEnu{0};
  float angleDeg = 0;  // counter-clockwise from east
};

// A uniform random draw between min and max.
struct DemoRange {
  float min = 0, max = 0;
};

// A building placed by hand (a landmark, a substation): a box on the ground.
struct DemoBuilding {
  std::string name, use;
  glm::vec2 centreM{0};  // in its section's frame (ENU for landmarks)
  glm::vec2 halfSizeM{0};
  float heightM = 0;
  uint32_t colorSrgb = 0;
};

// Plots on a grid: plot (column, row) is centred at firstM + (column, row) * pitchM.
struct DemoPlotGrid {
  int columns = 0, rows = 0;
  glm::vec2 firstM{0}, pitchM{0};
};

struct DemoPalettes {
  std::vector<uint32_t> shophouse, midrise, tower;       // walls; each building picks one
  uint32_t pavement = 0, park = 0, lawn = 0, water = 0;  // land cover
};

struct DemoRiver {
  std::vector<glm::dvec2> centreLineEnu;
  float halfWidthM = 0;
};

// The old district: a tilted street grid of blocks centred on its frame's origin. The
// grid's outline is the district boundary the live layers' KPIs count in.
struct DemoDistrict {
  std::string name;  // the boundary's name
  DemoFrame frame;
  glm::ivec2 blocks{0};  // along the frame's x and y
  glm::vec2 blockSizeM{0};
  float streetWidthM = 0;
  float cbdRadiusM = 0;       // towers within this distance of the origin
  float riverClearanceM = 0;  // no block whose centre is this close to the river's bank
  std::string shophouseName;  // {n}: the building's id
};

struct DemoSoftwarePark {
  std::string buildingName;  // {n}: 1, 2, … in plot order
  DemoFrame frame;
  glm::vec2 lawnHalfSizeM{0};
  DemoPlotGrid plots;
  std::vector<glm::ivec2> openPlots;  // (column, row) of plots left green
  uint32_t colorSrgb = 0;
};

// The IT park: rows from proposedFromRow on are the proposed phase (white massing).
struct DemoItPark {
  std::string buildingName, proposedBuildingName;  // {n}: 1, 2, … in plot order
  DemoFrame frame;
  glm::vec2 lawnHalfSizeM{0};
  DemoPlotGrid plots;
  int proposedFromRow = 0;
  float unbuiltShare = 0;  // of the built phase's plots, left empty at random
  uint32_t colorSrgb = 0;
};

struct DemoDataHall {
  std::string id, name;
  float capacityMW = 0;
  glm::vec2 centreM{0};  // in the campus frame
  float heightM = 0;
};

struct DemoDataCentreCampus {
  DemoFrame frame;
  glm::vec2 pavementHalfSizeM{0}, hallHalfSizeM{0};
  uint32_t colorSrgb = 0;
  DemoRange pue;  // drawn per data centre
  std::vector<DemoDataHall> halls;
  DemoBuilding substation;  // in the campus frame
};

// The proposed data centre: one building at its frame's origin.
struct DemoProposedDataCentre {
  std::string id, name;
  float capacityMW = 0, pue = 0;
  DemoFrame frame;
  glm::vec2 pavementHalfSizeM{0}, halfSizeM{0};
  float heightM = 0;
};

struct DemoCampusSite {
  glm::vec2 posEnu{0};
  float antennaHeightM = 0;
};

// Macro sites: a staggered grid around the district's origin, each snapped to the
// nearest street corner, then one site on every campus; `sectorsPerSite` sectors each.
struct DemoMacroSites {
  std::string id, name;  // {site}, {sector}: 1, 2, …
  Site5G sector;         // radio parameters every sector shares
  int sectorsPerSite = 0;
  float azimuthStaggerDeg = 0;  // site k turns its sectors by (k mod 4) times this
  glm::ivec2 pitchesFromCentre{0};
  glm::vec2 pitchM{0};
  float oddRowOffsetM = 0, maxRadiusM = 0, riverClearanceM = 0;
  DemoRange antennaHeightM;  // grid sites
  std::vector<DemoCampusSite> campusSites;
};

// mmWave small cells: a ring, then a row; bands alternate in the listed order.
struct DemoMmWave {
  std::string id, name;                              // {n}: 1, 2, …
  Site5G cell;                                       // radio parameters every cell shares (band and frequency aside)
  std::vector<std::pair<std::string, float>> bands;  // band, frequency in GHz
  float azimuthStepDeg = 0;                          // cell k looks k times this
  glm::vec2 ringCentreEnu{0};
  int ringCount = 0;
  float ringRadiusM = 0, ringAngleStepRad = 0;
  glm::vec2 rowFirstEnu{0}, rowStepM{0};
  int rowCount = 0;
};

struct DemoGate {
  std::string name;
  glm::vec2 posEnu{0};
  int cameras = 0;
};

// AI cameras: four at every district street corner (along the streets) and a cluster at
// every gate; the corners' cameras are thinned at random so the total is `total`.
struct DemoCameras {
  int total = 0;
  std::string id;                // {n}: 1, 2, …
  std::string intersectionName;  // {n}
  AiCamera intersection;         // mounting and optics
  float cornerOffsetM = 0, riverClearanceM = 0;
  std::string gateName;  // {gate}, {n}
  AiCamera gate;
  float gateSpacingM = 0;
  int gateCamerasPerRow = 0;
  std::vector<DemoGate> gates;
};

struct DemoDescription {
  std::string file;      // where it came from, for messages
  std::string cityName;  // {seed}
  GeoOrigin origin;
  DemoPalettes palettes;
  DemoRiver river;
  DemoDistrict district;
  std::vector<DemoBuilding> landmarks;  // ENU
  DemoSoftwarePark softwarePark;
  DemoItPark itPark;
  DemoDataCentreCampus dataCentres;
  DemoProposedDataCentre proposedDataCentre;
  DemoMacroSites macroSites;
  DemoMmWave mmWave;
  DemoCameras cameras;
  std::vector<CameraBookmark> bookmarks;
};

// Parses a description; `file` names it in messages. Errors name the file, the JSON path
// ('data_centre_campus.data_centres[3].capacity_mw') and what is wrong. Every key is
// required and an unknown key is an error (most likely a typo).
[[nodiscard]] Result<DemoDescription> parseDemoDescription(std::string_view json, const std::string& file);

// The description built into this binary (assets/demo/demo-city.json).
[[nodiscard]] Result<DemoDescription> embeddedDemoDescription();

// Fills a name's placeholders: each "{key}" of `values` becomes its value.
std::string fillName(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values);

}  // namespace ts::scene
