// The city's equipment as static descriptions: 5G sites, AI cameras and data centres.
// What changes over time (status, load, detections) lives in the StateStore; this is
// what a site, camera or data centre *is*. Positions in local ENU metres.
#pragma once
#include <cstdint>
#include <glm/vec3.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ts::scene {

struct Site5G {
  std::string id, name;
  glm::vec3 posEnu{0};  // ground position; the antenna is antennaHeightM above it
  float antennaHeightM = 25;
  float azimuthDeg = 0;      // sector boresight, clockwise from north
  float downtiltDeg = 6;     // below the horizon
  float hBeamwidthDeg = 65;  // 3 dB beamwidths
  float vBeamwidthDeg = 10;
  float txPowerDbm = 46;     // per sector, into the antenna
  float maxGainDbi = 8;      // antenna gain at boresight (3GPP element: 8 dBi)
  std::string band = "n78";  // n78 (3.5 GHz), n257 / n258 (mmWave)
  float frequencyGHz = 3.5f;
};

struct AiCamera {
  std::string id, name;
  glm::vec3 posEnu{0};
  float heightM = 6;     // mounting height above ground
  float headingDeg = 0;  // clockwise from north
  float tiltDeg = 15;    // below the horizon
  float hFovDeg = 90, vFovDeg = 55;
  float rangeM = 60;  // useful detection range
};

struct DataCentre {
  std::string id, name;
  glm::vec3 posEnu{0};
  std::optional<uint32_t> buildingId;  // the building that houses it, when known
  float capacityMW = 5;
  float pue = 1.5f;  // power usage effectiveness
  bool proposed = false;
};

struct EntitySet {
  std::vector<Site5G> sites5g;
  std::vector<AiCamera> cameras;
  std::vector<DataCentre> dataCentres;
};

// Above FR1 (3GPP: FR1 ends at 7.125 GHz): mmWave sectors (n257, n258), small cells with
// their own numerology and no part of a macro site.
inline bool isMmWave(const Site5G& s) { return s.frequencyGHz > 7.125f; }

// The masts: sector indices grouped by ground position (equal to 0.1 m), each group in
// sector order, groups in order of their first sector. The one definition of "the same
// site" for markers, shared sweeps, the simulator's outages and the selection panel.
std::vector<std::vector<uint32_t>> mastGroups(const std::vector<Site5G>& sectors);

}  // namespace ts::scene
