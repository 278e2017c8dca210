// The embedded demo city: generated from a seed, deterministic, no binaries in git.
// Places and figures follow ../shared/MISSION.md; geometry is invented. Names are
// Vietnamese where a Vietnamese operator would expect them (UTF-8 throughout).
#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <random>

#include "scene/city_model.h"

namespace ts::scene {

namespace {

constexpr float kPi = 3.14159265358979f;

uint32_t darker(uint32_t c, float f = 0.82f) {
  auto ch = [&](int s) { return uint8_t(((c >> s) & 0xff) * f); };
  return rgb(ch(0), ch(8), ch(16));
}

// Rotates a local layout into ENU: origin + R(angle) * local.
struct Frame {
  glm::vec2 origin{0};
  float angle = 0;  // radians, counter-clockwise from east
  glm::vec2 toEnu(glm::vec2 p) const {
    float c = std::cos(angle), s = std::sin(angle);
    return origin + glm::vec2(c * p.x - s * p.y, s * p.x + c * p.y);
  }
  Polygon2 rect(glm::vec2 lo, glm::vec2 hi) const {
    return {{glm::dvec2(toEnu(lo)), glm::dvec2(toEnu({hi.x, lo.y})), glm::dvec2(toEnu(hi)),
             glm::dvec2(toEnu({lo.x, hi.y}))},
            {}};
  }
};

float distanceToPolyline(glm::vec2 p, const std::vector<glm::dvec2>& line) {
  float best = 1e30f;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    glm::vec2 a(line[i]), b(line[i + 1]), ab = b - a;
    float t = std::clamp(glm::dot(p - a, ab) / glm::dot(ab, ab), 0.f, 1.f);
    best = std::min(best, glm::length(p - (a + ab * t)));
  }
  return best;
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng(seed) {}

  CityModel city;
  std::mt19937 rng;
  float U() { return std::uniform_real_distribution<float>(0.f, 1.f)(rng); }
  uint32_t jitter(uint32_t c, int amount) {
    int shift = std::uniform_int_distribution<int>(-amount, amount)(rng);
    auto ch = [&](int s) { return uint8_t(std::clamp(int((c >> s) & 0xff) + shift, 0, 255)); };
    return rgb(ch(0), ch(8), ch(16));
  }

  uint32_t box(const Frame& f, glm::vec2 centreLocal, glm::vec2 half, float heightM, uint32_t color,
               const std::string& use, std::string name = {}, BuildingStatus status = BuildingStatus::Existing) {
    Building b;
    b.use = use;
    b.status = status;
    b.sourceId = "demo/" + std::to_string(city.buildings.size());
    b.name = name.empty() ? use + " " + std::to_string(city.buildings.size()) : std::move(name);
    b.heightM = heightM;
    b.attributes.push_back({"use", use});
    b.attributes.push_back({"floors", double(std::max(1, int(heightM / 3.6f)))});
    ExtrudeStyle s;
    s.wallColor = status == BuildingStatus::Proposed ? rgb(238, 240, 244) : color;
    s.roofColor = status == BuildingStatus::Proposed ? rgb(214, 220, 230) : darker(color);
    return city.addBox(std::move(b), f.toEnu(centreLocal), half, f.angle, s);
  }

