// Walk mode: on the ground at eye height, WASD walks (shift runs), a left drag looks
// around; buildings stop the walker, who slides along their walls.
#pragma once
#include "viewer/handler.h"

namespace ts::viewer {

class WalkHandler final : public InputHandler {
 public:
  explicit WalkHandler(const scene::CityModel& city) : m_city(city) {}
  void handle(const FrameInput& in, ViewState& state) override;

 private:
  const scene::CityModel& m_city;
};

}  // namespace ts::viewer
