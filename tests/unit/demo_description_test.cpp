// The demo city's description is data (assets/demo/demo-city.json): the generator
// follows it, and a broken one is refused with the JSON path of what is wrong.
#include "scene/demo_description.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "assets/embedded.h"
#include "scene/city_model.h"
#include "twin/pathloss.h"

using namespace ts::scene;
using nlohmann::json;

namespace {

json embeddedJson() {
  std::optional<std::string_view> text = ts::assets::text("demo/demo-city.json");
  EXPECT_TRUE(text.has_value());
  return json::parse(text.value_or("{}"));
}

// The error message when `edit` is applied to the embedded description.
template <class Edit>
std::string errorAfter(Edit edit) {
  json doc = embeddedJson();
  edit(doc);
  auto d = parseDemoDescription(doc.dump(), "demo-city.json");
  EXPECT_FALSE(d.has_value()) << "the edited description was accepted";
  return d ? std::string() : d.error().message;
}

const DataCentre* findDataCentre(const CityModel& c, const std::string& id) {
  for (const DataCentre& d : c.entities.dataCentres)
    if (d.id == id) return &d;
  return nullptr;
}

}  // namespace

TEST(DemoDescription, IsEmbeddedAndGivesTheDemoCity) {
  auto names = ts::assets::names();
  EXPECT_NE(std::find(names.begin(), names.end(), "demo/demo-city.json"), names.end());
  EXPECT_FALSE(ts::assets::text("demo/no-such-file.json").has_value());
  auto d = embeddedDemoDescription();
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(d->file, "assets/demo/demo-city.json");
  EXPECT_EQ(d->dataCentres.halls.size(), 12u);
  double mw = 0;
  for (const DemoDataHall& h : d->dataCentres.halls) mw += h.capacityMW;
  EXPECT_NEAR(mw, 70.8, 1e-4);
  // The same city as makeDemoCity(seed), bit for bit.
  CityModel fromFile = makeDemoCity(*d, 7), builtIn = makeDemoCity(7);
  EXPECT_EQ(fromFile.buildings.size(), builtIn.buildings.size());
  ASSERT_EQ(fromFile.geometry.vertices.size(), builtIn.geometry.vertices.size());
  EXPECT_EQ(0, std::memcmp(fromFile.geometry.vertices.data(), builtIn.geometry.vertices.data(),
                           fromFile.geometry.vertices.size() * sizeof(SceneVertex)));
  EXPECT_EQ(fromFile.name, "Demo: TP. Hồ Chí Minh (procedural, seed 7)");
}

TEST(DemoDescription, TheGeneratorFollowsTheFile) {
  json doc = embeddedJson();
  doc["district"]["name"] = "Quận 1 (kế hoạch)";
  doc["city"]["name"] = "Kế hoạch {seed}";
  json& dc3 = doc["data_centre_campus"]["data_centres"][2];
  ASSERT_EQ(dc3["id"], "dc-3");
  dc3["capacity_mw"] = 12.5;
  dc3["name"] = "Trung tâm dữ liệu Sài Gòn";
  doc["bookmarks"][1] = {
      {"name", "cbd"}, {"target", {10, 20, 30}}, {"heading_deg", 90}, {"pitch_deg", -45}, {"range_m", 777}};
  doc["bookmarks"].push_back(
      {{"name", "planner"}, {"target", {1, 2, 3}}, {"heading_deg", 0}, {"pitch_deg", -30}, {"range_m", 500}});
  doc["sites_5g"]["macro"]["tx_power_dbm"] = 43;
  doc["cameras"]["gates"][0]["cameras"] = 20;  // 12 more at the QTSC main gate
  auto d = parseDemoDescription(doc.dump(), "edited.json");
  ASSERT_TRUE(d.has_value()) << d.error().message;
  CityModel c = makeDemoCity(*d, 2026);

  EXPECT_EQ(c.name, "Kế hoạch 2026");
  EXPECT_EQ(c.districtName, "Quận 1 (kế hoạch)");
  const DataCentre* dc = findDataCentre(c, "dc-3");
  ASSERT_NE(dc, nullptr);
  EXPECT_EQ(dc->capacityMW, 12.5f);
  EXPECT_EQ(dc->name, "Trung tâm dữ liệu Sài Gòn");
  ASSERT_TRUE(dc->buildingId.has_value());
  const Building& hall = c.buildings[*dc->buildingId];
  EXPECT_EQ(hall.name, "Trung tâm dữ liệu Sài Gòn");
  ASSERT_NE(hall.attribute("capacity_mw"), nullptr);
  EXPECT_EQ(hall.attribute("capacity_mw")->text(), "12.5");
  const CameraBookmark* cbd = c.findBookmark("cbd");
  ASSERT_NE(cbd, nullptr);
  EXPECT_EQ(cbd->targetEnu, glm::vec3(10, 20, 30));
  EXPECT_EQ(cbd->rangeM, 777);
  EXPECT_NE(c.findBookmark("planner"), nullptr);
  size_t macroSectors = 0;
  for (const Site5G& s : c.entities.sites5g) {
    if (s.band != "n78") continue;
    EXPECT_EQ(s.txPowerDbm, 43.f) << s.id;
    ++macroSectors;
  }
  EXPECT_GT(macroSectors, 100u);
  // Still 1,000 cameras, 20 of them at the main gate.
  EXPECT_EQ(c.entities.cameras.size(), 1000u);
  EXPECT_EQ(std::count_if(c.entities.cameras.begin(), c.entities.cameras.end(),
                          [](const AiCamera& cam) { return cam.name.starts_with("QTSC cổng chính – camera "); }),
            20);
}

