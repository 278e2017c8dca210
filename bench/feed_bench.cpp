#include "bench/feed_bench.h"

#include <fcntl.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "feeds/loopback.h"
#include "feeds/mqtt_feed.h"
#include "feeds/recording.h"
#include "feeds/replay.h"
#include "twin/sim_clock.h"

extern char** environ;

namespace ts::bench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A child process (the broker, mosquitto_sub), stopped when this goes.
struct Child {
  pid_t pid = -1;
  Child() = default;
  Child(Child&& o) noexcept : pid(std::exchange(o.pid, -1)) {}
  ~Child() {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
  // Waits up to `seconds` for it to exit; true if it did.
  bool wait(double seconds) {
    const double end = twin::wallClockNow() + seconds;
    while (twin::wallClockNow() < end) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) return pid = -1, true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }
};

Result<Child> spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  Child c;
  int rc = posix_spawnp(&c.pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return fail("cannot start " + args[0] + ": " + std::strerror(rc));
  return c;
}

struct Broker {
  Child process;
  feeds::BrokerUrl url;
};

Result<Broker> startBroker(const fs::path& dir) {
  const int port = feeds::freeLoopbackPort();
  const fs::path conf = dir / "mosquitto.conf";
  // set_tcp_nodelay: the broker sends each message at once (as a deployment for live
  // telemetry should be set up; mosquitto's default lets Nagle hold small packets).
  std::ofstream(conf) << "listener " << port << " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n";
  auto child = spawn({feeds::mosquittoBinary(), "-c", conf.string()});
  if (!child) return std::unexpected(child.error());
  for (int i = 0; i < 500 && !feeds::loopbackAccepts(port); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!feeds::loopbackAccepts(port)) return fail("mosquitto did not start on port " + std::to_string(port));
  return Broker{std::move(*child), {false, "127.0.0.1", port}};
}

// A plain publisher: libmosquitto's own network thread, QoS 0.
class Publisher {
 public:
  explicit Publisher(const feeds::BrokerUrl& b) : m_mosq(mosquitto_new(nullptr, true, nullptr)) {
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);
    m_ok = mosquitto_connect(m_mosq, b.host.c_str(), b.port, 30) == MOSQ_ERR_SUCCESS &&
           mosquitto_loop_start(m_mosq) == MOSQ_ERR_SUCCESS;
  }
  ~Publisher() {
    mosquitto_disconnect(m_mosq);
    mosquitto_loop_stop(m_mosq, false);
    mosquitto_destroy(m_mosq);
  }
  bool ok() const { return m_ok; }
  void publish(const std::string& topic, const std::string& payload) {
    mosquitto_publish(m_mosq, nullptr, topic.c_str(), int(payload.size()), payload.data(), 0, false);
  }

 private:
  mosquitto* m_mosq;
  bool m_ok = false;
};

std::string payloadAt(double ts, uint32_t i) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "{\"ts\":%.6f,\"detections\":%u}", ts, i % 97);
  return buf;
}
std::string topicOf(uint32_t i, uint32_t entities) { return "bench/cam/cam-" + std::to_string(i % entities); }

// Publishes `n` messages as fast as the client takes them.
void burst(Publisher& p, uint32_t n, uint32_t entities) {
  for (uint32_t i = 0; i < n; ++i) p.publish(topicOf(i, entities), payloadAt(twin::wallClockNow(), i));
}

scene::EntitySet benchCameras(uint32_t n) {
  scene::EntitySet e;
  for (uint32_t i = 0; i < n; ++i) e.cameras.push_back({.id = "cam-" + std::to_string(i)});
  return e;
}

feeds::FeedSpec benchSpec(const feeds::BrokerUrl& broker) {
  feeds::FeedSpec s;
  s.name = "bench";
  s.broker = broker;
  s.qos = 0;
  s.staleAfterS = 60;
  feeds::TopicMapping t;
  t.filter = "bench/cam/+";
  t.kind = feeds::FeedEntityKind::Camera;
  t.idTopicLevel = 2;
  t.timeField = "ts";
  t.fields.push_back({.field = "detections", .attribute = "detections"});
  s.topics.push_back(t);
  return s;
}

