#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Twinscape and runs the main job on the
# embedded demo city with its live layers (5G coverage, AI cameras, data-centre load):
# in a window with the inspector where there is a display, playing the scenario day from
# 13:50 (+07:00; a 5G site fails at 14:00, the heat wave pushes data centres over 90 %);
# else rendered offscreen at 15:00 to twinscape-demo.png (the CBD) and
# twinscape-demo-dc.png (the data-centre campus), with every KPI in twinscape-demo-kpi.json.
# Extra arguments go to `twinscape view` / `twinscape render`, e.g. --camera overview
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2
bin=./build/release/apps/twinscape/twinscape
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$bin" view demo --at 2026-06-01T13:50:00+07:00 --speed 60 "$@"
fi
at=2026-06-01T15:00:00+07:00
if [ $# -gt 0 ]; then
  "$bin" render --scene demo --at "$at" --out twinscape-demo.png "$@"
else
  "$bin" render --scene demo --at "$at" --camera cbd --size 1920x1080 --out twinscape-demo.png
  "$bin" render --scene demo --at "$at" --camera dc-campus --size 1920x1080 --out twinscape-demo-dc.png
fi
"$bin" kpi --scene demo --at "$at" > twinscape-demo-kpi.json
echo "demo: no display, so the demo was rendered at $at to $(pwd)/twinscape-demo*.png, KPIs in twinscape-demo-kpi.json (twinscape view opens a window)"
