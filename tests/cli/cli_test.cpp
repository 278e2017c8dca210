// The twinscape binary as a user runs it: bad arguments give a clear message and a
// non-zero exit; a good render writes a PNG of the requested size with zero
// validation messages, and draws what it was asked to (live layers where they lie, the
// figures the README gives for the demo). That `render` writes exactly the library's
// frame is checked in tests/render/render_test.cpp (it needs the renderer in-process).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "../support/process.h"
#include "../support/temp_dir.h"
#include "io/png.h"
#include "kpi_output.h"

namespace fs = std::filesystem;

namespace {

using CliRun = ProcessRun;

CliRun run(const std::string& args) { return runCommand(std::string(TS_TWINSCAPE_BIN) + " " + args); }

fs::path tempDir() { return testTempDir("cli"); }

// A scene whose district is drawn over a whole province (1.2 degrees each way): too
// large to raster at 5 m, so the coverage layer cannot be computed.
fs::path writeHugeDistrictScene() {
  fs::path scene = tempDir() / "huge.json";
  std::ofstream(scene) << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "district": {"name": "too big", "ring": [[106.1, 10.2], [107.3, 10.2], [107.3, 11.4], [106.1, 11.4]]}})";
  return scene;
}

// A rectangle of pixels, [x0, x1) x [y0, y1).
struct PixelRect {
  uint32_t x0, y0, x1, y1;
};

// The share of the pixels in `rect` where some channel of `a` and `b` differs by more
// than `delta`.
double shareDiffering(const ts::io::RgbaImage& a, const ts::io::RgbaImage& b, int delta, PixelRect rect) {
  size_t n = 0, differing = 0;
  for (uint32_t y = rect.y0; y < rect.y1; ++y)
    for (uint32_t x = rect.x0; x < rect.x1; ++x, ++n) {
      const size_t i = (size_t(y) * a.width + x) * 4;
      int d = 0;
      for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])));
      differing += d > delta;
    }
  return n ? double(differing) / double(n) : 0.0;
}

}  // namespace

TEST(Cli, UnknownDeviceListsTheDevices) {
  CliRun r = run("render --device no-such-gpu --size 64x64 --out " + (tempDir() / "x.png").string());
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("'no-such-gpu' matches no Vulkan device"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("[0] "), std::string::npos) << "the error should list the devices:\n" << r.output;
  EXPECT_FALSE(fs::exists(tempDir() / "x.png"));
}

TEST(Cli, BadSizesAreRejected) {
  for (const char* size : {"big", "1920", "1920x", "x1080", "0x100", "100x-5", "1920x1080x3", "99999x100"}) {
    CliRun r = run(std::string("render --size ") + size + " --out " + (tempDir() / "x.png").string());
    EXPECT_EQ(r.exitCode, 2) << size << ": " << r.output;
    EXPECT_NE(r.output.find("--size"), std::string::npos) << size << ": " << r.output;
  }
}

TEST(Cli, UnwritableOutputFailsBeforeRendering) {
  CliRun missing = run("render --size 64x64 --out /nonexistent-folder/frame.png");
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.output.find("/nonexistent-folder"), std::string::npos) << missing.output;
  EXPECT_NE(missing.output.find("does not exist"), std::string::npos) << missing.output;
  EXPECT_EQ(missing.output.find("Vulkan device:"), std::string::npos) << "should fail before starting the GPU";

  CliRun folder = run("render --size 64x64 --out " + tempDir().string());
  EXPECT_EQ(folder.exitCode, 1);
  EXPECT_NE(folder.output.find("it is a folder"), std::string::npos) << folder.output;
}

TEST(Cli, BadCameraAndSceneAndOptions) {
  CliRun cam = run("render --camera nowhere --out " + (tempDir() / "x.png").string());
  EXPECT_EQ(cam.exitCode, 2);
  EXPECT_NE(cam.output.find("no such bookmark"), std::string::npos) << cam.output;
  EXPECT_NE(cam.output.find("overview"), std::string::npos) << cam.output;

  CliRun scene = run("render --scene atlantis.json --out " + (tempDir() / "x.png").string());
  EXPECT_EQ(scene.exitCode, 1);
  EXPECT_NE(scene.output.find("cannot open scene file 'atlantis.json' (no such file)"), std::string::npos)
      << scene.output;

  CliRun msaa = run("render --msaa 3");
  EXPECT_EQ(msaa.exitCode, 2) << msaa.output;
  CliRun unknown = run("render --frobnicate");
  EXPECT_EQ(unknown.exitCode, 2) << unknown.output;
  CliRun none = run("");
  EXPECT_EQ(none.exitCode, 2) << none.output;
  CliRun level = run("devices --log-level loud");
  EXPECT_EQ(level.exitCode, 2) << level.output;
}

