// Running a command line as a user would, for the CLI and window tests.
#pragma once
#include <string>

struct ProcessRun {
  int exitCode;        // -1 when the command did not exit normally
  std::string output;  // stdout and stderr together
};

// Runs `command` through the shell and collects its output.
ProcessRun runCommand(const std::string& command);
