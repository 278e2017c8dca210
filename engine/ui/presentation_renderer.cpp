#include "ui/presentation_renderer.h"

#include <stdexcept>

#include "gpu/context.h"
#include "gpu/frame_ring.h"
#include "render/city_mesh.h"
#include "render/offscreen.h"
#include "ui/ui_layer.h"

namespace ts::ui {

// A target and what it holds: frames alternate between two, so one can be drawn while
// the other's pixels are read.
struct PresentationRenderer::Slot {
  render::OffscreenTarget target;
  Ticket ticket = ~Ticket(0);  // the frame it holds; none yet
  render::OffscreenTarget::Frame frame;
  Slot(gpu::Context& ctx, VkExtent2D size, VkFormat format) : target(ctx, size, format) {}
};

PresentationRenderer::PresentationRenderer(gpu::Context& ctx, const scene::CityModel& city,
                                           const PresentationRendererOptions& options)
    : m_ctx(ctx), m_city(city), m_options(options) {
  render::RendererOptions ro;
  ro.msaaSamples = options.msaaSamples;
  m_renderer = std::make_unique<render::Renderer>(ctx, ro);
  m_renderer->lighting().sunAzimuthDeg = options.sunAzimuthDeg;
  m_renderer->lighting().sunElevationDeg = options.sunElevationDeg;
  const render::CityMesh mesh = render::buildCityMesh(city);
  m_renderer->setCity(mesh, city.textures);
  m_styles = std::make_unique<render::StylePipeline>(city, mesh.markerCount());
  m_ring = std::make_unique<gpu::FrameRing>(ctx, uint32_t(m_slots.size()));
  for (auto& slot : m_slots) slot = std::make_unique<Slot>(ctx, options.size, ro.colorFormat);
}

PresentationRenderer::~PresentationRenderer() { m_ctx.waitIdle(); }

uint32_t PresentationRenderer::samples() const { return uint32_t(m_renderer->samples()); }

PresentationRenderer::Slot& PresentationRenderer::slotOf(Ticket ticket) const {
  Slot& slot = *m_slots[ticket % m_slots.size()];
  if (slot.ticket != ticket)
    throw std::logic_error("PresentationRenderer: frame " + std::to_string(ticket) +
                           " is not held any more (take a frame's pixels before the submit two after it)");
  return slot;
}

PresentationRenderer::Ticket PresentationRenderer::submit(const PresentationFrame& f) {
  const Ticket ticket = m_next++;
  Slot& slot = *m_slots[ticket % m_slots.size()];
  render::StyleInputs styleInputs;
  styleInputs.choices = f.style;
  if (f.overlays) styleInputs.tints = f.overlays->tints;
  render::SceneView view{f.camera, m_styles->update(styleInputs), f.overlays, nullptr};
  if (f.presentation.any()) {
    // The same fonts, style and drawing as the window's UI, onto the offscreen format.
    if (!m_ui)
      m_ui = std::make_unique<UiLayer>(m_ctx, m_renderer->colorFormat(), m_ring->framesInFlight(), UiOptions{});
    m_ui->newFrame(m_options.size, f.dtSeconds);
    static const std::vector<scene::OverlayLabel> kNoLabels;
    m_ui->drawOverlays(f.presentation, f.inputs, f.camera, f.overlays ? f.overlays->labels : kNoLabels);
    view.ui = m_ui.get();
  }
  slot.frame = slot.target.renderFrame(*m_ring, *m_renderer, view, true);
  slot.ticket = ticket;
  return ticket;
}

render::ReadbackImage PresentationRenderer::pixels(Ticket ticket) {
  Slot& slot = slotOf(ticket);
  m_ctx.waitSerial(slot.frame.serial);
  return slot.target.pixels();
}

render::FrameStats PresentationRenderer::stats(Ticket ticket) const { return slotOf(ticket).frame.stats; }

}  // namespace ts::ui