// The presentation overlays' flags: a KPI card id that does not exist names itself and
// every valid one; too many cards, or cards without a sim time for their figures, are
// usage errors too, found before anything is rendered or written. `view` checks them alike.
TEST(Cli, UnknownKpiCardListsTheValidOnes) {
  const fs::path out = tempDir() / "cards.png";
  fs::remove(out);
  const std::string at = " --at 2026-06-01T15:00:00+07:00 --out " + out.string();
  const std::string valid = "coverage5g, sectors, cameras, street-seen, dc-load, dc-headroom, dc-busiest, temperature";
  CliRun unknown = run("render --kpi-cards coverage5g,uptime" + at);
  EXPECT_EQ(unknown.exitCode, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("--kpi-cards: KPI card 'uptime' is not one of: " + valid), std::string::npos)
      << unknown.output;
  CliRun five = run("render --kpi-cards sectors,cameras,dc-load,dc-busiest,temperature" + at);
  EXPECT_EQ(five.exitCode, 2) << five.output;
  EXPECT_NE(five.output.find("at most 4"), std::string::npos) << five.output;
  CliRun noTime = run("render --kpi-cards cameras --out " + out.string());
  EXPECT_EQ(noTime.exitCode, 2) << noTime.output;
  EXPECT_NE(noTime.output.find("--kpi-cards needs --at"), std::string::npos) << noTime.output;
  EXPECT_FALSE(fs::exists(out));
  CliRun view = run("view --kpi-cards temperature,bogus --frames 1");
  EXPECT_EQ(view.exitCode, 2) << view.output;
  EXPECT_NE(view.output.find("KPI card 'bogus' is not one of: " + valid), std::string::npos) << view.output;
  CliRun help = run("render --help");
  EXPECT_NE(help.output.find(valid), std::string::npos) << "--help lists the card ids:\n" << help.output;
}

TEST(Cli, RenderWritesThePngWithZeroValidationMessages) {
  fs::path out = tempDir() / "demo.png";
  fs::remove(out);
  CliRun r = run("render --validation --scene demo --size 320x200 --camera cbd --out " + out.string());
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation output:\n" << r.output;
  auto img = ts::io::readPng(out);
  ASSERT_TRUE(img) << img.error().message;
  EXPECT_EQ(img->width, 320u);
  EXPECT_EQ(img->height, 200u);
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
}

// --validation turns any validation message into exit code 3. The test hook (read in
// engine/gpu/context.cpp) submits one ERROR message through the debug-utils messenger,
// as the validation layer does, so this needs no real API misuse.
TEST(Cli, AValidationMessageMakesRenderExitThree) {
  const std::string bin(TS_TWINSCAPE_BIN);
  const std::string args = " render --scene demo --size 64x64 --camera cbd --out " + (tempDir() / "v.png").string();
  CliRun hooked = runCommand("TWINSCAPE_TEST_VALIDATION_MESSAGE=1 " + bin + args + " --validation");
  EXPECT_EQ(hooked.exitCode, 3) << hooked.output;
  EXPECT_NE(hooked.output.find("vulkan: deliberate test message"), std::string::npos) << hooked.output;
  EXPECT_NE(hooked.output.find("Vulkan validation reported 1 message(s)"), std::string::npos) << hooked.output;

  CliRun clean = runCommand("env -u TWINSCAPE_TEST_VALIDATION_MESSAGE " + bin + args + " --validation");
  EXPECT_EQ(clean.exitCode, 0) << clean.output;
  EXPECT_EQ(clean.output.find("vulkan:"), std::string::npos) << clean.output;

  CliRun unvalidated = runCommand("TWINSCAPE_TEST_VALIDATION_MESSAGE=1 " + bin + args);
  EXPECT_EQ(unvalidated.exitCode, 0) << "the hook only speaks through the validation messenger:\n"
                                     << unvalidated.output;
}

TEST(Cli, DevicesListsLavapipeOrAGpu) {
  CliRun r = run("devices");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("<- selected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("usable:"), std::string::npos) << r.output;
}

TEST(Cli, BenchPrintsOneJsonLinePerCase) {
  CliRun r = run("bench --buildings 100,400 --sizes 160x120 --msaa 1 --frames 2 --log-level warn");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  size_t lines = 0;
  for (const char* field : {"\"buildings\":100", "\"buildings\":400", "\"frame_ms_median\"", "\"frame_ms_p95\"",
                            "\"record_ms\"", "\"triangles\":4803", "\"draw_calls\"", "\"device\"", "\"width\":160"})
    EXPECT_NE(r.output.find(field), std::string::npos) << field << " missing in:\n" << r.output;
  for (char c : r.output) lines += c == '\n';
  EXPECT_EQ(lines, 2u) << r.output;
}

// bench --video: one line per preset, MP4s kept where asked; an odd size is the sink's
// error, named, exit 1.
TEST(Cli, BenchVideoPrintsOneJsonLinePerPreset) {
  fs::path dir = tempDir() / "video-bench";
  CliRun r = run("bench --video --video-size 320x240 --video-frames 10 --presets ultrafast,veryfast --video-out " +
                 dir.string() + " --log-level warn");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  for (const char* field : {"\"preset\":\"ultrafast\"", "\"preset\":\"veryfast\"", "\"encode_ms_per_frame\"",
                            "\"encoder_cpu_ms_per_frame\"", "\"push_blocked_ms\"", "\"frames\":10", "\"bytes\""})
    EXPECT_NE(r.output.find(field), std::string::npos) << field << " missing in:\n" << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 2) << r.output;
  CliRun probe = runCommand(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames "
      "-of csv=p=0 " +
      (dir / "bench-veryfast.mp4").string());
  EXPECT_EQ(probe.output, "10\n");

  CliRun odd = run("bench --video --video-size 321x240 --video-frames 2 --presets ultrafast --log-level warn");
  EXPECT_EQ(odd.exitCode, 1) << odd.output;
  EXPECT_NE(odd.output.find("even width and height"), std::string::npos) << odd.output;
}

