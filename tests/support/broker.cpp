#include "broker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "feeds/loopback.h"
#include "process.h"
#include "temp_dir.h"

namespace fs = std::filesystem;

namespace {

// A loopback port nobody listens on now: bind port 0, read it, close.

// One shell word: 'it''s' quoted for sh.
std::string shellWord(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

void writeFile(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

void run(const std::string& command) {
  ProcessRun r = runCommand(command);
  ASSERT_EQ(r.exitCode, 0) << command << "\n" << r.output;
}

TestCerts makeCerts() {
  TestCerts c;
  fs::path d = testTempDir("feeds") / "certs";
  fs::create_directories(d);
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  auto caConfig = [&](const std::string& name) {
    fs::path p = d / (name + ".cnf");
    writeFile(p, "[req]\ndistinguished_name = dn\nprompt = no\nx509_extensions = v3_ca\n[dn]\nCN = " + name +
                     "\n[v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                     "subjectKeyIdentifier = hash\n");
    return p.string();
  };
  auto makeCa = [&](const std::string& name) {
    run("openssl req -x509 -days 2 -config " + caConfig(name) + ec + " -keyout " + (d / (name + ".key")).string() +
        " -out " + (d / (name + ".crt")).string());
    return d / (name + ".crt");
  };
  c.ca = makeCa("twinscape-test-ca");
  c.otherCa = makeCa("unrelated-test-ca");
  writeFile(d / "server.cnf", "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = localhost\n");
  writeFile(d / "server-ext.cnf",
            "subjectAltName = IP:127.0.0.1,DNS:localhost\nbasicConstraints = CA:FALSE\n"
            "keyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\n");
  c.serverKey = d / "server.key";
  c.serverCert = d / "server.crt";
  run("openssl req -new -config " + (d / "server.cnf").string() + ec + " -keyout " + c.serverKey.string() + " -out " +
      (d / "server.csr").string());
  run("openssl x509 -req -days 2 -in " + (d / "server.csr").string() + " -CA " + c.ca.string() + " -CAkey " +
      (d / "twinscape-test-ca.key").string() + " -CAcreateserial -extfile " + (d / "server-ext.cnf").string() +
      " -out " + c.serverCert.string());
  return c;
}

}  // namespace

const TestCerts& testCerts() {
  static const TestCerts certs = makeCerts();
  return certs;
}

TestBroker::TestBroker(BrokerOptions options) : m_options(std::move(options)) {
  static int serial = 0;
  m_dir = testTempDir("feeds") / ("broker-" + std::to_string(serial++));
  fs::create_directories(m_dir);
  m_port = ts::feeds::freeLoopbackPort();
  for (int i = 0; m_options.tls && i < 10 && (m_tlsPort == 0 || m_tlsPort == m_port); ++i)
    m_tlsPort = ts::feeds::freeLoopbackPort();
  writeConfig();
}

TestBroker::~TestBroker() { stop(); }

void TestBroker::writeConfig() {
  std::ostringstream c;
  // Run as whoever runs the tests (as root, mosquitto 2 would switch to user "mosquitto",
  // who cannot read the scratch folder's keys).
  if (const passwd* pw = ::getpwuid(::geteuid())) c << "user " << pw->pw_name << "\n";
  c << "persistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n"
    << "log_type information\nper_listener_settings false\n"
    << "allow_anonymous " << (m_options.allowAnonymous ? "true" : "false") << "\n";
  if (!m_options.user.empty()) {
    fs::path file = m_dir / "passwords";
    run("mosquitto_passwd -c -b " + shellWord(file.string()) + " " + shellWord(m_options.user) + " " +
        shellWord(m_options.password));
    c << "password_file " << file.string() << "\n";
  }
  c << "listener " << m_port << " 127.0.0.1\n";
  if (m_options.tls) {
    const TestCerts& certs = testCerts();
    c << "listener " << m_tlsPort << " 127.0.0.1\ncafile " << certs.ca.string() << "\ncertfile "
      << certs.serverCert.string() << "\nkeyfile " << certs.serverKey.string() << "\n";
  }
  writeFile(m_dir / "mosquitto.conf", c.str());
}

pid_t TestBroker::spawn() {
  const std::string bin = ts::feeds::mosquittoBinary(), conf = (m_dir / "mosquitto.conf").string();
  const std::string logFile = (m_dir / "mosquitto.log").string();
  const pid_t parent = ::getpid();
  // Everything the child needs is ready before fork(): between fork and exec, only calls
  // that are safe in a child of a threaded process.
  std::vector<char*> argv{const_cast<char*>(bin.c_str()), const_cast<char*>("-c"), const_cast<char*>(conf.c_str()),
                          nullptr};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // no broker outlives a crashed test
    if (::getppid() != parent) ::_exit(127);
    int fd = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) ::dup2(fd, 1), ::dup2(fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

bool TestBroker::start() {
  if (running()) return true;
  auto up = [&] {
    return ts::feeds::loopbackAccepts(m_port) && (!m_options.tls || ts::feeds::loopbackAccepts(m_tlsPort));
  };
  // A port can be in the way for a moment (a socket still closing): a few tries.
  for (int attempt = 0; attempt < 5; ++attempt) {
    const size_t logBefore = log().size();
    m_pid = spawn();
    if (m_pid < 0) {
      ADD_FAILURE() << "fork failed: " << std::strerror(errno);
      return false;
    }
    bool exited = false;
    for (int i = 0; i < 250 && !exited && !up(); ++i) {  // 5 s
      int status = 0;
      exited = ::waitpid(m_pid, &status, WNOHANG) == m_pid;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!exited && up()) return true;
    if (!exited) {
      ADD_FAILURE() << "mosquitto did not accept connections on port " << m_port << " within 5 s:\n" << log();
      kill();
      return false;
    }
    m_pid = -1;
    if (log().find("in use", logBefore) == std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ADD_FAILURE() << ts::feeds::mosquittoBinary() << " exited at start (scripts/setup.sh installs mosquitto):\n" << log();
  return false;
}

void TestBroker::signal(int sig) {
  if (!running()) return;
  ::kill(m_pid, sig);
  int status = 0;
  for (int i = 0; i < 500; ++i) {  // 10 s, then SIGKILL
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(m_pid, SIGKILL);
  ::waitpid(m_pid, &status, 0);
  m_pid = -1;
}

void TestBroker::stop() { signal(SIGTERM); }
void TestBroker::kill() { signal(SIGKILL); }

std::string TestBroker::log() const {
  std::ifstream f(m_dir / "mosquitto.log");
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TestPublisher::TestPublisher(int port, const std::string& user, const std::string& password) {
  static std::once_flag once;
  std::call_once(once, [] { (void)mosquitto_lib_init(); });
  static std::atomic<int> serial{0};
  std::string id = "twinscape-test-pub-" + std::to_string(::getpid()) + "-" + std::to_string(serial++);
  m_mosq = mosquitto_new(id.c_str(), true, this);
  if (!m_mosq) return;
  mosquitto_connect_callback_set(
      m_mosq, [](mosquitto*, void* obj, int rc) { static_cast<TestPublisher*>(obj)->m_connected = rc == 0; });
  mosquitto_publish_callback_set(m_mosq,
                                 [](mosquitto*, void* obj, int) { ++static_cast<TestPublisher*>(obj)->m_sent; });
  if (!user.empty()) (void)mosquitto_username_pw_set(m_mosq, user.c_str(), password.c_str());
  // Messages beyond the in-flight window wait in libmosquitto's queue, unbounded.
  (void)mosquitto_int_option(m_mosq, MOSQ_OPT_SEND_MAXIMUM, 1000);
  if (mosquitto_connect(m_mosq, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) return;
  if (mosquitto_loop_start(m_mosq) != MOSQ_ERR_SUCCESS) return;
  waitUntil([&] { return m_connected.load(); }, 10);
}

TestPublisher::~TestPublisher() {
  if (!m_mosq) return;
  (void)mosquitto_disconnect(m_mosq);
  (void)mosquitto_loop_stop(m_mosq, true);
  mosquitto_destroy(m_mosq);
}

bool TestPublisher::publish(const std::string& topic, const std::string& payload, int qos) {
  if (!m_mosq) return false;
  int rc = mosquitto_publish(m_mosq, nullptr, topic.c_str(), int(payload.size()), payload.data(), qos, false);
  if (rc == MOSQ_ERR_SUCCESS) ++m_queued;
  return rc == MOSQ_ERR_SUCCESS;
}

bool TestPublisher::waitSent(double timeoutS) {
  return waitUntil([&] { return m_sent.load() >= m_queued.load(); }, timeoutS);
}
