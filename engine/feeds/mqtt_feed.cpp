#include "feeds/mqtt_feed.h"

#include <fmt/format.h>
#include <mosquitto.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>

#include "twin/sim_clock.h"

namespace ts::feeds {

namespace {

using Clock = std::chrono::steady_clock;

constexpr double kFirstBackoffS = 0.25;
constexpr int kLoopTimeoutMs = 100;
constexpr size_t kBatchLimit = 4096;  // updates gathered before a push within one loop call
constexpr auto kWarnEvery = std::chrono::seconds(5);

double steadySeconds() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

// libmosquitto's and libc's messages as a clause: "Connection refused" -> "connection refused".
std::string clause(std::string s) {
  while (!s.empty() && (s.back() == '.' || s.back() == '\n')) s.pop_back();
  if (s.size() > 1 && std::isupper(uint8_t(s[0])) && !std::isupper(uint8_t(s[1]))) s[0] = char(std::tolower(s[0]));
  return s;
}

std::string seconds(double s) { return fmt::format("{:g}", s); }

// A libmosquitto log line about TLS ("OpenSSL Error[0]: error:0A000086:SSL routines::certificate
// verify failed") as "TLS: certificate verify failed"; empty when the line is not about TLS.
std::string tlsReason(const std::string& line) {
  if (line.find("OpenSSL") == std::string::npos) return {};
  size_t colon = line.rfind(':');
  std::string what = colon == std::string::npos ? line : line.substr(colon + 1);
  while (!what.empty() && what.front() == ' ') what.erase(0, 1);
  return "TLS: " + (what.empty() ? line : what);
}

// Messages per second over the last two seconds (and the current part of a quarter-second
// bucket), in quarter-second buckets.
class RateWindow {
 public:
  void add(double now) {
    int64_t b = bucketOf(now);
    Bucket& slot = m_buckets[size_t(b) % m_buckets.size()];
    if (slot.index != b) slot = {b, 0};
    ++slot.count;
  }
  double perSecond(double now) const {
    int64_t current = bucketOf(now);
    uint64_t n = 0;
    for (const Bucket& slot : m_buckets)  // the last kSpan complete buckets and the current one
      if (slot.index <= current && slot.index >= current - kSpan) n += slot.count;
    return double(n) / (kSpan * kBucketS + (now - double(current) * kBucketS));
  }

 private:
  static constexpr double kBucketS = 0.25;
  static constexpr int64_t kSpan = 8;
  static int64_t bucketOf(double t) { return int64_t(t / kBucketS); }
  struct Bucket {
    int64_t index = -1;
    uint64_t count = 0;
  };
  std::array<Bucket, kSpan + 2> m_buckets;
};

// How a connection attempt or a connection ended: a MOSQ_ERR_* code and errno right after it.
struct Ending {
  int rc = MOSQ_ERR_SUCCESS;
  int err = 0;
};

}  // namespace

struct MqttFeed::Impl {
  Impl(int index, MessageMapper mapper, twin::UpdateQueue& queue, MessageSink* sink);
  ~Impl();

  // The feed's thread.
  void run();
  Result<void> configure();
  Result<void> configureTls();
  Ending serve();
  void retryAfter(const std::string& reason);
  void disconnect();
  std::string describe(const Ending& e) const;
  std::string connackReason(int rc) const;

  // Callbacks, on the feed's thread (from within mosquitto_loop and the connect calls).
  void onConnect(int rc);
  void onDisconnect(int rc);
  void onSubscribe(int count, const int* granted);
  void onMessage(const mosquitto_message& m);
  void onLog(int level, const char* line);
  void refuse(std::string_view topic, const MapError& e);
  void pushBatch();

  void setStatus(bool connected, std::string status);
  bool stopping() const { return m_stop.load(std::memory_order_acquire); }
  void requestStop();
  static Impl& self(void* obj) { return *static_cast<Impl*>(obj); }

  // Set at construction, read-only afterwards.
  const int m_index;
  const MessageMapper m_mapper;
  twin::UpdateQueue& m_queue;
  MessageSink* const m_sink;
  const FeedSpec& m_spec;
  const std::string m_url;
  std::vector<std::string> m_filters;

  // Shared with health().
  mutable std::mutex m_mutex;
  FeedHealth m_health;
  RateWindow m_rate;

