// The demo city generator: the procedural rules (street grid, random block contents)
// that turn the demo's description (assets/demo/demo-city.json: places, figures and
// names after ../shared/MISSION.md) into a city, deterministic for a seed.
//
// Every random draw must stay in the same order with the same arguments: the golden
// images, the KPI tests and anyone's saved views depend on the exact city a seed gives.
// That is also why expressions keep their shape (e.g. an angle is converted as
// `deg * kPi / 180.f`, and calls that draw in two arguments are not split).
#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <random>
#include <stdexcept>
#include <string>

#include "scene/city_model.h"
#include "scene/demo_description.h"

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

Frame frameOf(const DemoFrame& f) { return {f.originEnu, f.angleDeg * kPi / 180.f}; }

glm::vec2 plotCentre(const DemoPlotGrid& p, int column, int row) {
  return glm::vec2(p.firstM.x + column * p.pitchM.x, p.firstM.y + row * p.pitchM.y);
}

// Distance between the district's street corners (block plus street), along its frame.
glm::vec2 streetPitch(const DemoDistrict& d) { return d.blockSizeM + d.streetWidthM; }

class Generator {
 public:
  Generator(const DemoDescription& description, uint32_t seed) : desc(description), rng(seed) {}

  const DemoDescription& desc;
  CityModel city;
  std::mt19937 rng;
  float U() { return std::uniform_real_distribution<float>(0.f, 1.f)(rng); }
  float draw(const DemoRange& r) { return r.min + (r.max - r.min) * U(); }
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
  uint32_t box(const Frame& f, const DemoBuilding& b) {
    return box(f, b.centreM, b.halfSizeM, b.heightM, b.colorSrgb, b.use, b.name);
  }

  bool nearRiver(glm::vec2 enu, float margin) const {
    return distanceToPolyline(enu, desc.river.centreLineEnu) < desc.river.halfWidthM + margin;
  }
};

// A block of the central business district: a podium and one to three towers, taller
// towards the centre (`d`: the block's distance from it).
void cbdBlock(Generator& g, const Frame& f, glm::vec2 centreLocal, float d) {
  const DemoPalettes& pal = g.desc.palettes;
  const float bw = g.desc.district.blockSizeM.x, bd = g.desc.district.blockSizeM.y;
  const float cbdRadius = g.desc.district.cbdRadiusM;
  float podium = 12.f + 10.f * g.U();
  g.box(f, centreLocal, glm::vec2(bw, bd) * 0.46f, podium, g.jitter(pal.midrise[g.rng() % pal.midrise.size()], 8),
        "commercial");
  int towers = 1 + int(g.U() * 3);
  for (int t = 0; t < towers; ++t) {
    glm::vec2 half(12.f + 10.f * g.U(), 12.f + 8.f * g.U());
    glm::vec2 c = centreLocal + glm::vec2((g.U() - 0.5f) * (bw - 2 * half.x), (g.U() - 0.5f) * (bd - 2 * half.y));
    float peak = 90.f + 150.f * (1.f - d / cbdRadius);
    g.box(f, c, half, podium + peak * (0.55f + 0.45f * g.U()), g.jitter(pal.tower[g.rng() % pal.tower.size()], 10),
          "office");
  }
}

