// Radio propagation after 3GPP TR 38.901 (Table 7.4.1-1: UMa and UMi street canyon, LOS
// and NLOS) and its sector antenna pattern (Table 7.3-1). Distances in metres, heights
// above ground in metres, carrier frequency in GHz, results in dB. Valid for 10 m <=
// d2D <= 5 km and the heights of the standard; the callers clamp.
#pragma once

namespace ts::twin {

enum class PropagationScenario { UrbanMacro, UrbanMicroStreetCanyon };

struct Link {
  double d2DM;  // horizontal distance
  double hBsM;  // base-station antenna height
  double hUtM;  // receiver height (1.5 m for the coverage raster)
  double fcGHz;
  double d3DM() const;
};

// d'_BP = 4 h'_BS h'_UT fc / c with an effective environment height of 1 m.
double breakpointDistanceM(const Link& link);
double pathLossLosDb(PropagationScenario s, const Link& link);
// NLOS is never below LOS: max(PL_LOS, PL'_NLOS).
double pathLossNlosDb(PropagationScenario s, const Link& link);

// Gain of a 3GPP sector antenna in dBi: 8 dBi at boresight, 12 (angle / beamwidth)^2
// attenuation in each plane, 30 dB floors. Angles in degrees from boresight:
// `azimuthOffsetDeg` horizontally, `elevationOffsetDeg` vertically (positive below).
double sectorAntennaGainDbi(double azimuthOffsetDeg, double elevationOffsetDeg, double hBeamwidthDeg = 65,
                            double vBeamwidthDeg = 65, double maxGainDbi = 8);

}  // namespace ts::twin