TEST(DemoDescription, ErrorsNameTheFileTheJsonPathAndWhatIsWrong) {
  std::string e = errorAfter([](json& d) { d["data_centre_campus"]["data_centres"][3]["capacity_mw"] = "7 MW"; });
  EXPECT_NE(e.find("demo-city.json"), std::string::npos) << e;
  EXPECT_NE(e.find("'data_centre_campus.data_centres[3].capacity_mw' must be a number, not a string"),
            std::string::npos)
      << e;

  e = errorAfter([](json& d) { d["district"].erase("frame"); });
  EXPECT_NE(e.find("'district' needs the key 'frame'"), std::string::npos) << e;

  e = errorAfter([](json& d) { d["bookmarks"][2]["range"] = 5; });
  EXPECT_NE(e.find("'bookmarks[2]' has an unknown key 'range'"), std::string::npos) << e;

  e = errorAfter([](json& d) { d["palettes"]["tower"][1] = {300, 0, 0}; });
  EXPECT_NE(e.find("'palettes.tower[1]' must be a colour"), std::string::npos) << e;

  e = errorAfter([](json& d) { d["cameras"]["id"] = "cam"; });
  EXPECT_NE(e.find("'cameras.id' must contain every one of {n}"), std::string::npos) << e;

  e = errorAfter([](json& d) { d["it_park"]["building_name"] = "Tòa {number}"; });
  EXPECT_NE(e.find("'it_park.building_name' has an unknown placeholder"), std::string::npos) << e;

  e = errorAfter([](json& d) { d["cameras"]["total"] = 10; });
  EXPECT_NE(e.find("'cameras.total' must be at least the gates' 64 cameras"), std::string::npos) << e;

  e = errorAfter([](json& d) { d["version"] = 2; });
  EXPECT_NE(e.find("'version' is 2; this build reads version 1"), std::string::npos) << e;

  auto broken = parseDemoDescription("{\"version\": 1,", "broken.json");
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("broken.json is not valid JSON"), std::string::npos);
}

TEST(DemoDescription, FillNameReplacesKnownPlaceholdersOnly) {
  EXPECT_EQ(fillName("Trạm 5G {site} / sector {sector}", {{"site", "12"}, {"sector", "3"}}), "Trạm 5G 12 / sector 3");
  EXPECT_EQ(fillName("{gate} – camera {n}", {{"gate", "Cổng {n}"}, {"n", "7"}}), "Cổng {n} – camera 7");
  EXPECT_EQ(fillName("no {placeholder} {here", {{"n", "1"}}), "no {placeholder} {here");
  EXPECT_EQ(fillName("", {{"n", "1"}}), "");
}

// A narrow beam concentrates the power: each sector's boresight gain is what its beamwidths
// imply (gainFromBeamwidthsDbi), within half a dB; the n257/n258 small cells' 30 x 8 degree
// beams about 21.4 dBi, not the 8 dBi of a bare 3GPP element.
TEST(DemoDescription, TheSectorsGainsFollowTheirBeamwidths) {
  auto d = embeddedDemoDescription();
  ASSERT_TRUE(d.has_value()) << d.error().message;
  for (const Site5G* s : {&d->macroSites.sector, &d->mmWave.cell})
    EXPECT_NEAR(s->maxGainDbi, ts::twin::gainFromBeamwidthsDbi(s->hBeamwidthDeg, s->vBeamwidthDeg), 0.5)
        << s->hBeamwidthDeg << " x " << s->vBeamwidthDeg;
  EXPECT_NEAR(d->mmWave.cell.maxGainDbi, 21.4, 0.05);
  EXPECT_NEAR(ts::twin::gainFromBeamwidthsDbi(30, 8), 21.38, 0.01);
  EXPECT_NEAR(ts::twin::gainFromBeamwidthsDbi(65, 10), 17.06, 0.01);
}
