#!/usr/bin/env bash
# Re-renders every golden-image test and stores the results as the new goldens in
# tests/golden/. Look at `git diff --stat tests/golden` and the images before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
cmake --build --preset "$preset" -j2
TWINSCAPE_UPDATE_GOLDENS=1 ctest --preset "$preset" -L render
git status --short tests/golden
