#include "feeds/recording.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

namespace ts::feeds {

namespace {

// The writer is woken early when this many messages wait (else it looks every 50 ms).
constexpr size_t kWakeBatch = 8192;
// Messages per multi-row INSERT (5 parameters each, well under SQLite's 32766).
constexpr size_t kRowsPerInsert = 64;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

constexpr const char* kFormat = "twinscape-recording";
constexpr int kVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE feeds(id INTEGER PRIMARY KEY, spec TEXT);
CREATE TABLE messages(id INTEGER PRIMARY KEY, feed INTEGER, topic TEXT, payload BLOB, received REAL, time REAL);
CREATE INDEX messages_received ON messages(received);
CREATE TABLE checkpoints(id INTEGER PRIMARY KEY, received REAL, last_message INTEGER, state BLOB);
CREATE INDEX checkpoints_received ON checkpoints(received);
)sql";

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;
struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, DatabaseCloser>;

std::string sqliteError(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

Result<> exec(sqlite3* db, const char* sql, const std::string& file) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return {};
  std::string why = message ? message : sqliteError(db);
  sqlite3_free(message);
  return fail(file + ": " + why);
}

Result<Statement> prepare(sqlite3* db, const char* sql, const std::string& file) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
    return fail(file + ": " + sqliteError(db));
  return Statement(s);
}

void bindText(sqlite3_stmt* s, int i, std::string_view text) {
  sqlite3_bind_text(s, i, text.data(), int(text.size()), SQLITE_TRANSIENT);
}

std::string columnText(sqlite3_stmt* s, int i) {
  const void* p = sqlite3_column_blob(s, i);  // text or blob, as stored
  return p ? std::string(static_cast<const char*>(p), size_t(sqlite3_column_bytes(s, i))) : std::string();
}

std::string nowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

template <class T>
std::optional<T> parseNumber(const std::string& text) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The checkpoint's `stale_after`: JSON has no infinity, so "never stale" is null.
nlohmann::json staleAfterJson(float s) { return std::isfinite(s) ? nlohmann::json(s) : nlohmann::json(nullptr); }

// Creates the file itself (O_EXCL), so two recorders can never share one.
Result<> createExclusively(const fs::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ::close(fd);
    return {};
  }
  if (errno == EEXIST) return fail(file.string() + ": already exists; recordings are never overwritten");
  return fail(file.string() + ": cannot create: " + std::strerror(errno));
}

void removeRecordingFiles(const fs::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file.string() + suffix, ec);
}

// Why a recording whose writer was killed may not open read-only: its write-ahead log is
// there but not the index beside it, which a read-only folder does not let SQLite create.
std::string walHint(const std::string& file) {
  std::error_code ec;
  if (!fs::exists(file + "-wal", ec) || fs::exists(file + "-shm", ec)) return "";
  return " (its write-ahead log " + file + "-wal has no " + file +
         "-shm beside it: open it once where the folder is writable, or keep the -shm with it)";
}

// A message as the writer thread gets it: owned copies of what the feed thread saw.
struct Queued {
  int feed = 0;
  std::string topic, payload;
  double received = 0;
  twin::SimTime time = 0;
  std::vector<twin::Update> updates;
};

}  // namespace

// ---------------------------------------------------------------------------------------
// Recorder

struct Recorder::Impl {
  std::string file;
  std::shared_ptr<twin::Registry> names;
  Options options;
  Database db;
  Statement insertMessage, insertMessages, insertCheckpoint, setDisorder;

  // Shared with the feed threads.
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::vector<Queued> queue;
  size_t queuedBytes = 0;  // roughly what the queue holds
  bool stopping = false;
  RecorderStats stats;
  bool loggedError = false;

