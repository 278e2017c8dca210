// The embedded demo city shows the mission's world (../shared/MISSION.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <glm/geometric.hpp>
#include <set>

#include "scene/city_model.h"
#include "scene/entity_markers.h"

using namespace ts::scene;

namespace {
const CityModel& demo() {
  static CityModel c = makeDemoCity();
  return c;
}
}  // namespace

TEST(DemoCity, HasADistrictOfRealisticSizeAndHeights) {
  const CityModel& c = demo();
  EXPECT_GE(c.buildings.size(), 5000u);
  EXPECT_LE(c.buildings.size(), 20000u);
  size_t towers = 0, shophouses = 0, tallest = 0;
  for (const Building& b : c.buildings) {
    towers += b.heightM > 100.f;
    shophouses += b.use == "shophouse";
    if (b.heightM > c.buildings[tallest].heightM) tallest = b.id;
    ASSERT_GT(b.heightM, 2.f) << b.name;
    ASSERT_LT(b.heightM, 500.f) << b.name;
  }
  EXPECT_GT(towers, 30u);
  EXPECT_GT(shophouses, 3000u);
  EXPECT_EQ(c.buildings[tallest].name, "Tháp Landmark (demo)");
  EXPECT_NEAR(c.origin.latDeg, 10.78, 1e-9);
  EXPECT_NEAR(c.origin.lonDeg, 106.70, 1e-9);
}

TEST(DemoCity, CampusesDataCentresAndProposedBuildings) {
  const CityModel& c = demo();
  size_t proposed = 0, qtsc = 0;
  for (const Building& b : c.buildings) {
    proposed += b.status == BuildingStatus::Proposed;
    qtsc += b.name.rfind("Khu Công viên phần mềm Quang Trung", 0) == 0;  // UTF-8 name intact
  }
  EXPECT_GT(proposed, 20u);
  EXPECT_GT(qtsc, 20u);
  const auto& dcs = c.entities.dataCentres;
  ASSERT_EQ(dcs.size(), 13u);
  double existingMW = 0;
  int existing = 0;
  for (const DataCentre& d : dcs) {
    ASSERT_TRUE(d.buildingId.has_value()) << d.name;
    EXPECT_EQ(c.buildings[*d.buildingId].use, "data_centre");
    if (d.proposed) {
      EXPECT_GE(d.capacityMW, 100.f);
      EXPECT_EQ(c.buildings[*d.buildingId].status, BuildingStatus::Proposed);
    } else {
      existingMW += d.capacityMW;
      ++existing;
    }
  }
  EXPECT_EQ(existing, 12);
  EXPECT_GT(existingMW, 70.0);
  EXPECT_LT(existingMW, 72.0);
}

TEST(DemoCity, EntitiesFor5gAndCameras) {
  const CityModel& c = demo();
  EXPECT_EQ(c.entities.cameras.size(), 1000u);
  std::set<std::string> ids, bands;
  for (const auto& cam : c.entities.cameras) ids.insert(cam.id);
  EXPECT_EQ(ids.size(), 1000u) << "camera ids are unique";
  size_t n78 = 0;
  for (const auto& s : c.entities.sites5g) {
    bands.insert(s.band);
    n78 += s.band == "n78";
  }
  EXPECT_GT(n78, 100u);
  EXPECT_TRUE(bands.count("n257") && bands.count("n258"));
}

// The figures README.md gives for the demo (about 17,000 buildings: 17,009 exactly),
// pinned: a change to the generator that moves one of them must update the README too.
TEST(DemoCity, KeepsTheFiguresTheReadmeStates) {
  const CityModel& c = demo();
  EXPECT_EQ(c.buildings.size(), 17009u);
  EXPECT_EQ(c.entities.sites5g.size(), 333u) << "5G sectors";
  EXPECT_EQ(c.entities.cameras.size(), 1000u);
  double existingMW = 0, proposedMW = 0;
  size_t existing = 0;
  for (const DataCentre& d : c.entities.dataCentres) {
    (d.proposed ? proposedMW : existingMW) += d.capacityMW;
    existing += !d.proposed;
  }
  EXPECT_EQ(existing, 12u);
  EXPECT_NEAR(existingMW, 70.8, 1e-3);
  EXPECT_NEAR(proposedMW, 100.0, 1e-3);
}

