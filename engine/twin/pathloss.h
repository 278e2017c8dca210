// Radio propagation after 3GPP TR 38.901 (Table 7.4.1-1: UMa and UMi street canyon, LOS
// and NLOS) and its sector antenna pattern (Table 7.3-1), with free space (Friis) and
// COST-231 Hata as alternatives. Distances in metres, heights above ground in metres,
// carrier frequency in GHz, results in dB. TR 38.901 holds for 10 m <= d2D <= 5 km and
// the heights of the standard; the callers clamp and warn (see *ValidityProblem).
#pragma once
#include <string>

namespace ts::twin {

enum class PropagationScenario { UrbanMacro, UrbanMicroStreetCanyon };

// Which path-loss model a coverage layer uses ("model" prop).
enum class PathLossModel { Tr38901, FreeSpace, Cost231 };
const char* pathLossModelName(PathLossModel m);  // "tr38901", "free_space", "cost231"

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

// Friis: 20 log10(4 pi d3D fc / c), the same with or without line of sight.
double freeSpacePathLossDb(const Link& link);
// COST-231 Hata, metropolitan centre (+3 dB, large-city a(hm)); no LOS distinction. Below
// 1 km the formula is extrapolated and never below free space.
double cost231HataDb(const Link& link);
// The loss of `model` for a link in `scenario` with or without line of sight.
double pathLossDb(PathLossModel model, PropagationScenario scenario, const Link& link, bool lineOfSight);

// Why a site's carrier and antenna height are outside a model's validity range (empty:
// inside). COST-231: 150-2000 MHz, hBS 30-200 m, hUT 1-10 m. TR 38.901: 0.5-100 GHz, UMa
// hBS 20-40 m (25 m nominal), UMi hBS 5-20 m (10 m nominal), hUT 1.5-22.5 m.
std::string cost231ValidityProblem(double fcGHz, double hBsM, double hUtM);
std::string tr38901ValidityProblem(PropagationScenario s, double fcGHz, double hBsM, double hUtM);

// Gain of a 3GPP sector antenna in dBi: 8 dBi at boresight, 12 (angle / beamwidth)^2
// attenuation in each plane, 30 dB floors. Angles in degrees from boresight:
// `azimuthOffsetDeg` horizontally, `elevationOffsetDeg` vertically (positive below).
double sectorAntennaGainDbi(double azimuthOffsetDeg, double elevationOffsetDeg, double hBeamwidthDeg = 65,
                            double vBeamwidthDeg = 65, double maxGainDbi = 8);
// Boresight gain a beam of these 3 dB widths implies: 10 log10(0.8 * 41253 / (h * v)), the
// sphere's square degrees shared by the beam at 80 % aperture efficiency (65 x 10 degrees:
// 17.1 dBi; 30 x 8: 21.4 dBi).
double gainFromBeamwidthsDbi(double hBeamwidthDeg, double vBeamwidthDeg);

}  // namespace ts::twin