  // Stopping: the flag, and a wait the destructor can cut short.
  std::atomic<bool> m_stop{false};
  std::mutex m_stopMutex;
  std::condition_variable m_stopWake;

  // The feed's thread only.
  mosquitto* m_mosq = nullptr;
  std::vector<twin::Update> m_batch, m_message;
  double m_backoffS = kFirstBackoffS;
  bool m_everConnected = false, m_connected = false;
  std::string m_connackError;      // the broker refused this attempt's CONNECT
  std::string m_serverDisconnect;  // the broker's DISCONNECT reason (MQTT 5)
  std::string m_libError;          // libmosquitto's newest error or warning line of this attempt
  std::string m_libOwnError;       // its first "Error: ..." line of this attempt (its own words, not OpenSSL's)
  std::string m_lastReason, m_loggedReason;
  Clock::time_point m_lastWarn{};
  uint64_t m_refusedSinceWarn = 0;

  std::thread m_thread;
};

namespace {

void libInit() {
  static std::once_flag once;
  std::call_once(once, [] { (void)mosquitto_lib_init(); });
}

std::string generatedClientId(int index) {
  static std::atomic<uint32_t> next{0};
  return fmt::format("twinscape-{}-{}-{}", ::getpid(), index, next.fetch_add(1));
}

}  // namespace

MqttFeed::Impl::Impl(int index, MessageMapper mapper, twin::UpdateQueue& queue, MessageSink* sink)
    : m_index(index),
      m_mapper(std::move(mapper)),
      m_queue(queue),
      m_sink(sink),
      m_spec(m_mapper.spec()),
      m_url(m_spec.broker.text()) {
  for (const TopicMapping& t : m_spec.topics) m_filters.push_back(t.filter);
  m_health.name = m_spec.name;
  m_health.broker = m_url;
  m_health.status = "connecting";
  libInit();
  m_thread = std::thread([this] { run(); });
}

MqttFeed::Impl::~Impl() {
  requestStop();
  if (m_thread.joinable()) m_thread.join();
  if (m_mosq) mosquitto_destroy(m_mosq);
}

void MqttFeed::Impl::requestStop() {
  {
    std::lock_guard lock(m_stopMutex);
    m_stop.store(true, std::memory_order_release);
  }
  m_stopWake.notify_all();
}

void MqttFeed::Impl::setStatus(bool connected, std::string status) {
  std::lock_guard lock(m_mutex);
  m_health.connected = connected;
  m_health.status = std::move(status);
}

void MqttFeed::Impl::run() {
  if (auto ok = configure(); !ok) {
    std::string why = m_url + ": " + ok.error().message;
    spdlog::error("feed '{}': {}; not connecting", m_spec.name, why);
    setStatus(false, why);
    std::unique_lock lock(m_stopMutex);
    m_stopWake.wait(lock, [&] { return stopping(); });
    return;
  }
  for (bool first = true; !stopping(); first = false) {
    m_connackError.clear(), m_serverDisconnect.clear(), m_libError.clear(), m_libOwnError.clear();
    setStatus(false, first ? "connecting" : m_url + ": " + m_lastReason + "; retrying now");
    Ending e;
    // Both resolve the host name (blocking on DNS for a name); the TCP connect and the TLS
    // handshake go on in mosquitto_loop.
    e.rc = first ? mosquitto_connect_async(m_mosq, m_spec.broker.host.c_str(), m_spec.broker.port, m_spec.keepaliveS)
                 : mosquitto_reconnect_async(m_mosq);
    e.err = errno;
    if (e.rc == MOSQ_ERR_SUCCESS) e = serve();
    pushBatch();
    if (stopping()) break;
    std::string reason = describe(e);
    spdlog::debug("feed '{}': the connection ended: {} (errno {}); {}", m_spec.name, mosquitto_strerror(e.rc), e.err,
                  reason);
    m_connected = false;
    retryAfter(reason);
  }
  disconnect();
}

Result<void> MqttFeed::Impl::configure() {
  m_mosq =
      mosquitto_new(m_spec.clientId.empty() ? generatedClientId(m_index).c_str() : m_spec.clientId.c_str(), true, this);
  if (!m_mosq) return fail(std::string("cannot create an MQTT client: ") + std::strerror(errno));
  int version = m_spec.protocol == 311 ? MQTT_PROTOCOL_V311 : MQTT_PROTOCOL_V5;
  // Acknowledgements and pings go out at once (Nagle would hold small packets ~40 ms).
  mosquitto_int_option(m_mosq, MOSQ_OPT_TCP_NODELAY, 1);
  if (mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, version) != MOSQ_ERR_SUCCESS)
    return fail("MQTT protocol " + std::to_string(m_spec.protocol) + " is not supported");
  mosquitto_connect_v5_callback_set(
      m_mosq, [](mosquitto*, void* obj, int rc, int, const mosquitto_property*) { self(obj).onConnect(rc); });
  mosquitto_disconnect_v5_callback_set(
      m_mosq, [](mosquitto*, void* obj, int rc, const mosquitto_property*) { self(obj).onDisconnect(rc); });
  mosquitto_subscribe_v5_callback_set(m_mosq, [](mosquitto*, void* obj, int, int count, const int* granted,
                                                 const mosquitto_property*) { self(obj).onSubscribe(count, granted); });
  mosquitto_message_callback_set(m_mosq,
                                 [](mosquitto*, void* obj, const mosquitto_message* m) { self(obj).onMessage(*m); });
  mosquitto_log_callback_set(m_mosq,
                             [](mosquitto*, void* obj, int level, const char* line) { self(obj).onLog(level, line); });
  if (!m_spec.username.empty()) {
    const char* password = nullptr;
    if (!m_spec.passwordEnv.empty()) {
      password = std::getenv(m_spec.passwordEnv.c_str());
      if (!password) return fail("password variable " + m_spec.passwordEnv + " is not set");
    }
    if (int rc = mosquitto_username_pw_set(m_mosq, m_spec.username.c_str(), password); rc != MOSQ_ERR_SUCCESS)
      return fail("cannot use username '" + m_spec.username + "': " + clause(mosquitto_strerror(rc)));
  }
  if (m_spec.broker.tls) return configureTls();
  return {};
}