  // The writer thread's own.
  bool inTransaction = false;
  Clock::time_point transactionStart, lastCheckpoint;
  double lastCheckpointReceived = -std::numeric_limits<double>::infinity();  // message time of the last one
  uint64_t pending = 0;                                                      // messages in the open transaction
  std::unordered_map<uint64_t, twin::Update> latest;
  bool dirty = false;  // messages since the last checkpoint
  double maxReceived = -std::numeric_limits<double>::infinity();
  double disorder = 0;  // how far any message's receive time is behind an earlier one's
  bool disorderChanged = false;
  int64_t lastMessage = 0;
  std::thread writer;

  Result<> setUp(const std::vector<FeedSpec>& feeds, const RecordingInfo& info);
  Result<> writeMeta(const RecordingInfo& info);
  Result<> writeFeeds(const std::vector<FeedSpec>& feeds);
  void run();
  std::optional<Clock::time_point> deadline() const;
  void write(std::vector<Queued>& batch);
  bool insert(const Queued* m, size_t n);
  void note(const Queued& m);
  bool begin();
  void commit();
  void checkpoint();
  std::string encodeLatest() const;
  void fault(const std::string& what);
};

Result<> Recorder::Impl::setUp(const std::vector<FeedSpec>& feeds, const RecordingInfo& info) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  db.reset(raw);
  if (rc != SQLITE_OK) return fail(file + ": cannot open: " + sqliteError(raw));
  sqlite3_busy_timeout(raw, 5000);
  if (auto r = exec(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", file); !r) return r;
  if (auto r = exec(raw, "BEGIN", file); !r) return r;
  if (auto r = exec(raw, kSchema, file); !r) return r;
  if (auto r = writeMeta(info); !r) return r;
  if (auto r = writeFeeds(feeds); !r) return r;
  if (auto r = exec(raw, "COMMIT", file); !r) return r;
  auto m = prepare(raw, "INSERT INTO messages(feed, topic, payload, received, time) VALUES (?, ?, ?, ?, ?)", file);
  std::string many = "INSERT INTO messages(feed, topic, payload, received, time) VALUES (?, ?, ?, ?, ?)";
  for (size_t i = 1; i < kRowsPerInsert; ++i) many += ", (?, ?, ?, ?, ?)";
  auto mm = prepare(raw, many.c_str(), file);
  if (!mm) return fail(mm.error().message);
  insertMessages = std::move(*mm);
  auto c = prepare(raw, "INSERT INTO checkpoints(received, last_message, state) VALUES (?, ?, ?)", file);
  auto d = prepare(raw, "UPDATE meta SET value = ? WHERE key = 'disorder_seconds'", file);
  if (!m) return fail(m.error().message);
  if (!c) return fail(c.error().message);
  if (!d) return fail(d.error().message);
  insertMessage = std::move(*m);
  insertCheckpoint = std::move(*c);
  setDisorder = std::move(*d);
  return {};
}

Result<> Recorder::Impl::writeMeta(const RecordingInfo& info) {
  auto insert = prepare(db.get(), "INSERT INTO meta(key, value) VALUES (?, ?)", file);
  if (!insert) return fail(insert.error().message);
  const std::pair<const char*, std::string> rows[] = {
      {"format", kFormat},
      {"version", std::to_string(kVersion)},
      {"scene", info.scene},
      {"seed", std::to_string(info.seed)},
      {"utc_offset_minutes", std::to_string(info.utcOffsetMinutes)},
      {"created", info.created.empty() ? nowIso8601() : info.created},
      {"disorder_seconds", "0"},
  };
  for (const auto& [key, value] : rows) {
    sqlite3_stmt* s = insert->get();
    sqlite3_reset(s);
    bindText(s, 1, key);
    bindText(s, 2, value);
    if (sqlite3_step(s) != SQLITE_DONE) return fail(file + ": " + sqliteError(db.get()));
  }
  return {};
}

Result<> Recorder::Impl::writeFeeds(const std::vector<FeedSpec>& feeds) {
  auto insert = prepare(db.get(), "INSERT INTO feeds(id, spec) VALUES (?, ?)", file);
  if (!insert) return fail(insert.error().message);
  for (size_t i = 0; i < feeds.size(); ++i) {
    nlohmann::json spec = feedsToJson({feeds[i]});
    sqlite3_stmt* s = insert->get();
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, int64_t(i));
    bindText(s, 2, spec.at(0).dump());
    if (sqlite3_step(s) != SQLITE_DONE) return fail(file + ": " + sqliteError(db.get()));
  }
  return {};
}