TEST(Cli, ValidateReportsTheDemoAndBrokenLayers) {
  CliRun demo = run("validate demo");
  EXPECT_EQ(demo.exitCode, 0) << demo.output;
  EXPECT_NE(demo.output.find("1000 AI cameras"), std::string::npos) << demo.output;
  EXPECT_NE(demo.output.find("13 data centres (70.8 MW existing capacity)"), std::string::npos) << demo.output;

  fs::path dir = tempDir();
  std::ofstream(dir / "ok.geojson") << R"({"type": "FeatureCollection", "features": [{"type": "Feature",
    "properties": {"height": 12}, "geometry": {"type": "Polygon", "coordinates": [[[106.7, 10.78], [106.7002, 10.78],
    [106.7002, 10.7802], [106.7, 10.78]]]}}]})";
  std::ofstream(dir / "scene.json") << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70}, "extra": true,
    "layers": [{"type": "footprints", "path": "ok.geojson"}, {"type": "cityjson", "path": "gone.city.json"}]})";
  CliRun broken = run("validate " + (dir / "scene.json").string());
  EXPECT_EQ(broken.exitCode, 1) << broken.output;
  EXPECT_NE(broken.output.find("unknown key 'extra'"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find("gone.city.json"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find("1 buildings"), std::string::npos) << broken.output;
  EXPECT_NE(broken.output.find("1 of 2 layers failed"), std::string::npos) << broken.output;

  // render still renders what loaded
  CliRun r = run("render --scene " + (dir / "scene.json").string() + " --size 64x64 --out " + (dir / "s.png").string());
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "s.png"));
}

