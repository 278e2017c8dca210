#include "viewer/viewer.h"

#include <GLFW/glfw3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <glm/glm.hpp>
#include <thread>

#include "gpu/frame_ring.h"
#include "gpu/swapchain.h"
#include "gpu/transfer.h"
#include "io/png.h"
#include "io/user_file.h"
#include "layers/live_layers.h"
#include "layers/worker.h"
#include "platform/window.h"
#include "render/camera_modes.h"
#include "render/camera_spec.h"
#include "render/city_mesh.h"
#include "render/orbit_controller.h"
#include "render/renderer.h"
#include "scene/entity_markers.h"
#include "twin/sim_clock.h"
#include "ui/inspector.h"
#include "ui/live_panel.h"
#include "ui/ui_layer.h"

namespace ts::viewer {

namespace {

// RGBA8 from the swapchain's bytes (BGRA or RGBA).
std::vector<uint8_t> toRgba(const uint8_t* src, size_t pixels, VkFormat format) {
  std::vector<uint8_t> out(src, src + pixels * 4);
  if (format == VK_FORMAT_B8G8R8A8_SRGB || format == VK_FORMAT_B8G8R8A8_UNORM)
    for (size_t i = 0; i < out.size(); i += 4) std::swap(out[i], out[i + 2]);
  for (size_t i = 3; i < out.size(); i += 4) out[i] = 255;
  return out;
}

// The world ray through a window pixel.
std::pair<glm::vec3, glm::vec3> pixelRay(const render::Camera& cam, VkExtent2D extent, double x, double y) {
  float aspect = float(extent.width) / float(extent.height);
  glm::mat4 inv = glm::inverse(cam.viewProjection(aspect));
  glm::vec2 ndc(float(2.0 * x / extent.width - 1.0), float(2.0 * y / extent.height - 1.0));
  glm::vec4 p = inv * glm::vec4(ndc, 0.5f, 1.0f);
  return {cam.eyeEnu, glm::normalize(glm::vec3(p) / p.w - cam.eyeEnu)};
}

}  // namespace

Result<ViewerResult> runViewer(const ViewerOptions& opt, const scene::CityModel& city) {
  if (!opt.screenshot.empty())
    if (auto w = io::checkWritable(opt.screenshot); !w) return std::unexpected(w.error());
  auto startCamera = render::parseCameraSpec(opt.camera, city);
  if (!startCamera) return std::unexpected(startCamera.error());
  auto wallEpoch = [] {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  twin::SimClock clock(wallEpoch());
  if (opt.at.empty()) {
    clock.goLive(wallEpoch());
  } else {
    auto t = twin::parseIsoTime(opt.at);
    if (!t) return std::unexpected(Error{"--at: " + t.error().message});
    clock.jump(*t);
    clock.playback(opt.speed);
    clock.pause(opt.speed == 0);
  }
  layers::LiveLayersOptions lo;
  lo.simulator.seed = opt.seed;
  // The layers' work must not slow the frames down: half the cores, low priority.
  layers::setBackgroundPolicy({int(std::max(1u, std::thread::hardware_concurrency() / 2)), true});
  layers::LiveLayers live(city, lo);
  for (auto& l : live.layers())
    l->visible = opt.layers.empty() || std::find(opt.layers.begin(), opt.layers.end(), l->id()) != opt.layers.end();
  for (const std::string& id : opt.layers)
    if (id != "none" && !live.find(id))
      return std::unexpected(Error{"--layers: no layer '" + id + "' (there are coverage5g, cameras, datacentres)"});

  platform::WindowOptions wo;
  wo.title = "Twinscape — " + city.name;
  wo.width = opt.width;
  wo.height = opt.height;
  wo.fullscreen = opt.fullscreen;
  wo.monitor = opt.monitor;
  auto window = platform::Window::create(wo);
  if (!window) return std::unexpected(window.error());

  gpu::ContextOptions co = opt.context;
  co.instanceExtensions = platform::Window::requiredInstanceExtensions();
  co.deviceExtensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
  co.presentCheck = platform::Window::presentationSupported;
  auto ctx = gpu::Context::create(co);
  if (!ctx) return std::unexpected(ctx.error());
  gpu::Context& c = **ctx;
  auto surface = (*window)->createSurface(c.instance());
  if (!surface) return std::unexpected(surface.error());

  ViewerResult result;
  {
    gpu::Swapchain swapchain(c, *surface, opt.vsync, 2);
    bool haveImages = swapchain.recreate((*window)->framebufferSize());
    render::RendererOptions ro;
    ro.colorFormat = swapchain.format();
    ro.msaaSamples = opt.msaa;
    render::Renderer renderer(c, ro);
    render::CityMesh mesh = render::buildCityMesh(city);
    const uint32_t firstMarkerStyle = mesh.firstMarkerStyle;
    renderer.setCity(mesh, city.textures);
    mesh = {};  // uploaded: the CPU copy is not needed
    gpu::FrameRing ring(c, 2);
    render::OrbitController orbit = render::OrbitController::from(*startCamera);
    render::FlyController fly = render::FlyController::from(*startCamera);
    render::WalkController walk = render::WalkController::from(*startCamera);
    render::CameraTransition transition;
    enum class Mode { Orbit, Fly, Walk } mode = Mode::Orbit;
    render::Camera camera = *startCamera;
    bool help = false;
    bool leftWasDown = false;
    // Switching keeps the view where it is.
    auto switchMode = [&](int m) {
      if (m == 0) orbit = render::OrbitController::from(camera), mode = Mode::Orbit;
      if (m == 1) fly = render::FlyController::from(camera), mode = Mode::Fly;
      if (m == 2) walk = render::WalkController::from(camera), mode = Mode::Walk;
    };
    ui::UiOptions uo;
    uo.scale = opt.uiScale;
    uo.iniFile = opt.uiIniFile;
    ui::UiLayer ui(c, (*window)->handle(), swapchain.format(), swapchain.minImageCount(),
                   std::max(2u, swapchain.imageCount()), uo);
    ui::Inspector inspector(city);
    ui::LivePanel livePanel(city, live, clock, lo.simulator.utcOffsetMinutes);
    const auto wallStart = std::chrono::steady_clock::now();
    if (!opt.userFile.empty()) {
      auto user = io::readUserBookmarks(opt.userFile);
      if (!user) {
        spdlog::error("{} (the scene's own bookmarks are shown; the file is left as it is)", user.error().message);
      } else if (std::filesystem::exists(opt.userFile)) {
        inspector.setBookmarks(*user, opt.userFile);
        spdlog::info("bookmarks from {}", opt.userFile.string());
      } else {
        inspector.setBookmarks(city.bookmarks, opt.userFile);
      }
    }
    const std::vector<scene::MarkerBox> markers = scene::entityMarkers(city.entities);
    std::optional<uint32_t> highlightedMarker;
    // What is under a window pixel: the nearest building or equipment marker.
    struct Picked {
      std::optional<uint32_t> building;
      std::optional<scene::EntityRef> entity;
      std::string name;
    };
    auto pickAt = [&](const render::Camera& cam, double x, double y) {
      Picked p;
      auto [o, d] = pixelRay(cam, swapchain.extent(), x, y);
      auto building = city.raycast(o, d);
      if (auto entity = scene::pickEntity(markers, o, d, building ? building->distanceM : 1e30f)) {
        p.entity = entity->entity;
        const scene::EntitySet& e = city.entities;
        p.name = entity->entity.kind == scene::EntityKind::Site5G ? e.sites5g[entity->entity.index].name
                                                                  : e.cameras[entity->entity.index].name;
      } else if (building) {
        p.building = building->buildingId;
        p.name = city.buildings[building->buildingId].name;
      }
      return p;
    };
    auto pick = [&](const render::Camera& cam, double x, double y) {
      Picked p = pickAt(cam, x, y);
      // The selected marker is highlighted through its own style slot.
      if (highlightedMarker) renderer.setBuildingStyle(*highlightedMarker, {0, 0});
      highlightedMarker.reset();
      if (p.entity) {
        inspector.setSelectedEntity(p.entity);
        auto it = std::find_if(markers.begin(), markers.end(),
                               [&](const scene::MarkerBox& m) { return m.entity == *p.entity; });
        if (it != markers.end()) {
          highlightedMarker = firstMarkerStyle + uint32_t(it - markers.begin());
          renderer.setBuildingStyle(*highlightedMarker, {0, BUILDING_FLAG_HIGHLIGHT});
        }
        spdlog::info("selected {}: {}", p.entity->kind == scene::EntityKind::Site5G ? "5G site" : "AI camera", p.name);
      } else if (p.building) {
        inspector.setSelected(p.building);
        spdlog::info("selected building {}: {}", *p.building, p.name);
      } else {
        inspector.setSelected(std::nullopt);
        spdlog::info("selection cleared");
      }
    };
    render::FrameStats lastStats;
    std::vector<double> frameTimes, presentTimes, busyTimes, idleTimes;
    bool layersBusy = false;
    auto lastFrameTime = std::chrono::steady_clock::now();
    float frameMs = 0;
    gpu::Buffer readback;
    io::ImageWriter writer;
    std::vector<std::future<Result<>>> writes;
    bool recreate = false;
    uint32_t screenshotCounter = 0;

    while (!(*window)->shouldClose()) {
      platform::Input in = (*window)->poll();
      bool screenshotKey = false;
      const double dt = std::min(0.25, double(frameMs) / 1000.0);  // time-based, capped after a stall
      const bool uiHasKeys = !opt.kiosk && ui.wantsKeyboard();
      for (int key : in.keysPressed) {
        if (key == GLFW_KEY_ESCAPE) (*window)->requestClose();
        if (key == GLFW_KEY_F12) screenshotKey = true;
        if (uiHasKeys) continue;
        if (key == GLFW_KEY_H) help = !help;
        if (key >= GLFW_KEY_1 && key <= GLFW_KEY_3) switchMode(key - GLFW_KEY_1);
      }
      render::MoveIntent intent;
      if (!uiHasKeys) {
        auto axis = [&](int plus, int minus) {
          return float((*window)->keyDown(plus)) - float((*window)->keyDown(minus));
        };
        intent.forward = axis(GLFW_KEY_W, GLFW_KEY_S);
        intent.right = axis(GLFW_KEY_D, GLFW_KEY_A);
        intent.up = axis(GLFW_KEY_E, GLFW_KEY_Q);
        intent.fast = (*window)->keyDown(GLFW_KEY_LEFT_SHIFT) || (*window)->keyDown(GLFW_KEY_RIGHT_SHIFT);
      }
      const bool uiHasMouse = !opt.kiosk && ui.wantsMouse();
      if (!uiHasMouse && (in.left || in.right || in.middle || in.scroll != 0)) transition = {};  // the user takes over
      if (transition.active()) {
        camera = transition.advance(dt);
        if (!transition.active()) orbit = render::OrbitController::from(camera);
      } else if (mode == Mode::Orbit) {
        if (!uiHasMouse) {
          auto underCursor = [&]() -> std::optional<glm::vec3> {
            auto [o, d] = pixelRay(orbit.camera(), swapchain.extent(), in.mouseX, in.mouseY);
            if (auto hit = city.raycast(o, d)) return hit->pointEnu;
            if (d.z < -1e-3f) return o + d * (-o.z / d.z);  // the ground plane
            return std::nullopt;
          };
          // A drag starts by orbiting around the point under the cursor.
          if (in.left && !leftWasDown)
            if (auto p = underCursor()) orbit.retarget(*p);
          if (in.left) orbit.rotate(in.dragX, in.dragY);
          if (in.right || in.middle) orbit.pan(in.dragX, in.dragY, double(swapchain.extent().height));
          if (in.scroll != 0) {
            if (auto p = underCursor())
              orbit.zoomTowards(*p, in.scroll);
            else
              orbit.zoom(in.scroll);
          }
        }
        camera = orbit.camera();
      } else if (mode == Mode::Fly) {
        if (!uiHasMouse && in.left) fly.look(in.dragX, in.dragY);
        fly.move(intent, dt);
        camera = fly.camera();
      } else {
        if (!uiHasMouse && in.left) walk.look(in.dragX, in.dragY);
        walk.move(intent, dt, city);
        camera = walk.camera();
      }
      leftWasDown = in.left;
      if (!uiHasMouse && in.clicked) pick(camera, in.clickX, in.clickY);
      if (opt.selectAtX >= 0 && result.frames == 1) pick(camera, opt.selectAtX, opt.selectAtY);

      VkExtent2D size = (*window)->framebufferSize();
      if (size.width == 0 || size.height == 0) {  // minimised: draw nothing, wait
        (*window)->waitEvents();
        continue;
      }
      if (recreate || !haveImages || size.width != swapchain.extent().width ||
          size.height != swapchain.extent().height) {
        haveImages = swapchain.recreate(size);
        recreate = false;
        if (!haveImages) continue;
        ui.swapchainRecreated(swapchain.minImageCount());
      }

      VkCommandBuffer cmd = ring.begin();
      auto frame = swapchain.acquire(ring.slot());
      if (!frame) {  // out of date: submit the empty frame, rebuild, try again
        ring.submit();
        recreate = true;
        continue;
      }
      const bool lastFrame = opt.frames && result.frames + 1 >= opt.frames;
      const bool capture = screenshotKey || (lastFrame && !opt.screenshot.empty());
      VkExtent2D extent = swapchain.extent();
      render::FrameGraph graph;
      // The image comes from the presentation engine; the acquire semaphore is waited at
      // colour-attachment output, so the first barrier starts from that stage.
      render::ResourceId out = graph.importImage(
          "swapchain image", frame->image, VK_IMAGE_ASPECT_COLOR_BIT,
          {VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE}, true,
          render::Access::Present);
      // The live layers at the clock's time: their work runs on their own threads.
      clock.tick(dt, wallEpoch());
      if (opt.syncLayers && result.frames == 0) live.finish(clock.now());
      live.update(clock.now());
      layersBusy = false;
      for (const auto& l : live.layers()) layersBusy = layersBusy || l->busy();
      live.select(inspector.selectedEntity());
      const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
      layers::LayerDraw overlays = live.draw(wallSeconds);
      inspector.setTints(overlays.tints);
      inspector.applyStyles(renderer);
      lastStats = renderer.addScenePasses(graph, {out, frame->view, extent}, camera, ring.slot(), &overlays);
      ui.newFrame();
      if (!opt.kiosk) {
        std::optional<std::string> hovered;
        if (!ui.wantsMouse())
          if (Picked p = pickAt(camera, in.mouseX, in.mouseY); p.building || p.entity) hovered = p.name;
        {
          render::HeadingPitchRange hpr = camera.headingPitchRange();
          inspector.setCurrentView({"", camera.targetEnu, hpr.headingDeg, hpr.pitchDeg, hpr.rangeM});
        }
        gpu::AllocatorStats mem = c.allocator().stats();
        ui::FrameStatsView sv{frameMs, lastStats.drawCalls, lastStats.triangles, mem.blockBytes + mem.dedicatedBytes,
                              c.deviceReport().name};
        inspector.setCameraMode(int(mode));
        if (auto go = inspector.draw(sv, hovered)) {
          transition = render::CameraTransition(camera, render::cameraFromBookmark(*go), 1.5);
          mode = Mode::Orbit;
        }
        livePanel.draw(inspector.selectedEntity(), inspector.selected(), wallEpoch());
        if (help) inspector.drawHelp(mode == Mode::Orbit ? "orbit" : mode == Mode::Fly ? "fly" : "walk");
        switchMode(inspector.takeCameraModeRequest());  // the same switch as keys 1 / 2 / 3
      }
      ui::LivePanel::drawLabels(overlays.labels, camera.viewProjection(float(extent.width) / float(extent.height)),
                                float(extent.width), float(extent.height));
      ui.addPass(graph, out, frame->view, extent);
      if (capture) {
        VkDeviceSize bytes = VkDeviceSize(extent.width) * extent.height * 4;
        if (!readback || readback.size() != bytes)
          readback = gpu::Buffer(c, bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, gpu::MemoryUsage::Readback,
                                 "screenshot readback");
        VkImage image = frame->image;
        VkBuffer dst = readback.handle();
        graph.addPass(
            "screenshot",
            [&](render::FrameGraph::Builder& b) {
              b.read(out, render::Access::TransferSrc);
              b.sideEffect();
            },
            [image, dst, extent](VkCommandBuffer cb) { gpu::recordImageToBuffer(cb, image, extent, dst); });
      }
      if (auto ok = graph.compile(); !ok) return std::unexpected(ok.error());
      graph.execute(cmd);
      VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,         nullptr, frame->acquired, 0,
                                 VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, 0};
      VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, nullptr, frame->rendered, 0,
                                   VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,    0};
      uint64_t serial = ring.submit({&wait, 1}, {&signal, 1});
      auto tPresent = std::chrono::steady_clock::now();
      if (!swapchain.present(*frame)) recreate = true;
      ++result.frames;
      auto now = std::chrono::steady_clock::now();
      frameMs = std::chrono::duration<float, std::milli>(now - lastFrameTime).count();
      lastFrameTime = now;
      if (result.frames > 3) {
        frameTimes.push_back(frameMs);
        (layersBusy ? busyTimes : idleTimes).push_back(frameMs);
        presentTimes.push_back(std::chrono::duration<double, std::milli>(now - tPresent).count());
      }
      if (capture) {
        c.waitSerial(serial);  // only when a screenshot was asked for
        std::filesystem::path file =
            !screenshotKey
                ? opt.screenshot
                : std::filesystem::path("twinscape-screenshot-" + std::to_string(++screenshotCounter) + ".png");
        writes.push_back(
            writer.write(file, io::RgbaImage{extent.width, extent.height,
                                             toRgba(static_cast<const uint8_t*>(readback.mapped()),
                                                    size_t(extent.width) * extent.height, swapchain.format())}));
        spdlog::info("screenshot: {} ({}x{})", file.string(), extent.width, extent.height);
      }
      if (lastFrame) (*window)->requestClose();
    }
    for (auto& w : writes)
      if (auto r = w.get(); !r) return std::unexpected(r.error());
    auto quantile = [](std::vector<double> v, double q) {
      if (v.empty()) return 0.0;
      std::sort(v.begin(), v.end());
      return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))];
    };
    result.frameMsMedian = quantile(frameTimes, 0.5);
    result.frameMsP95 = quantile(frameTimes, 0.95);
    result.frameMsP95Busy = quantile(busyTimes, 0.95), result.frameMsMedianBusy = quantile(busyTimes, 0.5);
    result.frameMsP95Idle = quantile(idleTimes, 0.95), result.frameMsMedianIdle = quantile(idleTimes, 0.5);
    result.framesBusy = busyTimes.size();
    result.presentMsMedian = quantile(presentTimes, 0.5);
    VkExtent2D finalSize = (*window)->windowSize();
    result.lastWidth = finalSize.width;
    result.lastHeight = finalSize.height;
    c.waitIdle();
  }
  vkDestroySurfaceKHR(c.instance(), *surface, nullptr);
  result.validationMessages = c.validationMessageCount();
  return result;
}

}  // namespace ts::viewer