void Recorder::Impl::fault(const std::string& what) {
  std::string message = file + ": " + what + ": " + sqliteError(db.get());
  if (db && !sqlite3_get_autocommit(db.get())) (void)exec(db.get(), "ROLLBACK", file);
  // The rolled-back rows' ids will be used again: the next checkpoint must name the last
  // message that is really there, or a replay from it would skip the ones that follow.
  // (Their values stay in `latest`: live, they were received and shown.)
  sqlite3_stmt* last = nullptr;
  if (db &&
      sqlite3_prepare_v2(db.get(), "SELECT coalesce(max(id), 0) FROM messages", -1, &last, nullptr) == SQLITE_OK &&
      sqlite3_step(last) == SQLITE_ROW)
    lastMessage = sqlite3_column_int64(last, 0);
  sqlite3_finalize(last);
  std::lock_guard lock(mutex);
  stats.error = message;
  stats.failed += pending;
  pending = 0;
  inTransaction = false;
  if (!loggedError) spdlog::error("recording: {} (messages are being lost)", message);
  loggedError = true;
}

bool Recorder::Impl::begin() {
  if (inTransaction) return true;
  if (sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    fault("cannot begin a transaction");
    return false;
  }
  inTransaction = true;
  transactionStart = Clock::now();
  return true;
}

// Inserts `n` messages (1 or kRowsPerInsert) with one statement: a multi-row INSERT costs
// the writer about half as much per message as one statement per row.
bool Recorder::Impl::insert(const Queued* m, size_t n) {
  sqlite3_stmt* s = n == 1 ? insertMessage.get() : insertMessages.get();
  sqlite3_reset(s);
  for (size_t i = 0; i < n; ++i) {
    const int p = int(i) * 5;
    sqlite3_bind_int(s, p + 1, m[i].feed);
    sqlite3_bind_text(s, p + 2, m[i].topic.data(), int(m[i].topic.size()), SQLITE_STATIC);
    sqlite3_bind_blob(s, p + 3, m[i].payload.data(), int(m[i].payload.size()), SQLITE_STATIC);
    sqlite3_bind_double(s, p + 4, m[i].received);
    sqlite3_bind_double(s, p + 5, m[i].time);
  }
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc != SQLITE_DONE) return false;
  lastMessage = sqlite3_last_insert_rowid(db.get());
  for (size_t i = 0; i < n; ++i) note(m[i]);
  return true;
}

// What a written message changes: the disorder, the newest receive time, the latest value
// of each attribute (for the next checkpoint).
void Recorder::Impl::note(const Queued& m) {
  if (m.received < maxReceived && maxReceived - m.received > disorder) {
    disorder = maxReceived - m.received;
    disorderChanged = true;
  }
  maxReceived = std::max(maxReceived, m.received);
  for (const twin::Update& u : m.updates) {
    auto [it, fresh] = latest.try_emplace((uint64_t(u.entity) << 32) | u.attribute, u);
    if (!fresh && u.t >= it->second.t) it->second = u;
  }
  dirty = true;
}

void Recorder::Impl::write(std::vector<Queued>& batch) {
  // In the order received (feed threads may hand over a little out of order).
  std::stable_sort(batch.begin(), batch.end(),
                   [](const Queued& a, const Queued& b) { return a.received < b.received; });
  for (size_t i = 0; i < batch.size();) {
    const size_t n = batch.size() - i >= kRowsPerInsert ? kRowsPerInsert : 1;
    if (!begin()) {
      std::lock_guard lock(mutex);
      stats.failed += n;
      i += n;
      continue;
    }
    pending += n;
    if (!insert(&batch[i], n)) fault("cannot write a message");
    i += n;
    // A checkpoint also every checkpointSeconds of message time, so a recording written
    // faster than real time (a bench, an import) can be sought in as fast as a live one.
    if (lastCheckpointReceived == -std::numeric_limits<double>::infinity()) lastCheckpointReceived = maxReceived;
    if (dirty && maxReceived - lastCheckpointReceived >= options.checkpointSeconds) checkpoint();
    // A large batch is committed as it goes: what a kill -9 loses stays about commitSeconds.
    if (inTransaction && Seconds(Clock::now() - transactionStart).count() >= options.commitSeconds) commit();
  }
}

