// The feeds end to end, as a user runs them: a real mosquitto broker on loopback, the
// demo's publisher (`feed-sim`), `record`, live `kpi` and `kpi --replay`, each a real
// process. What was live is what replays; a recording cut by kill -9 still replays.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/broker.h"
#include "../support/process.h"
#include "../support/temp_dir.h"
#include "kpi_output.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kBin = TS_TWINSCAPE_BIN;

fs::path dir() { return testTempDir("cli-feeds"); }

std::string brokerUrl(const TestBroker& b) { return "mqtt://127.0.0.1:" + std::to_string(b.port()); }

// The JSON object a kpi run printed; an empty one when there is none (the checks then fail).
json kpiJson(const std::string& output) {
  json j = kpiOutputJson(output);
  return j.is_object() ? j : json::object();
}

// How many clients the broker has seen connect (its log says so for each).
int connections(const TestBroker& b) {
  const std::string log = b.log();
  int n = 0;
  for (size_t p = log.find("New client connected"); p != std::string::npos; p = log.find("New client connected", p + 1))
    ++n;
  return n;
}

}  // namespace

// Live KPIs while the publisher runs, and the same moment replayed from the recording made
// meanwhile: the same figures, layer by layer.
TEST(CliFeeds, WhatWasLiveReplaysWithTheSameKpis) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  const std::string url = brokerUrl(broker), rec = (dir() / "live.twinrec").string();
  BackgroundProcess record(kBin + " record --scene demo --broker " + url + " --out " + rec,
                           (dir() / "record.log").string());
  BackgroundProcess live(kBin + " kpi --log-level info --scene demo --broker " + url + " --listen 12",
                         (dir() / "kpi-live.log").string());
  ASSERT_TRUE(waitUntil([&] { return connections(broker) >= 2; }, 60)) << broker.log() << record.output();
  ProcessRun sim = runCommand(kBin + " feed-sim --scene demo --broker " + url + " --duration 3 --speed 60");
  ASSERT_EQ(sim.exitCode, 0) << sim.output;
  ASSERT_EQ(live.wait(120), 0) << live.output();
  const json l = kpiJson(live.output());
  ASSERT_TRUE(l.contains("time")) << live.output();
  ASSERT_TRUE(l.contains("feeds")) << live.output();
  EXPECT_TRUE(l["feeds"][0]["connected"].get<bool>()) << l["feeds"].dump();
  EXPECT_GE(l["feeds"][0]["messages"].get<int>(), 1347) << "the first snapshot alone has every entity";
  EXPECT_EQ(l["layers"]["cameras"]["from_feeds"], 1000) << "every camera's status came from the feed";
  EXPECT_EQ(l["layers"]["coverage5g"]["from_feeds"], 333);
  record.signal(SIGINT);
  ASSERT_EQ(record.wait(60), 0) << record.output();

  ProcessRun replay = runCommand(kBin + " kpi --log-level warn --scene demo --replay " + rec + " --at " +
                                 l["time"].get<std::string>() + " 2>&1");
  ASSERT_EQ(replay.exitCode, 0) << replay.output;
  const json r = kpiJson(replay.output);
  ASSERT_TRUE(r.contains("layers")) << replay.output;
  EXPECT_EQ(r["time"], l["time"]);
  EXPECT_EQ(r["layers"], l["layers"]) << "live:\n" << l["layers"].dump(1) << "\nreplayed:\n" << r["layers"].dump(1);
  EXPECT_EQ(r["temperature_c"], l["temperature_c"]);
  EXPECT_GE(r["replay"]["messages"].get<int>(), 1347);
  EXPECT_EQ(r["replay"]["refused"], 0);

  // Without --at: the recording's last moment.
  ProcessRun last = runCommand(kBin + " kpi --log-level warn --scene demo --replay " + rec + " 2>&1");
  ASSERT_EQ(last.exitCode, 0) << last.output;
  EXPECT_EQ(kpiJson(last.output)["time"], kpiJson(last.output)["replay"]["to"]);
}