Result<void> MqttFeed::Impl::configureTls() {
  int rc = MOSQ_ERR_SUCCESS;
  if (!m_spec.caFile.empty()) {
    rc = mosquitto_tls_set(m_mosq, m_spec.caFile.c_str(), nullptr, nullptr, nullptr, nullptr);
    if (rc == MOSQ_ERR_INVAL) return fail("cannot read the CA file " + m_spec.caFile.string());
  } else {
    rc = mosquitto_int_option(m_mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);  // the system's CAs
  }
  if (rc != MOSQ_ERR_SUCCESS) return fail("TLS: " + clause(mosquitto_strerror(rc)));
  if (!m_spec.tlsVerify) {
    // Neither the chain nor the host name is checked: anyone in between can read the feed.
    if (mosquitto_tls_opts_set(m_mosq, 0 /* SSL_VERIFY_NONE */, nullptr, nullptr) != MOSQ_ERR_SUCCESS ||
        mosquitto_tls_insecure_set(m_mosq, true) != MOSQ_ERR_SUCCESS)
      return fail("TLS: cannot turn certificate verification off");
    spdlog::warn("feed '{}' ({}): TLS certificate verification is off (tls_verify false); use this for testing only",
                 m_spec.name, m_url);
  }
  return {};
}

// Runs the connection until it ends or the feed stops; pushes the batch after every turn.
Ending MqttFeed::Impl::serve() {
  while (!stopping()) {
    int rc = mosquitto_loop(m_mosq, kLoopTimeoutMs, 1);
    int err = errno;
    pushBatch();
    if (rc != MOSQ_ERR_SUCCESS) return {rc, err};
  }
  return {};
}

void MqttFeed::Impl::retryAfter(const std::string& reason) {
  m_lastReason = reason;
  const double wait = m_backoffS;
  const std::string status = m_url + ": " + reason + "; retrying in " + seconds(wait) + " s";
  setStatus(false, status);
  // A new reason is a warning; the same one again, retry after retry, only a debug line.
  if (reason != m_loggedReason)
    spdlog::warn("feed '{}': {}", m_spec.name, status);
  else
    spdlog::debug("feed '{}': {}", m_spec.name, status);
  m_loggedReason = reason;
  m_backoffS = std::min(m_backoffS * 2, std::max(kFirstBackoffS, m_spec.reconnectMaxS));
  std::unique_lock lock(m_stopMutex);
  m_stopWake.wait_for(lock, std::chrono::duration<double>(wait), [&] { return stopping(); });
}

