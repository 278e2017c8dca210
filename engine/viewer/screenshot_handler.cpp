#include "viewer/screenshot_handler.h"

#include <spdlog/spdlog.h>

#include "platform/keys.h"

namespace ts::viewer {

void ScreenshotHandler::handle(const FrameInput& in, ViewState&) {
  m_pending.reset();
  if (in.input.keyPressed(platform::key::kF12))
    m_pending = std::filesystem::path("twinscape-screenshot-" + std::to_string(++m_counter) + ".png");
  if (in.lastFrame && !m_lastFrameFile.empty()) m_pending = m_lastFrameFile;
}

void ScreenshotHandler::deliver(uint32_t width, uint32_t height, std::vector<uint8_t> rgba) {
  if (!m_pending) return;
  m_writes.push_back(m_writer.write(*m_pending, io::RgbaImage{width, height, std::move(rgba)}));
  spdlog::info("screenshot: {} ({}x{})", m_pending->string(), width, height);
  m_pending.reset();
}

Result<> ScreenshotHandler::finish() {
  Result<> first;
  for (auto& w : m_writes)
    if (auto r = w.get(); !r && first) first = std::unexpected(r.error());
  m_writes.clear();
  return first;
}

}  // namespace ts::viewer