void Recorder::Impl::commit() {
  if (!inTransaction) return;
  if (disorderChanged) {
    sqlite3_stmt* s = setDisorder.get();
    sqlite3_reset(s);
    sqlite3_bind_double(s, 1, disorder);
    bool ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    if (!ok) return fault("cannot write meta.disorder_seconds");
    disorderChanged = false;
  }
  if (sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fault("cannot commit");
  inTransaction = false;
  std::lock_guard lock(mutex);
  stats.written += pending;
  pending = 0;
}

std::string Recorder::Impl::encodeLatest() const {
  // Sorted by name, so a checkpoint reads the same whatever the ids were.
  std::map<std::pair<std::string, std::string>, const twin::Update*> byName;
  for (const auto& [key, u] : latest)
    byName[{names->entities.name(u.entity), names->attributes.name(u.attribute)}] = &u;
  nlohmann::json state = nlohmann::json::array();
  for (const auto& [name, u] : byName) {
    nlohmann::json value = u->isText ? nlohmann::json(u->text) : nlohmann::json(u->value);
    state.push_back({name.first, name.second, u->t, std::move(value), staleAfterJson(u->staleAfter), u->isText});
  }
  return state.dump();
}

void Recorder::Impl::checkpoint() {
  lastCheckpoint = Clock::now();
  lastCheckpointReceived = maxReceived;
  if (!dirty || !begin()) return;
  std::string state = encodeLatest();
  sqlite3_stmt* s = insertCheckpoint.get();
  sqlite3_reset(s);
  sqlite3_bind_double(s, 1, maxReceived);
  sqlite3_bind_int64(s, 2, lastMessage);
  sqlite3_bind_blob(s, 3, state.data(), int(state.size()), SQLITE_STATIC);
  bool ok = sqlite3_step(s) == SQLITE_DONE;
  sqlite3_reset(s);
  if (!ok) return fault("cannot write a checkpoint");
  commit();
  if (inTransaction) return;  // the commit failed
  dirty = false;
  std::lock_guard lock(mutex);
  ++stats.checkpoints;
}

std::optional<Clock::time_point> Recorder::Impl::deadline() const {
  std::optional<Clock::time_point> next;
  if (inTransaction)
    next = transactionStart + std::chrono::duration_cast<Clock::duration>(Seconds(options.commitSeconds));
  if (dirty) {
    auto c = lastCheckpoint + std::chrono::duration_cast<Clock::duration>(Seconds(options.checkpointSeconds));
    next = next ? std::min(*next, c) : c;
  }
  return next;
}

void Recorder::Impl::run() {
  lastCheckpoint = Clock::now();
  std::vector<Queued> batch;
  for (bool stop = false; !stop;) {
    {
      std::unique_lock lock(mutex);
      // Messages are taken in batches: the writer looks every 50 ms (or at once when a
      // large batch waits); a wake-up per message would cost the feeds more than the writing.
      auto ready = [&] { return stopping || (queue.size() >= kWakeBatch && !options.holdWriter); };
      auto until = Clock::now() + std::chrono::milliseconds(50);
      if (auto d = deadline()) until = std::min(until, *d);
      wake.wait_until(lock, until, ready);
      if (!options.holdWriter || stopping) batch.swap(queue), queuedBytes = 0;
      stop = stopping;
    }
    write(batch);
    batch.clear();
    Clock::time_point now = Clock::now();
    if (dirty && Seconds(now - lastCheckpoint).count() >= options.checkpointSeconds) checkpoint();
    if (inTransaction && (stop || Seconds(now - transactionStart).count() >= options.commitSeconds)) commit();
  }
  checkpoint();  // the last one (when anything came since the one before)
  commit();
  rusage use{};
  getrusage(RUSAGE_THREAD, &use);
  spdlog::debug("recording: the writer used {:.2f} s of CPU for {} messages",
                use.ru_utime.tv_sec + use.ru_stime.tv_sec + 1e-6 * (use.ru_utime.tv_usec + use.ru_stime.tv_usec),
                stats.written);
  // Back to a rollback journal: the finished recording is one self-contained file that
  // opens read-only anywhere (a WAL database needs its -shm, or a folder to create it in).
  // Not while a reader has it open; then it stays in WAL mode, which reads as well.
  sqlite3_busy_timeout(db.get(), 0);
  if (!exec(db.get(), "PRAGMA journal_mode=DELETE", file)) spdlog::debug("recording: {} stays in WAL mode", file);
  insertMessage.reset();
  insertMessages.reset();
  insertCheckpoint.reset();
  setDisorder.reset();
  db.reset();
}

Result<std::unique_ptr<Recorder>> Recorder::create(const std::filesystem::path& file,
                                                   const std::vector<FeedSpec>& feeds, const RecordingInfo& info,
                                                   std::shared_ptr<twin::Registry> names, Options options) {
  if (!names) return fail(file.string() + ": a recorder needs the StateStore's registry of names");
  if (auto r = createExclusively(file); !r) return fail(r.error().message);
  auto impl = std::make_unique<Impl>();
  impl->file = file.string();
  impl->names = std::move(names);
  impl->options = options;
  if (auto r = impl->setUp(feeds, info); !r) {
    impl.reset();
    removeRecordingFiles(file);
    return fail(r.error().message);
  }
  std::unique_ptr<Recorder> recorder(new Recorder);
  recorder->m_impl = std::move(impl);
  Impl* self = recorder->m_impl.get();
  self->writer = std::thread([self] {
    // Background work: under a burst the feeds (and the frames) go first; the bounded
    // queue holds what the writer has not reached yet, and it catches up after.
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 10);
    self->run();
  });
  return recorder;
}

