// Recordings (engine/feeds/recording.h): what goes in comes back, checkpoints reach any
// moment, a killed recorder leaves a readable file, bad files are refused by name.
#include "feeds/recording.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "../support/temp_dir.h"

using namespace ts;
using namespace ts::feeds;
namespace fs = std::filesystem;

namespace {

double wallNow() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

std::vector<FeedSpec> twoFeeds() {
  FeedSpec a;
  a.name = "sites";
  a.broker = BrokerUrl{false, "broker.example", 1883};
  a.clientId = "twinscape-test";
  a.username = "twin";
  a.passwordEnv = "SITES_PASSWORD";
  a.topics.push_back(TopicMapping{.filter = "city/5g/+/status", .idTopicLevel = 2});
  a.topics[0].fields.push_back(FieldMapping{.field = "status", .attribute = "status", .values = {{"online", 1}}});
  a.topics.push_back(TopicMapping{.filter = "city/5g/+/load", .idTopicLevel = 2});
  a.topics[1].fields.push_back(FieldMapping{.field = "load", .attribute = "load_mw", .unit = "kW"});
  FeedSpec b;
  b.name = "data centres";
  b.broker = BrokerUrl{true, "dc.example", 8883};
  b.caFile = "/etc/twinscape/ca.pem";
  b.protocol = 311;
  b.staleAfterS = 30;
  b.topics.push_back(TopicMapping{.filter = "dc/#", .kind = FeedEntityKind::DataCentre, .idField = "id"});
  b.topics[0].fields.push_back(FieldMapping{.field = "reason", .attribute = "reason", .text = true});
  return {a, b};
}

RecordingInfo someInfo() { return RecordingInfo{"Hanoi", 42, 420, "2024-05-01T08:00:00Z"}; }

// Message i of a synthetic stream: which feed, topic and payload, and the updates it gave
// (made again from i, so a test can tell what any recorded message stood for).
struct Synthetic {
  int feed;
  std::string topic, payload;
  std::vector<twin::Update> updates;
};

Synthetic synthetic(int i, double received, twin::Registry& names) {
  Synthetic s;
  s.feed = i % 2;
  std::string entity = "site-" + std::to_string(i % 7);
  s.topic = (s.feed == 0 ? "city/5g/" + entity + "/status" : "dc/" + entity);
  s.payload = "message " + std::to_string(i);
  s.payload.push_back('\0');  // payloads are bytes, not C strings
  s.payload += "\xff\x01 end";
  twin::Update u;
  u.entity = names.entities.intern(entity);
  u.attribute = names.attributes.intern(i % 3 == 0 ? "status" : "load_mw");
  u.t = received - ((i / 21) % 3) * 40.0;  // a series' measurement times out of order (it repeats every 21)
  u.value = i * 0.5;
  u.staleAfter = i % 2 ? 30.0f : twin::kNeverStale;
  s.updates.push_back(u);
  if (i % 5 == 0) {
    twin::Update text;
    text.entity = u.entity;
    text.attribute = names.attributes.intern("reason");
    text.t = received;
    text.isText = true;
    text.text = "alert " + std::to_string(i);
    s.updates.push_back(text);
  }
  return s;
}

int indexOf(const std::string& payload) { return std::stoi(payload.substr(std::string("message ").size())); }

void send(Recorder& r, int i, double received, twin::Registry& names) {
  Synthetic s = synthetic(i, received, names);
  r.onMessage(ReceivedMessage{s.feed, s.topic, s.payload, received, received - 0.5}, s.updates);
}

std::string errorOf(const auto& result) { return result ? std::string("(no error)") : result.error().message; }

void sqlite(const fs::path& file, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

std::vector<RecordedMessage> readAll(const Recording& r, double from, double to, twin::Registry& names,
                                     std::vector<twin::Update>* checkpoint = nullptr) {
  std::vector<RecordedMessage> out;
  auto ok = r.read(
      from, to, names,
      [&](const twin::Update& u) {
        if (checkpoint) checkpoint->push_back(u);
      },
      [&](const RecordedMessage& m) { out.push_back(m); });
  EXPECT_TRUE(ok) << errorOf(ok);
  return out;
}

}  // namespace

TEST(Recording, RoundTripKeepsEveryMessageAndTheSpecs) {
  fs::path file = testTempDir("recording") / "round-trip.twinrec";
  auto names = std::make_shared<twin::Registry>();
  const int n = 2000;
  const double t0 = 1714550400.0;
  {
    auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names);
    ASSERT_TRUE(recorder) << errorOf(recorder);
    for (int i = 0; i < n; ++i) send(**recorder, i, t0 + i * 0.01, *names);
  }
  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  const Recording& r = **recording;
  ASSERT_EQ(r.feeds().size(), 2u);
  EXPECT_EQ(r.feeds()[0].name, "sites");
  EXPECT_EQ(r.feeds()[0].broker.text(), "mqtt://broker.example:1883");
  EXPECT_EQ(r.feeds()[0].username, "twin");
  EXPECT_EQ(r.feeds()[0].passwordEnv, "SITES_PASSWORD");
  ASSERT_EQ(r.feeds()[0].topics.size(), 2u);
  EXPECT_EQ(r.feeds()[0].topics[1].filter, "city/5g/+/load");
  EXPECT_EQ(r.feeds()[0].topics[1].idTopicLevel, 2);
  ASSERT_EQ(r.feeds()[0].topics[1].fields.size(), 1u);
  EXPECT_EQ(r.feeds()[0].topics[1].fields[0].attribute, "load_mw");
  EXPECT_EQ(r.feeds()[0].topics[1].fields[0].unit, "kW");
  EXPECT_EQ(r.feeds()[0].topics[0].fields.at(0).values, (std::map<std::string, double>{{"online", 1}}));
  EXPECT_EQ(r.feeds()[1].name, "data centres");
  EXPECT_EQ(r.feeds()[1].broker.text(), "mqtts://dc.example:8883");
  EXPECT_EQ(r.feeds()[1].caFile, "/etc/twinscape/ca.pem");
  EXPECT_EQ(r.feeds()[1].protocol, 311);
  EXPECT_EQ(r.feeds()[1].staleAfterS, 30);
  EXPECT_EQ(r.feeds()[1].topics.at(0).filter, "dc/#");
  EXPECT_EQ(r.feeds()[1].topics.at(0).kind, FeedEntityKind::DataCentre);
  EXPECT_EQ(r.feeds()[1].topics.at(0).idField, "id");
  EXPECT_TRUE(r.feeds()[1].topics.at(0).fields.at(0).text);
  EXPECT_EQ(r.info().scene, "Hanoi");
  EXPECT_EQ(r.info().seed, 42u);
  EXPECT_EQ(r.info().utcOffsetMinutes, 420);
  EXPECT_EQ(r.info().created, "2024-05-01T08:00:00Z");
  EXPECT_EQ(r.messageCount(), uint64_t(n));
  auto range = r.range();
  ASSERT_TRUE(range);
  EXPECT_DOUBLE_EQ(range->first, t0);
  EXPECT_DOUBLE_EQ(range->second, t0 + (n - 1) * 0.01);

