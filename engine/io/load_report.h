// What loading one layer found: counts, every warning (each names the file and the
// feature or object), and the time taken. Shown by `twinscape validate` and logged by
// every command that loads a scene.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ts::io {

// Told how far a long load has come (0..1); called from the loading thread.
using ProgressFn = std::function<void(double fraction)>;

struct LayerReport {
  std::string source;    // the file (or "demo")
  std::string kind;      // "footprints", "cityjson", "model", …
  size_t items = 0;      // features / city objects / meshes read
  size_t buildings = 0;  // buildings added to the scene
  size_t triangles = 0;
  size_t repaired = 0;  // invalid polygons repaired
  size_t skipped = 0;   // items that could not be used
  std::vector<std::string> warnings;
  size_t warningsDropped = 0;  // beyond kMaxWarnings, only counted
  double seconds = 0;
  std::string error;  // set when the layer could not be loaded at all

  static constexpr size_t kMaxWarnings = 200;
  void warn(std::string message) {
    if (warnings.size() < kMaxWarnings)
      warnings.push_back(std::move(message));
    else
      ++warningsDropped;
  }
};

}  // namespace ts::io
