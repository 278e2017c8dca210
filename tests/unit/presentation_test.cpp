// The presentation overlays' pure parts: the scale bar's round length and where the
// camera puts it, the north arrow against the projection, the clock in local time, the
// KPI card ids and texts. (That they are drawn, and the same in a still and the kiosk
// window, is checked by the render and window tests.)
#include "ui/presentation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <glm/glm.hpp>

#include "twin/sim_clock.h"

using namespace ts;

namespace {

// Where an ENU point lands on a width × height frame, in pixels.
glm::dvec2 project(const render::Camera& cam, glm::vec3 p, double width, double height) {
  const glm::vec4 clip = cam.viewProjection(float(width / height)) * glm::vec4(p, 1.f);
  return {(clip.x / clip.w * 0.5 + 0.5) * width, (clip.y / clip.w * 0.5 + 0.5) * height};
}

}  // namespace

TEST(Presentation, ScaleBarIsTheLongestRoundLengthThatFits) {
  EXPECT_EQ(ui::roundScaleBar(1.0, 200).lengthM, 200);
  EXPECT_EQ(ui::roundScaleBar(1.0, 200).label, "200 m");
  EXPECT_FLOAT_EQ(ui::roundScaleBar(1.0, 200).pixels, 200.f);
  EXPECT_EQ(ui::roundScaleBar(1.0, 199).lengthM, 100);
  EXPECT_EQ(ui::roundScaleBar(3.0, 200).lengthM, 500);  // 1 km would take 333 px
  EXPECT_EQ(ui::roundScaleBar(3.0, 200).label, "500 m");
  EXPECT_EQ(ui::roundScaleBar(5.0, 200).lengthM, 1000);
  EXPECT_EQ(ui::roundScaleBar(5.0, 200).label, "1 km");
  EXPECT_EQ(ui::roundScaleBar(10.0, 200).label, "2 km");
  EXPECT_EQ(ui::roundScaleBar(0.02, 200).label, "2 m");
  EXPECT_EQ(ui::roundScaleBar(1000.0, 0.0005).lengthM, 1) << "nothing fits: the shortest";
  for (double mpp : {0.05, 0.7, 1.3, 4.2, 17.0, 260.0}) {
    const ui::ScaleBar bar = ui::roundScaleBar(mpp, 220);
    EXPECT_LE(bar.pixels, 220.f) << mpp;
    EXPECT_GT(bar.pixels, 220.f / 2.5f) << mpp << ": the next round length would have fitted";
  }
}

// Along the screen's horizontal at the centre, a length on the ground measures what the
// scale bar says, whatever the heading and pitch.
TEST(Presentation, ScaleBarIsMeasuredAtTheGroundUnderTheScreenCentre) {
  const double w = 1920, h = 1080;
  for (double heading : {0.0, 35.0, 200.0})
    for (double pitch : {-89.0, -45.0, -15.0}) {
      const glm::vec3 target(120, -40, 0);
      const render::Camera cam = render::Camera::fromHeadingPitchRange(target, {heading, pitch, 1500});
      auto mpp = ui::metresPerPixelAtCentre(cam, uint32_t(w), uint32_t(h));
      ASSERT_TRUE(mpp) << heading << ", " << pitch;
      const double a = glm::radians(heading);
      const glm::vec3 right(std::cos(a), -std::sin(a), 0);  // the screen's right on the ground
      const double lengthM = 20;
      const glm::dvec2 p0 = project(cam, target - right * float(lengthM / 2), w, h);
      const glm::dvec2 p1 = project(cam, target + right * float(lengthM / 2), w, h);
      EXPECT_NEAR(glm::distance(p0, p1), lengthM / *mpp, 0.005 * lengthM / *mpp) << heading << ", " << pitch;
      EXPECT_NEAR(p0.y, p1.y, 0.01) << "level on screen";
    }
  const render::Camera up = render::Camera::lookAt({0, 0, 100}, {0, 1000, 400});
  EXPECT_FALSE(ui::metresPerPixelAtCentre(up, 1920, 1080)) << "the centre looks at the sky";
}