// `twinscape kpi`: the live layers' figures as JSON, following the demo scenario of
// 2026-06-01 (assets/scenarios/demo-2026-06-01.json): a camera cluster offline 09:00-11:00,
// a heat wave 12:00-18:00, 5G site gnb-39 (3 sectors) offline 14:00-16:30, all local +07:00.
namespace {

using nlohmann::json;

constexpr const char* kDay = "2026-06-01T";
constexpr const char* kOffset = "+07:00";

std::string at(const std::string& hhmmss) { return kDay + hhmmss + kOffset; }

json parseKpi(const CliRun& r) { return kpiOutputJson(r.output); }

// One kpi run; each takes seconds on a small CPU.
json runKpi(const std::string& args) {
  CliRun r = run("kpi --log-level warn " + args);
  EXPECT_EQ(r.exitCode, 0) << args << ":\n" << r.output;
  json j = parseKpi(r);
  EXPECT_FALSE(j.is_discarded()) << args << ": no JSON in the output:\n" << r.output;
  EXPECT_TRUE(j.is_object()) << args << ":\n" << r.output;
  return j.is_object() ? j : json::object();
}

// Each distinct command line is run once per test process (ctest runs each test in its
// own process, so this shares runs only between the checks of one test, or across tests
// when cli_tests runs as a whole).
const json& kpi(const std::string& time, uint32_t seed = 2026, const std::string& extra = "") {
  static std::map<std::string, json> cache;
  std::string args = "--at " + time + " --seed " + std::to_string(seed) + (extra.empty() ? "" : " " + extra);
  auto it = cache.find(args);
  if (it == cache.end()) it = cache.emplace(args, runKpi(args)).first;
  return it->second;
}

// Where two kpi outputs differ: numbers beyond a relative 1e-9, anything else at all
// ("" when they agree). compute_ms is a timing; events are compared separately.
std::string firstDifference(const json& want, const json& got, const std::string& path = "") {
  if (want.is_number() && got.is_number()) {
    double a = want.get<double>(), b = got.get<double>();
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)) ? "" : path + ": " + want.dump() + " != " + got.dump();
  }
  if (want.type() != got.type()) return path + ": " + want.dump() + " != " + got.dump();
  if (want.is_object()) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (it.key() == "compute_ms" || it.key() == "events") continue;
      if (!got.contains(it.key())) return path + "." + it.key() + " is missing";
      if (auto d = firstDifference(it.value(), got[it.key()], path + "." + it.key()); !d.empty()) return d;
    }
    return "";
  }
  if (want.is_array()) {
    if (want.size() != got.size())
      return path + ": " + std::to_string(got.size()) + " items, not " + std::to_string(want.size());
    for (size_t i = 0; i < want.size(); ++i)
      if (auto d = firstDifference(want[i], got[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
    return "";
  }
  return want == got ? "" : path + ": " + want.dump() + " != " + got.dump();
}

const json* findEvent(const json& k, const std::string& kind) {
  if (!k.contains("events")) return nullptr;
  for (const json& e : k["events"])
    if (e.value("kind", "") == kind) return &e;
  return nullptr;
}

}  // namespace

TEST(CliKpi, FollowsTheDemoScenarioThroughTheDay) {
  const json& k15 = kpi(at("15:00:00"));
  const json& k13 = kpi(at("13:00:00"));
  const json& k10 = kpi(at("10:00:00"));
  const json& k05 = kpi(at("05:00:00"));
  ASSERT_TRUE(k15.contains("layers") && k13.contains("layers") && k10.contains("layers") && k05.contains("layers"));
  for (const char* t : {"15:00:00", "13:00:00", "10:00:00", "05:00:00"})
    EXPECT_EQ(kpi(at(t)).value("time", ""), at(t)) << "the requested time is echoed";
  EXPECT_EQ(k15.value("scene", "").find("Demo"), 0u) << k15.value("scene", "");
  EXPECT_EQ(k15.value("seed", 0u), 2026u);

  // 15:00: gnb-39's three sectors are down; 13:00: every sector is up.
  const json& c15 = k15["layers"]["coverage5g"];
  const json& c13 = k13["layers"]["coverage5g"];
  EXPECT_EQ(c15["sectors_total"], c13["sectors_total"]);
  EXPECT_GT(c15.value("sectors_total", 0), 3);
  EXPECT_EQ(c15.value("sectors_online", 0), c15.value("sectors_total", 0) - 3) << c15.dump();
  EXPECT_EQ(c13.value("sectors_online", 0), c13.value("sectors_total", -1)) << c13.dump();
  const json* outage15 = findEvent(k15, "site_outage");
  const json* outage13 = findEvent(k13, "site_outage");
  ASSERT_TRUE(outage15 && outage13) << k15["events"].dump();
  EXPECT_TRUE(outage15->value("active", false)) << outage15->dump();
  EXPECT_FALSE(outage13->value("active", true)) << outage13->dump();
  EXPECT_NE(outage15->value("label", "").find("gnb-39 (3 sectors)"), std::string::npos) << outage15->dump();
  EXPECT_EQ(outage15->value("start", ""), at("14:00:00"));
  EXPECT_EQ(outage15->value("end", ""), at("16:30:00"));

  // The outage can only take coverage away; the demo is meant to sit near 70 %.
  double covered15 = c15.value("covered_pct", -1.0), covered13 = c13.value("covered_pct", -1.0);
  EXPECT_LE(covered15, covered13);
  for (double pct : {covered15, covered13}) {
    EXPECT_GE(pct, 60.0) << c15.dump();
    EXPECT_LE(pct, 85.0) << c15.dump();
  }
  EXPECT_DOUBLE_EQ(c15.value("threshold_dbm", 0.0), -110.0);
  EXPECT_GT(c15.value("area_km2", 0.0), 1.0);

  // Heat wave: data centres above 90 % at 15:00, and the city is hotter than at dawn.
  const json& dc15 = k15["layers"]["datacentres"];
  EXPECT_GE(dc15.value("alerts", 0), 1) << dc15.dump();
  EXPECT_GT(dc15["busiest"].value("utilisation_pct", 0.0), 90.0) << dc15["busiest"].dump();
  EXPECT_LT(dc15["busiest"].value("utilisation_pct", 100.0), 100.0) << "the simulator caps utilisation at 98 %";
  EXPECT_NEAR(dc15.value("headroom_mw", 0.0), dc15.value("total_capacity_mw", 0.0) - dc15.value("total_load_mw", 0.0),
              1e-6);
  const json* heat = findEvent(k15, "heat_wave");
  ASSERT_TRUE(heat);
  EXPECT_TRUE(heat->value("active", false));
  EXPECT_GT(k15.value("temperature_c", 0.0), k05.value("temperature_c", 100.0));
  EXPECT_EQ(k05["layers"]["datacentres"].value("alerts", -1), 0) << "no alerts before dawn";

  // 10:00: the camera cluster (at least 15 cameras) is offline; at 15:00 it is back.
  const json& cam10 = k10["layers"]["cameras"];
  const json& cam15 = k15["layers"]["cameras"];
  EXPECT_GE(cam10.value("offline", 0), 15) << cam10.dump();
  EXPECT_EQ(cam15.value("offline", -1), 0) << cam15.dump();
  EXPECT_EQ(cam10.value("online", 0) + cam10.value("offline", 0), cam10.value("total", -1)) << cam10.dump();
  EXPECT_LT(cam10.value("street_seen_1_pct", 100.0), cam15.value("street_seen_1_pct", 0.0))
      << "offline cameras see less street";
  const json* cluster10 = findEvent(k10, "camera_cluster_offline");
  ASSERT_TRUE(cluster10);
  EXPECT_TRUE(cluster10->value("active", false));
  EXPECT_NE(cluster10->value("label", "").find(std::to_string(cam10.value("offline", 0)) + " cameras"),
            std::string::npos)
      << cluster10->dump() << " vs " << cam10.dump();

  // Regression: the day was compiled into the simulator before it became a scenario file;
  // the file gives the same figures at 05:00, 10:00, 13:00 and 15:00 (tests/cli/expected/
  // holds what the compiled-in scenario printed), and the same events among its own.
  for (const char* hh : {"05", "10", "13", "15"}) {
    const fs::path file =
        fs::path(TS_TESTS_DIR) / "cli/expected" / (std::string("kpi-demo-2026-06-01T") + hh + ".json");
    std::ifstream in(file);
    json want = json::parse(in, nullptr, false);
    ASSERT_TRUE(want.is_object()) << file;
    const json& got = kpi(at(std::string(hh) + ":00:00"));
    EXPECT_EQ(firstDifference(want, got), "") << hh << ":00";
    for (const json& e : want["events"]) {
      const json* same = nullptr;
      for (const json& g : got["events"])
        if (g["kind"] == e["kind"] && g["start"] == e["start"] && g["end"] == e["end"]) same = &g;
      ASSERT_TRUE(same) << hh << ":00: " << e.dump();
      EXPECT_EQ((*same)["active"], e["active"]) << e.dump();
    }
  }
}

TEST(CliKpi, SameSeedSameFiguresOtherSeedOtherLoads) {
  const json& first = kpi(at("15:00:00"));
  CliRun r = run("kpi --log-level warn --at " + at("15:00:00") + " --seed 2026");  // not from the cache
  ASSERT_EQ(r.exitCode, 0) << r.output;
  json again = parseKpi(r);
  ASSERT_TRUE(again.is_object()) << r.output;
  ASSERT_TRUE(first.contains("layers"));
  EXPECT_EQ(again["layers"], first["layers"]);
  json a = first, b = again;
  a.erase("compute_ms"), b.erase("compute_ms");  // the only figure that may change
  EXPECT_EQ(a, b);

  const json& other = kpi(at("15:00:00"), 7);
  EXPECT_EQ(other.value("seed", 0u), 7u);
  auto loads = [](const json& k) {
    std::map<std::string, double> m;
    for (const json& s : k["layers"]["datacentres"]["sites"])
      if (!s.value("proposed", false)) m[s.value("id", "")] = s.value("load_mw", 0.0);
    return m;
  };
  auto loads2026 = loads(first), loads7 = loads(other);
  EXPECT_EQ(loads2026.size(), 12u);
  ASSERT_EQ(loads7.size(), loads2026.size());
  size_t differ = 0;
  for (const auto& [id, mw] : loads2026) differ += std::abs(loads7[id] - mw) > 1e-6;
  EXPECT_GE(differ, loads2026.size() / 2) << "another seed, other loads";
  EXPECT_NE(other["layers"]["datacentres"].value("total_load_mw", 0.0),
            first["layers"]["datacentres"].value("total_load_mw", 0.0));
}

TEST(CliKpi, StricterThresholdCoversLess) {
  const json& lenient = kpi(at("15:00:00"));
  const json& strict = kpi(at("15:00:00"), 2026, "--threshold -100");
  ASSERT_TRUE(lenient.contains("layers") && strict.contains("layers"));
  const json& c110 = lenient["layers"]["coverage5g"];
  const json& c100 = strict["layers"]["coverage5g"];
  EXPECT_DOUBLE_EQ(c100.value("threshold_dbm", 0.0), -100.0) << c100.dump();
  EXPECT_LT(c100.value("covered_pct", 100.0), c110.value("covered_pct", 0.0) - 1.0) << c100.dump() << "\n"
                                                                                    << c110.dump();
  EXPECT_LE(c100.value("outdoor_covered_pct", 100.0), c110.value("outdoor_covered_pct", 0.0));
  EXPECT_EQ(c100["sectors_online"], c110["sectors_online"]) << "the threshold changes the KPI, not the network";
}

TEST(CliKpi, BadOrMissingTimeIsAUsageError) {
  CliRun nonsense = run("kpi --at nonsense");
  EXPECT_EQ(nonsense.exitCode, 2) << nonsense.output;
  EXPECT_NE(nonsense.output.find("--at"), std::string::npos) << nonsense.output;
  EXPECT_NE(nonsense.output.find("nonsense"), std::string::npos) << nonsense.output;

  CliRun noOffset = run("kpi --at 2026-06-01T15:00:00");
  EXPECT_EQ(noOffset.exitCode, 2) << noOffset.output;
  EXPECT_NE(noOffset.output.find("--at"), std::string::npos) << noOffset.output;

  // A scene without feeds has no "now" to go live at: the time must be given.
  const fs::path noFeeds = tempDir() / "no-feeds.json";
  std::ofstream(noFeeds) << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.7}, "layers": []})";
  CliRun missing = run("kpi --scene " + noFeeds.string());
  EXPECT_EQ(missing.exitCode, 2) << missing.output;
  EXPECT_NE(missing.output.find("--at"), std::string::npos) << missing.output;
}

