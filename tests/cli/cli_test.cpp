// The twinscape binary as a user runs it: bad arguments give a clear message and a
// non-zero exit; a good render writes a PNG of the requested size with zero
// validation messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "../support/process.h"
#include "io/png.h"

namespace fs = std::filesystem;

namespace {

using CliRun = ProcessRun;

CliRun run(const std::string& args) { return runCommand(std::string(TS_TWINSCAPE_BIN) + " " + args); }

fs::path tempDir() {
  fs::path d = fs::temp_directory_path() / ("twinscape-cli-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
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
  EXPECT_NE(scene.output.find("cannot open scene file 'atlantis.json' (no such file)"), std::string::npos) << scene.output;

  CliRun msaa = run("render --msaa 3");
  EXPECT_EQ(msaa.exitCode, 2) << msaa.output;
  CliRun unknown = run("render --frobnicate");
  EXPECT_EQ(unknown.exitCode, 2) << unknown.output;
  CliRun none = run("");
  EXPECT_EQ(none.exitCode, 2) << none.output;
  CliRun level = run("devices --log-level loud");
  EXPECT_EQ(level.exitCode, 2) << level.output;
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