  twin::Registry replayNames;
  std::vector<twin::Update> checkpoint;
  auto messages = readAll(r, range->first, range->second, replayNames, &checkpoint);
  EXPECT_TRUE(checkpoint.empty()) << "no checkpoint is at or before the first message";
  ASSERT_EQ(messages.size(), size_t(n));
  for (int i = 0; i < n; ++i) {
    Synthetic s = synthetic(i, t0 + i * 0.01, *names);
    const RecordedMessage& m = messages[i];
    ASSERT_EQ(m.payload, s.payload) << "message " << i;
    EXPECT_EQ(m.feed, s.feed);
    EXPECT_EQ(m.topic, s.topic);
    EXPECT_EQ(m.received, t0 + i * 0.01);  // exactly: REAL is a double
    EXPECT_EQ(m.time, t0 + i * 0.01 - 0.5);
  }
  // A window in the middle: only what was received up to its end.
  EXPECT_EQ(readAll(r, t0, t0 + 4.995, replayNames).size(), 500u);
  // A callback that throws leaves the recording readable.
  EXPECT_THROW((void)r.read(
                   t0, t0 + 1, replayNames, [](const twin::Update&) {},
                   [](const RecordedMessage&) { throw std::runtime_error("x"); }),
               std::runtime_error);
  EXPECT_EQ(readAll(r, t0, t0 + 0.995, replayNames).size(), 100u);
  recording->reset();
  EXPECT_FALSE(fs::exists(file.string() + "-wal")) << "a finished recording is one file, also after a replay";
  EXPECT_FALSE(fs::exists(file.string() + "-shm"));
}

