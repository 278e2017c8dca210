#include "commands.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/feed_bench.h"
#include "bench/layers_bench.h"
#include "bench/render_bench.h"
#include "bench/soak_report.h"
#include "bench/video_bench.h"
#include "gpu/frame_ring.h"
#include "io/model_cache.h"
#include "io/png.h"
#include "io/scene_loader.h"
#include "io/user_file.h"
#include "kpi_json.h"
#include "layers/live_layers.h"
#include "render/building_style.h"
#include "render/camera_spec.h"
#include "scenario_options.h"
#include "scene/city_model.h"
#include "stop_signal.h"
#include "twin/sim_clock.h"
#include "ui/presentation_renderer.h"
#include "viewer/live_session.h"

namespace ts::app {

gpu::ContextOptions CommonOptions::contextOptions() const {
  gpu::ContextOptions o;
  o.deviceSelector = device;
  o.validation = validation;
  return o;
}

viewer::ShowOptions ShowFlags::resolved() const {
  viewer::ShowOptions o = show;
  o.style.colorBy = render::parseColorBy(colourBy).value_or(render::ColorBy::Source);
  o.style.showProposed = !hideProposed;
  return o;
}

Result<ui::Presentation> ShowFlags::presentation(float uiScale) const {
  auto cards = ui::parseKpiCards(kpiCards);
  if (!cards) return fail("--kpi-cards: " + cards.error().message);
  ui::Presentation p;
  p.caption = caption;
  p.kpiCards = std::move(*cards);
  p.clock = p.legend = p.scaleBar = p.northArrow = overlays;
  p.scale = uiScale;
  return p;
}

std::filesystem::path CommonOptions::modelCacheDir() const {
  if (noCache) return {};
  return cacheDir.empty() ? io::defaultCacheDir() : std::filesystem::path(cacheDir);
}

Result<VkExtent2D> parseSize(const std::string& s, uint32_t maxDimension) {
  const std::string hint = "--size '" + s + "': expected WIDTHxHEIGHT, e.g. 1920x1080";
  size_t x = s.find('x');
  if (x == std::string::npos) return fail(hint);
  uint32_t w = 0, h = 0;
  auto r1 = std::from_chars(s.data(), s.data() + x, w);
  auto r2 = std::from_chars(s.data() + x + 1, s.data() + s.size(), h);
  if (r1.ec != std::errc() || r1.ptr != s.data() + x || r2.ec != std::errc() || r2.ptr != s.data() + s.size())
    return fail(hint);
  if (w < 16 || h < 16) return fail("--size '" + s + "': width and height must be at least 16 pixels");
  if (w > maxDimension || h > maxDimension)
    return fail("--size '" + s + "': the device supports images up to " + std::to_string(maxDimension) +
                " pixels a side");
  return VkExtent2D{w, h};
}

// Loads `name` ("demo" or a scene file), logging what each layer found.
Result<io::LoadedScene> loadSceneLogged(const std::string& name, const CommonOptions& common) {
  auto loaded = io::loadScene(name, {common.modelCacheDir()});
  if (!loaded) return loaded;
  for (const std::string& w : loaded->warnings) spdlog::warn("{}", w);
  for (const io::LayerReport& l : loaded->layers) {
    if (!l.error.empty()) continue;  // already logged by the loader
    for (const std::string& w : l.warnings) spdlog::warn("{}", w);
    if (l.warningsDropped) spdlog::warn("{}: {} more warnings", l.source, l.warningsDropped);
  }
  spdlog::info("scene '{}': {} buildings, {} triangles, loaded in {:.2f} s", loaded->city.name,
               loaded->city.buildings.size(), loaded->city.geometry.triangleCount(), loaded->seconds);
  return loaded;
}

// Logs each live layer whose computation failed on `scene`; true if any did.
bool reportLayerErrors(const layers::LiveLayers& live, const std::string& scene) {
  bool any = false;
  for (const auto& l : live.layers())
    if (auto e = l->error()) spdlog::error("{}: layer {} failed: {}", scene, l->id(), *e), any = true;
  return any;
}

// Exit code after a GPU command: validation problems turn success into kExitValidation.
int finish(const gpu::Context& ctx, int code) {
  if (code == kExitOk && ctx.validationEnabled() && ctx.validationMessageCount() > 0) {
    spdlog::error("Vulkan validation reported {} message(s)", ctx.validationMessageCount());
    return kExitValidation;
  }
  return code;
}

int runDevices(const CommonOptions& common) {
  auto instance = gpu::createInstance(common.validation, {});
  if (!instance) {
    spdlog::error("{}", instance.error().message);
    return kExitFailure;
  }
  std::vector<gpu::DeviceReport> devices = gpu::inspectDevices(instance->instance, {}, nullptr);
  auto pick = gpu::selectDevice(devices, common.device);
  if (devices.empty()) std::printf("No Vulkan devices found.\n");
  for (const gpu::DeviceReport& d : devices) {
    bool chosen = pick && *pick == size_t(&d - devices.data());
    std::printf("[%u] %s%s\n", d.index, d.name.c_str(), chosen ? "   <- selected" : "");
    std::printf("    type:            %s\n", gpu::deviceTypeName(d.type));
    std::printf("    Vulkan:          %s\n", gpu::apiVersionString(d.apiVersion).c_str());
    std::printf("    driver:          %s\n", d.driver.c_str());
    std::printf("    vendor/device:   0x%04x / 0x%04x\n", d.vendorId, d.deviceId);
    std::printf("    device memory:   %.0f MiB\n", double(d.deviceLocalBytes) / (1 << 20));
    std::printf("    max image size:  %u\n", d.maxImageDimension2D);
    std::string msaa;
    for (uint32_t s = 1; s <= 64; s <<= 1)
      if (d.msaaSampleCounts & s) msaa += (msaa.empty() ? "" : ", ") + std::to_string(s) + "x";
    std::printf("    MSAA:            %s\n", msaa.c_str());
    if (d.suitable()) {
      std::printf("    usable:          yes\n");
    } else {
      for (const std::string& r : d.rejectReasons) std::printf("    rejected:        %s\n", r.c_str());
    }
  }
  if (!pick) {
    spdlog::error("{}", pick.error().message);
    return kExitFailure;
  }
  return kExitOk;
}

namespace {

// Logs why a command stops and gives its exit code.
std::unexpected<int> stop(int code, const std::string& message) {
  spdlog::error("{}", message);
  return std::unexpected(code);
}

// What the live layers give a picture: their drawing, and the overlays' inputs (none
// without --at).
struct LiveView {
  scene::OverlayDraw overlays;
  std::optional<ui::PresentationInputs> inputs;
};

// The live layers at --at (from the simulator, and a recording with --replay), computed
// before the GPU starts (headless, waited for): their overlays (none without --at), or
// the exit code when they cannot be drawn. `withKpis`: the overlays show KPI cards.
std::expected<LiveView, int> liveOverlays(const scene::CityModel& city, const viewer::ShowOptions& show,
                                          const std::string& scene, bool withKpis,
                                          std::shared_ptr<const twin::Scenario> scenario) {
  auto at = viewer::parseAt(show.at);
  if (!at) return stop(kExitUsage, at.error().message);
  if (!*at && !show.layers.empty())
    return stop(kExitUsage, "--layers needs --at TIME (the sim time to draw the live layers at)");
  if (!*at && !show.replay.empty()) return stop(kExitUsage, "--replay needs --at TIME (the moment to draw)");
  if (!*at && withKpis) return stop(kExitUsage, "--kpi-cards needs --at TIME (the sim time of the figures)");
  if (!*at) return LiveView{};
  viewer::LiveSources sources;
  sources.scenario = std::move(scenario);
  auto session = viewer::LiveSession::create(city, show, sources);
  if (!session) return stop(show.replay.empty() ? kExitUsage : kExitFailure, session.error().message);
  layers::LiveLayers& live = (*session)->layers();
  live.finish(**at);
  if (reportLayerErrors(live, scene)) return std::unexpected(kExitFailure);
  spdlog::info("live layers at {}: {}", show.at, kpiJson(live.kpis(**at), city.entities).dump());
  return LiveView{live.draw(0.25), ui::presentationInputs(live, city, **at, withKpis)};
}

struct Still {
  std::vector<uint8_t> rgba;
  render::FrameStats stats;
  uint32_t samples = 1;  // MSAA as the device allowed it
};

// One still: the same frame the window would show, overlays included, offscreen (through
// the path every tour frame takes).
Still renderStill(gpu::Context& ctx, const scene::CityModel& city, const RenderOptions& opt,
                  const render::Camera& camera, const LiveView& live, const ui::Presentation& presentation,
                  VkExtent2D size) {
  ui::PresentationRenderer renderer(ctx, city, {size, opt.flags.show.msaa, opt.sunAzimuthDeg, opt.sunElevationDeg});
  ui::PresentationFrame frame{camera, opt.flags.resolved().style, &live.overlays, presentation,
                              live.inputs.value_or(ui::PresentationInputs{})};
  const auto ticket = renderer.submit(frame);
  return Still{renderer.pixels(ticket).release(), renderer.stats(ticket), renderer.samples()};
}

}  // namespace

int runRender(const CommonOptions& common, const RenderOptions& opt) {
  // Check everything the user typed before the (slow) GPU start-up.
  auto presentation = opt.flags.presentation(opt.uiScale);
  if (!presentation) return spdlog::error("{}", presentation.error().message), kExitUsage;
  auto loaded = loadSceneLogged(opt.scene, common);
  if (!loaded) return spdlog::error("{}", loaded.error().message), kExitFailure;
  const scene::CityModel& city = loaded->city;
  auto sizeSyntax = parseSize(opt.size, 1u << 30);
  if (!sizeSyntax) return spdlog::error("{}", sizeSyntax.error().message), kExitUsage;
  auto camera = render::parseCameraSpec(opt.flags.show.camera, city, double(sizeSyntax->width) / sizeSyntax->height);
  if (!camera) return spdlog::error("{}", camera.error().message), kExitUsage;
  if (auto writable = io::checkWritable(opt.out); !writable)
    return spdlog::error("{}", writable.error().message), kExitFailure;
  auto scenario = scenarioLogged(opt.flags.show.scenario, *loaded);
  if (!scenario) return spdlog::error("{}", scenario.error().message), kExitFailure;
  auto live = liveOverlays(city, opt.flags.show, opt.scene, !presentation->kpiCards.empty(), scenario->scenario);
  if (!live) return live.error();

  auto ctx = gpu::Context::create(common.contextOptions());
  if (!ctx) return spdlog::error("{}", ctx.error().message), kExitFailure;
  gpu::Context& c = **ctx;
  auto size = parseSize(opt.size, c.deviceReport().maxImageDimension2D);
  if (!size) return spdlog::error("{}", size.error().message), kExitUsage;
  int code = kExitOk;
  {
    auto t0 = std::chrono::steady_clock::now();
    Still still = renderStill(c, city, opt, *camera, *live, *presentation, *size);
    auto t1 = std::chrono::steady_clock::now();
    io::ImageWriter writer;  // PNG encoding runs on the writer's thread
    Result<> written = writer.write(opt.out, io::RgbaImage{size->width, size->height, std::move(still.rgba)}).get();
    if (!written) {
      spdlog::error("{}", written.error().message);
      code = kExitFailure;
    } else {
      spdlog::info("wrote {} ({}x{}, {} buildings, {} triangles, {}x MSAA, {:.0f} ms to first frame)", opt.out,
                   size->width, size->height, city.buildings.size(), still.stats.triangles, still.samples,
                   std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  }
  c.waitIdle();
  return finish(c, code);
}

int runValidate(const CommonOptions& common, const std::string& scenePath) {
  auto loaded = io::loadScene(scenePath, {common.modelCacheDir()});
  if (!loaded) {
    std::printf("error: %s\n", loaded.error().message.c_str());
    return kExitFailure;
  }
  const scene::CityModel& city = loaded->city;
  std::printf("Scene:   %s (%s)\n", city.name.c_str(), scenePath.c_str());
  std::printf("Origin:  %.6f, %.6f (lat, lon, WGS 84), %.1f m\n", city.origin.latDeg, city.origin.lonDeg,
              city.origin.heightM);
  for (const std::string& w : loaded->warnings) std::printf("  warning: %s\n", w.c_str());
  for (size_t i = 0; i < loaded->layers.size(); ++i) {
    const io::LayerReport& l = loaded->layers[i];
    if (!l.error.empty()) {
      std::printf("Layer %zu: %s\n  ERROR: %s\n", i + 1, l.source.c_str(), l.error.c_str());
      continue;
    }
    std::printf("Layer %zu: %s (%s): %zu read, %zu buildings, %zu triangles, %zu repaired, %zu skipped, %.3f s\n",
                i + 1, l.source.c_str(), l.kind.c_str(), l.items, l.buildings, l.triangles, l.repaired, l.skipped,
                l.seconds);
    for (const std::string& w : l.warnings) std::printf("  warning: %s\n", w.c_str());
    if (l.warningsDropped) std::printf("  … and %zu more warnings\n", l.warningsDropped);
  }
  const scene::EntitySet& e = city.entities;
  double mw = 0;
  for (const auto& d : e.dataCentres) mw += d.proposed ? 0 : d.capacityMW;
  std::printf("Entities: %zu 5G sites, %zu AI cameras, %zu data centres (%.1f MW existing capacity)\n",
              e.sites5g.size(), e.cameras.size(), e.dataCentres.size(), mw);
  size_t proposed = 0;
  for (const auto& b : city.buildings) proposed += b.status == scene::BuildingStatus::Proposed;
  std::printf("Buildings: %zu (%zu proposed), %zu triangles\n", city.buildings.size(), proposed,
              city.geometry.triangleCount());
  if (city.boundsEnu.valid())
    std::printf("Bounds:  %.0f x %.0f m, up to %.0f m high\n", city.boundsEnu.size().x, city.boundsEnu.size().y,
                city.boundsEnu.max.z);
  for (const auto& b : city.bookmarks) std::printf("Bookmark: %s\n", b.name.c_str());
  std::printf("Loaded in %.3f s; %zu of %zu layers failed\n", loaded->seconds, loaded->failedLayers(),
              loaded->layers.size());
  return loaded->failedLayers() ? kExitFailure : kExitOk;
}

namespace {
// The window size is remembered between runs (windowed mode only).
std::string rememberedWindowSize() {
  std::ifstream in(io::configDir() / "window-size");
  std::string s;
  return (in >> s) && parseSize(s, 16384) ? s : std::string("1280x720");
}
void rememberWindowSize(uint32_t w, uint32_t h) {
  std::error_code ec;
  std::filesystem::create_directories(io::configDir(), ec);
  std::ofstream(io::configDir() / "window-size") << w << "x" << h << "\n";
}
}  // namespace

int runView(const CommonOptions& common, const ViewOptions& opt) {
  auto presentation = opt.flags.presentation(opt.viewer.uiScale);
  if (!presentation) return spdlog::error("{}", presentation.error().message), kExitUsage;
  auto size = parseSize(opt.size.empty() ? rememberedWindowSize() : opt.size, 16384);
  if (!size) return spdlog::error("{}", size.error().message), kExitUsage;
  if (opt.vsync != "on" && opt.vsync != "off") return spdlog::error("--vsync must be on or off"), kExitUsage;
  if (!opt.screenshot.empty() && opt.viewer.frames == 0)
    return spdlog::error("--screenshot needs --frames N (the frame to save)"), kExitUsage;
  auto loaded = loadSceneLogged(opt.scene, common);
  if (!loaded) return spdlog::error("{}", loaded.error().message), kExitFailure;
  auto scenario = scenarioLogged(opt.flags.show.scenario, *loaded);
  if (!scenario) return spdlog::error("{}", scenario.error().message), kExitFailure;
  viewer::ViewerOptions vo = opt.viewer;
  vo.show = opt.flags.resolved();
  vo.presentation = *presentation;
  vo.feeds = loaded->feeds;
  vo.scenario = scenario->scenario;
  if (!opt.tour.empty()) {
    auto tour = tourNamed(*scenario, opt.tour);
    if (!tour) return spdlog::error("{}", tour.error().message), kExitUsage;
    vo.tour = std::move(*tour);
  }
  vo.width = size->width;
  vo.height = size->height;
  vo.vsync = opt.vsync == "on";
  vo.screenshot = opt.screenshot;
  vo.context = common.contextOptions();
  vo.uiIniFile = io::configDir() / "imgui.ini";
  vo.userFile = io::userFileFor(opt.scene);
  if (opt.selectAt.size() == 2) vo.selectAt = glm::dvec2(opt.selectAt[0], opt.selectAt[1]);
  vo.stop = &installStopSignals();  // Ctrl-C and SIGTERM close the window as Esc does
  auto created = viewer::Viewer::create(vo, loaded->city);
  if (!created) return spdlog::error("{}", created.error().message), kExitFailure;
  auto validation = (*created)->validationCounter();
  auto r = (*created)->run();
  created->reset();  // the whole viewer goes first: messages at its teardown count too
  if (!r) return spdlog::error("{}", r.error().message), kExitFailure;
  if (!vo.fullscreen && r->lastWidth && r->lastHeight) rememberWindowSize(r->lastWidth, r->lastHeight);
  spdlog::info("viewer: {} frames, frame {:.1f} ms median ({:.1f} p95), present {:.2f} ms median", r->frames,
               r->frameMsMedian, r->frameMsP95, r->presentMsMedian);
  spdlog::info(
      "viewer: while live layers computed: {} frames, {:.1f} ms median ({:.1f} p95); otherwise {:.1f} ms median "
      "({:.1f} p95)",
      r->framesBusy, r->frameMsMedianBusy, r->frameMsP95Busy, r->frameMsMedianIdle, r->frameMsP95Idle);
  if (common.validation && validation->messages.load() > 0) {
    spdlog::error("Vulkan validation reported {} message(s)", validation->messages.load());
    return kExitValidation;
  }
  return kExitOk;
}

namespace {

// The sim time `kpi` reports: --at; a replay's last moment; live, now (whole seconds, so
// `kpi --replay --at` can name the same moment).
std::expected<twin::SimTime, int> kpiTime(const KpiOptions& opt, const viewer::LiveSession& session, bool live) {
  auto t = viewer::parseAt(opt.show.at);
  if (!t) return stop(kExitUsage, t.error().message);
  if (*t) return **t;
  if (const feeds::Replay* r = session.replay()) return r->range().second;
  if (live) return std::floor(twin::wallClockNow());
  return stop(kExitUsage,
              "--at: a sim time is needed, e.g. 2026-06-01T15:00:00+07:00 (or --replay FILE, or a scene with feeds "
              "to go live)");
}

// Live: gathers the feeds' messages for --listen seconds, saying how it goes.
void listen(viewer::LiveSession& session, double seconds) {
  spdlog::info("listening to the feeds for {:.0f} s", seconds);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    session.feeds()->queue().drainInto(session.layers().state());
  }
  for (const feeds::FeedHealth& h : session.feedHealth())
    spdlog::info("feed '{}' ({}): {}, {} messages, {} refused", h.name, h.broker, h.status, h.messages,
                 h.malformed + h.unknownEntity);
}

// The drive-test layer counts its KPIs as the coverage layer does; --calibrate turns its
// calibration on (the scene's "calibrate" may have already).
Result<> setDriveTestProps(layers::LiveLayers& lv, const KpiOptions& opt) {
  layers::DriveTestLayer* dt = lv.driveTest();
  if (!dt) return opt.calibrate ? fail("--calibrate needs a drive_test layer in the scene") : Result<>{};
  for (auto [key, value] : {std::pair{"threshold_dbm", opt.thresholdDbm}, {"cell_m", opt.cellM}})
    if (auto set = dt->setProp(key, value); !set) return set;
  if (opt.calibrate) return dt->setProp("calibrate", 1);
  return {};
}

}  // namespace

int runKpi(const CommonOptions& common, const KpiOptions& opt) {
  if (auto at = viewer::parseAt(opt.show.at); !at) return spdlog::error("{}", at.error().message), kExitUsage;
  auto loaded = loadSceneLogged(opt.scene, common);
  if (!loaded) return spdlog::error("{}", loaded.error().message), kExitFailure;
  // Live when there is no other time to report: the scene's feeds, at the wall clock.
  const bool live = opt.show.at.empty() && opt.show.replay.empty() && !loaded->feeds.empty();
  auto scenario = scenarioLogged(opt.show.scenario, *loaded);
  if (!scenario) return spdlog::error("{}", scenario.error().message), kExitFailure;
  auto session =
      viewer::LiveSession::create(loaded->city, opt.show, {loaded->feeds, live, nullptr, scenario->scenario});
  if (!session)
    return spdlog::error("{}", session.error().message), opt.show.replay.empty() ? kExitUsage : kExitFailure;
  layers::LiveLayers& lv = (*session)->layers();
  for (auto [key, value] : {std::pair{"threshold_dbm", opt.thresholdDbm}, {"cell_m", opt.cellM}})
    if (auto set = lv.coverage().setProp(key, value); !set) return spdlog::error("{}", set.error().message), kExitUsage;
  if (auto ok = setDriveTestProps(lv, opt); !ok)
    return spdlog::error("{}: {}", opt.scene, ok.error().message), kExitUsage;
  const std::string reliability = opt.reliabilityPct ? fmt::format("{} %", opt.reliabilityPct) : "median";
  for (auto [key, choice] : {std::pair{"o2i", opt.o2i}, {"model", opt.model}, {"reliability", reliability}})
    if (auto set = choice.empty() ? Result<>{} : lv.coverage().setPropChoice(key, choice); !set)
      return spdlog::error("{}", set.error().message), kExitUsage;
  if (live) listen(**session, opt.listenS);
  auto t = kpiTime(opt, **session, live);
  if (!t) return t.error();
  auto t0 = std::chrono::steady_clock::now();
  lv.finish(*t);
  nlohmann::json out = kpiJson(lv.kpis(*t), loaded->city.entities);
  out["scene"] = loaded->city.name;
  out["seed"] = lv.simulator().seed();
  out["compute_ms"] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (live) out["feeds"] = feedHealthJson((*session)->feedHealth());
  if (const feeds::Replay* r = (*session)->replay()) out["replay"] = replayJson(*r, opt.show.replay);
  std::cout << out.dump(2) << "\n";
  return reportLayerErrors(lv, opt.scene) ? kExitFailure : kExitOk;
}

int runRecord(const CommonOptions& common, const RecordOptions& opt) {
  auto broker = viewer::parseBrokerOption(opt.broker);
  if (!broker) return spdlog::error("{}", broker.error().message), kExitUsage;
  auto loaded = loadSceneLogged(opt.scene, common);
  if (!loaded) return spdlog::error("{}", loaded.error().message), kExitFailure;
  if (loaded->feeds.empty())
    return spdlog::error("{}: the scene has no feeds to record (see 'feeds' in docs/scene-format.md)", opt.scene),
           kExitUsage;
  auto scenario = scenarioLogged(opt.scenario, *loaded);
  if (!scenario) return spdlog::error("{}", scenario.error().message), kExitFailure;
  auto names = std::make_shared<twin::Registry>();
  const std::vector<feeds::FeedSpec> specs = feeds::withBroker(loaded->feeds, *broker);
  feeds::RecordingInfo info{loaded->city.name, opt.seed.value_or(scenario->scenario->seed),
                            scenario->scenario->utcOffsetMinutes, twin::formatIsoTime(twin::wallClockNow(), 0)};
  auto recorder = feeds::Recorder::create(opt.out, specs, info, names);
  if (!recorder) return spdlog::error("{}", recorder.error().message), kExitFailure;
  const std::atomic<bool>& stop = installStopSignals();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  {
    feeds::FeedHub hub(specs, loaded->city.entities, names, {std::nullopt, 1 << 20, recorder->get()});
    double nextReport = 10;
    while (!stop && (opt.durationS <= 0 || elapsed() < opt.durationS)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      hub.queue().discard();  // the updates are recorded (with their messages); no layer reads them here
      if (elapsed() < nextReport) continue;
      nextReport += 10;
      feeds::RecorderStats st = (*recorder)->stats();
      spdlog::info("record: {} messages written to {} ({} dropped, {} lost to write errors){}", st.written, opt.out,
                   st.dropped, st.failed, st.error.empty() ? "" : ", error: " + st.error);
      for (const feeds::FeedHealth& h : hub.health()) spdlog::info("feed '{}': {}", h.name, h.status);
    }
  }
  const feeds::RecorderStats lastStats = (*recorder)->close();  // commits what is queued; final counts
  spdlog::info("record: stopped after {:.1f} s; {} holds {} messages ({} dropped, {} lost to write errors)", elapsed(),
               opt.out, lastStats.written, lastStats.dropped, lastStats.failed);
  if (!lastStats.error.empty() || lastStats.failed > 0) {
    spdlog::error("record: {}: {}", opt.out, lastStats.error.empty() ? "messages were lost" : lastStats.error);
    return kExitFailure;
  }
  return kExitOk;
}

namespace {
int runVideoBench(const BenchOptions& opt) {
  auto size = parseSize(opt.videoSize, 16384);
  if (!size) return spdlog::error("{}", size.error().message), kExitUsage;
  bench::VideoBenchOptions vo;
  vo.image = opt.videoImage;
  vo.width = size->width;
  vo.height = size->height;
  vo.frames = opt.videoFrames;
  vo.crf = opt.crf;
  vo.presets = opt.presets;
  vo.outDir = opt.videoOut;
  auto r = bench::runVideoBench(vo, std::cout);
  if (!r) return spdlog::error("{}", r.error().message), kExitFailure;
  return kExitOk;
}
}  // namespace

// The soak's verdict on a --stats file; fails naming each series that keeps growing.
int runSoakReport(const std::string& statsFile) {
  auto report = bench::analyseSoak(statsFile);
  if (!report) return spdlog::error("{}", report.error().message), kExitFailure;
  bench::printSoakReport(*report, std::cout);
  std::cout.flush();
  for (const std::string& key : report->growing)
    spdlog::error("soak: {} keeps growing in the second half of the run (see the table)", key);
  return report->growing.empty() ? kExitOk : kExitFailure;
}

int runBench(const CommonOptions& common, const BenchOptions& opt) {
  if (!opt.soakReport.empty()) return runSoakReport(opt.soakReport);
  if (opt.video) return runVideoBench(opt);
  if (opt.feeds) {
    bench::FeedBenchOptions fo;
    fo.broker = opt.broker;
    fo.messages = opt.messages;
    fo.recordingHours = opt.recordingHours;
    auto r = bench::runFeedBench(fo, std::cout);
    if (!r) return spdlog::error("{}", r.error().message), kExitFailure;
    return kExitOk;
  }
  if (opt.layers) {
    auto loaded = loadSceneLogged(opt.scene.empty() ? "demo" : opt.scene, common);
    if (!loaded) return spdlog::error("{}", loaded.error().message), kExitFailure;
    bench::LayersBenchOptions lo;
    lo.cellM = opt.cellM;
    lo.naiveStride = opt.naiveStride;
    auto r = bench::runLayersBench(loaded->city, lo, std::cout);
    if (!r) return spdlog::error("{}", r.error().message), kExitFailure;
    return kExitOk;
  }
  if (!opt.load.empty()) {
    auto r = bench::runLoadBench(opt.load, common.modelCacheDir(), common.contextOptions(), std::cout);
    if (!r) return spdlog::error("{}", r.error().message), kExitFailure;
    return kExitOk;
  }
  bench::RenderBenchOptions bo;
  bo.scene = opt.scene;
  bo.camera = opt.camera;
  bo.cacheDir = common.modelCacheDir();
  bo.context = common.contextOptions();
  bo.buildingCounts = opt.buildings;
  bo.msaaSamples = opt.msaa;
  bo.frames = opt.frames;
  bo.sizes.clear();
  for (const std::string& s : opt.sizes) {
    auto e = parseSize(s, 16384);
    if (!e) return spdlog::error("{}", e.error().message), kExitUsage;
    bo.sizes.push_back(*e);
  }
  for (uint32_t n : opt.buildings)
    if (n == 0) return spdlog::error("--buildings: counts must be positive"), kExitUsage;
  auto r = bench::runRenderBench(bo, std::cout);
  if (!r) {
    spdlog::error("{}", r.error().message);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace ts::app
