#include "tour_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

#include "core/progress.h"
#include "io/png.h"
#include "render/building_style.h"
#include "scenario_options.h"
#include "twin/sim_clock.h"
#include "ui/presentation_renderer.h"
#include "ui/tour_presentation.h"
#include "video/frame_sink.h"
#include "viewer/live_session.h"
#include "viewer/tour_driver.h"

namespace ts::app {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Everything a tour needs before the GPU starts, checked in the order a user would fix it.
struct TourPlan {
  io::LoadedScene scene;
  scenario::ScenarioFile file;
  scenario::Tour tour;
  std::optional<scenario::TourPlayer> player;
  std::vector<ui::Presentation> presentations;  // by stop
  VkExtent2D size{};
  uint64_t frames = 0;
};

std::expected<TourPlan, int> planTour(const CommonOptions& common, const TourOptions& opt) {
  auto fail = [](int code, const std::string& message) {
    spdlog::error("{}", message);
    return std::unexpected(code);
  };
  auto size = parseSize(opt.size, 16384);
  if (!size) return fail(kExitUsage, size.error().message);
  if (!opt.renderOnly)
    if (auto kind = video::sinkKindFor(opt.out); !kind) return fail(kExitUsage, kind.error().message);
  TourPlan plan;
  plan.size = *size;
  auto loaded = loadSceneLogged(opt.scene, common);
  if (!loaded) return fail(kExitFailure, loaded.error().message);
  plan.scene = std::move(*loaded);
  auto file = scenarioLogged(opt.scenario, plan.scene);
  if (!file) return fail(kExitFailure, file.error().message);
  plan.file = std::move(*file);
  auto tour = tourNamed(plan.file, opt.tour);
  if (!tour) return fail(kExitUsage, tour.error().message);
  plan.tour = std::move(*tour);
  auto player = scenario::TourPlayer::create(plan.tour, plan.scene.city, double(size->width) / size->height,
                                             plan.file.scenario->start);
  if (!player) return fail(kExitUsage, player.error().message);
  plan.player = std::move(*player);
  auto presentations = ui::tourPresentations(plan.tour, opt.uiScale);
  if (!presentations) return fail(kExitUsage, presentations.error().message);
  plan.presentations = std::move(*presentations);
  // Frame i shows the tour at i / fps; the last frame is the tour's end exactly.
  plan.frames = uint64_t(std::ceil(plan.player->duration() * opt.fps - 1e-9)) + 1;
  return plan;
}

// The timings the command reports.
struct TourTimes {
  double layersMs = 0;  // the live layers brought to each frame's sim time
  double renderMs = 0;  // recording, the GPU and the readback, as the frame loop waited for them
  double wallMs = 0;
};

// Renders every frame, pipelined: frame i is submitted before frame i - 1's pixels are
// taken and handed to the sink (whose thread encodes while the GPU draws).
Result<TourTimes> renderTour(const TourPlan& plan, const TourOptions& opt, viewer::LiveSession& session,
                             ui::PresentationRenderer& renderer, video::FrameSink* sink) {
  TourTimes times;
  const Clock::time_point start = Clock::now();
  layers::LiveLayers& live = session.layers();
  const scenario::TourPlayer& player = *plan.player;
  std::vector<std::string> shownLayers{"?"};
  std::array<scene::OverlayDraw, 2> draws;  // the frame being recorded and the one before
  std::optional<ui::PresentationRenderer::Ticket> previous;
  size_t lastStop = SIZE_MAX;
  ProgressBar bar("tour " + plan.tour.name, plan.frames);
  auto deliver = [&](ui::PresentationRenderer::Ticket ticket) -> Result<> {
    const Clock::time_point t0 = Clock::now();
    std::vector<uint8_t> rgba = renderer.pixels(ticket).release();
    times.renderMs += msSince(t0);
    if (!sink) return {};
    return sink->push(io::RgbaImage{plan.size.width, plan.size.height, std::move(rgba)});
  };
  for (uint64_t i = 0; i < plan.frames; ++i) {
    const double t = i + 1 == plan.frames ? player.duration() : double(i) / opt.fps;
    const scenario::TourFrame f = player.at(t);
    if (f.stop != lastStop) {
      lastStop = f.stop;
      spdlog::info("tour: stop {}/{} at {} \"{}\"", f.stop + 1, plan.tour.stops.size(),
                   twin::formatIsoTime(player.at(player.holdStart(f.stop)).time, live.simulator().utcOffsetMinutes()),
                   f.shown->caption);
    }
    if (f.layers != shownLayers) {
      if (auto shown = live.show(f.layers); !shown) return fail("tour: " + shown.error().message);
      shownLayers = f.layers;
    }
    Clock::time_point t0 = Clock::now();
    live.finish(f.time);  // every frame shows its own moment, whatever the machine's speed
    scene::OverlayDraw& draw = draws[i % 2];
    draw = live.draw(0.25);  // markers as in a still: a video frame is the same whenever it is made
    const ui::Presentation& p = plan.presentations[f.stop];
    ui::PresentationFrame frame{f.camera, render::StyleChoices{}, &draw, p,
                                ui::presentationInputs(live, plan.scene.city, f.time, !p.kpiCards.empty())};
    times.layersMs += msSince(t0);
    t0 = Clock::now();
    const auto ticket = renderer.submit(frame);
    times.renderMs += msSince(t0);
    if (previous)
      if (auto pushed = deliver(*previous); !pushed) return std::unexpected(pushed.error());
    previous = ticket;
    bar.update(i + 1, "frame " + std::to_string(i + 1) + "/" + std::to_string(plan.frames));
    if (!ProgressBar::enabled() && (i + 1) % std::max<uint64_t>(1, plan.frames / 10) == 0)
      spdlog::info("tour: {} of {} frames", i + 1, plan.frames);
  }
  if (previous)
    if (auto pushed = deliver(*previous); !pushed) return std::unexpected(pushed.error());
  if (sink)
    if (auto done = sink->finish(); !done) return std::unexpected(done.error());
  times.wallMs = msSince(start);
  return times;
}

void reportTimes(const TourPlan& plan, const TourOptions& opt, const TourTimes& times, const video::FrameSink* sink) {
  const double n = double(plan.frames);
  spdlog::info(
      "tour: {} frames ({:.1f} s at {} fps, {}x{}) in {:.1f} s: {:.1f} ms/frame; live layers {:.1f} ms/frame, "
      "rendering {:.1f} ms/frame",
      plan.frames, n / opt.fps, opt.fps, plan.size.width, plan.size.height, times.wallMs / 1000, times.wallMs / n,
      times.layersMs / n, times.renderMs / n);
  if (!sink) return;
  const video::FrameSinkStats st = sink->stats();
  spdlog::info(
      "tour: encoding {:.1f} ms/frame on its own thread; the frame loop waited {:.1f} ms/frame for it; "
      "wrote {}",
      st.encodeMsPerFrame(), st.pushBlockedMs / n, opt.out);
}

}  // namespace