TEST(Recording, IsReadableWhileItIsBeingWritten) {
  fs::path file = testTempDir("recording") / "live.twinrec";
  auto names = std::make_shared<twin::Registry>();
  auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names, {.commitSeconds = 0.01});
  ASSERT_TRUE(recorder) << errorOf(recorder);
  auto waitWritten = [&](uint64_t n) {
    for (int tries = 0; tries < 500 && (*recorder)->stats().written < n; ++tries)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ((*recorder)->stats().written, n);
  };
  for (int i = 0; i < 100; ++i) send(**recorder, i, 1000.0 + i, *names);
  waitWritten(100);
  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  EXPECT_EQ((*recording)->messageCount(), 100u);
  for (int i = 100; i < 150; ++i) send(**recorder, i, 1000.0 + i, *names);
  waitWritten(150);
  twin::Registry replayNames;
  EXPECT_EQ((*recording)->messageCount(), 150u);
  EXPECT_EQ(readAll(**recording, 1000, 2000, replayNames).size(), 150u);
}

// onMessage from several feed threads at once: every message is kept, each feed's in order.
TEST(Recording, TakesMessagesFromSeveralFeedThreads) {
  fs::path file = testTempDir("recording") / "threads.twinrec";
  auto names = std::make_shared<twin::Registry>();
  const int perFeed = 1500;
  {
    auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names, {.commitSeconds = 0.01});
    ASSERT_TRUE(recorder) << errorOf(recorder);
    std::vector<std::thread> feeds;
    for (int feed = 0; feed < 2; ++feed)
      feeds.emplace_back([&, feed] {
        for (int i = 0; i < perFeed; ++i) {
          std::string payload = std::to_string(feed) + ":" + std::to_string(i);
          double now = wallNow();
          (*recorder)->onMessage(ReceivedMessage{feed, "t", payload, now, now}, {});
        }
      });
    for (std::thread& t : feeds) t.join();
  }
  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  twin::Registry replayNames;
  auto messages = readAll(**recording, 0, wallNow() + 1, replayNames);
  ASSERT_EQ(messages.size(), size_t(2 * perFeed));
  int next[2] = {0, 0};
  for (const RecordedMessage& m : messages) {
    ASSERT_TRUE(m.feed == 0 || m.feed == 1);
    EXPECT_EQ(m.payload, std::to_string(m.feed) + ":" + std::to_string(next[m.feed]++));
  }
  // A window ending mid-way holds exactly the messages received by then, however the
  // threads' hand-overs interleaved.
  const double to = messages[perFeed].received;
  size_t upToThen = std::count_if(messages.begin(), messages.end(), [&](const auto& m) { return m.received <= to; });
  EXPECT_EQ(readAll(**recording, 0, to, replayNames).size(), upToThen);
}