void MqttFeed::Impl::disconnect() {
  if (!m_mosq) return;
  // Sends DISCONNECT and closes the socket at once (no threaded loop); fails harmlessly
  // when there is no connection.
  (void)mosquitto_disconnect(m_mosq);
  setStatus(false, "stopped");
}

std::string MqttFeed::Impl::describe(const Ending& e) const {
  if (!m_connackError.empty()) return m_connackError;
  const std::string openssl = tlsReason(m_libError);
  if (e.rc == MOSQ_ERR_TLS || e.rc == MOSQ_ERR_TLS_HANDSHAKE) {
    // "Unable to load CA certificates, check cafile ..." says more than OpenSSL's line after it.
    if (!m_libOwnError.empty()) return "TLS: " + clause(m_libOwnError);
    return openssl.empty() ? "TLS: handshake failed" : openssl;
  }
  if (!openssl.empty()) return openssl;
  switch (e.rc) {
    case MOSQ_ERR_ERRNO:
      return clause(std::strerror(e.err));
    case MOSQ_ERR_INVAL:
      return "not a valid broker address or keepalive (host '" + m_spec.broker.host + "', port " +
             std::to_string(m_spec.broker.port) + ", keepalive " + std::to_string(m_spec.keepaliveS) + " s)";
    case MOSQ_ERR_EAI:
      return "cannot resolve the host name '" + m_spec.broker.host + "'";
    case MOSQ_ERR_KEEPALIVE:
      return m_connected ? "the broker stopped answering (keepalive)"
                         : "no answer from the broker within " + std::to_string(m_spec.keepaliveS) + " s";
    case MOSQ_ERR_CONN_LOST:
      return "the connection was lost";
    case MOSQ_ERR_NO_CONN:
      return m_serverDisconnect.empty() ? "disconnected" : m_serverDisconnect;
    default:
      if (!m_libError.empty()) return clause(m_libError);
      return clause(mosquitto_strerror(e.rc));
  }
}

// A refused CONNECT in words; MQTT 3.1.1 CONNACK codes and MQTT 5 reason codes.
std::string MqttFeed::Impl::connackReason(int rc) const {
  const bool v311 = m_spec.protocol == 311;
  if ((v311 && (rc == 4 || rc == 5)) || (!v311 && (rc == 134 || rc == 135))) {
    if (m_spec.username.empty()) return "not authorised (no username given; the broker may want one)";
    return "not authorised (bad username or password)";
  }
  std::string base = v311 ? mosquitto_connack_string(rc) : mosquitto_reason_string(rc);
  const std::string prefix = "Connection Refused: ";
  if (base.starts_with(prefix)) base.erase(0, prefix.size());
  return "the broker refused the connection: " + clause(base) + " (code " + std::to_string(rc) + ")";
}

void MqttFeed::Impl::onConnect(int rc) {
  if (rc != 0) {
    m_connackError = connackReason(rc);
    return;
  }
  m_connected = true;
  m_backoffS = kFirstBackoffS;
  m_loggedReason.clear();
  {
    std::lock_guard lock(m_mutex);
    if (m_everConnected) ++m_health.reconnects;
  }
  spdlog::info("feed '{}': {} {}", m_spec.name, m_everConnected ? "reconnected to" : "connected to", m_url);
  m_everConnected = true;
  // A clean session: subscribe after every connect (this resubscribes after a reconnect).
  // The feed counts as connected once the broker acknowledged the subscriptions: from
  // then on, whatever is published to them arrives.
  std::vector<char*> filters;
  for (std::string& f : m_filters) filters.push_back(f.data());
  if (filters.empty()) {
    setStatus(true, "connected");
    return;
  }
  setStatus(false, "subscribing");
  int s = mosquitto_subscribe_multiple(m_mosq, nullptr, int(filters.size()), filters.data(), m_spec.qos, 0, nullptr);
  if (s != MOSQ_ERR_SUCCESS) {
    std::string why = clause(mosquitto_strerror(s));
    spdlog::warn("feed '{}' ({}): cannot subscribe: {}", m_spec.name, m_url, why);
    setStatus(true, "connected, but cannot subscribe: " + why);
  }
}

