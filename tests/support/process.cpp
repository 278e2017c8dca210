#include "process.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

ProcessRun runCommand(const std::string& command) {
  ProcessRun r{-1, ""};
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = pclose(p);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

BackgroundProcess::BackgroundProcess(const std::string& command, const std::string& logFile) : m_log(logFile) {
  m_pid = fork();
  if (m_pid == 0) {
    setpgid(0, 0);
    const std::string line = "exec " + command + " > '" + logFile + "' 2>&1";
    execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (m_pid > 0) setpgid(m_pid, m_pid);
}

BackgroundProcess::~BackgroundProcess() {
  if (m_pid <= 0) return;
  signal(SIGKILL);
  waitpid(m_pid, nullptr, 0);
}

void BackgroundProcess::signal(int sig) {
  if (m_pid > 0) ::kill(-m_pid, sig);
}

int BackgroundProcess::wait(double timeoutS) {
  if (m_pid <= 0) return -1;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutS);
  for (;;) {
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (std::chrono::steady_clock::now() > end) return -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string BackgroundProcess::output() const {
  std::ifstream in(m_log);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
