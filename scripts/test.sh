#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Twinscape and runs the whole test suite
# (unit, render on lavapipe with validation, CLI, shader build).
# Usage: scripts/test.sh [PRESET]   PRESET: release (default), debug or asan
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bash scripts/setup.sh
cmake --preset "$preset"
cmake --build --preset "$preset" -j2
if [ "$preset" = asan ]; then
  # Leaks inside the Vulkan driver and loader are not ours to fix.
  export ASAN_OPTIONS=detect_leaks=0
fi
ctest --preset "$preset" -j2
