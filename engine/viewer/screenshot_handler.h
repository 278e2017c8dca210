// Screenshots of exactly what the window shows: F12 saves twinscape-screenshot-N.png in
// the working folder; a scripted run (--frames N --screenshot FILE) saves its last frame.
// The viewer asks whether this frame is wanted, reads the swapchain image back for it,
// and hands the pixels over; PNG encoding runs on the writer's thread.
#pragma once
#include <filesystem>
#include <future>
#include <optional>
#include <vector>

#include "core/result.h"
#include "io/png.h"
#include "viewer/handler.h"

namespace ts::viewer {

class ScreenshotHandler final : public InputHandler {
 public:
  // `lastFrameFile`: where the last frame goes (empty: nowhere).
  explicit ScreenshotHandler(std::filesystem::path lastFrameFile) : m_lastFrameFile(std::move(lastFrameFile)) {}
  void handle(const FrameInput& in, ViewState& state) override;

  // Whether this frame is to be saved (and where).
  bool wanted() const { return m_pending.has_value(); }
  // This frame's pixels (RGBA8): queued for writing.
  void deliver(uint32_t width, uint32_t height, std::vector<uint8_t> rgba);
  // Waits for every queued write; the first failure, naming the file.
  Result<> finish();

 private:
  std::filesystem::path m_lastFrameFile;
  std::optional<std::filesystem::path> m_pending;
  uint32_t m_counter = 0;
  io::ImageWriter m_writer;
  std::vector<std::future<Result<>>> m_writes;
};

}  // namespace ts::viewer