TEST(CliKpi, ALayerThatCannotBeComputedIsNamedAndFailsTheCommand) {
  CliRun r = run("kpi --scene " + writeHugeDistrictScene().string() + " --at " + at("15:00:00"));
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("huge.json: layer coverage5g failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("million cells"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"datacentres\""), std::string::npos) << "the other layers still report: " << r.output;
}

TEST(Cli, RenderRejectsAnUnknownLayer) {
  CliRun r = run("render --at " + at("15:00:00") + " --layers coverage5g,bogus --size 64x64 --out " +
                 (tempDir() / "bogus.png").string());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("'bogus'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--layers"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(tempDir() / "bogus.png"));
}

TEST(Cli, RenderWithLiveLayersHasZeroValidationMessages) {
  fs::path out = tempDir() / "live.png";
  fs::remove(out);
  CliRun r = run("render --at " + at("15:00:00") + " --validation --size 320x180 --out " + out.string());
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("vulkan:"), std::string::npos) << "validation output:\n" << r.output;
  EXPECT_NE(r.output.find("live layers at " + at("15:00:00")), std::string::npos) << r.output;
  auto img = ts::io::readPng(out);
  ASSERT_TRUE(img) << img.error().message;
  EXPECT_EQ(img->width, 320u);
  EXPECT_EQ(img->height, 180u);
}