// The checkpoint before `from` plus the messages after it reach the same state as all
// the messages from the start.
TEST(Recording, CheckpointsReachAnyMomentWithoutReplayingFromTheStart) {
  fs::path file = testTempDir("recording") / "checkpoints.twinrec";
  auto names = std::make_shared<twin::Registry>();
  const int n = 400;
  const double t0 = 1714550400.0;
  uint64_t checkpoints = 0;
  {
    auto recorder =
        Recorder::create(file, twoFeeds(), someInfo(), names, {.commitSeconds = 0.02, .checkpointSeconds = 0.05});
    ASSERT_TRUE(recorder) << errorOf(recorder);
    for (int i = 0; i < n; ++i) {
      send(**recorder, i, t0 + i, *names);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    checkpoints = (*recorder)->stats().checkpoints;
  }
  EXPECT_GE(checkpoints, 5u) << "one every 50 ms over 0.9 s";
  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  const double from = t0 + 350.5, to = t0 + 390;

  auto replayNames = std::make_shared<twin::Registry>();
  std::vector<twin::Update> checkpoint;
  auto messages = readAll(**recording, from, to, *replayNames, &checkpoint);
  ASSERT_FALSE(checkpoint.empty()) << "a checkpoint at or before " << from;
  ASSERT_FALSE(messages.empty());
  const int first = indexOf(messages.front().payload);
  EXPECT_GT(first, 0);
  EXPECT_LE(first, 351) << "the checkpoint is the last one at or before `from`";
  ASSERT_EQ(messages.size(), size_t(390 - first + 1)) << "then every message after it up to `to`, once";
  for (size_t k = 0; k < messages.size(); ++k) EXPECT_EQ(indexOf(messages[k].payload), first + int(k));

  // The checkpoint holds the latest update (by time) of every series before `first`.
  auto key = [](const std::string& e, const std::string& a) { return e + "/" + a; };
  std::map<std::string, twin::Update> expected;
  for (int i = 0; i < first; ++i)
    for (const twin::Update& u : synthetic(i, t0 + i, *names).updates) {
      auto k = key(names->entities.name(u.entity), names->attributes.name(u.attribute));
      if (!expected.count(k) || u.t >= expected[k].t) expected[k] = u;
    }
  ASSERT_EQ(checkpoint.size(), expected.size());
  for (const twin::Update& u : checkpoint) {
    auto k = key(replayNames->entities.name(u.entity), replayNames->attributes.name(u.attribute));
    ASSERT_TRUE(expected.count(k)) << k;
    const twin::Update& e = expected[k];
    EXPECT_EQ(u.t, e.t) << k;
    EXPECT_EQ(u.isText, e.isText) << k;
    EXPECT_EQ(u.value, e.value) << k;
    EXPECT_EQ(u.text, e.text) << k;
    EXPECT_EQ(u.staleAfter, e.staleAfter) << k;
  }

  // Checkpoint + later messages == everything from the start, for every series at `to`.
  twin::StateStore seeked(replayNames), full(names);
  for (const twin::Update& u : checkpoint) seeked.apply(u);
  for (const RecordedMessage& m : messages)
    for (twin::Update u : synthetic(indexOf(m.payload), m.received, *names).updates) {
      u.entity = replayNames->entities.intern(names->entities.name(u.entity));
      u.attribute = replayNames->attributes.intern(names->attributes.name(u.attribute));
      seeked.apply(u);
    }
  for (int i = 0; i <= 390; ++i)
    for (const twin::Update& u : synthetic(i, t0 + i, *names).updates) full.apply(u);
  for (int e = 0; e < 7; ++e)
    for (const char* a : {"status", "load_mw", "reason"}) {
      std::string entity = "site-" + std::to_string(e);
      auto want = full.readingAt(entity, a, to);
      auto got = seeked.readingAt(entity, a, to);
      ASSERT_EQ(bool(want), bool(got)) << entity << " " << a;
      if (want) {
        EXPECT_EQ(got->value, want->value) << entity << " " << a;
        EXPECT_EQ(got->sampleTime, want->sampleTime) << entity << " " << a;
        EXPECT_EQ(got->stale, want->stale) << entity << " " << a;
      }
      EXPECT_EQ(seeked.textAt(entity, a, to), full.textAt(entity, a, to)) << entity << " " << a;
    }
}

// A recorder killed with SIGKILL: the file opens, with every message handed over until
// a second before the kill (commits every 0.25 s).
TEST(Recording, SurvivesTheRecorderBeingKilled) {
  fs::path file = testTempDir("recording") / "killed.twinrec";
  int progress[2];
  ASSERT_EQ(pipe(progress), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(progress[0]);
    auto names = std::make_shared<twin::Registry>();
    auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names, {.commitSeconds = 0.25});
    if (!recorder) _exit(2);
    for (int i = 0; i < 20000; ++i) {
      double now = wallNow();
      send(**recorder, i, now, *names);
      if (write(progress[1], &now, sizeof now) != sizeof now) _exit(3);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    _exit(4);  // the parent should have killed it long before
  }
  close(progress[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  const double killed = wallNow();
  kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself: exit " << WEXITSTATUS(status);
  std::vector<double> handed;
  double t;
  while (read(progress[0], &t, sizeof t) == sizeof t) handed.push_back(t);
  close(progress[0]);
  size_t due = std::count_if(handed.begin(), handed.end(), [&](double h) { return h <= killed - 1.0; });
  ASSERT_GT(due, 100u) << "the child wrote for two seconds";

  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  twin::Registry names;
  auto messages = readAll(**recording, 0, killed + 10, names);
  EXPECT_GE(messages.size(), due) << "lost more than the last second";
  EXPECT_LE(messages.size(), handed.size());
  EXPECT_EQ((*recording)->messageCount(), messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    ASSERT_EQ(indexOf(messages[i].payload), int(i)) << "in order, none missing";
    EXPECT_EQ(messages[i].received, handed[i]);
  }
  // Opened again (the WAL recovered by the first open or not): the same.
  auto again = Recording::open(file);
  ASSERT_TRUE(again) << errorOf(again);
  EXPECT_EQ((*again)->messageCount(), messages.size());
}

TEST(Recording, RefusesToOverwriteAFile) {
  fs::path dir = testTempDir("recording");
  auto names = std::make_shared<twin::Registry>();
  fs::path file = dir / "twice.twinrec";
  auto first = Recorder::create(file, twoFeeds(), someInfo(), names);
  ASSERT_TRUE(first) << errorOf(first);
  auto second = Recorder::create(file, twoFeeds(), someInfo(), names);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, file.string() + ": already exists; recordings are never overwritten");
  first->reset();

  fs::path notes = dir / "notes.txt";
  std::ofstream(notes) << "keep me\n";
  auto over = Recorder::create(notes, twoFeeds(), someInfo(), names);
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("already exists"), std::string::npos);
  std::ifstream in(notes);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "keep me");

  auto nowhere = Recorder::create(dir / "no-such-folder" / "x.twinrec", twoFeeds(), someInfo(), names);
  ASSERT_FALSE(nowhere);
  EXPECT_NE(nowhere.error().message.find("no-such-folder/x.twinrec: cannot create"), std::string::npos)
      << nowhere.error().message;
}