// The arrow turns against the heading, and points where north projects on screen.
TEST(Presentation, NorthArrowTurnsWithTheCameraHeading) {
  EXPECT_NEAR(ui::northArrowDeg(render::Camera::fromHeadingPitchRange({}, {0, -40, 800})), 0, 1e-4);
  EXPECT_NEAR(ui::northArrowDeg(render::Camera::fromHeadingPitchRange({}, {90, -40, 800})), -90, 1e-4);
  EXPECT_NEAR(ui::northArrowDeg(render::Camera::fromHeadingPitchRange({}, {200, -40, 800})), 160, 1e-4);
  EXPECT_NEAR(ui::northArrowDeg(render::Camera::fromHeadingPitchRange({}, {-30, -40, 800})), 30, 1e-4);
  for (double heading : {0.0, 60.0, 90.0, 135.0, 250.0, 300.0}) {
    const render::Camera cam = render::Camera::fromHeadingPitchRange({}, {heading, -89.5, 800});
    const glm::dvec2 c = project(cam, {0, 0, 0}, 1000, 1000), n = project(cam, {0, 50, 0}, 1000, 1000);
    const double screenDeg = glm::degrees(std::atan2(n.x - c.x, -(n.y - c.y)));  // clockwise from up
    double diff = std::fmod(std::abs(screenDeg - ui::northArrowDeg(cam)), 360.0);
    EXPECT_LT(std::min(diff, 360 - diff), 1.0) << "heading " << heading;
  }
}

TEST(Presentation, ClockShowsLocalTimeDateAndZone) {
  auto t = twin::parseIsoTime("2026-06-01T15:00:00+07:00");
  ASSERT_TRUE(t);
  ui::ClockText c = ui::clockText(*t, 7 * 60);
  EXPECT_EQ(c.time, "15:00");
  EXPECT_EQ(c.date, "Mon 1 Jun 2026");
  EXPECT_EQ(c.zone, "UTC+07:00");
  // The same moment in Newfoundland is the morning; near midnight UTC the date turns.
  c = ui::clockText(*t, -150);
  EXPECT_EQ(c.time, "05:30");
  EXPECT_EQ(c.zone, "UTC-02:30");
  c = ui::clockText(*twin::parseIsoTime("2026-12-31T23:59:30Z"), 7 * 60);
  EXPECT_EQ(c.time, "06:59");
  EXPECT_EQ(c.date, "Fri 1 Jan 2027");
  c = ui::clockText(*twin::parseIsoTime("1969-12-31T23:00:00Z"), 0);
  EXPECT_EQ(c.date, "Wed 31 Dec 1969") << "before the epoch";
}

TEST(Presentation, KpiCardIdsAreCheckedAndErrorsListTheValidOnes) {
  auto ok = ui::parseKpiCards({"dc-load", "coverage5g", "temperature", "cameras"});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(*ok, (std::vector<ui::KpiCard>{ui::KpiCard::DataCentreLoad, ui::KpiCard::Coverage5g,
                                           ui::KpiCard::Temperature, ui::KpiCard::CamerasOnline}));
  auto unknown = ui::parseKpiCards({"coverage5g", "uptime"});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("'uptime'"), std::string::npos) << unknown.error().message;
  EXPECT_NE(unknown.error().message.find(ui::kpiCardIdList()), std::string::npos) << unknown.error().message;
  EXPECT_EQ(ui::kpiCardIdList(),
            "coverage5g, sectors, cameras, street-seen, dc-load, dc-headroom, dc-busiest, temperature");
  EXPECT_FALSE(ui::parseKpiCards({"sectors", "cameras", "dc-load", "dc-busiest", "temperature"}));
  EXPECT_FALSE(ui::parseKpiCards({"cameras", "cameras"}));
  EXPECT_TRUE(ui::parseKpiCards({}));
}

TEST(Presentation, KpiCardsShowTheFiguresOrADash) {
  ui::PresentationInputs in;
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::Coverage5g, in).value, "\u2013") << "no KPIs: no figure";
  in.kpis.emplace();
  layers::CoverageReport cov;
  cov.kpis.coveredPct = 96.43;
  cov.kpis.sectorsOnline = 320, cov.kpis.sectorsTotal = 333;
  in.kpis->coverage.report = cov;
  layers::CameraReport cam;
  cam.kpis.online = 987, cam.kpis.total = 1000;
  in.kpis->cameras.report = cam;
  layers::DataCentreReport dc;
  dc.totals.totalLoadMw = 412.2, dc.totals.busiest = 3, dc.totals.busiestPct = 93.2;
  in.kpis->dataCentres.report = dc;
  in.kpis->temperatureC = 38.46;
  in.busiestDataCentre = "DC Tân Thuận";
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::Coverage5g, in).value, "96.4 %");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::Coverage5g, in).label, "5G coverage");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::SectorsOnline, in).value, "320 / 333");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::CamerasOnline, in).value, "987 / 1000");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::CamerasOnline, in).label, "Cameras online");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::DataCentreLoad, in).value, "412 MW");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::BusiestDataCentre, in).value, "93 %");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::BusiestDataCentre, in).label, "Busiest DC: DC Tân Thuận");
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::Temperature, in).value, "38.5 \u00b0C");
  in.kpis->dataCentres.report.reset();
  EXPECT_EQ(ui::kpiCardText(ui::KpiCard::DataCentreLoad, in).value, "\u2013") << "the layer has no result";
}