Recorder::~Recorder() { (void)close(); }

RecorderStats Recorder::close() {
  if (!m_impl) return {};
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  m_impl->wake.notify_one();
  if (m_impl->writer.joinable()) m_impl->writer.join();
  return stats();
}

void Recorder::onMessage(const ReceivedMessage& m, const std::vector<twin::Update>& updates) {
  Impl& d = *m_impl;
  // Bounded by count and by bytes (large payloads): beyond either, dropped and counted.
  const size_t bytes = sizeof(Queued) + m.topic.size() + m.payload.size() + updates.size() * sizeof(twin::Update);
  auto full = [&] {
    return d.stopping || d.queue.size() >= d.options.queueCapacity || d.queuedBytes + bytes > d.options.queueBytes;
  };
  {
    std::lock_guard lock(d.mutex);
    if (full()) {
      ++d.stats.dropped;
      return;
    }
  }
  Queued q{m.feed, std::string(m.topic), std::string(m.payload), m.received, m.time, updates};
  bool bigBatch;
  {
    std::lock_guard lock(d.mutex);
    if (full()) {
      ++d.stats.dropped;
      return;
    }
    d.queue.push_back(std::move(q));
    d.queuedBytes += bytes;
    bigBatch = d.queue.size() == kWakeBatch;
  }
  if (bigBatch) d.wake.notify_one();
}

RecorderStats Recorder::stats() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->stats;
}

// ---------------------------------------------------------------------------------------
// Recording

struct Recording::Impl {
  std::string file;
  Database db;
  std::vector<FeedSpec> feeds;
  RecordingInfo info;
  Statement findCheckpoint, scanMessages, readDisorder, first, last, lastId;

