#include "io/georef.h"

#include <proj.h>

#include <cmath>
#include <regex>

namespace ts::io {

struct CrsToEnu::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* toLonLat = nullptr;       // source CRS -> WGS 84 longitude, latitude (degrees)
  PJ* toTopocentric = nullptr;  // longitude, latitude, height -> east-north-up around the origin
  ~Impl() {
    if (toLonLat) proj_destroy(toLonLat);
    if (toTopocentric) proj_destroy(toTopocentric);
    if (ctx) proj_context_destroy(ctx);
  }
};

CrsToEnu::CrsToEnu(CrsToEnu&&) noexcept = default;
CrsToEnu& CrsToEnu::operator=(CrsToEnu&&) noexcept = default;
CrsToEnu::~CrsToEnu() = default;

std::string normaliseCrsName(const std::string& name) {
  std::smatch m;
  static const std::regex urn(R"(urn:ogc:def:crs:([A-Za-z]+):[^:]*:([0-9A-Za-z]+))");
  static const std::regex url(R"(https?://www\.opengis\.net/def/crs/([A-Za-z]+)/[^/]*/([0-9A-Za-z]+))");
  if (std::regex_match(name, m, urn) || std::regex_match(name, m, url)) return m[1].str() + ":" + m[2].str();
  return name;
}

Result<CrsToEnu> makeCrsToEnu(const std::string& crsIn, const scene::GeoOrigin& origin) {
  std::string crs = normaliseCrsName(crsIn);
  CrsToEnu t;
  t.m_crs = crs;
  t.m_impl = std::make_unique<CrsToEnu::Impl>();
  CrsToEnu::Impl& I = *t.m_impl;
  I.ctx = proj_context_create();
  proj_log_level(I.ctx, PJ_LOG_NONE);         // errors are reported through our Result
  proj_context_set_enable_network(I.ctx, 0);  // never download grids at run time
  // Horizontal position through PROJ's own choice of operation to WGS 84 (the one any GIS
  // would use), then the exact geodetic -> topocentric conversion. Heights are not
  // taken through datum changes: the engine keeps each source's heights relative to
  // its own ground.
  PJ* raw = proj_create_crs_to_crs(I.ctx, crs.c_str(), "OGC:CRS84", nullptr);
  if (!raw) {
    int err = proj_context_errno(I.ctx);
    return fail("unknown or unusable coordinate reference system '" + crsIn +
                "' (PROJ: " + proj_context_errno_string(I.ctx, err) + ")");
  }
  // GIS axis order (x/longitude first) whatever the CRS's official order is.
  I.toLonLat = proj_normalize_for_visualization(I.ctx, raw);
  proj_destroy(raw);
  if (!I.toLonLat) return fail("PROJ cannot normalise the axis order of '" + crsIn + "'");
  char topo[512];
  std::snprintf(topo, sizeof topo,
                "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=cart +ellps=WGS84 "
                "+step +proj=topocentric +ellps=WGS84 +lat_0=%.10f +lon_0=%.10f +h_0=%.4f",
                origin.latDeg, origin.lonDeg, origin.heightM);
  I.toTopocentric = proj_create(I.ctx, topo);
  if (!I.toTopocentric) return fail("PROJ cannot build the local frame around the scene origin");
  return t;
}

Result<std::pair<double, double>> projectedToLonLat(const std::string& crsIn, double x, double y) {
  std::string crs = normaliseCrsName(crsIn);
  PJ_CONTEXT* ctx = proj_context_create();
  proj_log_level(ctx, PJ_LOG_NONE);
  proj_context_set_enable_network(ctx, 0);
  PJ* raw = proj_create_crs_to_crs(ctx, crs.c_str(), "OGC:CRS84", nullptr);
  PJ* t = raw ? proj_normalize_for_visualization(ctx, raw) : nullptr;
  std::string err = raw ? "" : proj_context_errno_string(ctx, proj_context_errno(ctx));
  if (raw) proj_destroy(raw);
  Result<std::pair<double, double>> out =
      fail("unknown or unusable coordinate reference system '" + crsIn + "' (PROJ: " + err + ")");
  if (t) {
    PJ_COORD c = proj_trans(t, PJ_FWD, proj_coord(x, y, 0, 0));
    if (std::isfinite(c.lp.lam) && std::isfinite(c.lp.phi))
      out = std::pair{c.lp.lam, c.lp.phi};
    else
      out = fail("point (" + std::to_string(x) + ", " + std::to_string(y) + ") is outside " + crsIn);
    proj_destroy(t);
  }
  proj_context_destroy(ctx);
  return out;
}

bool CrsToEnu::toEnu(double x, double y, double z, glm::dvec3& out) const {
  PJ_COORD c = proj_trans(m_impl->toLonLat, PJ_FWD, proj_coord(x, y, 0, 0));
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y)) return false;
  c = proj_trans(m_impl->toTopocentric, PJ_FWD, proj_coord(c.xy.x, c.xy.y, z, 0));
  if (!std::isfinite(c.xyz.x)) return false;
  out = {c.xyz.x, c.xyz.y, c.xyz.z};
  return true;
}

}  // namespace ts::io