  std::vector<glm::dvec2> river;
  float riverHalfWidth = 140.f;
  bool nearRiver(glm::vec2 enu, float margin) const { return distanceToPolyline(enu, river) < riverHalfWidth + margin; }
};

// Saigon-like palettes.
const uint32_t kShophouse[] = {rgb(236, 214, 160), rgb(226, 170, 140), rgb(200, 214, 222), rgb(238, 232, 214),
                               rgb(214, 226, 180), rgb(240, 196, 120), rgb(222, 200, 214)};
const uint32_t kMidrise[] = {rgb(222, 222, 216), rgb(206, 202, 194), rgb(232, 228, 218), rgb(188, 192, 196)};
const uint32_t kTower[] = {rgb(120, 150, 176), rgb(96, 128, 150), rgb(150, 170, 186), rgb(176, 186, 190),
                           rgb(92, 140, 140)};
const uint32_t kPavement = rgb(150, 148, 140), kPark = rgb(96, 132, 78), kLawn = rgb(118, 150, 92),
               kWater = rgb(70, 98, 112);

// The old district: a street grid tilted like District 1, towers at its heart, pastel
// shophouse rows along every street, the river on its east side.
void district(Generator& g) {
  const Frame f{{0, 0}, 35.f * kPi / 180.f};
  const int nx = 24, ny = 20;
  const float bw = 110.f, bd = 90.f, street = 22.f, px = bw + street, py = bd + street;
  const float cbdRadius = 520.f;
  for (int by = 0; by < ny; ++by)
    for (int bx = 0; bx < nx; ++bx) {
      glm::vec2 lo((bx - nx / 2) * px + street / 2, (by - ny / 2) * py + street / 2), hi = lo + glm::vec2(bw, bd);
      glm::vec2 centreLocal = (lo + hi) * 0.5f;
      glm::vec2 centre = f.toEnu(centreLocal);
      if (g.nearRiver(centre, 90.f)) continue;
      float d = glm::length(centre);
      g.city.addGroundCover(f.rect(lo, hi), kPavement, 0.12f);
      if ((bx * 7 + by * 3) % 37 == 0 && d > cbdRadius) {  // neighbourhood parks
        g.city.addGroundCover(f.rect(lo + 4.f, hi - 4.f), kPark, 0.2f);
        continue;
      }
      if (d < cbdRadius) {
        float podium = 12.f + 10.f * g.U();
        g.box(f, centreLocal, glm::vec2(bw, bd) * 0.46f, podium, g.jitter(kMidrise[g.rng() % 4], 8), "commercial");
        int towers = 1 + int(g.U() * 3);
        for (int t = 0; t < towers; ++t) {
          glm::vec2 half(12.f + 10.f * g.U(), 12.f + 8.f * g.U());
          glm::vec2 c = centreLocal + glm::vec2((g.U() - 0.5f) * (bw - 2 * half.x), (g.U() - 0.5f) * (bd - 2 * half.y));
          float peak = 90.f + 150.f * (1.f - d / cbdRadius);
          g.box(f, c, half, podium + peak * (0.55f + 0.45f * g.U()), g.jitter(kTower[g.rng() % 5], 10), "office");
        }
        continue;
      }
      // Shophouse rows on the two long edges, mid-rise in the middle.
      for (float x = lo.x; x < hi.x - 4.f;) {
        float w = std::min(4.f + 2.5f * g.U(), hi.x - x);
        for (int side = 0; side < 2; ++side) {
          float depth = 14.f + 8.f * g.U();
          float y = side == 0 ? lo.y + depth * 0.5f : hi.y - depth * 0.5f;
          int floors = 2 + int(g.U() * g.U() * 6);
          g.box(f, {x + w * 0.5f, y}, {w * 0.5f - 0.15f, depth * 0.5f}, 3.6f * floors + 1.f,
                g.jitter(kShophouse[g.rng() % 7], 12), "shophouse",
                "Nhà phố " + std::to_string(g.city.buildings.size()));
        }
        x += w;
      }
      int inner = 1 + int(g.U() * 3);
      float innerW = bw / inner;
      for (int k = 0; k < inner; ++k) {
        if (g.U() < 0.2f) continue;  // courtyards
        glm::vec2 c(lo.x + innerW * (k + 0.5f), (lo.y + hi.y) * 0.5f);
        glm::vec2 half(innerW * 0.5f - 4.f - 4.f * g.U(), 14.f + 6.f * g.U());
        float h = 12.f + 55.f * g.U() * g.U() * std::clamp(1.7f - d / 1500.f, 0.3f, 1.f);
        g.box(f, c, half, h, g.jitter(kMidrise[g.rng() % 4], 10), "residential");
      }
    }
  // Landmarks.
  Frame none;
  g.box(none, {260, -160}, {17, 17}, 262.f, rgb(140, 160, 170), "office", "Tháp Tài chính (demo)");
  g.box(none, {1060, 1220}, {28, 28}, 461.f, rgb(160, 176, 190), "mixed_use", "Tháp Landmark (demo)");
}

// QTSC-like software park: a walled campus of office blocks among lawns.
uint32_t softwarePark(Generator& g) {
  const Frame f{{-3300, 2900}, 0.f};
  g.city.addGroundCover(f.rect({-350, -300}, {350, 300}), kLawn, 0.1f);  // 42 ha
  uint32_t first = uint32_t(g.city.buildings.size());
  int n = 1;
  for (int row = 0; row < 5; ++row)
    for (int col = 0; col < 7; ++col) {
      if ((row == 2 && col == 3)) continue;  // the central green
      glm::vec2 c(-270 + col * 90.f, -220 + row * 110.f);
      int floors = 4 + int(g.U() * 9);
      g.box(f, c, {28.f + 8.f * g.U(), 18.f + 6.f * g.U()}, floors * 3.8f, g.jitter(rgb(204, 214, 226), 10), "office",
            "Khu Công viên phần mềm Quang Trung – Tòa " + std::to_string(n++));
    }
  return first;
}

// The 220 ha concentrated IT park: built phase to the south, proposed phase (white
// massing) to the north.
void itPark(Generator& g) {
  const Frame f{{3300, 4300}, 0.f};
  g.city.addGroundCover(f.rect({-750, -733}, {750, 733}), kLawn, 0.1f);  // 1,500 m x 1,467 m = 220 ha
  int n = 1;
  for (int row = 0; row < 8; ++row)
    for (int col = 0; col < 9; ++col) {
      glm::vec2 c(-640 + col * 160.f, -640 + row * 180.f);
      bool proposed = row >= 4;
      if (!proposed && g.U() < 0.25f) continue;  // plots not yet built
      int floors = proposed ? 6 + int(g.U() * 14) : 3 + int(g.U() * 8);
      std::string name =
          std::string("Khu CNTT tập trung – ") + (proposed ? "Tòa đề xuất " : "Tòa ") + std::to_string(n++);
      g.box(f, c, {40.f + 15.f * g.U(), 25.f + 10.f * g.U()}, floors * 4.f, g.jitter(rgb(214, 206, 196), 10),
            row % 3 == 0 ? "research" : "office", name, proposed ? BuildingStatus::Proposed : BuildingStatus::Existing);
    }
}

// The data-centre campus: 12 data halls (about 70 MW together) and, next to it, the
// proposed AI data centre of more than 100 MW.
void dataCentres(Generator& g) {
  const Frame f{{-2700, -2700}, -10.f * kPi / 180.f};
  g.city.addGroundCover(f.rect({-420, -300}, {420, 300}), kPavement, 0.1f);
  const float mw[12] = {10.0f, 8.5f, 8.0f, 7.0f, 6.5f, 6.0f, 5.5f, 5.0f, 4.5f, 4.0f, 3.3f, 2.5f};  // 70.8 MW
  for (int i = 0; i < 12; ++i) {
    glm::vec2 c(-330 + (i % 6) * 132.f, i < 6 ? -120.f : 120.f);
    DataCentre dc;
    dc.id = "dc-" + std::to_string(i + 1);
    dc.name = "Trung tâm dữ liệu " + std::to_string(i + 1);
    dc.capacityMW = mw[i];
    dc.pue = 1.35f + 0.25f * g.U();
    dc.buildingId = g.box(f, c, {48, 34}, 18.f + 2.f * float(i % 3), rgb(196, 200, 204), "data_centre", dc.name);
    g.city.buildings[*dc.buildingId].attributes.push_back({"capacity_mw", double(mw[i])});
    dc.posEnu = glm::vec3(f.toEnu(c), 0.f);
    g.city.entities.dataCentres.push_back(std::move(dc));
  }
  g.box(f, {0, 250}, {30, 18}, 12.f, rgb(180, 170, 150), "substation", "Trạm biến áp 110 kV");
  const Frame ai{{-2650, -3550}, -10.f * kPi / 180.f};
  DataCentre big;
  big.id = "dc-ai-100mw";
  big.name = "Trung tâm dữ liệu AI Tân Phú Trung (đề xuất, 100 MW)";
  big.capacityMW = 100.f;
  big.pue = 1.25f;
  big.proposed = true;
  g.city.addGroundCover(ai.rect({-200, -120}, {200, 120}), kPavement, 0.1f);
  big.buildingId = g.box(ai, {0, 0}, {150, 80}, 30.f, 0, "data_centre", big.name, BuildingStatus::Proposed);
  g.city.buildings[*big.buildingId].attributes.push_back({"capacity_mw", 100.0});
  big.posEnu = glm::vec3(ai.toEnu({0, 0}), 0.f);
  g.city.entities.dataCentres.push_back(std::move(big));
}

void sites5g(Generator& g) {
  // n78 macro sites on a staggered grid, three sectors each, on rooftops.
  int site = 1;
  auto addSite = [&](glm::vec2 p, float height) {
    for (int s = 0; s < 3; ++s) {
      Site5G c;
      c.id = "gnb-" + std::to_string(site) + "-" + std::to_string(s + 1);
      c.name = "Trạm 5G " + std::to_string(site) + " / sector " + std::to_string(s + 1);
      c.posEnu = glm::vec3(p, 0.f);
      c.antennaHeightM = height;
      c.azimuthDeg = std::fmod(float(s) * 120.f + 30.f * float(site % 4), 360.f);
      c.downtiltDeg = 6.f;
      c.txPowerDbm = 46.f;
      c.maxGainDbi = 17.f;  // a passive 3.5 GHz sector panel
      g.city.entities.sites5g.push_back(c);
    }
    ++site;
  };
  // Masts stand at street corners of the district grid (never inside a tower).
  const Frame grid{{0, 0}, 35.f * kPi / 180.f};
  const float px = 132.f, py = 112.f;
  for (int j = -5; j <= 5; ++j)
    for (int i = -6; i <= 6; ++i) {
      glm::vec2 p(i * 520.f + (j % 2 ? 260.f : 0.f), j * 450.f);
      if (g.nearRiver(p, 40.f) || glm::length(p) > 3000.f) continue;
      glm::vec2 local = Frame{{0, 0}, -grid.angle}.toEnu(p);
      p = grid.toEnu({std::round(local.x / px) * px, std::round(local.y / py) * py});
      addSite(p, 28.f + 12.f * g.U());
    }
  for (glm::vec2 campus :
       {glm::vec2(-3300, 2900), glm::vec2(3000, 4000), glm::vec2(3600, 4600), glm::vec2(-2700, -2700)})
    addSite(campus, 30.f);
  // mmWave small cells: CBD streets and the IT park.
  for (int k = 0; k < 12; ++k) {
    Site5G c;
    c.id = "mmw-" + std::to_string(k + 1);
    c.name = "Small cell mmWave " + std::to_string(k + 1);
    glm::vec2 p =
        k < 8 ? glm::vec2(std::cos(k * 0.785f), std::sin(k * 0.785f)) * 260.f : glm::vec2(3300 + (k - 9) * 300.f, 3800);
    c.posEnu = glm::vec3(p, 0.f);
    c.antennaHeightM = 8.f;
    c.azimuthDeg = float(k * 45 % 360);
    c.downtiltDeg = 4.f;
    c.hBeamwidthDeg = 30.f;
    c.vBeamwidthDeg = 8.f;
    c.txPowerDbm = 33.f;
    c.band = k % 2 ? "n258" : "n257";
    c.frequencyGHz = k % 2 ? 26.f : 28.f;
    g.city.entities.sites5g.push_back(c);
  }
}

// About 1,000 AI cameras: at district intersections, looking along the streets, and at
// every campus gate.
void cameras(Generator& g) {
  std::vector<AiCamera> all;
  const Frame f{{0, 0}, 35.f * kPi / 180.f};
  const float px = 132.f, py = 112.f;
  for (int by = -10; by <= 10; ++by)
    for (int bx = -12; bx <= 12; ++bx) {
      glm::vec2 corner = f.toEnu({bx * px, by * py});
      if (g.nearRiver(corner, 30.f)) continue;
      for (int k = 0; k < 4; ++k) {
        AiCamera c;
        c.posEnu = glm::vec3(corner + glm::vec2(2.f), 0.f);
        c.heightM = 6.f;
        c.headingDeg = std::fmod(90.f - 35.f + 90.f * k + 360.f, 360.f);  // along the four streets
        c.rangeM = 80.f;
        all.push_back(c);
      }
    }
  // Keep a deterministic subset so the total with the gates is 1,000.
  std::shuffle(all.begin(), all.end(), g.rng);
  struct Gate {
    glm::vec2 p;
    const char* campus;
    int cams;
  };
  const Gate gates[] = {
      {{-3300, 2600}, "QTSC cổng chính", 8},           {{-2950, 2900}, "QTSC cổng đông", 6},
      {{3300, 3567}, "Khu CNTT cổng nam", 10},         {{2550, 4300}, "Khu CNTT cổng tây", 8},
      {{4050, 4300}, "Khu CNTT cổng đông", 8},         {{-2700, -2400}, "Trung tâm dữ liệu cổng 1", 12},
      {{-2700, -3000}, "Trung tâm dữ liệu cổng 2", 12}};
  std::vector<AiCamera> gatesCams;
  for (const Gate& gate : gates)
    for (int k = 0; k < gate.cams; ++k) {
      AiCamera c;
      c.posEnu = glm::vec3(gate.p + glm::vec2(float(k % 4) * 3.f, float(k / 4) * 3.f), 0.f);
      c.headingDeg = float(k * 360 / gate.cams);
      c.heightM = 4.5f;
      c.rangeM = 40.f;
      c.name = gate.campus;
      gatesCams.push_back(c);
    }
  all.resize(std::min(all.size(), 1000 - gatesCams.size()));
  all.insert(all.end(), gatesCams.begin(), gatesCams.end());
  for (size_t i = 0; i < all.size(); ++i) {
    all[i].id = "cam-" + std::to_string(i + 1);
    if (all[i].name.empty())
      all[i].name = "Camera AI nút giao " + std::to_string(i + 1);
    else
      all[i].name += " – camera " + std::to_string(i + 1);
  }
  g.city.entities.cameras = std::move(all);
}

}  // namespace

