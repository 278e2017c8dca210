// twinscape: the command-line front end. Thin: parsing here, work in engine/ and bench/.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.h"
#include "core/log.h"

int main(int argc, char** argv) {
  // glibc trims the malloc arena of lavapipe's rasteriser threads after every frame, so
  // large per-frame buffers fault in again: frames 2-3x slower and erratic. Keep them.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);

  CLI::App app{"Twinscape: a digital-twin 3D visualisation engine for smart-city operations (Vulkan)."};
  app.set_version_flag("--version", "twinscape 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // --log-level works after the subcommand too
  app.footer(
      "Exit codes: 0 success, 1 the work failed (device, file...), 2 bad arguments, 3 Vulkan validation messages.");
  std::string logLevel = "info";
  ts::app::CommonOptions common;
  app.add_option("--log-level", logLevel, "trace, debug, info, warn, error or off")->capture_default_str();
  auto addCommon = [&](CLI::App* sub) {
    sub->add_option("--device", common.device,
                    "Vulkan device to use: an index or part of its name (see 'twinscape devices')");
    sub->add_flag("--validation", common.validation,
                  "Turn on the Vulkan validation layer (synchronization validation included); exit code 3 if it "
                  "reports anything");
  };

  auto addCache = [&](CLI::App* sub) {
    sub->add_option("--cache-dir", common.cacheDir,
                    "Where imported models are cached (default $XDG_CACHE_HOME/twinscape or ~/.cache/twinscape)");
    sub->add_flag("--no-cache", common.noCache, "Import every model afresh and leave the cache alone");
  };

  CLI::App* devices =
      app.add_subcommand("devices", "List Vulkan devices, their properties, and whether Twinscape can use each");
  addCommon(devices);

  ts::app::RenderOptions render;
  CLI::App* renderCmd =
      app.add_subcommand("render", "Render a still offscreen (no display needed) and write it as a PNG");
  addCommon(renderCmd);
  addCache(renderCmd);
  renderCmd
      ->add_option("--scene", render.scene,
                   "Scene to render: 'demo' (built in) or a scene file (see docs/scene-format.md)")
      ->capture_default_str();
  renderCmd->add_option("--size", render.size, "Image size WIDTHxHEIGHT in pixels")->capture_default_str();
  renderCmd
      ->add_option("--camera", render.camera,
                   "A bookmark (demo: overview, cbd, street, top), EYE/TARGET as 'x,y,z/x,y,z', or "
                   "'hpr:HEADING,PITCH,RANGE/x,y,z' (degrees, metres, local east-north-up)")
      ->capture_default_str();
  renderCmd->add_option("--out", render.out, "Output PNG file")->capture_default_str();
  renderCmd
      ->add_option("--msaa", render.msaa, "Multisample count (1 turns MSAA off; clamped to what the device supports)")
      ->check(CLI::IsMember({1, 2, 4, 8}))
      ->capture_default_str();
  renderCmd->add_option("--sun-azimuth", render.sunAzimuthDeg, "Sun azimuth, degrees clockwise from north")
      ->capture_default_str();
  renderCmd->add_option("--sun-elevation", render.sunElevationDeg, "Sun elevation above the horizon, degrees")
      ->check(CLI::Range(-90.0, 90.0))
      ->capture_default_str();

  renderCmd->add_option(
      "--at", render.at,
      "Draw the live layers (5G coverage, AI cameras, data-centre load) as they were at this sim time, "
      "ISO 8601 with an offset, e.g. 2026-06-01T15:00:00+07:00");
  renderCmd->add_option("--layers", render.layers, "With --at: only these layers (coverage5g, cameras, datacentres)")
      ->delimiter(',');
  renderCmd->add_option("--seed", render.seed, "With --at: the scenario simulator's seed")->capture_default_str();

  ts::app::KpiOptions kpi;
  CLI::App* kpiCmd = app.add_subcommand(
      "kpi",
      "Print every live layer's KPIs at a sim time as JSON (headless): 5G coverage, AI cameras, data-centre load");
  addCommon(kpiCmd);
  addCache(kpiCmd);
  kpiCmd->add_option("--scene", kpi.scene, "'demo' (built in) or a scene file")->capture_default_str();
  kpiCmd
      ->add_option("--at", kpi.at,
                   "Sim time, ISO 8601 with an offset, e.g. 2026-06-01T15:00:00+07:00 (the demo runs on "
                   "Asia/Ho_Chi_Minh time, +07:00)")
      ->required();
  kpiCmd->add_option("--seed", kpi.seed, "The scenario simulator's seed")->capture_default_str();
  kpiCmd->add_option("--threshold", kpi.thresholdDbm, "5G coverage threshold, RSRP in dBm")
      ->check(CLI::Range(-140.0, -60.0))
      ->capture_default_str();
  kpiCmd->add_option("--cell", kpi.cellM, "5G coverage raster cell size in metres")
      ->check(CLI::Range(2.0, 20.0))
      ->capture_default_str();

  ts::app::ViewOptions view;
  CLI::App* viewCmd = app.add_subcommand("view",
                                         "Open the city in a window: orbit with the mouse (left: turn, right: pan, "
                                         "wheel: zoom), F12 screenshot, Esc quits");
  addCommon(viewCmd);
  addCache(viewCmd);
  viewCmd->add_option("scene", view.scene, "'demo' (built in) or a scene file")->capture_default_str();
  viewCmd->add_option("--camera", view.camera, "Starting view: a bookmark or a camera spec (see render --help)")
      ->capture_default_str();
  viewCmd->add_option("--size", view.size,
                      "Window size WIDTHxHEIGHT (default: the size it had last time, or 1280x720)");
  viewCmd->add_flag("--fullscreen", view.fullscreen, "Fullscreen at the monitor's native resolution");
  viewCmd->add_option("--monitor", view.monitor, "Monitor for --fullscreen (0 is the primary)")->capture_default_str();
  viewCmd->add_option("--vsync", view.vsync, "on: paced to the display (FIFO); off: as fast as possible")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  viewCmd->add_option("--msaa", view.msaa, "Multisample count")
      ->check(CLI::IsMember({1, 2, 4, 8}))
      ->capture_default_str();
  viewCmd->add_option("--frames", view.frames, "Show this many frames, then exit (0: until the window closes)")
      ->capture_default_str();
  viewCmd->add_option("--screenshot", view.screenshot, "With --frames N: save frame N, as shown, to this PNG");
  viewCmd->add_flag("--kiosk", view.kiosk, "No panels: for wall displays and tours");
  viewCmd->add_option("--ui-scale", view.uiScale, "Scale of the inspector (2 for 4K, more for wall displays)")
      ->check(CLI::Range(0.5, 8.0))
      ->capture_default_str();
  viewCmd->add_option(
      "--at", view.at,
      "Start the sim clock at this time (ISO 8601 with an offset) and play back; default: live, following "
      "the wall clock");
  viewCmd
      ->add_option("--speed", view.speed,
                   "With --at: playback speed in sim seconds per second (0: paused; negative: backwards)")
      ->capture_default_str();
  viewCmd
      ->add_option("--layers", view.layers, "Live layers shown: coverage5g, cameras, datacentres (default all; 'none')")
      ->delimiter(',');
  viewCmd->add_option("--seed", view.seed, "The scenario simulator's seed")->capture_default_str();
  viewCmd->add_flag("--sync-layers", view.syncLayers,
                    "The first frame waits for the live layers' first results (scripted runs and screenshots)");
  viewCmd
      ->add_option("--select-at", view.selectAt,
                   "X,Y: select the building under that window pixel after the first frame")
      ->delimiter(',')
      ->expected(2);

  std::string validateScene;
  CLI::App* validateCmd = app.add_subcommand(
      "validate",
      "Load a scene without rendering and print what it found: layers, buildings, entities, every warning, load times");
  validateCmd->add_option("scene", validateScene, "'demo' or a scene file")->required();
  addCache(validateCmd);

  ts::app::BenchOptions bench;
  CLI::App* benchCmd = app.add_subcommand(
      "bench", "Render benchmark: procedural buildings headless, one JSON line per case (buildings x size x msaa)");
  addCommon(benchCmd);
  benchCmd->add_option("--buildings", bench.buildings, "Building counts")->delimiter(',')->capture_default_str();
  benchCmd->add_option("--sizes", bench.sizes, "Image sizes WIDTHxHEIGHT")->delimiter(',')->capture_default_str();
  benchCmd->add_option("--msaa", bench.msaa, "Multisample counts")->delimiter(',')->capture_default_str();
  benchCmd->add_option("--scene", bench.scene,
                       "Render this scene ('demo' or a scene file) from its first bookmark instead of the grids");
  benchCmd->add_option("--camera", bench.camera,
                       "With --scene: the view (bookmark or camera spec; default its first bookmark)");
  benchCmd->add_option(
      "--load", bench.load,
      "Instead of rendering, time loading a model or scene file: import (or cache), mesh, GPU upload, BVH");
  addCache(benchCmd);
  benchCmd->add_flag("--layers", bench.layers,
                     "Instead of rendering, time the live layers on --scene (default demo): 5G coverage in full, one "
                     "site off/on, one sector re-tuned, and the per-cell ray-cast baseline");
  benchCmd->add_option("--cell", bench.cellM, "With --layers: raster cell size in metres")
      ->check(CLI::Range(0.5, 100.0))
      ->capture_default_str();
  benchCmd
      ->add_option("--naive-stride", bench.naiveStride,
                   "With --layers: run the ray-cast baseline on every Nth cell in x and y (0: skip it)")
      ->capture_default_str();
  benchCmd->add_option("--frames", bench.frames, "Timed frames per case (after 3 warm-up frames)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : ts::app::kExitUsage;
  }
  if (!ts::log::init(logLevel)) {
    std::fprintf(stderr, "error: --log-level '%s' is not one of trace, debug, info, warn, error, off\n",
                 logLevel.c_str());
    return ts::app::kExitUsage;
  }
  try {
    if (*devices) return ts::app::runDevices(common);
    if (*renderCmd) return ts::app::runRender(common, render);
    if (*benchCmd) return ts::app::runBench(common, bench);
    if (*validateCmd) return ts::app::runValidate(common, validateScene);
    if (*viewCmd) return ts::app::runView(common, view);
    if (*kpiCmd) return ts::app::runKpi(common, kpi);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return ts::app::kExitFailure;
  }
  return ts::app::kExitUsage;
}
