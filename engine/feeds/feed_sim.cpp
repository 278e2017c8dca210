#include "feeds/feed_sim.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "assets/embedded.h"
#include "twin/sim_clock.h"

namespace ts::feeds {

namespace {

constexpr const char* kDemoFeedsAsset = "demo/demo-feeds.json";
constexpr double kLookBackS = 1800;        // scenario seconds kept before the time asked (> an alert's length)
constexpr double kMaxWindowS = 2 * 86400;  // the most scenario time one fill covers

// Why a camera is in an alert; one is picked per alert.
constexpr std::array<const char*, 6> kAlertReasons = {
    "crowding", "loitering", "stopped vehicle", "wrong-way vehicle", "intrusion", "abandoned object",
};

const char* statusName(FeedEntityKind kind, double status) {
  if (status == twin::kStatusOffline) return "offline";
  if (status == twin::kStatusAlert && kind == FeedEntityKind::Camera) return "alert";
  return "online";
}

}  // namespace

Result<std::vector<FeedSpec>> demoFeeds() {
  auto text = assets::text(kDemoFeedsAsset);
  if (!text) return fail(std::string("assets/") + kDemoFeedsAsset + " is not embedded in this build");
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return fail(std::string("assets/") + kDemoFeedsAsset + ": invalid JSON");
  return parseFeeds(doc, std::string("assets/") + kDemoFeedsAsset, {});
}

std::string demoTopic(FeedEntityKind kind, const std::string& id) {
  switch (kind) {
    case FeedEntityKind::Site5G:
      return "twinscape/demo/5g/" + id + "/state";
    case FeedEntityKind::Camera:
      return "twinscape/demo/cameras/" + id + "/state";
    case FeedEntityKind::DataCentre:
      return "twinscape/demo/dc/" + id + "/power";
    case FeedEntityKind::City:
      return "twinscape/demo/city/weather";
  }
  return {};
}

DemoTelemetry::DemoTelemetry(const scene::EntitySet& entities, const twin::Simulator& simulator, double windowSeconds)
    : m_simulator(simulator), m_windowSeconds(std::clamp(windowSeconds, 3600.0, kMaxWindowS)) {
  auto add = [&](FeedEntityKind kind, const std::string& id) { m_entities.push_back({kind, id, demoTopic(kind, id)}); };
  for (const scene::Site5G& s : entities.sites5g) add(FeedEntityKind::Site5G, s.id);
  for (const scene::AiCamera& c : entities.cameras) add(FeedEntityKind::Camera, c.id);
  for (const scene::DataCentre& d : entities.dataCentres) add(FeedEntityKind::DataCentre, d.id);
  add(FeedEntityKind::City, twin::kCityEntity);
}

DemoTelemetry::~DemoTelemetry() = default;

void DemoTelemetry::cover(twin::SimTime t) {
  if (m_store && t >= m_from + kLookBackS && t <= m_to) return;
  m_from = t - kLookBackS, m_to = t + m_windowSeconds;
  m_store = std::make_unique<twin::StateStore>(m_windowSeconds + 2 * kLookBackS);
  twin::Simulator::configure(*m_store);
  m_simulator.fill(*m_store, m_from, m_to);
}

std::optional<double> DemoTelemetry::status(size_t i, twin::SimTime t) {
  const Entity& e = m_entities[i];
  if (e.kind != FeedEntityKind::Site5G && e.kind != FeedEntityKind::Camera) return std::nullopt;
  cover(t);
  return m_store->valueAt(e.id, twin::attr::kStatus, t);
}

// The reason depends on the camera and the time its alert began (the newest change of
// its status at or before t), so every message of one alert gives the same reason.
std::string DemoTelemetry::alertReason(const std::string& camera, twin::SimTime t) const {
  twin::SimTime start = m_from;
  for (const twin::Sample& s : m_store->history(camera, twin::attr::kStatus, m_from, t))
    if (s.value == twin::kStatusAlert) start = s.t;
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the id and the start's whole seconds
  auto mix = [&](unsigned char c) { h = (h ^ c) * 0x100000001b3ull; };
  for (unsigned char c : camera) mix(c);
  const int64_t startS = int64_t(std::floor(start));
  for (int b = 0; b < 8; ++b) mix(static_cast<unsigned char>(uint64_t(startS) >> (8 * b)));
  return kAlertReasons[h % kAlertReasons.size()];
}

FeedMessage DemoTelemetry::message(size_t i, twin::SimTime t, double stampWall) {
  cover(t);
  const Entity& e = m_entities[i];
  nlohmann::ordered_json p;
  p["ts"] = int64_t(std::llround(stampWall * 1000));
  p["scenario_time"] = twin::formatIsoTime(t, m_simulator.utcOffsetMinutes());
  auto value = [&](const char* attribute) { return m_store->valueAt(e.id, attribute, t); };
  switch (e.kind) {
    case FeedEntityKind::Site5G:
    case FeedEntityKind::Camera: {
      auto s = value(twin::attr::kStatus);
      if (s) p["state"] = statusName(e.kind, *s);
      if (auto d = e.kind == FeedEntityKind::Camera ? value(twin::attr::kDetections) : std::nullopt)
        p["detections"] = int64_t(std::llround(*d));
      if (s && *s == twin::kStatusAlert && e.kind == FeedEntityKind::Camera) p["alert_reason"] = alertReason(e.id, t);
      break;
    }
    case FeedEntityKind::DataCentre:
      if (auto load = value(twin::attr::kLoadMw)) p["it_load_kw"] = *load * 1000;
      if (auto facility = value(twin::attr::kFacilityMw)) p["facility_kw"] = *facility * 1000;
      break;
    case FeedEntityKind::City:
      if (auto c = value(twin::attr::kTemperatureC)) p["temperature_c"] = *c;
      break;
  }
  return {e.topic, p.dump()};
}

std::vector<FeedMessage> demoMessages(const scene::EntitySet& entities, const twin::Simulator& simulator,
                                      twin::SimTime scenarioTime, double stampWall) {
  DemoTelemetry telemetry(entities, simulator);
  std::vector<FeedMessage> out;
  out.reserve(telemetry.size());
  for (size_t i = 0; i < telemetry.size(); ++i) out.push_back(telemetry.message(i, scenarioTime, stampWall));
  return out;
}

// ---------------------------------------------------------------------------------------
// The publisher: a libmosquitto client whose network loop runs on its own thread, which
// connects, reconnects with a backoff and reports why it cannot. Messages are published
// from the caller's thread (libmosquitto's threaded mode queues them for the loop).

namespace {

class Publisher {
 public:
  explicit Publisher(const FeedSimOptions& o) : m_o(o) {}
  ~Publisher() { stop(); }
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  Result<> start();
  bool connected() const { return m_connected; }
  bool takeConnectEvent() { return m_connectEvent.exchange(false); }
  bool publish(const FeedMessage& m);
  // Waits (up to `waitS`) for what is queued to be sent, then disconnects.
  void finish(double waitS);
  uint64_t sent() const { return m_sent; }
  uint64_t connections() const { return m_connections; }
  std::string lastError() const {
    std::lock_guard lock(m_errorMutex);
    return m_lastError;
  }

