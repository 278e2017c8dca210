// The one table of golden images and their tolerances. The render tests compare with
// these (matchesGolden looks the name up here) and the harness's self-tests check every
// entry against its PNG (the golden itself passes, a blank frame and a one-pixel shift
// fail), so a tolerance loosened past what tells a moved frame apart fails those tests.
//
// The goldens are rendered on lavapipe, where the renders match them exactly; the same
// tests must pass on NVIDIA GPUs, whose rasterisation and MSAA resolve differ slightly
// along edges: keep a margin above lavapipe's figure, and well below what a one-pixel
// shift changes (golden_harness_test prints it for each golden: 0.7 % to 31 % of the
// pixels, the least for cityjson_house shifted in x).
#include "golden.h"

namespace {

constexpr GoldenEntry kGoldens[] = {
    // Thousands of tiny facades: edges are most of the city's pixels.
    {"demo_overview", {.maxChannelDelta = 6, .maxDifferingFraction = 0.005}},
    {"demo_cbd", {.maxChannelDelta = 6, .maxDifferingFraction = 0.005}},
    {"demo_it-park", {.maxChannelDelta = 6, .maxDifferingFraction = 0.003}},
    {"demo_dc-campus", {.maxChannelDelta = 6, .maxDifferingFraction = 0.003}},
    {"demo_street_nomsaa", {.maxChannelDelta = 6, .maxDifferingFraction = 0.002}},
    {"bench_grid_low_sun", {.maxChannelDelta = 8, .maxDifferingFraction = 0.002}},
    {"gltf_truck_box", {.maxChannelDelta = 8, .maxDifferingFraction = 0.004}},
    {"geojson_blocks", {.maxChannelDelta = 6, .maxDifferingFraction = 0.003}},
    {"cityjson_house", {.maxChannelDelta = 6, .maxDifferingFraction = 0.003}},
    {"live_coverage5g_district", {.maxChannelDelta = 6, .maxDifferingFraction = 0.005}},
    {"live_cameras_street", {.maxChannelDelta = 6, .maxDifferingFraction = 0.002}},
    {"live_datacentres_dc-campus", {.maxChannelDelta = 6, .maxDifferingFraction = 0.003}},
    // Text and panels over the city: glyph edges are few pixels; the city's edges dominate.
    {"overlays_cbd", {.maxChannelDelta = 6, .maxDifferingFraction = 0.005}},
};

}  // namespace

std::span<const GoldenEntry> goldenTable() { return kGoldens; }
