// A real MQTT broker for the feed tests: mosquitto as a child process on a free loopback
// port, with a password file and a TLS listener when asked; it can be stopped, killed and
// started again on the same port. And what the tests need around it: a CA with a server
// certificate for 127.0.0.1 (openssl), and a publisher (libmosquitto).
#pragma once
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

struct mosquitto;

// A CA, a server certificate it signed (subjectAltName IP:127.0.0.1, DNS:localhost) and
// a second CA that signed nothing. Made once per test process.
struct TestCerts {
  std::filesystem::path ca, serverCert, serverKey, otherCa;
};
const TestCerts& testCerts();

struct BrokerOptions {
  bool allowAnonymous = true;
  std::string user, password;  // set: a password file with this one user
  bool tls = false;            // also a TLS listener (testCerts()) on its own port
};

class TestBroker {
 public:
  // Picks the ports and writes the configuration; start() starts the broker.
  explicit TestBroker(BrokerOptions options = {});
  ~TestBroker();  // stops the broker
  TestBroker(const TestBroker&) = delete;
  TestBroker& operator=(const TestBroker&) = delete;

  // Starts mosquitto and waits (up to 5 s) until the ports accept connections; false
  // (with mosquitto's log as a test failure) when it does not come up.
  bool start();
  void stop();  // SIGTERM, and waits for it to exit
  void kill();  // SIGKILL, and waits for it to exit
  bool running() const { return m_pid > 0; }

  int port() const { return m_port; }        // plain MQTT
  int tlsPort() const { return m_tlsPort; }  // 0 without TLS
  std::string log() const;                   // what mosquitto wrote

 private:
  void writeConfig();
  pid_t spawn();
  void signal(int sig);
  BrokerOptions m_options;
  std::filesystem::path m_dir;
  int m_port = 0, m_tlsPort = 0;
  pid_t m_pid = -1;
};

// Publishes on the broker's plain port (MQTT 3.1.1, its own network thread). Connects in
// the constructor; connected() says whether that worked.
class TestPublisher {
 public:
  explicit TestPublisher(int port, const std::string& user = {}, const std::string& password = {});
  ~TestPublisher();
  TestPublisher(const TestPublisher&) = delete;
  TestPublisher& operator=(const TestPublisher&) = delete;

  bool connected() const { return m_connected; }
  // Queues one message; false when libmosquitto refuses it.
  bool publish(const std::string& topic, const std::string& payload, int qos = 1);
  // Waits until every message published so far has gone out (QoS 1: been acknowledged).
  bool waitSent(double timeoutS = 20);

 private:
  mosquitto* m_mosq = nullptr;
  std::atomic<bool> m_connected{false};
  std::atomic<uint64_t> m_queued{0}, m_sent{0};
};

// Polls `done` every 20 ms until it is true or `timeoutS` passed; returns its last answer.
// Generous timeouts: the machines that run the tests are slow and shared.
template <class F>
bool waitUntil(F&& done, double timeoutS = 20) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutS);
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}