 private:
  static void onConnect(mosquitto*, void* self, int rc, int, const mosquitto_property*);
  static void onDisconnect(mosquitto*, void* self, int rc, const mosquitto_property*);
  static void onPublish(mosquitto*, void* self, int, int, const mosquitto_property*) {
    ++static_cast<Publisher*>(self)->m_sent;
  }
  void netLoop();
  void failed(int rc, int err, bool wasConnected, double retryS);
  void stop();

  const FeedSimOptions& m_o;
  mosquitto* m_mosq = nullptr;
  mosquitto_property* m_props = nullptr;  // every PUBLISH: JSON, UTF-8
  std::thread m_thread;
  std::atomic<bool> m_quit{false}, m_leaving{false}, m_connected{false}, m_connectEvent{false}, m_done{false};
  std::atomic<uint64_t> m_queued{0}, m_sent{0}, m_connections{0};
  mutable std::mutex m_errorMutex;
  std::string m_lastError;       // why the last attempt failed
  std::string m_refusal;         // the broker's CONNACK reason (network thread)
  double m_lastReport = -1e300;  // when a failure was last logged (network thread)
};

Result<> Publisher::start() {
  static std::once_flag init;
  std::call_once(init, [] { mosquitto_lib_init(); });
  std::string id = m_o.clientId.empty() ? "twinscape-feed-sim-" + std::to_string(getpid()) : m_o.clientId;
  m_mosq = mosquitto_new(id.c_str(), true, this);
  if (!m_mosq) return fail("feed-sim: cannot create an MQTT client");
  mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
  mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);  // each message leaves at once
  mosquitto_threaded_set(m_mosq, true);
  mosquitto_connect_v5_callback_set(m_mosq, onConnect);
  mosquitto_disconnect_v5_callback_set(m_mosq, onDisconnect);
  mosquitto_publish_v5_callback_set(m_mosq, onPublish);
  if (m_o.broker.tls) {
    // The demo publisher trusts the system's CAs; a broker that needs more is not its job.
    if (int rc = mosquitto_tls_set(m_mosq, nullptr, "/etc/ssl/certs", nullptr, nullptr, nullptr);
        rc != MOSQ_ERR_SUCCESS)
      return fail(std::string("feed-sim: TLS: ") + mosquitto_strerror(rc));
  }
  mosquitto_property_add_byte(&m_props, MQTT_PROP_PAYLOAD_FORMAT_INDICATOR, 1);
  mosquitto_property_add_string(&m_props, MQTT_PROP_CONTENT_TYPE, "application/json");
  m_thread = std::thread([this] { netLoop(); });
  return {};
}

void Publisher::onConnect(mosquitto*, void* self, int rc, int, const mosquitto_property*) {
  auto* p = static_cast<Publisher*>(self);
  if (rc != 0) {
    p->m_refusal = std::string("the broker refused the connection: ") + mosquitto_reason_string(rc);
    return;
  }
  p->m_refusal.clear();
  ++p->m_connections;
  p->m_connected = true;
  p->m_connectEvent = true;
  spdlog::info("feed-sim: connected to {} (MQTT 5)", p->m_o.broker.text());
}

void Publisher::onDisconnect(mosquitto*, void* self, int, const mosquitto_property*) {
  static_cast<Publisher*>(self)->m_connected = false;
}

void Publisher::failed(int rc, int err, bool wasConnected, double retryS) {
  std::string why = !m_refusal.empty()     ? m_refusal
                    : rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(err))
                    : rc == MOSQ_ERR_EAI   ? std::string("cannot resolve the host name")
                                           : std::string(mosquitto_strerror(rc));
  {
    std::lock_guard lock(m_errorMutex);
    m_lastError = why;
  }
  const double now = twin::wallClockNow();
  if (wasConnected) {
    spdlog::warn("feed-sim: lost the connection to {} ({}); reconnecting in {:.0f} s", m_o.broker.text(), why, retryS);
  } else if (now - m_lastReport >= 5) {
    spdlog::warn("feed-sim: cannot reach the broker {} ({}); retrying, next in {:.0f} s", m_o.broker.text(), why,
                 retryS);
  } else {
    return;
  }
  m_lastReport = now;
}