TEST(Recording, OpenNamesTheFileAndWhatIsWrong) {
  fs::path dir = testTempDir("recording");
  auto expectError = [](const fs::path& file, const std::string& what) {
    auto r = Recording::open(file);
    ASSERT_FALSE(r) << file;
    EXPECT_EQ(r.error().message.rfind(file.string() + ": ", 0), 0u) << r.error().message;
    EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
  };
  expectError(dir / "missing.twinrec", "no such file");

  fs::path text = dir / "text.twinrec";
  std::ofstream(text) << "This is a text file, not a recording.\nSecond line.\n";
  expectError(text, "not an SQLite database");

  fs::path noise = dir / "noise.twinrec";
  {
    std::mt19937 random(7);
    std::ofstream out(noise, std::ios::binary);
    for (int i = 0; i < 8192; ++i) out.put(char(random()));
  }
  expectError(noise, "not an SQLite database");

  fs::path other = dir / "other.sqlite";
  sqlite(other, "CREATE TABLE things(a, b); INSERT INTO things VALUES (1, 2);");
  expectError(other, "not a Twinscape recording (no meta table)");

  auto names = std::make_shared<twin::Registry>();
  fs::path newer = dir / "newer.twinrec";
  ASSERT_TRUE(Recorder::create(newer, twoFeeds(), someInfo(), names));
  sqlite(newer, "UPDATE meta SET value = '2' WHERE key = 'version'");
  expectError(newer, "recording format version 2 is newer than this build reads (1)");

  fs::path foreign = dir / "foreign.twinrec";
  ASSERT_TRUE(Recorder::create(foreign, twoFeeds(), someInfo(), names));
  sqlite(foreign, "UPDATE meta SET value = 'something-else' WHERE key = 'format'");
  expectError(foreign, "not a Twinscape recording");

  fs::path badFeed = dir / "bad-feed.twinrec";
  ASSERT_TRUE(Recorder::create(badFeed, twoFeeds(), someInfo(), names));
  sqlite(badFeed, "UPDATE feeds SET spec = '{\"name\": \"x\"}' WHERE id = 1");
  expectError(badFeed, "'feeds[1].broker' is missing");

  fs::path newerTable = dir / "no-messages.twinrec";
  ASSERT_TRUE(Recorder::create(newerTable, twoFeeds(), someInfo(), names));
  sqlite(newerTable, "DROP TABLE messages");
  expectError(newerTable, "damaged recording: no such table: messages");
}

