// What a tour shows over the city at each stop: the stop's caption, KPI cards and panels
// as a Presentation (ui/presentation.h). The same for the tour's video (`twinscape tour`)
// and the window (`view --tour`).
#pragma once
#include <vector>

#include "core/result.h"
#include "scenario/tour.h"
#include "ui/presentation.h"

namespace ts::ui {

// One Presentation per stop. A stop without "panels" shows them all (the clock, legends,
// scale bar, north arrow, its caption and cards). Errors name the tour, the stop and the
// card id that is not one (listing the valid ones).
Result<std::vector<Presentation>> tourPresentations(const scenario::Tour& tour, float scale = 1.0f);

}  // namespace ts::ui