void Publisher::netLoop() {
  double backoff = 1;
  auto leaving = [&] { return m_quit || m_leaving; };
  while (!leaving()) {
    m_refusal.clear();
    int rc = mosquitto_connect_async(m_mosq, m_o.broker.host.c_str(), m_o.broker.port, m_o.keepaliveS);
    // Until the connection fails or closes; when leaving, until the DISCONNECT is out.
    while (rc == MOSQ_ERR_SUCCESS && !m_quit && !(m_leaving && !m_connected)) rc = mosquitto_loop(m_mosq, 100, 1);
    const int err = errno;
    const bool wasConnected = m_connected.exchange(false);
    if (leaving()) break;
    if (wasConnected) backoff = 1;
    failed(rc, err, wasConnected, backoff);
    for (double slept = 0; slept < backoff && !leaving(); slept += 0.1)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    backoff = std::min(backoff * 2, std::max(1.0, m_o.reconnectMaxS));
  }
  m_done = true;
}

bool Publisher::publish(const FeedMessage& m) {
  if (!m_connected) return false;
  int rc = mosquitto_publish_v5(m_mosq, nullptr, m.topic.c_str(), int(m.payload.size()), m.payload.data(), 0, false,
                                m_props);
  if (rc != MOSQ_ERR_SUCCESS) return false;
  ++m_queued;
  return true;
}

