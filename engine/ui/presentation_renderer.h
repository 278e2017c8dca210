// Offscreen frames of a city with the presentation overlays over them: the one path a
// still (`twinscape render`) and every frame of a tour video take. It owns the renderer
// (the city uploaded once), the building styles, two offscreen targets and the UI (made on
// the first frame that draws any overlay; a frame without overlays is exactly the
// renderer's). The overlays are drawn by UiLayer::drawOverlays, as in the kiosk window.
//
// Frames are pipelined so that a caller can overlap the GPU with its own work (encoding):
// submit() records and queues a frame and returns at once; pixels() waits for that frame
// and copies its pixels out. Two frames may be outstanding: take a frame's pixels before
// the submit() two after it (later, they are gone: a logic error).
//
//     ui::PresentationRenderer r(ctx, city, {{1920, 1080}});
//     auto prev = r.submit(frameAt(0));
//     for (int i = 1; i < n; ++i) {
//       auto next = r.submit(frameAt(i));   // the GPU draws frame i ...
//       encoder.push(r.pixels(prev).release());  // ... while frame i - 1 is copied out and encoded
//       prev = next;
//     }
//     encoder.push(r.pixels(prev).release());
//
// One PresentationRenderer at a time in a process, and none beside a window's UiLayer
// (ImGui has one context).
#pragma once
#include <vulkan/vulkan.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "render/building_style.h"
#include "render/camera.h"
#include "render/readback_image.h"
#include "render/renderer.h"
#include "scene/city_model.h"
#include "scene/overlay_draw.h"
#include "ui/presentation.h"

namespace ts::gpu {
class Context;
class FrameRing;
}  // namespace ts::gpu
namespace ts::render {
class OffscreenTarget;
}

namespace ts::ui {

class UiLayer;

struct PresentationRendererOptions {
  VkExtent2D size{1920, 1080};                       // pixels of every frame
  uint32_t msaaSamples = 4;                          // clamped to what the device supports
  double sunAzimuthDeg = 135, sunElevationDeg = 50;  // the lighting
};

// One frame: the view of the city and what is drawn over it.
struct PresentationFrame {
  render::Camera camera;
  render::StyleChoices style;                    // colour by, proposed buildings shown
  const scene::OverlayDraw* overlays = nullptr;  // the live layers' drawing (their tints and labels too)
  Presentation presentation;                     // nothing: no UI, not even the layers' labels
  PresentationInputs inputs;                     // presentationInputs() at the frame's sim time
  double dtSeconds = 1.0 / 30;                   // since the previous frame (nothing shown depends on it)
};

class PresentationRenderer {
 public:
  using Ticket = uint64_t;

  PresentationRenderer(gpu::Context& ctx, const scene::CityModel& city, const PresentationRendererOptions& options);
  ~PresentationRenderer();
  PresentationRenderer(const PresentationRenderer&) = delete;
  PresentationRenderer& operator=(const PresentationRenderer&) = delete;

  // Records and submits `frame`; returns without waiting for the GPU.
  Ticket submit(const PresentationFrame& frame);
  // RGBA8 pixels of that frame, rows top first; waits for the GPU to finish it.
  render::ReadbackImage pixels(Ticket ticket);
  // The frame's statistics (draw calls, triangles).
  render::FrameStats stats(Ticket ticket) const;

  VkExtent2D size() const { return m_options.size; }
  uint32_t samples() const;  // MSAA as the device allowed it

 private:
  struct Slot;
  Slot& slotOf(Ticket ticket) const;

  gpu::Context& m_ctx;
  const scene::CityModel& m_city;
  PresentationRendererOptions m_options;
  std::unique_ptr<render::Renderer> m_renderer;
  std::unique_ptr<render::StylePipeline> m_styles;
  std::unique_ptr<gpu::FrameRing> m_ring;
  std::array<std::unique_ptr<Slot>, 2> m_slots;
  std::unique_ptr<UiLayer> m_ui;
  Ticket m_next = 0;
};

}  // namespace ts::ui
