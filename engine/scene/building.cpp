#include "scene/building.h"

#include <cmath>
#include <cstdio>
#include <glm/common.hpp>

namespace ts::scene {

void Aabb::extend(const glm::vec3& p) {
  min = glm::min(min, p);
  max = glm::max(max, p);
}

void Aabb::extend(const Aabb& b) {
  if (!b.valid()) return;
  min = glm::min(min, b.min);
  max = glm::max(max, b.max);
}

const char* statusName(BuildingStatus s) { return s == BuildingStatus::Proposed ? "proposed" : "existing"; }

std::string Attribute::text() const {
  struct Visitor {
    std::string operator()(std::monostate) const { return "\xe2\x80\x94"; }  // em dash
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double d) const {
      char buf[64];
      if (std::abs(d - std::round(d)) < 1e-9 && std::abs(d) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", d);
      else
        std::snprintf(buf, sizeof buf, "%.6g", d);
      return buf;
    }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, value);
}

const Attribute* Building::attribute(const std::string& key) const {
  for (const Attribute& a : attributes)
    if (a.key == key) return &a;
  return nullptr;
}

}  // namespace ts::scene