void Publisher::finish(double waitS) {
  if (!m_mosq) return;
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + std::chrono::duration<double>(waitS);
  while (m_connected && m_sent < m_queued && Clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  m_leaving = true;
  if (m_connected) mosquitto_disconnect_v5(m_mosq, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
  while (!m_done && Clock::now() < until + std::chrono::seconds(1))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop();
}

void Publisher::stop() {
  m_quit = true;
  if (m_thread.joinable()) m_thread.join();
  if (m_mosq) mosquitto_destroy(m_mosq), m_mosq = nullptr;
  if (m_props) mosquitto_property_free_all(&m_props);
}

// One run of the feed simulator: the schedule on the caller's thread.
struct SimRun {
  using Clock = std::chrono::steady_clock;
  const FeedSimOptions& o;
  DemoTelemetry& telemetry;
  Publisher& publisher;
  int utcOffsetMinutes;
  FeedSimStats stats;
  Clock::time_point wallStart = Clock::now();
  twin::SimTime scenarioStart = 0;
  std::vector<double> lastStatus;  // by entity: the status last published (NaN: none yet)
  uint64_t periodicDone = 0;       // periodic messages so far; the next goes to entity periodicDone % size
  double nextCheck = 0, nextProgress = 10;
  uint64_t sentAtProgress = 0;

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - wallStart).count(); }
  twin::SimTime scenarioAt(double e) const { return scenarioStart + e * o.speed; }
  bool stopping(double e) const { return (o.stop && o.stop->load()) || (o.durationS > 0 && e >= o.durationS); }
  void send(size_t i, twin::SimTime t);
  void tick(double e);
  void progress(double e);
  void loop();
};

void SimRun::send(size_t i, twin::SimTime t) {
  if (!publisher.connected() || !publisher.publish(telemetry.message(i, t, twin::wallClockNow()))) {
    ++stats.skipped;
    return;
  }
  if (auto s = telemetry.status(i, t)) lastStatus[i] = *s;
}

// Everything due at elapsed wall time e: a snapshot after a (re)connection, the periodic
// messages, status changes.
void SimRun::tick(double e) {
  const twin::SimTime t = scenarioAt(e);
  const size_t n = telemetry.size();
  if (publisher.takeConnectEvent()) {
    for (size_t i = 0; i < n; ++i) send(i, t);
    ++stats.snapshots;
  }
  const auto due = uint64_t(std::floor(e / o.intervalS * double(n)));
  for (; periodicDone < due; ++periodicDone) send(size_t(periodicDone % n), t);
  if (e >= nextCheck) {
    nextCheck = e + 0.25;
    for (size_t i = 0; i < n && publisher.connected(); ++i) {
      auto s = telemetry.status(i, t);
      if (!s || std::isnan(lastStatus[i]) || *s == lastStatus[i]) continue;
      const uint64_t skipped = stats.skipped;
      send(i, t);
      stats.statusChanges += stats.skipped == skipped;
    }
  }
}