double sinceS(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// mosquitto_sub's rate on a burst: from the first publish until it has all of them.
json subscriberRate(const feeds::BrokerUrl& b, uint32_t n) {
  auto sub = spawn({"mosquitto_sub", "-h", b.host, "-p", std::to_string(b.port), "-t", "bench/#", "-C",
                    std::to_string(n), "-q", "0"});
  if (!sub) return {{"case", "mosquitto_sub"}, {"error", sub.error().message}};
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // subscribed by then
  Publisher pub(b);
  const auto t0 = std::chrono::steady_clock::now();
  burst(pub, n, 1000);
  const bool done = sub->wait(300);
  const double s = sinceS(t0);
  return {{"case", "mosquitto_sub"}, {"messages", n}, {"complete", done}, {"seconds", s}, {"msg_per_s", n / s}};
}

// Twinscape's rate on the same burst: a feed into the UpdateQueue, drained by a 60 Hz frame
// loop into a StateStore; optionally recording every message.
json ingestRate(const feeds::BrokerUrl& b, uint32_t n, const fs::path& recording) {
  auto names = std::make_shared<twin::Registry>();
  const scene::EntitySet cams = benchCameras(1000);
  auto index = std::make_shared<feeds::EntityIndex>(cams, *names);
  std::unique_ptr<feeds::Recorder> recorder;
  if (!recording.empty()) {
    auto r = feeds::Recorder::create(recording, {benchSpec(b)}, {"bench", 0, 0, ""}, names);
    if (!r) return {{"case", "ingest"}, {"error", r.error().message}};
    recorder = std::move(*r);
  }
  twin::StateStore store(names);
  twin::UpdateQueue queue(1 << 23);
  feeds::MqttFeed feed(0, feeds::MessageMapper(benchSpec(b), index, *names), queue, recorder.get());
  for (int i = 0; i < 500 && !feed.health().connected; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // subscribed
  Publisher pub(b);
  const auto t0 = std::chrono::steady_clock::now();
  std::thread publisher([&] { burst(pub, n, 1000); });
  size_t applied = 0;
  auto frame = std::chrono::steady_clock::now();
  while (applied < n && sinceS(t0) < 300) {
    frame += std::chrono::microseconds(16667);  // a 60 Hz frame loop
    std::this_thread::sleep_until(frame);
    applied += queue.drainInto(store);
  }
  const double s = sinceS(t0);
  publisher.join();
  json j = {{"case", recording.empty() ? "ingest" : "ingest_recording"},
            {"messages", n},
            {"applied", applied},
            {"dropped", feed.health().dropped},
            {"seconds", s},
            {"msg_per_s", applied / s}};
  if (recorder) {
    recorder.reset();  // flushes
    j["recording_bytes"] = fs::file_size(recording);
  }
  return j;
}

// Publish-to-state latency at a steady rate: each payload carries its publish time; a
// frame loop at `frameHz` (60: the viewer's; 1000: about the feed path alone) measures the
// age of every update it takes.
json latency(const feeds::BrokerUrl& b, double seconds, double rate, double frameHz) {
  auto names = std::make_shared<twin::Registry>();
  const scene::EntitySet cams = benchCameras(1000);
  twin::UpdateQueue queue;
  feeds::MqttFeed feed(
      0, feeds::MessageMapper(benchSpec(b), std::make_shared<feeds::EntityIndex>(cams, *names), *names), queue);
  for (int i = 0; i < 500 && !feed.health().connected; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Publisher pub(b);
  std::atomic<bool> done{false};
  std::thread publisher([&] {
    const auto t0 = std::chrono::steady_clock::now();
    for (uint32_t i = 0; i < uint32_t(seconds * rate); ++i) {
      std::this_thread::sleep_until(t0 + std::chrono::duration<double>(i / rate));
      pub.publish(topicOf(i, 1000), payloadAt(twin::wallClockNow(), i));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    done = true;
  });
  std::vector<double> ms;
  std::vector<twin::Update> batch;
  const auto period = std::chrono::duration<double>(1.0 / frameHz);
  auto frame = std::chrono::steady_clock::now();
  while (!done) {
    frame += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
    std::this_thread::sleep_until(frame);
    queue.take(batch);
    const double now = twin::wallClockNow();
    for (const twin::Update& u : batch) ms.push_back((now - u.t) * 1000);
  }
  publisher.join();
  std::sort(ms.begin(), ms.end());
  auto q = [&](double f) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, size_t(f * ms.size()))]; };
  return {{"case", "latency"},
          {"msg_per_s", rate},
          {"messages", ms.size()},
          {"frame_hz", frameHz},
          {"p50_ms", q(0.5)},
          {"p99_ms", q(0.99)},
          {"max_ms", ms.empty() ? 0.0 : ms.back()}};
}

}  // namespace

json seekBench(const fs::path& dir, double hours, uint32_t seeks);

