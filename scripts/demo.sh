#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Twinscape and runs the main job on the
# embedded demo city: in a window with the inspector where there is a display, else
# rendered offscreen (its CBD) to twinscape-demo.png.
# Extra arguments go to `twinscape view` / `twinscape render`, e.g. --camera overview
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/release/apps/twinscape/twinscape view demo "$@"
fi
[ $# -gt 0 ] || set -- --camera cbd --size 1920x1080
./build/release/apps/twinscape/twinscape render --scene demo --out twinscape-demo.png "$@"
echo "demo: no display, so the demo was rendered to $(pwd)/twinscape-demo.png (twinscape view opens a window)"