CityModel makeDemoCity(uint32_t seed) {
  Generator g(seed);
  g.city.name = "Demo: TP. Hồ Chí Minh (procedural, seed " + std::to_string(seed) + ")";
  g.city.origin = {10.78, 106.70, 0};
  // The river's centre line, east of the old district.
  g.river = {{2600, -9000}, {1900, -5500}, {1700, -3600}, {1450, -1500}, {1750, -200}, {1500, 700},
             {1850, 1700},  {2200, 2500},  {2000, 3600},  {2150, 5400},  {1500, 7500}, {1800, 10000}};
  g.city.addGroundCover(bufferLine(g.river, g.riverHalfWidth), kWater, 0.25f);
  district(g);
  {
    const Frame f{{0, 0}, 35.f * kPi / 180.f};
    g.city.district = f.rect({-12 * 132.f, -10 * 112.f}, {12 * 132.f, 10 * 112.f});  // 3.2 km x 2.2 km, 7.1 km²
    g.city.districtName = "Quận trung tâm (demo)";
  }
  softwarePark(g);
  itPark(g);
  dataCentres(g);
  sites5g(g);
  cameras(g);
  g.city.finalize();
  g.city.bookmarks = {
      {"overview", {-450, 250, 0}, 20, -42, 9000},     {"cbd", {0, 0, 60}, 215, -22, 1100},
      {"street", {-230, -160, 15}, 125, -8, 420},      {"river", {1600, 300, 0}, 300, -25, 2400},
      {"qtsc", {-3300, 2900, 0}, 30, -35, 1500},       {"it-park", {3300, 4300, 0}, 200, -35, 2800},
      {"dc-campus", {-2700, -3000, 0}, 20, -32, 1700}, {"top", {0, 700, 0}, 0, -89.9, 12000},
  };
  return g.city;
}

}  // namespace ts::scene
