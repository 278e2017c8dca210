// Caps on what one input file may hold, so that a damaged or hostile file fails with a
// message naming it instead of exhausting memory or time. Documented in
// docs/scene-format.md ("Input limits"); tests lower them to check each one.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ts::io {

constexpr uint64_t kMiB = uint64_t(1) << 20, kGiB = uint64_t(1) << 30;

struct InputLimits {
  uint64_t maxFileBytes;
  size_t maxItems;     // GeoJSON features, CityJSON city objects, entities (CSV rows or features)
  size_t maxVertices;  // CityJSON "vertices" (0: not applicable)
};

constexpr uint64_t kMaxSceneFileBytes = 16 * kMiB;
constexpr InputLimits kGeoJsonLimits{2 * kGiB, 10'000'000, 0};
constexpr InputLimits kCityJsonLimits{2 * kGiB, 10'000'000, 100'000'000};
constexpr InputLimits kEntityLimits{64 * kMiB, 100'000, 0};

}  // namespace ts::io
