// A scratch folder for one test process: /tmp/twinscape-<kind>-<pid>, emptied on first
// use (a reused pid finds no stale files) and removed when the process exits, unless
// TWINSCAPE_KEEP_TEST_FILES is set (to look at what a failing test wrote).
#pragma once
#include <filesystem>
#include <string>

std::filesystem::path testTempDir(const std::string& kind);
