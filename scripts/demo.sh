#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Twinscape and runs the main job on the
# embedded demo city: renders its CBD offscreen (no display needed) to twinscape-demo.png.
# Extra arguments go to `twinscape render`, e.g. scripts/demo.sh --camera overview --size 3840x2160
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2
[ $# -gt 0 ] || set -- --camera cbd --size 1920x1080
./build/release/apps/twinscape/twinscape render --scene demo --out twinscape-demo.png "$@"
echo "demo: wrote $(pwd)/twinscape-demo.png"