void SimRun::progress(double e) {
  const uint64_t sent = publisher.sent();
  const double span = e - (nextProgress - 10);
  spdlog::info("feed-sim: {} messages published ({:.1f} msg/s over the last {:.0f} s), scenario time {}{}", sent,
               double(sent - sentAtProgress) / std::max(span, 1e-3), span,
               twin::formatIsoTime(scenarioAt(e), utcOffsetMinutes),
               publisher.connected() ? "" : "; not connected to the broker");
  sentAtProgress = sent;
  nextProgress += 10;
}

void SimRun::loop() {
  const size_t n = telemetry.size();
  lastStatus.assign(n, std::nan(""));
  double e = 0;
  for (e = elapsed(); !stopping(e); e = elapsed()) {
    tick(e);
    if (e >= nextProgress) progress(e);
    double wake = std::min({double(periodicDone + 1) * o.intervalS / double(n), nextCheck, nextProgress, e + 0.1});
    if (o.durationS > 0) wake = std::min(wake, o.durationS);
    const double now = elapsed();
    if (wake > now) std::this_thread::sleep_for(std::chrono::duration<double>(wake - now));
  }
  stats.seconds = e;
  stats.scenarioFrom = scenarioStart;
  stats.scenarioTo = scenarioAt(e);
}

Result<> checkOptions(const FeedSimOptions& o) {
  if (!(o.speed > 0) || !std::isfinite(o.speed)) return fail("--speed must be more than 0");
  if (!(o.intervalS >= 0.1) || !std::isfinite(o.intervalS)) return fail("--interval must be at least 0.1 s");
  if (!(o.durationS >= 0) || !std::isfinite(o.durationS)) return fail("--duration must be 0 (no end) or more");
  if (o.broker.host.empty()) return fail("feed-sim: no broker");
  return {};
}

}  // namespace

Result<FeedSimStats> runFeedSim(const scene::EntitySet& entities, const twin::SimulatorOptions& simulatorOptions,
                                const FeedSimOptions& options) {
  if (auto ok = checkOptions(options); !ok) return std::unexpected(ok.error());
  const twin::Simulator simulator(entities, simulatorOptions);
  // Enough scenario time per fill for two minutes of wall time at this speed.
  DemoTelemetry telemetry(entities, simulator, options.speed * 120);
  Publisher publisher(options);
  if (auto started = publisher.start(); !started) return std::unexpected(started.error());
  SimRun run{options, telemetry, publisher, simulator.utcOffsetMinutes()};
  run.scenarioStart = options.start.value_or(twin::wallClockNow());
  spdlog::info("feed-sim: {} entities to {}, each every {:.3g} s and on status changes; scenario from {} at {}x",
               telemetry.size(), options.broker.text(), options.intervalS,
               twin::formatIsoTime(run.scenarioStart, simulator.utcOffsetMinutes()), options.speed);
  run.loop();
  publisher.finish(2.0);
  run.stats.published = publisher.sent();
  run.stats.connections = publisher.connections();
  spdlog::info("feed-sim: {} snapshot(s), {} message(s) sent at once for a status change, {} due while not connected",
               run.stats.snapshots, run.stats.statusChanges, run.stats.skipped);
  if (run.stats.connections == 0)
    return fail("feed-sim: never reached the broker " + options.broker.text() +
                (publisher.lastError().empty() ? "" : " (" + publisher.lastError() + ")"));
  return run.stats;
}

std::string feedSimSummary(const FeedSimStats& s, int utcOffsetMinutes) {
  char buf[96];
  std::snprintf(buf, sizeof buf, " in %.1f s (%.1f msg/s)", s.seconds,
                s.seconds > 0 ? double(s.published) / s.seconds : 0.0);
  return "feed-sim: published " + std::to_string(s.published) + " messages" + buf + ", scenario time " +
         twin::formatIsoTime(s.scenarioFrom, utcOffsetMinutes) + " to " +
         twin::formatIsoTime(s.scenarioTo, utcOffsetMinutes);
}

}  // namespace ts::feeds