int runTour(const CommonOptions& common, const TourOptions& opt) {
  auto plan = planTour(common, opt);
  if (!plan) return plan.error();
  viewer::ShowOptions show;
  show.seed = opt.seed;
  viewer::LiveSources sources;
  sources.scenario = plan->file.scenario;
  auto session = viewer::LiveSession::create(plan->scene.city, show, sources);
  if (!session) return spdlog::error("{}", session.error().message), kExitFailure;
  if (auto ok = viewer::checkTourLayers(plan->tour, (*session)->layers()); !ok)
    return spdlog::error("{}", ok.error().message), kExitUsage;
  auto ctx = gpu::Context::create(common.contextOptions());
  if (!ctx) return spdlog::error("{}", ctx.error().message), kExitFailure;
  gpu::Context& c = **ctx;
  if (auto size = parseSize(opt.size, c.deviceReport().maxImageDimension2D); !size)
    return spdlog::error("{}", size.error().message), kExitUsage;
  std::unique_ptr<video::FrameSink> sink;
  if (!opt.renderOnly) {
    auto opened = video::openFrameSink(opt.out, {plan->size.width, plan->size.height, opt.fps});
    if (!opened) return spdlog::error("{}", opened.error().message), kExitFailure;
    sink = std::move(*opened);
  }
  spdlog::info("tour '{}': {} stops, {:.1f} s, {} frames at {} fps to {}", opt.tour, plan->tour.stops.size(),
               plan->player->duration(), plan->frames, opt.fps, opt.renderOnly ? "nowhere (--render-only)" : opt.out);
  int code = kExitOk;
  {
    ui::PresentationRenderer renderer(c, plan->scene.city, {plan->size, opt.msaa});
    auto times = renderTour(*plan, opt, **session, renderer, sink.get());
    if (!times) {
      spdlog::error("{}", times.error().message);
      code = kExitFailure;
    } else {
      reportTimes(*plan, opt, *times, sink.get());
      if (reportLayerErrors((*session)->layers(), opt.scene)) code = kExitFailure;
    }
  }
  c.waitIdle();
  return finish(c, code);
}

}  // namespace ts::app
