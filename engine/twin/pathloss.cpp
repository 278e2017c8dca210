#include "twin/pathloss.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ts::twin {

const char* pathLossModelName(PathLossModel m) {
  switch (m) {
    case PathLossModel::FreeSpace:
      return "free_space";
    case PathLossModel::Cost231:
      return "cost231";
    default:
      return "tr38901";
  }
}

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

double freeSpacePathLossDb(const Link& l) {
  const double c = 299792458.0;
  return 20.0 * std::log10(4.0 * std::numbers::pi * l.d3DM() * l.fcGHz * 1e9 / c);
}

double cost231HataDb(const Link& l) {
  const double fMHz = l.fcGHz * 1000.0, dKm = l.d2DM / 1000.0, hb = l.hBsM;
  const double aHm = 3.2 * std::pow(std::log10(11.75 * l.hUtM), 2) - 4.97;  // large city, f >= 400 MHz
  const double metropolitanDb = 3.0;
  const double hata = 46.3 + 33.9 * std::log10(fMHz) - 13.82 * std::log10(hb) - aHm +
                      (44.9 - 6.55 * std::log10(hb)) * std::log10(dKm) + metropolitanDb;
  return std::max(hata, freeSpacePathLossDb(l));
}

double pathLossDb(PathLossModel m, PropagationScenario s, const Link& l, bool los) {
  switch (m) {
    case PathLossModel::FreeSpace:
      return freeSpacePathLossDb(l);
    case PathLossModel::Cost231:
      return cost231HataDb(l);
    default:
      return los ? pathLossLosDb(s, l) : pathLossNlosDb(s, l);
  }
}

namespace {
std::string outside(const char* what, double v, double lo, double hi, const char* unit) {
  if (v >= lo && v <= hi) return {};
  return fmt::format("{} {:g} {} is outside {:g}-{:g} {}", what, v, unit, lo, hi, unit);
}
std::string firstOf(std::initializer_list<std::string> problems) {
  for (const std::string& p : problems)
    if (!p.empty()) return p;
  return {};
}
}  // namespace

std::string cost231ValidityProblem(double fcGHz, double hBsM, double hUtM) {
  return firstOf({outside("carrier", fcGHz * 1000.0, 150, 2000, "MHz"), outside("antenna height", hBsM, 30, 200, "m"),
                  outside("receiver height", hUtM, 1, 10, "m")});
}

std::string tr38901ValidityProblem(PropagationScenario s, double fcGHz, double hBsM, double hUtM) {
  const bool uma = s == PropagationScenario::UrbanMacro;
  return firstOf(
      {outside("carrier", fcGHz, 0.5, 100, "GHz"),
       uma ? outside("UMa antenna height", hBsM, 20, 40, "m") : outside("UMi antenna height", hBsM, 5, 20, "m"),
       outside("receiver height", hUtM, 1.5, 22.5, "m")});
}

double gainFromBeamwidthsDbi(double hBw, double vBw) {
  const double sphereSquareDeg = 41253.0, apertureEfficiency = 0.8;
  return 10.0 * std::log10(apertureEfficiency * sphereSquareDeg / (hBw * vBw));
}

double sectorAntennaGainDbi(double az, double el, double hBw, double vBw, double maxGain) {
  const double floorDb = 30.0;
  double h = -std::min(12.0 * (az / hBw) * (az / hBw), floorDb);
  double v = -std::min(12.0 * (el / vBw) * (el / vBw), floorDb);
  return maxGain - std::min(-(h + v), floorDb);
}

}  // namespace ts::twin