TEST(Cli, RenderAtNamesTheSceneAndTheLayerThatFailedAndWritesNoPng) {
  const fs::path out = tempDir() / "huge.png";
  fs::remove(out);
  CliRun r = run("render --scene " + writeHugeDistrictScene().string() + " --at " + at("15:00:00") +
                 " --size 64x64 --out " + out.string());
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("huge.json: layer coverage5g failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("million cells"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
}

// Straight down over the district from 6 km: the coverage raster (the district's
// bounds and 250 m around them) fills the middle of the frame; beside it and above it
// the ground lies outside the raster.
TEST(Cli, RenderAtDrawsCoverageWhereTheRasterLiesAndNowhereElse) {
  const std::string view = " --camera hpr:0,-89.9,6000/0,300,0 --size 320x240 --msaa 1 --log-level warn";
  const fs::path withLayer = tempDir() / "coverage.png", plain = tempDir() / "plain.png";
  CliRun a = run("render --at " + at("15:00:00") + " --layers coverage5g" + view + " --out " + withLayer.string());
  ASSERT_EQ(a.exitCode, 0) << a.output;
  CliRun b = run("render" + view + " --out " + plain.string());
  ASSERT_EQ(b.exitCode, 0) << b.output;
  auto covered = ts::io::readPng(withLayer), bare = ts::io::readPng(plain);
  ASSERT_TRUE(covered && bare);
  ASSERT_EQ(covered->pixels.size(), bare->pixels.size());

  // The raster covers about x 54-265, y 34-234 of this frame (lavapipe): faint outside
  // the district, the district's streets in the ramp's colours.
  const PixelRect frame{0, 0, 320, 240};
  EXPECT_GT(shareDiffering(*covered, *bare, 4, frame), 0.35) << "the raster should tint much of the frame";
  EXPECT_GT(shareDiffering(*covered, *bare, 12, frame), 0.08) << "the district's streets in the ramp's colours";
  EXPECT_GT(shareDiffering(*covered, *bare, 4, {110, 80, 210, 190}), 0.4)
      << "the middle of the district (its streets: the raster is draped on the ground, under the roofs)";
  // Outside the raster nothing changes: no global tint, no change of light.
  for (PixelRect outside : {PixelRect{0, 0, 40, 240}, PixelRect{280, 0, 320, 240}, PixelRect{0, 0, 320, 24}})
    EXPECT_EQ(shareDiffering(*covered, *bare, 2, outside), 0.0)
        << "pixels changed outside the raster, in x " << outside.x0 << "-" << outside.x1 << ", y " << outside.y0 << "-"
        << outside.y1;
}

// The figures README.md gives for the demo (about 17,000 buildings: 17,009; 333 5G
// sectors, which `validate` counts as sites; 1,000 AI cameras; 70.8 MW of existing
// data centres; coverage near 73 %, 72.9 % at 13:00), as the CLI reports them.
TEST(CliKpi, TheDemoKeepsItsDocumentedFigures) {
  CliRun v = run("validate demo");
  EXPECT_EQ(v.exitCode, 0) << v.output;
  for (const char* figure : {"Buildings: 17009 (", "333 5G sites", "1000 AI cameras", "(70.8 MW existing capacity)"})
    EXPECT_NE(v.output.find(figure), std::string::npos) << figure << " missing in:\n" << v.output;

  const json& k13 = kpi(at("13:00:00"));  // every site up
  ASSERT_TRUE(k13.contains("layers"));
  const json& coverage = k13["layers"]["coverage5g"];
  EXPECT_EQ(coverage.value("sectors_total", 0), 333) << coverage.dump();
  // 72.9 % until the O2I indoor distance became TR 38.901's mean of 25/3 m (was 12.5 m).
  EXPECT_NEAR(coverage.value("covered_pct", 0.0), 80.7, 1.5) << coverage.dump();
  EXPECT_EQ(k13["layers"]["cameras"].value("total", 0), 1000);
  EXPECT_NEAR(k13["layers"]["datacentres"].value("total_capacity_mw", 0.0), 70.8, 1e-6);
}

// The planner's choices: a location reliability beside the median, the O2I and path-loss
// models named in the JSON; a sector outside COST-231's range is named in a warning.
TEST(CliKpi, ReportsTheReliabilityAndTheModelsItWasAskedFor) {
  const json& median = kpi(at("13:00:00"));
  const json& asked = kpi(at("13:00:00"), 2026, "--reliability 95 --o2i high --model cost231");
  const json& m = median["layers"]["coverage5g"];
  const json& a = asked["layers"]["coverage5g"];
  EXPECT_FALSE(m.contains("reliability_pct")) << m.dump();
  EXPECT_EQ(m.value("o2i", ""), "low");
  EXPECT_EQ(a.value("reliability_pct", 0.0), 95.0) << a.dump();
  EXPECT_EQ(a.value("o2i", ""), "high");
  EXPECT_EQ(a.value("model", ""), "cost231");
  EXPECT_LT(a.value("reliable_covered_pct", 100.0), a.value("covered_pct", 0.0)) << a.dump();
  EXPECT_LT(a.value("indoor_covered_pct", 100.0), m.value("indoor_covered_pct", 0.0)) << "high-loss O2I costs more";
  EXPECT_EQ(a.value("outdoor_covered_pct", 0.0), m.value("outdoor_covered_pct", 1.0))
      << "every demo sector is outside COST-231's range, so TR 38.901 computes them";

  CliRun warned = run("kpi --scene demo --at 2026-06-01T13:00:00+07:00 --model cost231 --cell 20");
  EXPECT_EQ(warned.exitCode, 0) << warned.output;
  EXPECT_NE(warned.output.find("gnb-1-1"), std::string::npos) << warned.output;
  EXPECT_NE(warned.output.find("carrier 3500 MHz is outside 150-2000 MHz"), std::string::npos) << warned.output;
  for (const char* bad : {"--o2i glass", "--model hata", "--reliability 80"}) {
    CliRun r = run(std::string("kpi --scene demo --at 2026-06-01T13:00:00+07:00 ") + bad);
    EXPECT_EQ(r.exitCode, 2) << bad << ": " << r.output;
  }
}

namespace {

// A scene of one proposed 2 m kiosk and nothing else: no bookmarks.
fs::path writeSmallModelScene() {
  fs::path dir = tempDir() / "small";
  fs::create_directories(dir);
  std::ofstream(dir / "kiosk.geojson") << R"({"type": "FeatureCollection", "features": [{"type": "Feature",
    "properties": {"height": 2, "status": "proposed"}, "geometry": {"type": "Polygon", "coordinates": [[
    [106.70000, 10.78000], [106.70002, 10.78000], [106.70002, 10.78002], [106.70000, 10.78002], [106.70000, 10.78000]]]}}]})";
  std::ofstream(dir / "scene.json") << R"({"version": 1, "origin": {"lat": 10.78, "lon": 106.70},
    "layers": [{"type": "footprints", "path": "kiosk.geojson"}]})";
  return dir / "scene.json";
}

