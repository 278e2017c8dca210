// Geo-referencing through PROJ: coordinates in any CRS (an EPSG code, "OGC:CRS84", a
// PROJ string or WKT) become metres in the scene's local east-north-up frame around
// its geographic origin (a topocentric frame on the WGS 84 ellipsoid). The horizontal
// position goes through PROJ's choice of operation to WGS 84 longitude/latitude.
#pragma once
#include <glm/vec3.hpp>
#include <memory>
#include <string>
#include <utility>

#include "core/result.h"
#include "scene/city_model.h"

namespace ts::io {

class CrsToEnu {
 public:
  CrsToEnu(CrsToEnu&&) noexcept;
  CrsToEnu& operator=(CrsToEnu&&) noexcept;
  ~CrsToEnu();

  // Source CRS coordinates (in the CRS's GIS order: x/easting or longitude first) to
  // ENU metres. z is taken as the ellipsoidal height of the point (pass 0 for points on
  // the ground); the result's z includes the drop of the Earth's curvature.
  // Returns false where PROJ cannot transform the point (outside the CRS's domain).
  bool toEnu(double x, double y, double z, glm::dvec3& outEnu) const;
  const std::string& crs() const { return m_crs; }

 private:
  friend Result<CrsToEnu> makeCrsToEnu(const std::string& crs, const scene::GeoOrigin& origin);
  CrsToEnu() = default;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  std::string m_crs;
};

// Fails with a message naming `crs` when PROJ does not know it.
Result<CrsToEnu> makeCrsToEnu(const std::string& crs, const scene::GeoOrigin& origin);

// A point of a projected (or any) CRS as WGS 84 longitude and latitude, degrees.
Result<std::pair<double, double>> projectedToLonLat(const std::string& crs, double x, double y);

// Turns the spellings found in files into one PROJ understands: "EPSG:32648",
// "urn:ogc:def:crs:EPSG::32648", "http://www.opengis.net/def/crs/EPSG/0/7415",
// "urn:ogc:def:crs:OGC:1.3:CRS84" -> "OGC:CRS84".
std::string normaliseCrsName(const std::string& name);

}  // namespace ts::io