Result<> runFeedBench(const FeedBenchOptions& o, std::ostream& out) {
  mosquitto_lib_init();
  const fs::path dir = fs::temp_directory_path() / ("twinscape-feed-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::optional<Broker> own;
  feeds::BrokerUrl url;
  if (o.broker.empty()) {
    auto b = startBroker(dir);
    if (!b) return std::unexpected(b.error());
    own.emplace(std::move(*b));
    url = own->url;
  } else {
    auto b = feeds::parseBrokerUrl(o.broker);
    if (!b) return fail("--broker " + b.error().message);
    url = *b;
  }
  // Rounds interleave the three cases, so the machine's drift touches them alike; the
  // summary compares their medians.
  std::vector<double> sub, ingest, recording;
  for (uint32_t round = 0; round < o.rounds; ++round) {
    json a = subscriberRate(url, o.messages), b = ingestRate(url, o.messages, {});
    json c = ingestRate(url, o.messages, dir / ("bench-" + std::to_string(round) + ".twinrec"));
    for (json* j : {&a, &b, &c}) (*j)["round"] = round, out << j->dump() << std::endl;
    sub.push_back(a.value("msg_per_s", 0.0)), ingest.push_back(b.value("msg_per_s", 0.0));
    recording.push_back(c.value("msg_per_s", 0.0));
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  const double ms = median(sub), mi = median(ingest), mr = median(recording);
  out << json{{"case", "ingest_summary"},
              {"mosquitto_sub_msg_per_s", ms},
              {"ingest_msg_per_s", mi},
              {"ingest_recording_msg_per_s", mr},
              {"ingest_vs_mosquitto_sub", mi / ms},
              {"recording_cost_pct", 100.0 * (1.0 - mr / mi)}}
             .dump()
      << std::endl;
  out << latency(url, o.latencySeconds, 1000, 60).dump() << std::endl;
  out << latency(url, o.latencySeconds, 1000, 1000).dump() << std::endl;
  if (o.recordingHours > 0) out << seekBench(dir, o.recordingHours, o.seeks).dump() << std::endl;
  std::error_code ec;
  fs::remove_all(dir, ec);
  return {};
}

// A synthetic recording of the demo's size (1,347 entities, one message each every 10 s)
// over `hours`, then the time to reach the state at random moments in it.
json seekBench(const fs::path& dir, double hours, uint32_t seeks) {
  const uint32_t entities = 1347;
  const fs::path file = dir / "day.twinrec";
  auto names = std::make_shared<twin::Registry>();
  const scene::EntitySet cams = benchCameras(entities);
  const feeds::FeedSpec spec = benchSpec({false, "127.0.0.1", 1883});
  auto index = std::make_shared<feeds::EntityIndex>(cams, *names);
  feeds::MessageMapper mapper(spec, index, *names);
  const double start = 1780246800, span = hours * 3600;
  const auto t0 = std::chrono::steady_clock::now();
  uint64_t handed = 0;
  {
    auto rec = feeds::Recorder::create(file, {spec}, {"bench", 0, 420, ""}, names);
    if (!rec) return {{"case", "seek"}, {"error", rec.error().message}};
    std::vector<twin::Update> updates;
    for (double t = start; t < start + span; t += 10.0 / entities) {
      const uint32_t i = uint32_t(handed % entities);
      const std::string topic = topicOf(i, entities), payload = payloadAt(t, uint32_t(handed));
      updates.clear();
      (void)mapper.map(topic, payload, t, updates);
      (*rec)->onMessage({0, topic, payload, t, t}, updates);
      if (++handed % 100000 == 0)
        while ((*rec)->stats().written + 500000 < handed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  const double writeS = sinceS(t0);
  auto replayNames = std::make_shared<twin::Registry>();  // the replay's and its stores'
  auto replay = feeds::Replay::open(file, cams, replayNames);
  if (!replay) return {{"case", "seek"}, {"error", replay.error().message}};
  std::mt19937 rng(7);
  std::vector<double> ms;
  for (uint32_t k = 0; k < seeks; ++k) {
    const double at = start + std::uniform_real_distribution<double>(0, span)(rng);
    twin::StateStore s(replayNames);
    const auto s0 = std::chrono::steady_clock::now();
    (*replay)->fill(s, at, at);
    ms.push_back(sinceS(s0) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return {{"case", "seek"},
          {"hours", hours},
          {"messages", handed},
          {"write_s", writeS},
          {"write_msg_per_s", handed / writeS},
          {"file_bytes", fs::file_size(file)},
          {"seeks", seeks},
          {"median_ms", ms[ms.size() / 2]},
          {"max_ms", ms.back()}};
}

}  // namespace ts::bench