  Result<> connect();
  Result<std::map<std::string, std::string>> readMeta();
  Result<> checkMeta(const std::map<std::string, std::string>& meta);
  Result<> readFeeds(const fs::path& baseDir);
  Result<> prepareAll();
  Result<int64_t> replayCheckpoint(double from, twin::Registry& names,
                                   const std::function<void(const twin::Update&)>& onCheckpoint);
  Result<> replayMessages(int64_t after, double to, const std::function<void(const RecordedMessage&)>& message);
  Result<double> disorder();
  void endRead();
  std::optional<double> single(sqlite3_stmt* s) const;
  Error damaged(const std::string& what) const { return Error{file + ": " + what + ": " + sqliteError(db.get())}; }
};

Result<> Recording::Impl::connect() {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  db.reset(raw);
  if (rc != SQLITE_OK) return fail(file + ": cannot open: " + sqliteError(raw));
  sqlite3_busy_timeout(raw, 5000);
  // The first read of the schema tells an SQLite file from anything else.
  sqlite3_stmt* s = nullptr;
  rc = sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", -1, &s,
                          nullptr);
  Statement hasMeta(s);
  if (rc == SQLITE_NOTADB) return fail(file + ": not an SQLite database (nor a Twinscape recording)");
  if (rc != SQLITE_OK) return fail(file + ": cannot read: " + sqliteError(raw) + walHint(file));
  rc = sqlite3_step(s);
  if (rc == SQLITE_NOTADB) return fail(file + ": not an SQLite database (nor a Twinscape recording)");
  if (rc != SQLITE_ROW) return fail(file + ": cannot read: " + sqliteError(raw) + walHint(file));
  if (sqlite3_column_int(s, 0) == 0) return fail(file + ": not a Twinscape recording (no meta table)");
  return {};
}

Result<std::map<std::string, std::string>> Recording::Impl::readMeta() {
  auto s = prepare(db.get(), "SELECT key, value FROM meta", file);
  if (!s) return fail(s.error().message);
  std::map<std::string, std::string> meta;
  int rc;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) meta[columnText(s->get(), 0)] = columnText(s->get(), 1);
  if (rc != SQLITE_DONE) return std::unexpected(damaged("cannot read the meta table"));
  return meta;
}

Result<> Recording::Impl::checkMeta(const std::map<std::string, std::string>& meta) {
  auto get = [&](const char* key) {
    auto it = meta.find(key);
    return it == meta.end() ? std::string() : it->second;
  };
  if (get("format") != kFormat)
    return fail(file + ": not a Twinscape recording (meta.format is '" + get("format") + "', not '" + kFormat + "')");
  auto version = parseNumber<int>(get("version"));
  if (!version || *version < 1) return fail(file + ": damaged recording: meta.version is '" + get("version") + "'");
  if (*version > kVersion)
    return fail(file + ": recording format version " + std::to_string(*version) + " is newer than this build reads (" +
                std::to_string(kVersion) + ")");
  info.scene = get("scene");
  info.seed = parseNumber<uint32_t>(get("seed")).value_or(0);
  info.utcOffsetMinutes = parseNumber<int>(get("utc_offset_minutes")).value_or(0);
  info.created = get("created");
  return {};
}

Result<> Recording::Impl::readFeeds(const fs::path& baseDir) {
  auto s = prepare(db.get(), "SELECT id, spec FROM feeds ORDER BY id", file);
  if (!s) return fail(s.error().message);
  nlohmann::json specs = nlohmann::json::array();
  int rc;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(s->get(), 0);
    if (id != int64_t(specs.size())) return fail(file + ": damaged recording: feed ids are not 0, 1, 2...");
    nlohmann::json spec = nlohmann::json::parse(columnText(s->get(), 1), nullptr, false);
    if (spec.is_discarded()) return fail(file + ": damaged recording: feed " + std::to_string(id) + " is not JSON");
    specs.push_back(std::move(spec));
  }
  if (rc != SQLITE_DONE) return std::unexpected(damaged("cannot read the feeds table"));
  auto parsed = parseFeeds(specs, file, baseDir);
  if (!parsed) return fail(parsed.error().message);
  feeds = std::move(*parsed);
  return {};
}

