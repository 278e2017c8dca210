#!/usr/bin/env bash
# Re-renders every golden-image test and stores the results as the new goldens in
# tests/golden/. Look at `git diff --stat tests/golden` and the images before committing.
# Usage: scripts/approve-goldens.sh [PRESET]   (default: release)
#
# How approval is asked for: this script runs the render test binary itself with
# --approve-goldens, which only the render tests' own main (tests/support/golden_main.cpp)
# understands. ctest never passes that flag and no environment variable switches approval
# on, so a normal test run always compares (a TWINSCAPE_UPDATE_GOLDENS left set in a
# shell from the old mechanism is ignored). The binary fails if a test fails for another
# reason (validation messages, a broken assertion) or if any golden in the tolerance
# table (tests/support/golden_tolerances.cpp) was not re-rendered.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --build --preset "$preset" -j2
"build/$preset/tests/render_tests" --approve-goldens
git status --short tests/golden