ts::io::RgbaImage renderPng(const std::string& name, const std::string& args) {
  fs::path out = tempDir() / name;
  CliRun r = run("render --size 320x180 --out " + out.string() + " " + args);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  auto img = ts::io::readPng(out);
  EXPECT_TRUE(img) << name;
  return img ? *img : ts::io::RgbaImage{};
}

}  // namespace

// A 2 m model in a scene without bookmarks fills the frame (it used to be a dot), by
// default and with --camera fit; --hide-proposed takes it away.
TEST(Cli, ASceneWithoutBookmarksIsFramedOnItsBounds) {
  const std::string scene = "--scene " + writeSmallModelScene().string();
  ts::io::RgbaImage byDefault = renderPng("small-default.png", scene);
  ts::io::RgbaImage fit = renderPng("small-fit.png", scene + " --camera fit");
  ts::io::RgbaImage hidden = renderPng("small-hidden.png", scene + " --hide-proposed");
  ASSERT_EQ(byDefault.width, 320u);
  ASSERT_EQ(fit.width, 320u);
  ASSERT_EQ(hidden.width, 320u);
  EXPECT_EQ(shareDiffering(byDefault, fit, 0, {0, 0, 320, 180}), 0.0) << "the default view is the fitted one";
  // Where the kiosk stands, the hidden render shows the ground: its share of the frame.
  const double kiosk = shareDiffering(byDefault, hidden, 8, {0, 0, 320, 180});
  EXPECT_GT(kiosk, 0.15) << "the 2 m model should fill much of the frame";
  EXPECT_LT(kiosk, 0.9);
  EXPECT_EQ(shareDiffering(byDefault, hidden, 8, {0, 0, 320, 8}), 0.0) << "a margin above it";
}

TEST(Cli, ColourByModesEachChangeThePictureAndBadModesAreRefused) {
  ts::io::RgbaImage source = renderPng("cb-source.png", "--camera it-park");
  for (const char* mode : {"height", "status", "use"}) {
    ts::io::RgbaImage img =
        renderPng(std::string("cb-") + mode + ".png", std::string("--camera it-park --colour-by ") + mode);
    ASSERT_EQ(img.width, 320u) << mode;
    EXPECT_GT(shareDiffering(img, source, 12, {0, 0, 320, 180}), 0.05) << mode;
  }
  CliRun bad = run("render --colour-by colour --out " + (tempDir() / "x.png").string());
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  EXPECT_NE(bad.output.find("--colour-by"), std::string::npos) << bad.output;
}

// `twinscape feed-sim` against a real broker: a mosquitto of its own on a free loopback
// port, a mosquitto_sub counting what arrives. Kept local to this file on purpose.
namespace {

// A TCP port on 127.0.0.1 that nothing listens on (the kernel's pick, released at once).
int freeLoopbackPort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t n = sizeof a;
  int port = 0;
  if (s >= 0 && bind(s, reinterpret_cast<sockaddr*>(&a), n) == 0 &&
      getsockname(s, reinterpret_cast<sockaddr*>(&a), &n) == 0)
    port = ntohs(a.sin_port);
  if (s >= 0) close(s);
  return port;
}

bool listening(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(uint16_t(port));
  bool ok = s >= 0 && connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (s >= 0) close(s);
  return ok;
}