Result<> Recording::Impl::prepareAll() {
  const std::pair<Statement*, const char*> statements[] = {
      {&findCheckpoint,
       "SELECT last_message, state, id FROM checkpoints WHERE received <= ? ORDER BY received DESC, id DESC LIMIT 1"},
      {&scanMessages, "SELECT feed, topic, payload, received, time FROM messages WHERE id > ? ORDER BY id"},
      {&readDisorder, "SELECT value FROM meta WHERE key = 'disorder_seconds'"},
      {&first, "SELECT min(received) FROM messages"},
      {&last, "SELECT max(received) FROM messages"},
      {&lastId, "SELECT max(id) FROM messages"},
  };
  for (const auto& [statement, sql] : statements) {
    auto s = prepare(db.get(), sql, file);
    if (!s) return fail(file + ": damaged recording: " + s.error().message.substr(file.size() + 2));
    *statement = std::move(*s);
  }
  return {};
}

std::optional<double> Recording::Impl::single(sqlite3_stmt* s) const {
  sqlite3_reset(s);
  std::optional<double> value;
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) value = sqlite3_column_double(s, 0);
  sqlite3_reset(s);
  return value;
}

Result<double> Recording::Impl::disorder() {
  sqlite3_stmt* s = readDisorder.get();
  sqlite3_reset(s);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return std::unexpected(damaged("cannot read meta.disorder_seconds"));
  double d = rc == SQLITE_ROW ? parseNumber<double>(columnText(s, 0)).value_or(0) : 0;
  sqlite3_reset(s);
  return std::max(d, 0.0);
}

void Recording::Impl::endRead() {
  for (const Statement* s : {&findCheckpoint, &scanMessages, &readDisorder}) sqlite3_reset(s->get());
  if (!sqlite3_get_autocommit(db.get())) (void)exec(db.get(), "COMMIT", file);
}

namespace {

// One checkpoint entry: [entity, attribute, t, value or text, stale_after or null, is_text].
std::optional<twin::Update> decodeEntry(const nlohmann::json& e, twin::Registry& names) {
  if (!e.is_array() || e.size() != 6 || !e[0].is_string() || !e[1].is_string() || !e[2].is_number() ||
      !e[5].is_boolean())
    return std::nullopt;
  twin::Update u;
  u.entity = names.entities.intern(e[0].get_ref<const std::string&>());
  u.attribute = names.attributes.intern(e[1].get_ref<const std::string&>());
  u.t = e[2].get<double>();
  u.isText = e[5].get<bool>();
  if (u.isText != e[3].is_string() || (!u.isText && !e[3].is_number())) return std::nullopt;
  if (u.isText)
    u.text = e[3].get<std::string>();
  else
    u.value = e[3].get<double>();
  if (e[4].is_number())
    u.staleAfter = e[4].get<float>();
  else if (!e[4].is_null())
    return std::nullopt;
  return u;
}

}  // namespace

Result<int64_t> Recording::Impl::replayCheckpoint(double from, twin::Registry& names,
                                                  const std::function<void(const twin::Update&)>& onCheckpoint) {
  sqlite3_stmt* s = findCheckpoint.get();
  sqlite3_reset(s);
  sqlite3_bind_double(s, 1, from);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return int64_t(0);  // none yet: from the first message
  if (rc != SQLITE_ROW) return std::unexpected(damaged("cannot read the checkpoints"));
  int64_t lastMessage = sqlite3_column_int64(s, 0);
  std::string where = "checkpoint " + std::to_string(sqlite3_column_int64(s, 2));
  auto data = static_cast<const char*>(sqlite3_column_blob(s, 1));
  nlohmann::json state = nlohmann::json::parse(data, data + sqlite3_column_bytes(s, 1), nullptr, false);
  sqlite3_reset(s);
  if (!state.is_array()) return fail(file + ": damaged recording: " + where + " is not a JSON array");
  std::vector<twin::Update> updates;
  updates.reserve(state.size());
  for (const nlohmann::json& e : state) {
    auto u = decodeEntry(e, names);
    if (!u) return fail(file + ": damaged recording: " + where + " has a malformed entry " + e.dump());
    updates.push_back(std::move(*u));
  }
  if (onCheckpoint)
    for (const twin::Update& u : updates) onCheckpoint(u);
  return lastMessage;
}

