// twinscape: the command-line front end. Thin: parsing here, work in engine/ and bench/.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.h"
#include "core/log.h"
#include "feed_sim_command.h"
#include "scenario_options.h"
#include "tour_command.h"
#include "ui/presentation.h"

namespace {

using namespace ts::app;

struct Cli {
  CLI::App app{"Twinscape: a digital-twin 3D visualisation engine for smart-city operations (Vulkan)."};
  std::string logLevel = "info";
  CommonOptions common;
  RenderOptions render;
  KpiOptions kpi;
  ViewOptions view;
  BenchOptions bench;
  RecordOptions record;
  std::string validateScene;
  FeedSimCliOptions feedSim;
  TourOptions tour;
  CLI::App *feedSimCmd = nullptr, *tourCmd = nullptr;
  CLI::App *devicesCmd = nullptr, *renderCmd = nullptr, *kpiCmd = nullptr, *viewCmd = nullptr, *validateCmd = nullptr,
           *benchCmd = nullptr, *recordCmd = nullptr;
};

void addDeviceOptions(CLI::App* sub, CommonOptions& common) {
  sub->add_option("--device", common.device,
                  "Vulkan device to use: an index or part of its name (see 'twinscape devices')");
  sub->add_flag("--validation", common.validation,
                "Turn on the Vulkan validation layer (synchronization validation included); exit code 3 if it "
                "reports anything");
}

void addCacheOptions(CLI::App* sub, CommonOptions& common) {
  sub->add_option("--cache-dir", common.cacheDir,
                  "Where imported models are cached (default $XDG_CACHE_HOME/twinscape or ~/.cache/twinscape)");
  sub->add_flag("--no-cache", common.noCache, "Import every model afresh and leave the cache alone");
}

// --broker for the commands that connect to a scene's feeds (kpi, view, record).
void addBrokerOption(CLI::App* sub, std::string& broker, const std::string& verb) {
  sub->add_option("--broker", broker,
                  verb + " every feed of the scene to this broker instead (mqtt://HOST:PORT or mqtts://HOST:PORT)");
}

void addMsaaOption(CLI::App* sub, uint32_t& msaa) {
  sub->add_option("--msaa", msaa, "Multisample count (1 turns MSAA off; clamped to what the device supports)")
      ->check(CLI::IsMember({1, 2, 4, 8}))
      ->capture_default_str();
}

// What the picture shows: the same flags, meaning the same, for `render` and `view`.
void addShowOptions(CLI::App* sub, ShowFlags& f, const std::string& atHelp) {
  sub->add_option("--camera", f.show.camera,
                  "A bookmark (demo: overview, cbd, street, river, qtsc, it-park, dc-campus, top), 'fit' (the whole "
                  "scene; what 'overview' means without such a bookmark), EYE/TARGET as 'x,y,z/x,y,z', or "
                  "'hpr:HEADING,PITCH,RANGE/x,y,z' (degrees, metres, local east-north-up)")
      ->capture_default_str();
  addMsaaOption(sub, f.show.msaa);
  sub->add_option("--colour-by", f.colourBy, "Colour buildings by their source colours, height, status or use")
      ->check(CLI::IsMember({"source", "height", "status", "use"}))
      ->capture_default_str();
  sub->add_flag("--hide-proposed", f.hideProposed, "Hide proposed buildings (the existing city only)");
  sub->add_option("--at", f.show.at, atHelp);
  sub->add_option("--layers", f.show.layers,
                  "Live layers shown: coverage5g, cameras, datacentres, drive_test (a scene with one) (default all; "
                  "'none'); with render, needs --at")
      ->delimiter(',');
  addScenarioOptions(sub, f.show.scenario, f.show.seed);
  sub->add_option("--replay", f.show.replay,
                  "Play a recording (made by 'twinscape record') on the sim clock's timeline instead of live feeds");
  sub->add_flag("--overlays", f.overlays,
                "Presentation overlays: the clock in the scene's local time (needs a sim time), the visible live "
                "layers' legends, a scale bar and a north arrow");
  sub->add_option("--caption", f.caption, "Presentation overlay: a caption, lower-centre on a translucent band");
  sub->add_option("--kpi-cards", f.kpiCards,
                  "Presentation overlay: up to four KPI cards, top-right, from: " + ts::ui::kpiCardIdList() +
                      " (with render, needs --at)")
      ->delimiter(',');
}

void addRenderCommand(Cli& c) {
  c.renderCmd = c.app.add_subcommand("render", "Render a still offscreen (no display needed) and write it as a PNG");
  addDeviceOptions(c.renderCmd, c.common);
  addCacheOptions(c.renderCmd, c.common);
  RenderOptions& r = c.render;
  c.renderCmd
      ->add_option("--scene", r.scene, "Scene to render: 'demo' (built in) or a scene file (see docs/scene-format.md)")
      ->capture_default_str();
  c.renderCmd->add_option("--size", r.size, "Image size WIDTHxHEIGHT in pixels")->capture_default_str();
  c.renderCmd->add_option("--out", r.out, "Output PNG file")->capture_default_str();
  c.renderCmd->add_option("--sun-azimuth", r.sunAzimuthDeg, "Sun azimuth, degrees clockwise from north")
      ->capture_default_str();
  c.renderCmd->add_option("--sun-elevation", r.sunElevationDeg, "Sun elevation above the horizon, degrees")
      ->check(CLI::Range(-90.0, 90.0))
      ->capture_default_str();
  c.renderCmd->add_option("--ui-scale", r.uiScale, "Scale of the presentation overlays (they follow the image height)")
      ->check(CLI::Range(0.5, 8.0))
      ->capture_default_str();
  addShowOptions(c.renderCmd, r.flags,
                 "Draw the live layers (5G coverage, AI cameras, data-centre load) as they were at this sim time, "
                 "ISO 8601 with an offset, e.g. 2026-06-01T15:00:00+07:00");
}

void addKpiCommand(Cli& c) {
  c.kpiCmd = c.app.add_subcommand(
      "kpi",
      "Print every live layer's KPIs at a sim time as JSON (headless): 5G coverage, AI cameras, data-centre load; "
      "live from the scene's feeds (with their health), or from a recording (--replay)");
  addDeviceOptions(c.kpiCmd, c.common);
  addCacheOptions(c.kpiCmd, c.common);
  KpiOptions& k = c.kpi;
  c.kpiCmd->add_option("--scene", k.scene, "'demo' (built in) or a scene file")->capture_default_str();
  c.kpiCmd->add_option("--at", k.show.at,
                       "Sim time, ISO 8601 with an offset, e.g. 2026-06-01T15:00:00+07:00 (the demo runs on "
                       "Asia/Ho_Chi_Minh time, +07:00). Default: with --replay, the recording's last moment; for a "
                       "scene with feeds, now (live, after --listen)");
  c.kpiCmd->add_option("--replay", k.show.replay, "Report from a recording (made by 'twinscape record')");
  addBrokerOption(c.kpiCmd, k.show.broker, "Live: connect");
  c.kpiCmd
      ->add_option("--listen", k.listenS,
                   "Live: seconds to gather the feeds' messages before computing (longer than the feeds' publish "
                   "interval, or some entities keep the simulator's values; the demo publishes every 10 s)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  addScenarioOptions(c.kpiCmd, k.show.scenario, k.show.seed);
  c.kpiCmd->add_option("--threshold", k.thresholdDbm, "5G coverage threshold, RSRP in dBm")
      ->check(CLI::Range(-140.0, -60.0))
      ->capture_default_str();
  c.kpiCmd->add_option("--cell", k.cellM, "5G coverage raster cell size in metres")
      ->check(CLI::Range(2.0, 20.0))
      ->capture_default_str();
  c.kpiCmd->add_flag("--calibrate", k.calibrate,
                     "Fit a power offset per 5G site to the scene's drive test (least squares) and report the "
                     "coverage before and after");
  c.kpiCmd
      ->add_option("--o2i", k.o2i,
                   "5G indoor loss (TR 38.901 O2I): low (concrete), high (glass-and-concrete), by_use (high in "
                   "offices and data centres). Default: the scene's 'coverage.o2i', else low")
      ->check(CLI::IsMember({"low", "high", "by_use"}));
  c.kpiCmd
      ->add_option("--model", k.model,
                   "5G path loss: tr38901, free_space (Friis) or cost231 (Hata, 150-2000 MHz; sites outside it use "
                   "tr38901). Default: the scene's 'coverage.model', else tr38901")
      ->check(CLI::IsMember({"tr38901", "free_space", "cost231"}));
  c.kpiCmd
      ->add_option("--reliability", k.reliabilityPct,
                   "Also report 5G coverage at this location reliability (RSRP - z sigma_SF), beside the median")
      ->check(CLI::IsMember({90, 95}));
}

void addViewWindowOptions(CLI::App* cmd, ViewOptions& v) {
  cmd->add_option("--size", v.size, "Window size WIDTHxHEIGHT (default: the size it had last time, or 1280x720)");
  cmd->add_flag("--fullscreen", v.viewer.fullscreen, "Fullscreen at the monitor's native resolution");
  cmd->add_option("--monitor", v.viewer.monitor, "Monitor for --fullscreen (0 is the primary)")->capture_default_str();
  cmd->add_option("--vsync", v.vsync, "on: paced to the display (FIFO); off: as fast as possible")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->add_option("--frames", v.viewer.frames, "Show this many frames, then exit (0: until the window closes)")
      ->capture_default_str();
  cmd->add_option("--screenshot", v.screenshot, "With --frames N: save frame N, as shown, to this PNG");
  cmd->add_flag("--kiosk", v.viewer.kiosk, "No panels: for wall displays and tours");
  cmd->add_option("--ui-scale", v.viewer.uiScale,
                  "Scale of the inspector (2 for 4K, more for wall displays) and of the presentation overlays (they "
                  "follow the window height)")
      ->check(CLI::Range(0.5, 8.0))
      ->capture_default_str();
}

void addViewCommand(Cli& c) {
  c.viewCmd = c.app.add_subcommand(
      "view",
      "Open the city in a window: orbit with the mouse (left: turn, right: pan, wheel: zoom), F12 screenshot, "
      "Esc quits");
  addDeviceOptions(c.viewCmd, c.common);
  addCacheOptions(c.viewCmd, c.common);
  ViewOptions& v = c.view;
  c.viewCmd->add_option("scene", v.scene, "'demo' (built in) or a scene file")->capture_default_str();
  addViewWindowOptions(c.viewCmd, v);
  addShowOptions(c.viewCmd, v.flags,
                 "Start the sim clock at this time (ISO 8601 with an offset) and play back; default: live, following "
                 "the wall clock");
  c.viewCmd
      ->add_option("--speed", v.viewer.speed,
                   "With --at: playback speed in sim seconds per second (0: paused; negative: backwards)")
      ->capture_default_str();
  addBrokerOption(c.viewCmd, v.flags.show.broker, "Connect");
  c.viewCmd->add_flag("--sync-layers", v.viewer.syncLayers,
                      "The first frame waits for the live layers' first results (scripted runs and screenshots)");
  c.viewCmd->add_option("--tour", v.tour,
                        "Play the scenario's tour NAME (demo: investor), looping until the window closes: its camera, "
                        "times, layers and overlays; space pauses, left / right go to the previous / next stop (with "
                        "--kiosk --fullscreen: for a wall)");
  c.viewCmd
      ->add_option("--select-at", v.selectAt, "X,Y: select the building under that window pixel after the first frame")
      ->delimiter(',')
      ->expected(2);
  c.viewCmd->add_option(
      "--stats", v.viewer.stats,
      "Append a JSON line of statistics every --stats-interval seconds to this file: RSS, Vulkan "
      "allocations and bytes, descriptor sets, frame p50/p99, feed messages, sim time (bench/soak.sh)");
  c.viewCmd->add_option("--stats-interval", v.viewer.statsIntervalS, "With --stats: seconds between samples")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  c.viewCmd->add_flag("--loop", v.viewer.loop,
                      "With --at: play the scenario's time range in a loop (a wall showing its day)");
  c.viewCmd->add_flag("--feeds-in-playback", v.viewer.feedsInPlayback,
                      "With --at: connect the scene's live feeds all the same (a soak: a feed flood while the "
                      "simulator plays fast)");
}

void addRecordCommand(Cli& c) {
  c.recordCmd = c.app.add_subcommand(
      "record", "Record every message of the scene's live feeds into a recording (SQLite) for replay, headless");
  addCacheOptions(c.recordCmd, c.common);
  RecordOptions& r = c.record;
  c.recordCmd->add_option("--scene", r.scene, "'demo' (built in) or a scene file with feeds")->capture_default_str();
  c.recordCmd->add_option("--out", r.out, "The recording to create (never overwritten), e.g. day.twinrec")->required();
  c.recordCmd->add_option("--duration", r.durationS, "Seconds to record (0: until Ctrl-C or SIGTERM)")
      ->check(CLI::Range(0.0, 1e7))
      ->capture_default_str();
  addBrokerOption(c.recordCmd, r.broker, "Connect");
  addScenarioOptions(c.recordCmd, r.scenario, r.seed);
}

void addTourCommand(Cli& c) {
  c.tourCmd = c.app.add_subcommand(
      "tour",
      "Render a scenario's guided tour headless to an H.264 MP4 (or PNG frames): the camera flights, the sim time, "
      "the live layers and the presentation overlays of each stop (docs/scenario-format.md, tours)");
  addDeviceOptions(c.tourCmd, c.common);
  addCacheOptions(c.tourCmd, c.common);
  TourOptions& t = c.tour;
  CLI::App* cmd = c.tourCmd;
  cmd->add_option("--scene", t.scene, "'demo' (built in) or a scene file")->capture_default_str();
  addScenarioOptions(cmd, t.scenario, t.seed);
  cmd->add_option("--tour", t.tour, "The tour, by its name in the scenario (the demo's: investor)")->required();
  cmd->add_option("--out", t.out, "An .mp4 file (H.264), or a folder (ending in /) for PNG frames")
      ->capture_default_str();
  cmd->add_option("--size", t.size, "Frame size WIDTHxHEIGHT in pixels (even, for an MP4)")->capture_default_str();
  cmd->add_option("--fps", t.fps, "Frames per second")->check(CLI::Range(1, 240))->capture_default_str();
  addMsaaOption(cmd, t.msaa);
  cmd->add_option("--ui-scale", t.uiScale, "Scale of the overlays (they already follow the frame height)")
      ->check(CLI::Range(0.5, 8.0))
      ->capture_default_str();
  cmd->add_flag("--render-only", t.renderOnly, "Render every frame but write none (times rendering without encoding)");
}

void addValidateCommand(Cli& c) {
  c.validateCmd = c.app.add_subcommand("validate",
                                       "Load a scene without rendering and print what it found: layers, buildings, "
                                       "entities, every warning, load times");
  c.validateCmd->add_option("scene", c.validateScene, "'demo' or a scene file")->required();
  addCacheOptions(c.validateCmd, c.common);
}

void addBenchCommand(Cli& c) {
  c.benchCmd = c.app.add_subcommand(
      "bench",
      "Benchmarks, one JSON line per case: rendering procedural buildings headless (buildings x size x msaa; the "
      "default), or --load, --layers, --feeds, --video; --soak-report judges a soak (bench/soak.sh)");
  addDeviceOptions(c.benchCmd, c.common);
  addCacheOptions(c.benchCmd, c.common);
  BenchOptions& b = c.bench;
  CLI::App* cmd = c.benchCmd;
  cmd->add_option("--buildings", b.buildings, "Building counts")->delimiter(',')->capture_default_str();
  cmd->add_option("--sizes", b.sizes, "Image sizes WIDTHxHEIGHT")->delimiter(',')->capture_default_str();
  cmd->add_option("--msaa", b.msaa, "Multisample counts")->delimiter(',')->capture_default_str();
  cmd->add_option("--scene", b.scene,
                  "Render this scene ('demo' or a scene file) from its first bookmark instead of the grids");
  cmd->add_option("--camera", b.camera, "With --scene: the view (bookmark or camera spec; default its first bookmark)");
  cmd->add_option("--soak-report", b.soakReport,
                  "Instead, read a `view --stats` file and fail naming any series (RSS, Vulkan memory, descriptor "
                  "sets, frame p99...) that still grows in the second half of the run");
  cmd->add_option("--load", b.load,
                  "Instead of rendering, time loading a model or scene file: import (or cache), mesh, GPU upload, BVH");
  cmd->add_flag("--layers", b.layers,
                "Instead of rendering, time the live layers on --scene (default demo): 5G coverage in full, one "
                "site off/on, one sector re-tuned, and the per-cell ray-cast baseline");
  cmd->add_flag("--feeds", b.feeds,
                "Instead of rendering, time the live feeds through a real mosquitto broker: ingest rate against "
                "mosquitto_sub's, with recording on, publish-to-state latency at 1,000 msg/s, seeking in a 24-hour "
                "recording");
  cmd->add_option("--broker", b.broker, "With --feeds: this broker (default: start mosquitto on a free port)");
  cmd->add_flag("--video", b.video,
                "Instead of rendering, time the MP4 encoder (H.264, libx264) on each --presets: encoder ms/frame, "
                "push blocking, file size");
  cmd->add_option("--image", b.videoImage,
                  "With --video: a PNG to zoom into (e.g. from 'twinscape render'; default a synthetic pattern)");
  cmd->add_option("--video-size", b.videoSize, "With --video: WIDTHxHEIGHT (even)")->capture_default_str();
  cmd->add_option("--video-frames", b.videoFrames, "With --video: frames per case at 30 fps")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--crf", b.crf, "With --video: x264 constant rate factor")
      ->check(CLI::Range(0, 51))
      ->capture_default_str();
  cmd->add_option("--presets", b.presets, "With --video: x264 presets")->delimiter(',')->capture_default_str();
  cmd->add_option("--video-out", b.videoOut, "With --video: keep the MP4s in this folder (bench-PRESET.mp4)");
  cmd->add_option("--messages", b.messages, "With --feeds: messages per burst")->capture_default_str();
  cmd->add_option("--recording-hours", b.recordingHours,
                  "With --feeds: hours of the synthetic recording to seek in (0: skip)")
      ->capture_default_str();
  cmd->add_option("--cell", b.cellM, "With --layers: raster cell size in metres")
      ->check(CLI::Range(0.5, 100.0))
      ->capture_default_str();
  cmd->add_option("--naive-stride", b.naiveStride,
                  "With --layers: run the ray-cast baseline on every Nth cell in x and y (0: skip it)")
      ->capture_default_str();
  cmd->add_option("--frames", b.frames, "Timed frames per case (after 3 warm-up frames)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
}

int dispatch(const Cli& c) {
  if (*c.devicesCmd) return runDevices(c.common);
  if (*c.renderCmd) return runRender(c.common, c.render);
  if (*c.benchCmd) return runBench(c.common, c.bench);
  if (*c.validateCmd) return runValidate(c.common, c.validateScene);
  if (*c.viewCmd) return runView(c.common, c.view);
  if (*c.kpiCmd) return runKpi(c.common, c.kpi);
  if (*c.feedSimCmd) return runFeedSim(c.feedSim);
  if (*c.recordCmd) return runRecord(c.common, c.record);
  if (*c.tourCmd) return runTour(c.common, c.tour);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // glibc trims the malloc arena of lavapipe's rasteriser threads after every frame, so
  // large per-frame buffers fault in again: frames 2-3x slower and erratic. Keep them.
  mallopt(M_TRIM_THRESHOLD, 1 << 30);

  Cli c;
  c.app.set_version_flag("--version", "twinscape 0.1.0");
  c.app.require_subcommand(1);
  c.app.fallthrough();  // --log-level works after the subcommand too
  c.app.footer(
      "Exit codes: 0 success, 1 the work failed (device, file...), 2 bad arguments, 3 Vulkan validation messages.");
  c.app.add_option("--log-level", c.logLevel, "trace, debug, info, warn, error or off")->capture_default_str();
  c.devicesCmd =
      c.app.add_subcommand("devices", "List Vulkan devices, their properties, and whether Twinscape can use each");
  addDeviceOptions(c.devicesCmd, c.common);
  addRenderCommand(c);
  addKpiCommand(c);
  addViewCommand(c);
  addRecordCommand(c);
  addValidateCommand(c);
  addTourCommand(c);
  addBenchCommand(c);
  c.feedSimCmd = addFeedSimCommand(c.app, c.feedSim);
  try {
    c.app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = c.app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  if (!ts::log::init(c.logLevel)) {
    std::fprintf(stderr, "error: --log-level '%s' is not one of trace, debug, info, warn, error, off\n",
                 c.logLevel.c_str());
    return kExitUsage;
  }
  try {
    return dispatch(c);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return kExitFailure;
  }
}