TEST(DemoCity, NothingStandsInTheRiverAndTheItParkIs220Hectares) {
  const CityModel& c = demo();
  // Every water triangle of the land cover is free of building footprints.
  const GeometryBuffer& gc = c.groundCover;
  size_t waterTris = 0;
  for (size_t t = 0; t < gc.triangleCount(); ++t) {
    const SceneVertex& v = gc.vertices[gc.indices[3 * t]];
    if (v.colorSrgb != rgb(70, 98, 112)) continue;
    ++waterTris;
    glm::vec3 mid =
        (v.posEnu + gc.vertices[gc.indices[3 * t + 1]].posEnu + gc.vertices[gc.indices[3 * t + 2]].posEnu) / 3.f;
    auto hit = c.raycast({mid.x, mid.y, 600.f}, {0, 0, -1});
    EXPECT_FALSE(hit) << "a building stands in the river at " << mid.x << ", " << mid.y;
  }
  EXPECT_GT(waterTris, 10u);
  // The IT park's lawn: 1,500 m x 1,467 m.
  double lawn = 0;
  for (size_t t = 0; t < gc.triangleCount(); ++t) {
    const SceneVertex& a = gc.vertices[gc.indices[3 * t]];
    if (a.colorSrgb != rgb(118, 150, 92) || a.posEnu.x < 2000) continue;
    glm::vec3 e1 = gc.vertices[gc.indices[3 * t + 1]].posEnu - a.posEnu,
              e2 = gc.vertices[gc.indices[3 * t + 2]].posEnu - a.posEnu;
    lawn += 0.5 * std::abs(e1.x * e2.y - e1.y * e2.x);
  }
  EXPECT_NEAR(lawn / 1e4, 220.0, 1.0);
}

TEST(DemoCity, IsDeterministicForASeed) {
  CityModel a = makeDemoCity(7), b = makeDemoCity(7), other = makeDemoCity(8);
  ASSERT_EQ(a.geometry.vertices.size(), b.geometry.vertices.size());
  EXPECT_EQ(0, std::memcmp(a.geometry.vertices.data(), b.geometry.vertices.data(),
                           a.geometry.vertices.size() * sizeof(SceneVertex)));
  EXPECT_EQ(a.entities.cameras.back().posEnu, b.entities.cameras.back().posEnu);
  EXPECT_NE(a.geometry.vertices.size(), other.geometry.vertices.size());
  for (const char* bm : {"overview", "cbd", "street", "river", "qtsc", "it-park", "dc-campus", "top"})
    EXPECT_NE(a.findBookmark(bm), nullptr) << bm;
}

TEST(DemoCity, EquipmentMarkersArePickable) {
  const CityModel& c = demo();
  std::vector<MarkerBox> markers = entityMarkers(c.entities);
  EXPECT_EQ(std::count_if(markers.begin(), markers.end(),
                          [](const MarkerBox& m) { return m.entity.kind == EntityKind::Camera; }),
            1000);
  const AiCamera& cam = c.entities.cameras[123];
  // Straight down onto the pole: that camera (or one sharing its corner) is picked.
  auto hit = pickEntity(markers, cam.posEnu + glm::vec3(0, 0, 50), {0, 0, -1});
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->entity.kind, EntityKind::Camera);
  EXPECT_NEAR(hit->distanceM, 50.f - cam.heightM, 1e-3);
  const glm::vec3 p = c.entities.cameras[hit->entity.index].posEnu;
  EXPECT_LT(glm::length(glm::vec2(p - cam.posEnu)), 1.5f);
  // A ray that stops short of the pole finds nothing.
  EXPECT_FALSE(pickEntity(markers, cam.posEnu + glm::vec3(0, 0, 50), {0, 0, -1}, 10.f));
}

TEST(Masts, SectorsOnOnePositionAreOneMastWhateverTheirBand) {
  std::vector<Site5G> s(5);
  s[0].posEnu = {10, 20, 0};
  s[1].posEnu = {300, 20, 0};
  s[2].posEnu = {10.02f, 19.97f, 0};              // the same pole, to 0.1 m
  s[3].posEnu = {10, 20, 4}, s[3].band = "n257";  // a mmWave sector on it, higher up
  s[4].posEnu = {10.6f, 20, 0};                   // the next pole
  std::vector<std::vector<uint32_t>> masts = mastGroups(s);
  ASSERT_EQ(masts.size(), 3u);
  EXPECT_EQ(masts[0], (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(masts[1], (std::vector<uint32_t>{1}));
  EXPECT_EQ(masts[2], (std::vector<uint32_t>{4}));
  // One marker per mast, named by its first sector.
  EntitySet e;
  e.sites5g = s;
  std::vector<MarkerBox> markers = entityMarkers(e);
  ASSERT_EQ(markers.size(), 3u);
  EXPECT_EQ(markers[1].entity.index, 1u);
}
