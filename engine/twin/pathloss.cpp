#include "twin/pathloss.h"

#include <algorithm>
#include <cmath>

namespace ts::twin {

double Link::d3DM() const { return std::hypot(d2DM, hBsM - hUtM); }

double breakpointDistanceM(const Link& l) {
  const double hE = 1.0, c = 3.0e8;
  return 4.0 * (l.hBsM - hE) * (l.hUtM - hE) * l.fcGHz * 1e9 / c;
}

double pathLossLosDb(PropagationScenario s, const Link& l) {
  const double d3 = l.d3DM(), bp = breakpointDistanceM(l), dh2 = (l.hBsM - l.hUtM) * (l.hBsM - l.hUtM);
  const double f = 20.0 * std::log10(l.fcGHz);
  const bool near = l.d2DM <= bp;
  if (s == PropagationScenario::UrbanMacro)
    return near ? 28.0 + 22.0 * std::log10(d3) + f : 28.0 + 40.0 * std::log10(d3) + f - 9.0 * std::log10(bp * bp + dh2);
  return near ? 32.4 + 21.0 * std::log10(d3) + f : 32.4 + 40.0 * std::log10(d3) + f - 9.5 * std::log10(bp * bp + dh2);
}

double pathLossNlosDb(PropagationScenario s, const Link& l) {
  const double d3 = l.d3DM();
  double nlos = s == PropagationScenario::UrbanMacro
                    ? 13.54 + 39.08 * std::log10(d3) + 20.0 * std::log10(l.fcGHz) - 0.6 * (l.hUtM - 1.5)
                    : 35.3 * std::log10(d3) + 22.4 + 21.3 * std::log10(l.fcGHz) - 0.3 * (l.hUtM - 1.5);
  return std::max(pathLossLosDb(s, l), nlos);
}

double sectorAntennaGainDbi(double az, double el, double hBw, double vBw, double maxGain) {
  const double floorDb = 30.0;
  double h = -std::min(12.0 * (az / hBw) * (az / hBw), floorDb);
  double v = -std::min(12.0 * (el / vBw) * (el / vBw), floorDb);
  return maxGain - std::min(-(h + v), floorDb);
}

}  // namespace ts::twin