void MqttFeed::Impl::onDisconnect(int rc) {
  // An MQTT 5 broker's DISCONNECT passes its reason code (128 and up); libmosquitto's own
  // endings pass MOSQ_ERR_* codes, which the loop also returns.
  if (rc >= 128) m_serverDisconnect = "the broker disconnected: " + clause(mosquitto_reason_string(rc));
  std::lock_guard lock(m_mutex);
  m_health.connected = false;
}

void MqttFeed::Impl::onSubscribe(int count, const int* granted) {
  std::string status = "connected";
  for (int i = 0; i < count && i < int(m_filters.size()); ++i) {
    if (granted[i] < 128) continue;  // 128 and up: refused (MQTT 3.1.1 0x80, MQTT 5 reason codes)
    status = "connected, but the broker refused the subscription to '" + m_filters[size_t(i)] + "'";
    spdlog::warn("feed '{}' ({}): {}", m_spec.name, m_url, status);
  }
  setStatus(true, std::move(status));
}

void MqttFeed::Impl::onMessage(const mosquitto_message& m) {
  const double received = twin::wallClockNow();
  std::string_view topic(m.topic ? m.topic : "");
  std::string_view payload(static_cast<const char*>(m.payload), m.payload ? size_t(m.payloadlen) : 0);
  m_message.clear();
  std::optional<MapError> error;
  try {
    error = m_mapper.map(topic, payload, received, m_message);
  } catch (const std::exception& e) {  // never let one message end the feed's thread
    m_message.clear();
    error = MapError{MapError::Kind::Malformed, e.what()};
  }
  if (error) {
    refuse(topic, *error);
    return;
  }
  const twin::SimTime measured = m_message.empty() ? received : m_message.front().t;
  {
    std::lock_guard lock(m_mutex);
    ++m_health.messages;
    m_health.updates += m_message.size();
    m_health.lagSeconds = received - measured;
    m_health.lastMessageWall = received;
    m_rate.add(steadySeconds());
  }
  if (m_sink) m_sink->onMessage(ReceivedMessage{m_index, topic, payload, received, measured}, m_message);
  m_batch.insert(m_batch.end(), std::make_move_iterator(m_message.begin()), std::make_move_iterator(m_message.end()));
  if (m_batch.size() >= kBatchLimit) pushBatch();
}

void MqttFeed::Impl::refuse(std::string_view topic, const MapError& e) {
  std::string line = std::string(topic) + ": " + e.reason;
  {
    std::lock_guard lock(m_mutex);
    if (e.kind == MapError::Kind::UnknownEntity)
      ++m_health.unknownEntity;
    else
      ++m_health.malformed;
    m_health.lastError = line;
  }
  // At most one line per kWarnEvery: a flood of bad messages must not flood the log.
  const auto now = Clock::now();
  if (m_lastWarn != Clock::time_point{} && now - m_lastWarn < kWarnEvery) {
    ++m_refusedSinceWarn;
    return;
  }
  std::string more =
      m_refusedSinceWarn ? fmt::format(" ({} more refused since the last warning)", m_refusedSinceWarn) : std::string();
  spdlog::warn("feed '{}' ({}): refused {}{}", m_spec.name, m_url, line, more);
  m_lastWarn = now;
  m_refusedSinceWarn = 0;
}

void MqttFeed::Impl::onLog(int level, const char* line) {
  if (!line) return;
  if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) m_libError = line;
  if ((level & MOSQ_LOG_ERR) && m_libOwnError.empty() && std::string_view(line).starts_with("Error: "))
    m_libOwnError = line + 7;
  spdlog::debug("feed '{}': libmosquitto: {}", m_spec.name, line);
}

void MqttFeed::Impl::pushBatch() {
  if (m_batch.empty()) return;
  size_t dropped = m_queue.push(m_batch);  // empties the batch
  if (dropped == 0) return;
  std::lock_guard lock(m_mutex);
  m_health.dropped += dropped;
}

MqttFeed::MqttFeed(int index, MessageMapper mapper, twin::UpdateQueue& queue, MessageSink* sink)
    : m_impl(std::make_unique<Impl>(index, std::move(mapper), queue, sink)) {}

MqttFeed::~MqttFeed() = default;

FeedHealth MqttFeed::health() const {
  std::lock_guard lock(m_impl->m_mutex);
  FeedHealth h = m_impl->m_health;
  h.messagesPerSecond = m_impl->m_rate.perSecond(steadySeconds());
  return h;
}

}  // namespace ts::feeds