std::string readText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Polls `ready` every 50 ms for up to `seconds`.
template <class Ready>
bool waitFor(Ready ready, double seconds) {
  for (int i = 0; i < int(seconds * 20); ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ready();
}

bool haveMosquitto() { return runCommand("command -v mosquitto_sub && test -x /usr/sbin/mosquitto").exitCode == 0; }

// mosquitto on a free loopback port, anonymous, logging to a file; stopped on destruction.
struct LocalBroker {
  int port = 0;
  pid_t pid = -1;
  fs::path log;
  std::future<ProcessRun> exited;

  explicit LocalBroker(const fs::path& dir) : port(freeLoopbackPort()), log(dir / "mosquitto.log") {
    const fs::path conf = dir / "mosquitto.conf", pidFile = dir / "mosquitto.pid";
    std::ofstream(conf) << "listener " << port << " 127.0.0.1\nallow_anonymous true\nlog_dest stderr\n"
                        << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                        << "log_type subscribe\n";
    fs::remove(pidFile);
    // The shell's pid is mosquitto's after exec; its stderr (unbuffered, where it logs)
    // goes to the log file, opened by the shell before mosquitto drops its privileges.
    const std::string cmd =
        "echo $$ > " + pidFile.string() + "; exec /usr/sbin/mosquitto -c " + conf.string() + " > " + log.string();
    exited = std::async(std::launch::async, [cmd] { return runCommand(cmd); });
    waitFor([&] { return !readText(pidFile).empty(); }, 10);
    pid = pid_t(std::atoi(readText(pidFile).c_str()));
    waitFor([&] { return listening(port); }, 10);
  }
  ~LocalBroker() {
    if (pid > 0) kill(pid, SIGTERM);
    if (exited.valid()) exited.wait();
  }
  std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port); }
};

}  // namespace

TEST(CliFeedSim, PublishesASnapshotOfEveryEntityThenKeepsGoing) {
  if (!haveMosquitto()) GTEST_SKIP() << "mosquitto and mosquitto_sub are not installed";
  LocalBroker broker(tempDir());
  ASSERT_TRUE(listening(broker.port)) << "mosquitto did not start:\n" << readText(broker.log);
  auto sub = std::async(std::launch::async, [port = broker.port] {
    return runCommand("mosquitto_sub -h 127.0.0.1 -p " + std::to_string(port) + " -t 'twinscape/#' -C 1500 -W 60 -v");
  });
  ASSERT_TRUE(waitFor([&] { return readText(broker.log).find("twinscape/#") != std::string::npos; }, 10))
      << "mosquitto_sub did not subscribe:\n"
      << readText(broker.log);

  CliRun r = run("feed-sim --broker " + broker.url() + " --duration 3 --speed 60");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("connected to " + broker.url()), std::string::npos) << r.output;
  size_t summary = r.output.find("feed-sim: published ");
  ASSERT_NE(summary, std::string::npos) << r.output;
  EXPECT_GE(std::atoi(r.output.c_str() + summary + 20), 1347) << r.output;

  ProcessRun got = sub.get();
  std::map<std::string, size_t> perKind;  // "5g", "cameras", "dc", "city"
  std::istringstream lines(got.output);
  size_t messages = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("twinscape/demo/")) continue;
    ++messages;
    std::string kind = line.substr(15, line.find('/', 15) - 15);
    ++perKind[kind];
    if (perKind[kind] == 1) {
      auto payload = nlohmann::json::parse(line.substr(line.find(' ') + 1), nullptr, false);
      EXPECT_TRUE(payload.is_object() && payload["ts"].is_number_integer()) << line;
    }
  }
  EXPECT_GE(messages, 1347u) << "the first snapshot alone is 1347 messages:\n" << got.output.substr(0, 2000);
  EXPECT_GE(perKind["5g"], 333u);
  EXPECT_GE(perKind["cameras"], 1000u);
  EXPECT_GE(perKind["dc"], 13u);
  EXPECT_GE(perKind["city"], 1u);
}

TEST(CliFeedSim, BadBrokerOrSceneIsAUsageErrorAndAnAbsentBrokerIsRetried) {
  CliRun bad = run("feed-sim --broker http://127.0.0.1:1883 --duration 1");
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  EXPECT_NE(bad.output.find("--broker 'http://127.0.0.1:1883'"), std::string::npos) << bad.output;
  CliRun port = run("feed-sim --broker mqtt://127.0.0.1:99999 --duration 1");
  EXPECT_EQ(port.exitCode, 2) << port.output;
  EXPECT_NE(port.output.find("port"), std::string::npos) << port.output;
  CliRun scene = run("feed-sim --scene city.json --duration 1");
  EXPECT_EQ(scene.exitCode, 2) << scene.output;
  EXPECT_NE(scene.output.find("only the demo scene"), std::string::npos) << scene.output;
  CliRun speed = run("feed-sim --speed 0 --duration 1");
  EXPECT_EQ(speed.exitCode, 2) << speed.output;

  const std::string nobody = "mqtt://127.0.0.1:" + std::to_string(freeLoopbackPort());
  CliRun absent = run("feed-sim --broker " + nobody + " --duration 2");
  EXPECT_EQ(absent.exitCode, 1) << absent.output;
  EXPECT_NE(absent.output.find("cannot reach the broker " + nobody), std::string::npos) << absent.output;
  EXPECT_NE(absent.output.find("never reached the broker"), std::string::npos) << absent.output;
}
