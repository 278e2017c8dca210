#!/usr/bin/env bash
# Runs the raw-Vulkan floor (../shared/tools/vk-floor) and `twinscape bench` side by side
# on the issue's three cases, interleaved so both see the same machine noise, and prints
# the engine/floor ratio of median frame times. MSAA off for the comparison.
# Usage: bench/compare_floor.sh [FRAMES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-20}
rounds=${2:-3}
floor_src=${FLOOR_SRC:-../shared/tools/vk-floor}
tmp=$(mktemp -d)
dpkg-query -W libstb-dev >/dev/null 2>&1 || { echo "bench: the floor needs libstb-dev (apt-get install libstb-dev)"; exit 1; }
floor=$("$floor_src/build.sh" "$tmp" | tail -1)
ts=./build/release/apps/twinscape/twinscape
for round in $(seq "$rounds"); do
  for c in "1000 1280 720" "10000 1920 1080" "100000 1920 1080"; do
    set -- $c
    f=$("$floor" --mallopt --w "$2" --h "$3" --n "$1" --mode merged --frames "$frames" | sed -n 's/.*median \([0-9.]*\).*/\1/p')
    e=$("$ts" bench --log-level warn --buildings "$1" --sizes "$2x$3" --msaa 1 --frames "$frames" |
        python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["frame_ms_median"])')
    python3 -c "print('round $round: $1 buildings $2x$3: floor %.2f ms, engine %.2f ms, ratio %.3f' % ($f, $e, $e / $f))"
  done
done
