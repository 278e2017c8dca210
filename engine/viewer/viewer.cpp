#include "viewer/viewer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "gpu/frame_ring.h"
#include "io/bookmark_list.h"
#include "io/png.h"
#include "platform/window.h"
#include "render/building_style.h"
#include "render/camera_spec.h"
#include "render/city_mesh.h"
#include "render/frame_builder.h"
#include "render/renderer.h"
#include "render/swapchain_target.h"
#include "twin/sim_clock.h"
#include "twin/timeline.h"
#include "ui/inspector.h"
#include "ui/live_panel.h"
#include "ui/timeline_bar.h"
#include "ui/tour_presentation.h"
#include "ui/ui_layer.h"
#include "viewer/command_keys_handler.h"
#include "viewer/flight_handler.h"
#include "viewer/fly_handler.h"
#include "viewer/frame_timer.h"
#include "viewer/live_session.h"
#include "viewer/orbit_handler.h"
#include "viewer/pick_handler.h"
#include "viewer/screenshot_handler.h"
#include "viewer/stats_log.h"
#include "viewer/timeline_keys_handler.h"
#include "viewer/tour_driver.h"
#include "viewer/walk_handler.h"

namespace ts::viewer {

namespace {

// The clock: live on the wall clock, or playing from --at (a replay: its start) at --speed.
twin::SimClock makeClock(std::optional<twin::SimTime> at, double speed, const feeds::Replay* replay) {
  twin::SimClock clock(twin::wallClockNow());
  if (!at && replay) at = replay->range().first;
  if (!at) {
    clock.goLive(twin::wallClockNow());
    return clock;
  }
  clock.jump(*at);
  clock.playback(speed);
  clock.pause(speed == 0);
  return clock;
}

// The bookmarks: the user file's when it can be read; a broken one is reported and left
// alone, and the scene's own are shown (not saved over it).
io::BookmarkList loadBookmarks(const scene::CityModel& city, const std::filesystem::path& userFile) {
  auto list = io::BookmarkList::load(city.bookmarks, userFile);
  if (!list) {
    spdlog::error("{} (the scene's own bookmarks are shown; the file is left as it is)", list.error().message);
    return io::BookmarkList(city.bookmarks, {});
  }
  if (!userFile.empty() && std::filesystem::exists(userFile)) spdlog::info("bookmarks from {}", userFile.string());
  return std::move(*list);
}

// A tour playing in the window: the driver (the tour's clock), each stop's overlays, and
// what the last frame applied.
struct TourPlayback {
  scenario::Tour tour;  // looping
  twin::SimTime start;  // for a first stop without a time
  double aspect;        // the frames the player's cameras are framed for
  TourDriver driver;
  std::vector<ui::Presentation> stops;
  render::Camera camera;                                // this frame's
  std::optional<std::vector<std::string>> layersShown;  // none: not applied yet
};

// Everything about a tour that can be wrong is found before the window opens: a stop's
// camera, KPI cards or layers; errors name the tour and the stop.
Result<std::unique_ptr<TourPlayback>> prepareTour(scenario::Tour tour, const scene::CityModel& city, double aspect,
                                                  twin::SimTime start, const layers::LiveLayers& live, float uiScale) {
  tour.loop = true;  // a wall plays it until the window closes
  if (auto ok = checkTourLayers(tour, live); !ok) return std::unexpected(ok.error());
  auto stops = ui::tourPresentations(tour, uiScale);
  if (!stops) return std::unexpected(stops.error());
  auto player = scenario::TourPlayer::create(tour, city, aspect, start);
  if (!player) return std::unexpected(player.error());
  spdlog::info("tour: '{}', {} stops, {:.0f} s a lap, looping", tour.name, tour.stops.size(), player->duration());
  TourDriver driver(std::move(*player));
  return std::make_unique<TourPlayback>(
      TourPlayback{std::move(tour), start, aspect, std::move(driver), std::move(*stops), {}, std::nullopt});
}

}  // namespace

// Everything the viewer holds, in the order it is built (and the reverse of the order it
// goes: the panels before the device, the surface before the window).
struct Viewer::Parts {
  ViewerOptions options;
  const scene::CityModel& city;
  twin::SimClock clock;
  twin::Timeline timeline;  // plays the clock
  std::unique_ptr<LiveSession> session;
  layers::LiveLayers* live = nullptr;  // the session's
  std::unique_ptr<platform::Window> window;
  std::unique_ptr<gpu::Context> ctx;
  std::unique_ptr<render::SwapchainTarget> target;
  std::unique_ptr<render::Renderer> renderer;
  std::unique_ptr<gpu::FrameRing> ring;
  std::unique_ptr<ui::UiLayer> ui;
  std::unique_ptr<ui::Inspector> inspector;
  std::unique_ptr<ui::LivePanel> livePanel;
  std::unique_ptr<ui::TimelineBar> timelineBar;
  Picker picker;
  render::StylePipeline styles;
  ViewState state;
  std::vector<std::unique_ptr<InputHandler>> handlers;
  ScreenshotHandler* screenshots = nullptr;  // one of the handlers
  ui::Presentation presentation;             // the overlays shown (a tour's: its stop's)
  std::unique_ptr<TourPlayback> tour;        // null: no tour
  std::unique_ptr<StatsLog> stats;           // null: no --stats
  double simElapsedS = 0;                    // sim seconds played forwards (a loop's wrap aside)
  twin::SimTime lastSimTime = 0;

