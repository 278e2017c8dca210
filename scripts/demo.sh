#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Twinscape and runs the main job on the
# embedded demo city with its live layers (5G coverage, AI cameras, data-centre load).
#
# Through a real MQTT broker: a local mosquitto on 127.0.0.1:1883 (started here unless
# one already listens there), the demo's publisher (`twinscape feed-sim`, playing the
# scenario afternoon from 13:50 +07:00 at 60x: a 5G site fails at 14:00, the heat wave
# pushes data centres over 90 %) and a recorder (twinscape-demo.twinrec) all run in the
# background while the viewer shows the feeds live. Kill the broker (the script prints
# how) and the values turn stale, grey-violet; start it again and they recover. Replay
# the afternoon afterwards with `twinscape view --replay twinscape-demo.twinrec`.
#
# Without a display: stills of the scenario at 15:00 (twinscape-demo.png, the CBD;
# twinscape-demo-dc.png, the data-centre campus) with every KPI in twinscape-demo-kpi.json,
# then ten seconds of the feeds through the broker: the live KPIs with feed health in
# twinscape-demo-live.json and the same moment replayed from the recording in
# twinscape-demo-replay.json; last, the scenario's two-minute investor tour as a video,
# twinscape-demo-investor.mp4 (1280x720, 30 fps; minutes on a CPU). Extra arguments go to
# `twinscape view` / `twinscape render`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2
bin=./build/release/apps/twinscape/twinscape
broker=mqtt://127.0.0.1:1883
pids=()
record_pid=
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# A broker and the publisher, when mosquitto is installed (scripts/setup.sh installs it).
start_feeds() {
  local mosquitto
  mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
  if ! [ -x "$mosquitto" ]; then
    echo "demo: mosquitto is not installed: the layers run on the built-in simulator alone"
    return 1
  fi
  if (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
    echo "demo: a broker already listens on 127.0.0.1:1883; using it"
  else
    # Loopback only; set_tcp_nodelay: each telemetry message leaves at once (mosquitto's
    # default lets Nagle hold small packets for up to ~40 ms).
    printf 'listener 1883 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n' >twinscape-demo-mosquitto.conf
    "$mosquitto" -c twinscape-demo-mosquitto.conf >twinscape-demo-broker.log 2>&1 &
    pids+=($!)
    echo "demo: started mosquitto on 127.0.0.1:1883 (pid $!): 'kill $!' and the values go stale after 30 s;"
    echo "      '$mosquitto -c $(pwd)/twinscape-demo-mosquitto.conf &' starts it again and they recover"
    sleep 0.5
  fi
  rm -f twinscape-demo.twinrec twinscape-demo.twinrec-wal twinscape-demo.twinrec-shm
  "$bin" record --scene demo --broker "$broker" --out twinscape-demo.twinrec >twinscape-demo-record.log 2>&1 &
  record_pid=$!
  pids+=($!)
  echo "demo: recording the demo's feeds to twinscape-demo.twinrec"
}
publish() {
  "$bin" feed-sim --scene demo --broker "$broker" --start 2026-06-01T13:50:00+07:00 --speed 60 "$@" \
    >twinscape-demo-feed-sim.log 2>&1 &
  pids+=($!)
  echo "demo: publishing the demo's feeds (twinscape feed-sim, log in twinscape-demo-feed-sim.log)"
}

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  if start_feeds; then
    publish
    "$bin" view demo --broker "$broker" "$@"
    echo "demo: replay what was recorded with: $bin view demo --replay twinscape-demo.twinrec"
    exit 0
  fi
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
if start_feeds; then
  "$bin" kpi --scene demo --broker "$broker" --listen 12 > twinscape-demo-live.json &
  kpi_pid=$!
  sleep 4  # the recorder and kpi have loaded the city and subscribed
  publish --duration 5
  wait "$kpi_pid"
  kill -INT "$record_pid" 2>/dev/null || true  # the recorder: closes the recording
  wait "$record_pid" 2>/dev/null || true
  live_at=$(python3 -c 'import json,sys; print(json.load(open("twinscape-demo-live.json"))["time"])')
  "$bin" kpi --scene demo --replay twinscape-demo.twinrec --at "$live_at" > twinscape-demo-replay.json
  echo "demo: live KPIs through the broker at $live_at in twinscape-demo-live.json; the same moment replayed from twinscape-demo.twinrec in twinscape-demo-replay.json"
fi
echo "demo: rendering the scenario's investor tour to twinscape-demo-investor.mp4 (two minutes of video; this takes a while on a CPU)"
"$bin" tour --scene demo --tour investor --size 1280x720 --fps 30 --out twinscape-demo-investor.mp4
echo "demo: the investor tour is in $(pwd)/twinscape-demo-investor.mp4 (twinscape view --tour investor plays it in a window)"