// An ordinary block: shophouse rows on the two long edges, mid-rise in the middle,
// lower away from the centre (`d`: the block's distance from it).
void ordinaryBlock(Generator& g, const Frame& f, glm::vec2 lo, glm::vec2 hi, float d) {
  const DemoPalettes& pal = g.desc.palettes;
  const float bw = g.desc.district.blockSizeM.x;
  for (float x = lo.x; x < hi.x - 4.f;) {
    float w = std::min(4.f + 2.5f * g.U(), hi.x - x);
    for (int side = 0; side < 2; ++side) {
      float depth = 14.f + 8.f * g.U();
      float y = side == 0 ? lo.y + depth * 0.5f : hi.y - depth * 0.5f;
      int floors = 2 + int(g.U() * g.U() * 6);
      g.box(f, {x + w * 0.5f, y}, {w * 0.5f - 0.15f, depth * 0.5f}, 3.6f * floors + 1.f,
            g.jitter(pal.shophouse[g.rng() % pal.shophouse.size()], 12), "shophouse",
            fillName(g.desc.district.shophouseName, {{"n", std::to_string(g.city.buildings.size())}}));
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
    g.box(f, c, half, h, g.jitter(pal.midrise[g.rng() % pal.midrise.size()], 10), "residential");
  }
}

// The old district: a tilted street grid, towers at its heart, pastel shophouse rows
// along every street, neighbourhood parks, no block near the river.
void district(Generator& g) {
  const DemoDistrict& dd = g.desc.district;
  const Frame f = frameOf(dd.frame);
  const int nx = dd.blocks.x, ny = dd.blocks.y;
  const float bw = dd.blockSizeM.x, bd = dd.blockSizeM.y, street = dd.streetWidthM, px = bw + street, py = bd + street;
  for (int by = 0; by < ny; ++by)
    for (int bx = 0; bx < nx; ++bx) {
      glm::vec2 lo((bx - nx / 2) * px + street / 2, (by - ny / 2) * py + street / 2), hi = lo + glm::vec2(bw, bd);
      glm::vec2 centreLocal = (lo + hi) * 0.5f;
      glm::vec2 centre = f.toEnu(centreLocal);
      if (g.nearRiver(centre, dd.riverClearanceM)) continue;
      float d = glm::length(centre - f.origin);
      g.city.addGroundCover(f.rect(lo, hi), g.desc.palettes.pavement, 0.12f);
      if ((bx * 7 + by * 3) % 37 == 0 && d > dd.cbdRadiusM) {  // neighbourhood parks
        g.city.addGroundCover(f.rect(lo + 4.f, hi - 4.f), g.desc.palettes.park, 0.2f);
        continue;
      }
      if (d < dd.cbdRadiusM)
        cbdBlock(g, f, centreLocal, d);
      else
        ordinaryBlock(g, f, lo, hi, d);
    }
  for (const DemoBuilding& b : g.desc.landmarks) g.box(Frame{}, b);
}

// The district's outline: the street grid's outer corners.
Polygon2 districtBoundary(const DemoDistrict& d) {
  const glm::vec2 pitch = streetPitch(d);
  const int nx = d.blocks.x, ny = d.blocks.y;
  return frameOf(d.frame).rect({float(-(nx / 2)) * pitch.x, float(-(ny / 2)) * pitch.y},
                               {float(nx - nx / 2) * pitch.x, float(ny - ny / 2) * pitch.y});
}

// The software park: a walled campus of office blocks among lawns.
void softwarePark(Generator& g) {
  const DemoSoftwarePark& sp = g.desc.softwarePark;
  const Frame f = frameOf(sp.frame);
  g.city.addGroundCover(f.rect(-sp.lawnHalfSizeM, sp.lawnHalfSizeM), g.desc.palettes.lawn, 0.1f);
  int n = 1;
  for (int row = 0; row < sp.plots.rows; ++row)
    for (int col = 0; col < sp.plots.columns; ++col) {
      if (std::find(sp.openPlots.begin(), sp.openPlots.end(), glm::ivec2(col, row)) != sp.openPlots.end()) continue;
      glm::vec2 c = plotCentre(sp.plots, col, row);
      int floors = 4 + int(g.U() * 9);
      g.box(f, c, {28.f + 8.f * g.U(), 18.f + 6.f * g.U()}, floors * 3.8f, g.jitter(sp.colorSrgb, 10), "office",
            fillName(sp.buildingName, {{"n", std::to_string(n++)}}));
    }
}

// The concentrated IT park: the built phase, with empty plots, and the proposed phase
// (white massing).
void itPark(Generator& g) {
  const DemoItPark& ip = g.desc.itPark;
  const Frame f = frameOf(ip.frame);
  g.city.addGroundCover(f.rect(-ip.lawnHalfSizeM, ip.lawnHalfSizeM), g.desc.palettes.lawn, 0.1f);
  int n = 1;
  for (int row = 0; row < ip.plots.rows; ++row)
    for (int col = 0; col < ip.plots.columns; ++col) {
      glm::vec2 c = plotCentre(ip.plots, col, row);
      bool proposed = row >= ip.proposedFromRow;
      if (!proposed && g.U() < ip.unbuiltShare) continue;  // plots not yet built
      int floors = proposed ? 6 + int(g.U() * 14) : 3 + int(g.U() * 8);
      std::string name = fillName(proposed ? ip.proposedBuildingName : ip.buildingName, {{"n", std::to_string(n++)}});
      g.box(f, c, {40.f + 15.f * g.U(), 25.f + 10.f * g.U()}, floors * 4.f, g.jitter(ip.colorSrgb, 10),
            row % 3 == 0 ? "research" : "office", name, proposed ? BuildingStatus::Proposed : BuildingStatus::Existing);
    }
}

// The data-centre campus: its data halls and substation.
void dataCentres(Generator& g) {
  const DemoDataCentreCampus& campus = g.desc.dataCentres;
  const Frame f = frameOf(campus.frame);
  g.city.addGroundCover(f.rect(-campus.pavementHalfSizeM, campus.pavementHalfSizeM), g.desc.palettes.pavement, 0.1f);
  for (const DemoDataHall& hall : campus.halls) {
    DataCentre dc;
    dc.id = hall.id;
    dc.name = hall.name;
    dc.capacityMW = hall.capacityMW;
    dc.pue = g.draw(campus.pue);
    dc.buildingId =
        g.box(f, hall.centreM, campus.hallHalfSizeM, hall.heightM, campus.colorSrgb, "data_centre", dc.name);
    g.city.buildings[*dc.buildingId].attributes.push_back({"capacity_mw", double(hall.capacityMW)});
    dc.posEnu = glm::vec3(f.toEnu(hall.centreM), 0.f);
    g.city.entities.dataCentres.push_back(std::move(dc));
  }
  g.box(f, campus.substation);
}

// The proposed data centre beside the campus: white massing on its own pavement.
void proposedDataCentre(Generator& g) {
  const DemoProposedDataCentre& p = g.desc.proposedDataCentre;
  const Frame f = frameOf(p.frame);
  DataCentre big;
  big.id = p.id;
  big.name = p.name;
  big.capacityMW = p.capacityMW;
  big.pue = p.pue;
  big.proposed = true;
  g.city.addGroundCover(f.rect(-p.pavementHalfSizeM, p.pavementHalfSizeM), g.desc.palettes.pavement, 0.1f);
  big.buildingId = g.box(f, {0, 0}, p.halfSizeM, p.heightM, 0, "data_centre", big.name, BuildingStatus::Proposed);
  g.city.buildings[*big.buildingId].attributes.push_back({"capacity_mw", double(p.capacityMW)});
  big.posEnu = glm::vec3(f.toEnu({0, 0}), 0.f);
  g.city.entities.dataCentres.push_back(std::move(big));
}

// Macro sites on a staggered grid, then one on every campus; their sectors on rooftops.
void macroSites(Generator& g) {
  const DemoMacroSites& m = g.desc.macroSites;
  int site = 1;
  auto addSite = [&](glm::vec2 p, float height) {
    for (int s = 0; s < m.sectorsPerSite; ++s) {
      Site5G c = m.sector;
      const std::string siteNo = std::to_string(site), sectorNo = std::to_string(s + 1);
      c.id = fillName(m.id, {{"site", siteNo}, {"sector", sectorNo}});
      c.name = fillName(m.name, {{"site", siteNo}, {"sector", sectorNo}});
      c.posEnu = glm::vec3(p, 0.f);
      c.antennaHeightM = height;
      c.azimuthDeg =
          std::fmod(float(s) * (360.f / float(m.sectorsPerSite)) + m.azimuthStaggerDeg * float(site % 4), 360.f);
      g.city.entities.sites5g.push_back(c);
    }
    ++site;
  };
  // Masts stand at street corners of the district grid (never inside a tower).
  const Frame grid = frameOf(g.desc.district.frame);
  const float px = streetPitch(g.desc.district).x, py = streetPitch(g.desc.district).y;
  for (int j = -m.pitchesFromCentre.y; j <= m.pitchesFromCentre.y; ++j)
    for (int i = -m.pitchesFromCentre.x; i <= m.pitchesFromCentre.x; ++i) {
      glm::vec2 p = grid.origin + glm::vec2(i * m.pitchM.x + (j % 2 ? m.oddRowOffsetM : 0.f), j * m.pitchM.y);
      if (g.nearRiver(p, m.riverClearanceM) || glm::length(p - grid.origin) > m.maxRadiusM) continue;
      glm::vec2 local = Frame{{0, 0}, -grid.angle}.toEnu(p - grid.origin);
      p = grid.toEnu({std::round(local.x / px) * px, std::round(local.y / py) * py});
      addSite(p, g.draw(m.antennaHeightM));
    }
  for (const DemoCampusSite& s : m.campusSites) addSite(s.posEnu, s.antennaHeightM);
}

// mmWave small cells: a ring (the CBD's streets), then a row (the IT park).
void smallCells(Generator& g) {
  const DemoMmWave& m = g.desc.mmWave;
  for (int k = 0; k < m.ringCount + m.rowCount; ++k) {
    Site5G c = m.cell;
    c.id = fillName(m.id, {{"n", std::to_string(k + 1)}});
    c.name = fillName(m.name, {{"n", std::to_string(k + 1)}});
    float a = k * m.ringAngleStepRad;
    glm::vec2 p = k < m.ringCount ? m.ringCentreEnu + glm::vec2(std::cos(a), std::sin(a)) * m.ringRadiusM
                                  : m.rowFirstEnu + float(k - m.ringCount) * m.rowStepM;
    c.posEnu = glm::vec3(p, 0.f);
    c.azimuthDeg = std::fmod(float(k) * m.azimuthStepDeg, 360.f);
    c.band = m.bands[k % m.bands.size()].first;
    c.frequencyGHz = m.bands[k % m.bands.size()].second;
    g.city.entities.sites5g.push_back(c);
  }
}

// Four cameras at every district street corner, looking along the four streets.
std::vector<AiCamera> intersectionCameras(Generator& g) {
  const DemoDistrict& dd = g.desc.district;
  const DemoCameras& dc = g.desc.cameras;
  const Frame f = frameOf(dd.frame);
  const float px = streetPitch(dd).x, py = streetPitch(dd).y;
  std::vector<AiCamera> all;
  for (int by = -(dd.blocks.y / 2); by <= dd.blocks.y - dd.blocks.y / 2; ++by)
    for (int bx = -(dd.blocks.x / 2); bx <= dd.blocks.x - dd.blocks.x / 2; ++bx) {
      glm::vec2 corner = f.toEnu({bx * px, by * py});
      if (g.nearRiver(corner, dc.riverClearanceM)) continue;
      for (int k = 0; k < 4; ++k) {
        AiCamera c = dc.intersection;
        c.posEnu = glm::vec3(corner + glm::vec2(dc.cornerOffsetM), 0.f);
        c.headingDeg = std::fmod(90.f - dd.frame.angleDeg + 90.f * k + 360.f, 360.f);  // along the streets
        all.push_back(c);
      }
    }
  return all;
}

// Every gate's cameras in rows beside it, looking all around; named after their gate.
std::vector<AiCamera> gateCameras(const DemoCameras& dc) {
  std::vector<AiCamera> out;
  for (const DemoGate& gate : dc.gates)
    for (int k = 0; k < gate.cameras; ++k) {
      AiCamera c = dc.gate;
      int perRow = dc.gateCamerasPerRow;
      c.posEnu = glm::vec3(
          gate.posEnu + glm::vec2(float(k % perRow) * dc.gateSpacingM, float(k / perRow) * dc.gateSpacingM), 0.f);
      c.headingDeg = float(k * 360 / gate.cameras);
      c.name = gate.name;
      out.push_back(c);
    }
  return out;
}

// The AI cameras: at district intersections and at every campus gate.
void cameras(Generator& g) {
  const DemoCameras& dc = g.desc.cameras;
  std::vector<AiCamera> all = intersectionCameras(g);
  // Keep a deterministic subset so the total with the gates is as described.
  std::shuffle(all.begin(), all.end(), g.rng);
  std::vector<AiCamera> gates = gateCameras(dc);
  all.resize(std::min(all.size(), size_t(dc.total) - gates.size()));
  const size_t firstGate = all.size();
  all.insert(all.end(), gates.begin(), gates.end());
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    all[i].id = fillName(dc.id, {{"n", n}});
    all[i].name = i < firstGate ? fillName(dc.intersectionName, {{"n", n}})
                                : fillName(dc.gateName, {{"gate", all[i].name}, {"n", n}});
  }
  g.city.entities.cameras = std::move(all);
}

}  // namespace

CityModel makeDemoCity(const DemoDescription& d, uint32_t seed) {
  Generator g(d, seed);
  g.city.name = fillName(d.cityName, {{"seed", std::to_string(seed)}});
  g.city.origin = d.origin;
  g.city.addGroundCover(bufferLine(d.river.centreLineEnu, d.river.halfWidthM), d.palettes.water, 0.25f);
  district(g);
  g.city.district = districtBoundary(d.district);
  g.city.districtName = d.district.name;
  softwarePark(g);
  itPark(g);
  dataCentres(g);
  proposedDataCentre(g);
  macroSites(g);
  smallCells(g);
  cameras(g);
  g.city.finalize();
  g.city.bookmarks = d.bookmarks;
  return g.city;
}

CityModel makeDemoCity(uint32_t seed) {
  Result<DemoDescription> d = embeddedDemoDescription();
  // The embedded description is part of the build and the unit tests parse it: failing
  // here is a defect of the build, not something a user can fix.
  if (!d) throw std::runtime_error(d.error().message);
  return makeDemoCity(*d, seed);
}

}  // namespace ts::scene