TEST(Recording, AFullQueueDropsAndCounts) {
  fs::path file = testTempDir("recording") / "full.twinrec";
  auto names = std::make_shared<twin::Registry>();
  {
    auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names, {.queueCapacity = 10, .holdWriter = true});
    ASSERT_TRUE(recorder) << errorOf(recorder);
    for (int i = 0; i < 25; ++i) send(**recorder, i, 100.0 + i, *names);
    RecorderStats s = (*recorder)->stats();
    EXPECT_EQ(s.dropped, 15u);
    EXPECT_EQ(s.written, 0u);
    EXPECT_TRUE(s.error.empty());
  }
  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  EXPECT_EQ((*recording)->messageCount(), 10u) << "the ten queued are written when the recorder closes";
}

TEST(Recording, TheQueueIsBoundedInBytesToo) {
  fs::path file = testTempDir("recording") / "bytes.twinrec";
  auto names = std::make_shared<twin::Registry>();
  auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names,
                                   {.queueCapacity = 1000, .queueBytes = 64 * 1024, .holdWriter = true});
  ASSERT_TRUE(recorder) << errorOf(recorder);
  const std::string big(8 * 1024, 'x');  // eight 8 kB payloads fill 64 kB (with their overheads, seven)
  for (int i = 0; i < 20; ++i) (*recorder)->onMessage({0, "big/topic", big, 100.0 + i, 100.0 + i}, {});
  RecorderStats s = (*recorder)->stats();
  EXPECT_GE(s.dropped, 12u) << "the byte budget, not the count of 1,000, stops the queue";
  EXPECT_LE(s.dropped, 14u);
}

// A write error (here the file-size limit standing in for a full disk) is reported in
// stats().error and does not crash the recorder. In a child: the limit is per process.
TEST(Recording, WriteErrorsAreReportedNotFatal) {
  fs::path file = testTempDir("recording") / "full-disk.twinrec";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);
    rlimit limit{256 * 1024, 256 * 1024};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(2);
    auto names = std::make_shared<twin::Registry>();
    auto recorder = Recorder::create(file, twoFeeds(), someInfo(), names, {.commitSeconds = 0.01});
    if (!recorder) _exit(3);
    std::string big(2000, 'x');
    auto wait = [&](uint64_t n) {
      for (int tries = 0; tries < 500 && (*recorder)->stats().written + (*recorder)->stats().failed < n; ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
    for (int i = 0; i < 10; ++i) (*recorder)->onMessage(ReceivedMessage{0, "big", big, 1.0 + i, 1.0 + i}, {});
    wait(10);  // these fit
    if ((*recorder)->stats().written != 10) _exit(4);
    for (int i = 10; i < 1000; ++i) (*recorder)->onMessage(ReceivedMessage{0, "big", big, 1.0 + i, 1.0 + i}, {});
    wait(1000);
    RecorderStats s = (*recorder)->stats();
    bool reported = !s.error.empty() && s.error.find(file.string()) == 0 && s.failed > 0 && s.written < 1000;
    recorder->reset();
    _exit(reported ? 0 : 10);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the recorder crashed: signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2, 3, 4: set-up failed; 10: the error was not reported";
  auto recording = Recording::open(file);
  ASSERT_TRUE(recording) << errorOf(recording);
  EXPECT_GE((*recording)->messageCount(), 10u);
  EXPECT_LT((*recording)->messageCount(), 1000u);
}