  // This frame.
  FrameInput in;
  scene::OverlayDraw overlays;
  render::SceneView view;
  bool layersBusy = false, capture = false, submitted = false;
  // Frame statistics.
  uint64_t frames = 0;
  FrameTimer timer;
  std::chrono::steady_clock::time_point lastFrameTime = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point lastPollTime = lastFrameTime;  // the last frame's start
  const std::chrono::steady_clock::time_point wallStart = std::chrono::steady_clock::now();

  Parts(const ViewerOptions& o, const scene::CityModel& c, twin::SimClock clk, twin::TimelineSource source,
        const render::Camera& start)
      : options(o),
        city(c),
        clock(clk),
        timeline(clock, source),
        picker(c),
        styles(c, uint32_t(picker.markers().size())),
        state(start),
        presentation(o.presentation) {}
};

Result<std::unique_ptr<Viewer>> Viewer::create(const ViewerOptions& opt, const scene::CityModel& city) {
  if (!opt.screenshot.empty())
    if (auto w = io::checkWritable(opt.screenshot); !w) return std::unexpected(w.error());
  const double aspect = double(opt.width) / double(std::max(1u, opt.height));
  if (auto c = render::parseCameraSpec(opt.show.camera, city, aspect); !c) return std::unexpected(c.error());
  auto at = parseAt(opt.show.at);
  if (!at) return std::unexpected(at.error());
  // The layers' work must not slow the frames down: half the cores, low priority.
  layers::setBackgroundPolicy({int(std::max(1u, std::thread::hardware_concurrency() / 2)), true});
  const bool goLive = !*at && opt.show.replay.empty() && !opt.tour;
  std::unique_ptr<StatsLog> stats;
  if (!opt.stats.empty()) {
    auto opened = StatsLog::open(opt.stats, opt.statsIntervalS);
    if (!opened) return std::unexpected(opened.error());
    stats = std::move(*opened);
  }
  const bool connect = goLive || (opt.feedsInPlayback && opt.show.replay.empty());
  auto session = LiveSession::create(city, opt.show, {opt.feeds, connect, nullptr, opt.scenario});
  if (!session) return std::unexpected(session.error());
  if (opt.loop && (!*at || (*session)->layers().simulator().scenario().source.empty()))
    return fail("--loop needs --at and a scenario to play in a loop (the scene's, or --scenario FILE)");
  std::unique_ptr<TourPlayback> tour;
  if (opt.tour) {
    const twin::SimTime start = (*at).value_or((*session)->layers().simulator().scenario().start);
    auto prepared = prepareTour(*opt.tour, city, aspect, start, (*session)->layers(), opt.uiScale);
    if (!prepared) return std::unexpected(prepared.error());
    tour = std::move(*prepared);
  }

  platform::WindowOptions wo{"Twinscape — " + city.name, opt.width, opt.height, opt.fullscreen, opt.monitor};
  auto window = platform::Window::create(wo);
  if (!window) return std::unexpected(window.error());
  gpu::ContextOptions co = opt.context;
  co.instanceExtensions = platform::Window::requiredInstanceExtensions();
  co.deviceExtensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
  co.presentCheck = platform::Window::presentationSupported;
  auto ctx = gpu::Context::create(co);
  if (!ctx) return std::unexpected(ctx.error());
  auto surface = (*window)->createSurface((*ctx)->instance());
  if (!surface) return std::unexpected(surface.error());
  // Framed for the window as it opened (fullscreen: the monitor's shape).
  VkExtent2D size = (*window)->framebufferSize();
  auto start = render::parseCameraSpec(opt.show.camera, city, double(size.width) / double(std::max(1u, size.height)));
  if (!start) return std::unexpected(start.error());

  const twin::TimelineSource source = (*session)->replay() ? twin::TimelineSource::Replay
                                      : goLive             ? twin::TimelineSource::LiveFeeds
                                                           : twin::TimelineSource::Scenario;
  // A tour's clock starts where the tour does.
  const auto clockAt = tour ? std::optional(tour->driver.player().at(0).time) : *at;
  auto parts = std::make_unique<Parts>(opt, city, makeClock(clockAt, opt.speed, (*session)->replay()), source, *start);
  parts->tour = std::move(tour);
  parts->stats = std::move(stats);
  parts->session = std::move(*session);
  parts->live = &parts->session->layers();
  if (opt.loop) {
    const twin::Scenario& sc = parts->live->simulator().scenario();
    parts->timeline.setLoopRange(sc.start, sc.end);
    parts->timeline.setLooping(true);
  }
  parts->window = std::move(*window);
  parts->ctx = std::move(*ctx);
  parts->target = std::make_unique<render::SwapchainTarget>(*parts->ctx, std::move(*surface), opt.vsync, 2);
  return std::unique_ptr<Viewer>(new Viewer(std::move(parts)));
}

Viewer::Viewer(std::unique_ptr<Parts> parts) : m_(std::move(parts)) {
  Parts& p = *m_;
  const ViewerOptions& o = p.options;
  (void)p.target->resize(p.window->framebufferSize());
  render::RendererOptions ro;
  ro.colorFormat = p.target->format();
  ro.msaaSamples = o.show.msaa;
  p.renderer = std::make_unique<render::Renderer>(*p.ctx, ro);
  p.renderer->setCity(render::buildCityMesh(p.city), p.city.textures);
  p.ring = std::make_unique<gpu::FrameRing>(*p.ctx, 2);
  p.ui = std::make_unique<ui::UiLayer>(*p.ctx, p.window->handle(), p.target->format(), p.target->minImageCount(),
                                       std::max(2u, p.target->imageCount()), ui::UiOptions{o.uiScale, o.uiIniFile});
  p.inspector = std::make_unique<ui::Inspector>(p.city, loadBookmarks(p.city, o.userFile), o.show.style);
  const int utcOffset = p.live->simulator().utcOffsetMinutes();
  p.livePanel = std::make_unique<ui::LivePanel>(p.city, *p.live, p.clock, utcOffset);
  p.livePanel->setFeedHealth([s = p.session.get()] { return s->feedHealth(); });
  p.timelineBar = std::make_unique<ui::TimelineBar>(
      p.timeline, utcOffset,
      [l = p.live](twin::SimTime from, twin::SimTime to) { return l->simulator().events(from, to); });
  // The order they see each frame's input: quit and mode keys first, then a flight (which
  // the mouse can interrupt), the camera modes, picking, screenshots. A tour holds the
  // camera: the mouse and the movement keys leave it alone (a tour is for an audience).
  p.handlers.push_back(std::make_unique<CommandKeysHandler>());
  TourDriver* tour = p.tour ? &p.tour->driver : nullptr;
  if (!o.kiosk) p.handlers.push_back(std::make_unique<TimelineKeysHandler>(p.timeline, utcOffset, tour));
  if (!tour) {
    p.handlers.push_back(std::make_unique<FlightHandler>());
    p.handlers.push_back(std::make_unique<OrbitHandler>(p.picker));
    p.handlers.push_back(std::make_unique<FlyHandler>());
    p.handlers.push_back(std::make_unique<WalkHandler>(p.city));
  }
  p.handlers.push_back(std::make_unique<PickHandler>(p.picker, !o.kiosk));
  auto screenshots = std::make_unique<ScreenshotHandler>(o.screenshot);
  p.screenshots = screenshots.get();
  p.handlers.push_back(std::move(screenshots));
}

Viewer::~Viewer() = default;

std::shared_ptr<const gpu::ValidationCounter> Viewer::validationCounter() const { return m_->ctx->validationCounter(); }

bool Viewer::advanceToNextFrame() {
  Parts& p = *m_;
  for (;;) {
    if (p.window->shouldClose() || p.state.quit || (p.options.stop && p.options.stop->load())) return false;
    const bool kiosk = p.options.kiosk;
    p.in = {};
    p.in.input = p.window->poll();
    // Time-based movement, capped after a stall; the first frame does not move. From the
    // last frame's start, not its present: present() ends just before this poll, so the
    // time since it is not the frame's.
    const auto pollTime = std::chrono::steady_clock::now();
    const double sinceLast = std::chrono::duration<double>(pollTime - p.lastPollTime).count();
    p.lastPollTime = pollTime;
    p.in.dtSeconds = p.frames == 0 ? 0.0 : std::min(0.25, sinceLast);
    p.in.extent = p.window->framebufferSize();
    p.in.uiWantsMouse = !kiosk && p.ui->wantsMouse();
    p.in.uiWantsKeyboard = !kiosk && p.ui->wantsKeyboard();
    p.in.lastFrame = p.options.frames && p.frames + 1 >= p.options.frames;
    if (p.options.selectAt && p.frames == 1) p.in.scriptedClick = p.options.selectAt;
    switch (p.target->resize(p.in.extent)) {
      case render::SwapchainTarget::Resize::NoArea:  // minimised: keys still count, nothing is drawn
        handleEvents();
        p.window->waitEvents();
        continue;
      case render::SwapchainTarget::Resize::Recreated:
        p.ui->swapchainRecreated(p.target->minImageCount());
        break;
      case render::SwapchainTarget::Resize::Unchanged:
        break;
    }
    return true;
  }
}

void Viewer::handleEvents() {
  for (auto& h : m_->handlers) h->handle(m_->in, m_->state);
}

namespace {

// The timeline's extent: a recording's range; a scenario's time range while the clock is
// in it; else the state held (live feeds: up to now).
std::pair<twin::SimTime, twin::SimTime> timelineExtent(const LiveSession& session, const twin::SimClock& clock) {
  if (const feeds::Replay* replay = session.replay()) return replay->range();
  const twin::Scenario& sc = session.layers().simulator().scenario();
  const twin::SimTime now = clock.now();
  if (clock.mode() == twin::SimClock::Mode::Playback && !sc.source.empty() && now >= sc.start && now <= sc.end)
    return {sc.start, sc.end};
  return session.layers().filledRange();
}

}  // namespace

void Viewer::update() {
  Parts& p = *m_;
  const double wallNow = twin::wallClockNow();
  const auto [begin, end] = timelineExtent(*p.session, p.clock);
  p.timeline.setRange(begin, end);
  p.timeline.advance(p.in.dtSeconds, wallNow);
  if (p.tour) followTour();
  if (p.frames > 0 && p.clock.now() > p.lastSimTime) p.simElapsedS += p.clock.now() - p.lastSimTime;
  p.lastSimTime = p.clock.now();
  if (p.options.syncLayers && p.frames == 0) p.live->finish(p.clock.now());
  p.live->update(p.clock.now());
  p.layersBusy = std::any_of(p.live->layers().begin(), p.live->layers().end(), [](auto& l) { return l->busy(); });
  p.live->select(p.state.selection.entity);
  p.overlays = p.live->draw(std::chrono::duration<double>(std::chrono::steady_clock::now() - p.wallStart).count());
  p.ui->newFrame();
  if (p.options.kiosk && p.options.fullscreen) p.ui->hideMouseCursor();  // a wall: the city and the overlays only
  if (!p.options.kiosk) drawPanels(wallNow);
  composeView();
}

// The tour's frame: its clock moves with the frame unless the timeline is paused (backwards
// when it plays backwards); the sim clock, the camera, the layers and the overlays follow.
void Viewer::followTour() {
  Parts& p = *m_;
  TourPlayback& t = *p.tour;
  const double aspect = double(p.in.extent.width) / double(std::max(1u, p.in.extent.height));
  if (aspect != t.aspect)  // framed for the window as it is (a resize, fullscreen)
    if (auto player = scenario::TourPlayer::create(t.tour, p.city, aspect, t.start)) {
      t.driver.setPlayer(std::move(*player));
      t.aspect = aspect;
    }
  const TourTick tick = t.driver.advance(p.in.dtSeconds, p.timeline.paused(), p.timeline.backwards());
  const scenario::TourFrame& f = tick.frame;
  p.clock.jump(f.time);
  t.camera = f.camera;
  p.state.rig = CameraRig(f.camera);  // picking and hovering see what is shown
  // Only when the stop changes them, so the Live panel's switches hold within a stop.
  if (t.layersShown != f.layers) {
    (void)p.live->show(f.layers);  // every id was checked before the window opened
    t.layersShown = f.layers;
  }
  p.presentation = t.stops[f.stop];
  if (!tick.reached) return;
  // At the stop's own time (when its hold starts), not this frame's, which is a little on.
  const scenario::TourPlayer& player = t.driver.player();
  const twin::SimTime arrived = player.at(player.holdStart(*tick.reached)).time;
  spdlog::info("tour: stop {}/{} \"{}\" at {}", *tick.reached + 1, t.stops.size(), f.shown->caption,
               twin::formatIsoTime(arrived, p.live->simulator().utcOffsetMinutes()));
}

namespace {

// The entity under the cursor: a marker, or a data centre's building.
std::optional<scene::EntityRef> hoveredEntity(const Picked& hovered, const scene::CityModel& city) {
  if (hovered.what.entity) return hovered.what.entity;
  const auto& dcs = city.entities.dataCentres;
  if (auto b = hovered.what.building)
    for (uint32_t i = 0; i < dcs.size(); ++i)
      if (dcs[i].buildingId == *b) return scene::EntityRef{scene::EntityKind::DataCentre, i};
  return std::nullopt;
}

}  // namespace

// The inspector and the Live panel; what they ask for goes to the view state.
void Viewer::drawPanels(double wallNow) {
  Parts& p = *m_;
  const render::Camera camera = p.state.rig.camera();
  const render::HeadingPitchRange hpr = camera.headingPitchRange();
  const gpu::AllocatorStats mem = p.ctx->allocator().stats();
  const render::FrameStats last = p.target->lastStats();
  ui::InspectorView v;
  v.stats = {float(p.timer.lastFrameMs()), last.drawCalls, last.triangles, mem.blockBytes + mem.dedicatedBytes,
             p.ctx->deviceReport().name};
  v.selection = p.state.selection;
  if (p.state.hovered.any()) v.hoveredName = p.state.hovered.name;
  if (auto e = hoveredEntity(p.state.hovered, p.city)) v.hoveredValues = p.live->feedValuesOf(*e, p.clock.now());
  v.cameraMode = p.state.rig.mode();
  v.currentView = {"", camera.targetEnu, hpr.headingDeg, hpr.pitchDeg, hpr.rangeM};
  ui::InspectorRequests requests = p.inspector->draw(v);
  p.livePanel->draw(p.state.selection, wallNow);
  p.timelineBar->draw(wallNow);
  if (p.state.helpShown) p.inspector->drawHelp(p.state.rig.mode());
  if (requests.flyTo) p.state.flyTo = requests.flyTo;
  if (requests.cameraMode) p.state.rig.switchTo(*requests.cameraMode);
}

// The frame's SceneView: the camera, the styles of what is chosen, selected, hovered and
// tinted, the layers' overlays and labels, and the UI over it all.
void Viewer::composeView() {
  Parts& p = *m_;
  // A tour's camera exactly as the tour's video frames have it.
  const render::Camera camera = p.tour ? p.tour->camera : p.state.rig.camera();
  // The layers' labels and the presentation overlays: the same call offscreen frames make.
  const ui::Presentation& shown = p.presentation;
  ui::PresentationInputs inputs;
  if (shown.any()) inputs = ui::presentationInputs(*p.live, p.city, p.clock.now(), !shown.kpiCards.empty());
  p.ui->drawOverlays(shown, inputs, camera, p.overlays.labels);
  render::StyleInputs styles;
  styles.choices = p.inspector->styleChoices();
  styles.selectedBuilding = p.state.selection.building;
  styles.hoveredBuilding = p.state.hovered.what.building;
  if (p.state.selection.entity) styles.selectedMarker = p.picker.markerOf(*p.state.selection.entity);
  styles.hoveredMarker = p.state.hovered.marker;
  styles.tints = p.overlays.tints;
  p.view = render::SceneView{camera, p.styles.update(styles), &p.overlays, p.ui.get()};
}

Result<> Viewer::recordAndSubmit() {
  Parts& p = *m_;
  p.capture = p.screenshots->wanted();
  auto submitted = p.target->recordAndSubmit(*p.ring, *p.renderer, p.view, p.capture);
  if (!submitted) return std::unexpected(submitted.error());
  p.submitted = *submitted;
  if (!p.submitted) p.ui->discardFrame();  // out of date: this frame is dropped
  return {};
}

void Viewer::present() {
  Parts& p = *m_;
  if (!p.submitted) return;
  const auto beforePresent = std::chrono::steady_clock::now();
  (void)p.target->present();  // false: out of date, rebuilt at the next resize()
  const auto now = std::chrono::steady_clock::now();
  ++p.frames;
  p.timer.frameDone(std::chrono::duration<double, std::milli>(now - p.lastFrameTime).count(),
                    std::chrono::duration<double, std::milli>(now - beforePresent).count(), p.layersBusy);
  p.lastFrameTime = now;
  if (p.stats) {
    p.stats->frameDone(p.timer.lastFrameMs());
    if (p.stats->dueNow() >= 0) sampleStats();
  }
  if (p.capture) {
    p.ctx->waitSerial(p.target->lastSerial());  // only when a screenshot was asked for
    render::ReadbackImage image = p.target->pixels();
    const VkExtent2D extent = image.extent();  // the frame's, even if the window was resized since
    p.screenshots->deliver(extent.width, extent.height, std::move(image).release());
  }
  if (p.in.lastFrame) p.window->requestClose();
}

// What a wall display holds, for --stats: memory, GPU allocations, descriptor sets, the
// feeds' totals and the live state's size.
void Viewer::sampleStats() {
  Parts& p = *m_;
  StatsSample s;
  s.simTimeS = p.clock.now();
  s.simElapsedS = p.simElapsedS;
  s.simTimeIso = twin::formatIsoTime(p.clock.now(), p.live->simulator().utcOffsetMinutes());
  s.rssBytes = residentBytes();
  const gpu::AllocatorStats mem = p.ctx->allocator().stats();
  s.vkAllocations = mem.allocationCount;
  s.vkBytes = mem.blockBytes + mem.dedicatedBytes;
  s.vkUsedBytes = mem.usedBytes + mem.dedicatedBytes;
  s.descriptorSets = p.ctx->liveDescriptorSets();
  s.frames = p.frames;
  for (const feeds::FeedHealth& h : p.session->feedHealth())
    s.feedMessages += h.messages, s.feedUpdates += h.updates, s.feedDropped += h.dropped;
  s.stateSeries = p.live->state().seriesCount();
  s.stateFeedSamples = p.live->state().feedSampleCount();
  p.stats->write(std::move(s));
}

Result<ViewerResult> Viewer::run() {
  while (advanceToNextFrame()) {
    handleEvents();
    update();
    if (auto r = recordAndSubmit(); !r) return std::unexpected(r.error());
    present();
  }
  if (auto written = m_->screenshots->finish(); !written) return std::unexpected(written.error());
  ViewerResult result = m_->timer.summary();
  result.frames = m_->frames;
  const VkExtent2D finalSize = m_->window->windowSize();
  result.lastWidth = finalSize.width;
  result.lastHeight = finalSize.height;
  // Where the clock ended, for scripts and tests that drive it with keys.
  spdlog::info("view: last sim time {}",
               twin::formatIsoTime(m_->clock.now(), m_->live->simulator().utcOffsetMinutes()));
  m_->ctx->waitIdle();
  return result;
}

}  // namespace ts::viewer
