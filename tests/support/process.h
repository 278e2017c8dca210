// Running a command line as a user would, for the CLI and window tests.
#pragma once
#include <string>

struct ProcessRun {
  int exitCode;        // -1 when the command did not exit normally
  std::string output;  // stdout and stderr together
};

// Runs `command` through the shell and collects its output.
ProcessRun runCommand(const std::string& command);

// A command running in the background (through the shell, in its own process group),
// its stdout and stderr going to `logFile`. The destructor kills what is still running.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::string& command, const std::string& logFile);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  void signal(int sig);  // to the whole group (the shell and the command)
  // Waits up to `timeoutS` for it to end: its exit code, -1 if a signal ended it, or -2 if
  // it is still running.
  int wait(double timeoutS);
  std::string output() const;  // what it wrote so far

 private:
  int m_pid = -1;
  std::string m_log;
};