// kill -9 while recording: the file opens and replays what arrived up to about a second
// before.
TEST(CliFeeds, ARecordingCutByKillNineStillReplays) {
  TestBroker broker;
  ASSERT_TRUE(broker.start());
  const std::string url = brokerUrl(broker), rec = (dir() / "killed.twinrec").string();
  BackgroundProcess record(kBin + " record --scene demo --broker " + url + " --out " + rec,
                           (dir() / "record-killed.log").string());
  ASSERT_TRUE(waitUntil([&] { return connections(broker) >= 1; }, 60)) << record.output();
  BackgroundProcess sim(kBin + " feed-sim --scene demo --broker " + url + " --duration 30 --speed 60",
                        (dir() / "sim.log").string());
  std::this_thread::sleep_for(std::chrono::seconds(4));  // the snapshot (1,347 messages) is out in the first
  record.signal(SIGKILL);
  record.wait(10);
  sim.signal(SIGTERM);
  ProcessRun replay = runCommand(kBin + " kpi --log-level warn --scene demo --replay " + rec + " 2>&1");
  ASSERT_EQ(replay.exitCode, 0) << replay.output;
  const json r = kpiJson(replay.output);
  EXPECT_GE(r["replay"]["messages"].get<int>(), 1347) << replay.output;
  EXPECT_EQ(r["layers"]["cameras"]["from_feeds"], 1000) << "the snapshot was all committed";
}

TEST(CliFeeds, RecordAndKpiOptionsAreChecked) {
  ProcessRun badBroker =
      runCommand(kBin + " record --scene demo --broker http://x --out " + (dir() / "x.twinrec").string() + " 2>&1");
  EXPECT_EQ(badBroker.exitCode, 2) << badBroker.output;
  EXPECT_NE(badBroker.output.find("--broker"), std::string::npos) << badBroker.output;
  const fs::path exists = dir() / "exists.twinrec";
  std::ofstream(exists) << "x";
  ProcessRun overwrite = runCommand(kBin + " record --scene demo --duration 1 --out " + exists.string() + " 2>&1");
  EXPECT_EQ(overwrite.exitCode, 1) << overwrite.output;
  EXPECT_NE(overwrite.output.find("exists"), std::string::npos) << overwrite.output;
  ProcessRun notARecording = runCommand(kBin + " kpi --scene demo --replay " + exists.string() + " 2>&1");
  EXPECT_EQ(notARecording.exitCode, 1) << notARecording.output;
  EXPECT_NE(notARecording.output.find(exists.string()), std::string::npos) << notARecording.output;
  ProcessRun missing = runCommand(kBin + " kpi --scene demo --replay " + (dir() / "none.twinrec").string() + " 2>&1");
  EXPECT_EQ(missing.exitCode, 1) << missing.output;
}

// No broker at all: live kpi still reports, and says why the feed is not connected.
TEST(CliFeeds, ADeadBrokerIsReportedAndTheRestRuns) {
  TestBroker broker;  // configured, never started: its port refuses connections
  ProcessRun r =
      runCommand(kBin + " kpi --log-level warn --scene demo --listen 1 --broker " + brokerUrl(broker) + " 2>&1");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const json j = kpiJson(r.output);
  ASSERT_TRUE(j.contains("feeds")) << r.output;
  EXPECT_FALSE(j["feeds"][0]["connected"].get<bool>());
  EXPECT_NE(j["feeds"][0]["status"].get<std::string>().find("refused"), std::string::npos) << j["feeds"].dump();
  EXPECT_NE(j["feeds"][0]["status"].get<std::string>().find(brokerUrl(broker)), std::string::npos)
      << "the message names the broker: " << j["feeds"].dump();
  EXPECT_EQ(j["layers"]["cameras"]["from_feeds"], 0) << "the simulator's values, none from the feed";
  EXPECT_GT(j["layers"]["cameras"]["online"].get<int>(), 0);
}
