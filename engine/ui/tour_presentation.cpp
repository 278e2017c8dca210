#include "ui/tour_presentation.h"

#include <algorithm>

namespace ts::ui {

Result<std::vector<Presentation>> tourPresentations(const scenario::Tour& tour, float scale) {
  std::vector<Presentation> out;
  for (size_t i = 0; i < tour.stops.size(); ++i) {
    const scenario::TourStop& s = tour.stops[i];
    auto cards = parseKpiCards(s.kpis);
    if (!cards) return fail("tour '" + tour.name + "', stop " + std::to_string(i + 1) + ": " + cards.error().message);
    // No "panels" (or "all"): every one; a list: only those; "none": nothing, not even
    // the stop's caption and cards.
    auto shows = [&](const char* panel) {
      return !s.panels || std::ranges::find(*s.panels, std::string(panel)) != s.panels->end();
    };
    Presentation p;
    p.scale = scale;
    if (shows("caption")) p.caption = s.caption;
    if (shows("kpis")) p.kpiCards = *cards;
    p.clock = shows("clock");
    p.legend = shows("legend");
    p.scaleBar = shows("scale_bar");
    p.northArrow = shows("north_arrow");
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace ts::ui