Result<> Recording::Impl::replayMessages(int64_t after, double to,
                                         const std::function<void(const RecordedMessage&)>& message) {
  auto slack = disorder();
  if (!slack) return fail(slack.error().message);
  // Messages are stored in the order received, give or take `slack` seconds: past
  // to + slack, none can be at or before `to`.
  const double stop = to + *slack;
  sqlite3_stmt* s = scanMessages.get();
  sqlite3_reset(s);
  sqlite3_bind_int64(s, 1, after);
  RecordedMessage m;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    double received = sqlite3_column_double(s, 3);
    if (received > stop) break;
    if (received > to) continue;
    m.feed = sqlite3_column_int(s, 0);
    m.topic = columnText(s, 1);
    m.payload = columnText(s, 2);
    m.received = received;
    m.time = sqlite3_column_double(s, 4);
    if (message) message(m);
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    Error e = damaged("cannot read the messages");
    sqlite3_reset(s);
    return std::unexpected(e);
  }
  sqlite3_reset(s);
  return {};
}

Recording::Recording(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Recording::~Recording() = default;

Result<std::unique_ptr<Recording>> Recording::open(const std::filesystem::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return fail(file.string() + ": no such file");
  if (!fs::is_regular_file(file, ec)) return fail(file.string() + ": not a file");
  auto impl = std::make_unique<Impl>();
  impl->file = file.string();
  if (auto r = impl->connect(); !r) return fail(r.error().message);
  auto meta = impl->readMeta();
  if (!meta) return fail(meta.error().message);
  if (auto r = impl->checkMeta(*meta); !r) return fail(r.error().message);
  fs::path baseDir = fs::absolute(file, ec).parent_path();
  if (auto r = impl->readFeeds(baseDir); !r) return fail(r.error().message);
  if (auto r = impl->prepareAll(); !r) return fail(r.error().message);
  return std::unique_ptr<Recording>(new Recording(std::move(impl)));
}

const std::vector<FeedSpec>& Recording::feeds() const { return m_impl->feeds; }
const RecordingInfo& Recording::info() const { return m_impl->info; }

std::optional<std::pair<double, double>> Recording::range() const {
  auto first = m_impl->single(m_impl->first.get());
  auto last = m_impl->single(m_impl->last.get());
  if (!first || !last) return std::nullopt;
  return std::pair{*first, *last};
}

uint64_t Recording::messageCount() const {
  // Messages are only ever appended, so their ids are 1...n.
  return uint64_t(m_impl->single(m_impl->lastId.get()).value_or(0));
}

Result<> Recording::read(double from, double to, twin::Registry& names,
                         const std::function<void(const twin::Update&)>& onCheckpoint,
                         const std::function<void(const RecordedMessage&)>& message) const {
  Impl& d = *m_impl;
  d.endRead();  // one that a callback's exception left open
  // One read transaction: the checkpoint and the messages after it from the same moment
  // of a recording that is still being written.
  if (auto r = exec(d.db.get(), "BEGIN", d.file); !r) return r;
  struct End {
    Impl& d;
    ~End() { d.endRead(); }
  } end{d};
  auto lastMessage = d.replayCheckpoint(from, names, onCheckpoint);
  if (!lastMessage) return fail(lastMessage.error().message);
  return d.replayMessages(*lastMessage, to, message);
}

}  // namespace ts::feeds
