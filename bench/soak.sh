#!/usr/bin/env bash
# Soak: the viewer as a wall display runs it (kiosk, a real window; Xvfb when there is no
# display) with every live layer, the simulator playing the demo's scenario day fast and in
# a loop (--loop), and a feed flood through a real broker, for a while; then `twinscape bench --soak-report` judges what the viewer
# sampled (--stats) and fails naming any series that keeps growing.
#
#   bench/soak.sh [--minutes M] [--speed S] [--out DIR] [--bin TWINSCAPE] [--size WxH]
#                 [--stats-interval S] [--publish-interval S]
#
# Defaults: 20 minutes at 300 sim seconds per second, a sample every 5 s, every demo entity
# published every 0.1 s (twinscape feed-sim: ~13,000 messages/s), a 1280x720 window. The
# viewer advances its clock by at most 0.25 s a frame, so below 4 frames/s the sim runs
# slower than --speed: at 2 frames/s, 150 sim seconds per second, 50 h in 20 minutes.
# DIR keeps stats.jsonl (one JSON line per sample, see docs/ARCHITECTURE.md "Soak"),
# report.txt and the logs of the viewer, the broker and the publisher.
# Exit: 0 bounded; 1 a series grows, or the viewer failed; 2 bad arguments or no mosquitto.
set -euo pipefail

minutes=20 speed=300 out=soak-out size=1280x720 stats_interval=5 publish_interval=0.1
bin=./build/release/apps/twinscape/twinscape
at=2026-06-01T00:00:00+07:00
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2 ;;
    --speed) speed=$2 ;;
    --out) out=$2 ;;
    --bin) bin=$2 ;;
    --size) size=$2 ;;
    --stats-interval) stats_interval=$2 ;;
    --publish-interval) publish_interval=$2 ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown option '$1' (--help lists them)" >&2; exit 2 ;;
  esac
  [ $# -ge 2 ] || { echo "soak: $1 needs a value" >&2; exit 2; }
  shift 2
done
[ -x "$bin" ] || { echo "soak: no twinscape at '$bin' (build it, or pass --bin)" >&2; exit 2; }
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$mosquitto" ] || { echo "soak: mosquitto is not installed (scripts/setup.sh installs it)" >&2; exit 2; }
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60); if (s < 10) exit 1; print s }') ||
  { echo "soak: --minutes must be at least 1/6 (10 s)" >&2; exit 2; }
bin=$(realpath "$bin")
mkdir -p "$out"
out=$(realpath "$out")
rm -f "$out/stats.jsonl"

pids=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# A display: the one given, else Xvfb on the first free display number.
if [ -z "${DISPLAY:-}" ]; then
  exec {fd}<> <(:)
  Xvfb -displayfd "$fd" -screen 0 1600x1000x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
  pids+=($!)
  read -r -t 20 -u "$fd" display || { echo "soak: Xvfb did not start (see $out/xvfb.log)" >&2; exit 1; }
  export DISPLAY=":$display"
fi

# A broker on a free loopback port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n' "$port" >"$out/mosquitto.conf"
"$mosquitto" -c "$out/mosquitto.conf" >"$out/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
broker=mqtt://127.0.0.1:$port

# The flood: every demo entity every publish_interval s, playing the scenario at the
# viewer's speed from the viewer's start, so the feeds' values belong to the time shown.
"$bin" feed-sim --scene demo --broker "$broker" --start "$at" --speed "$speed" --interval "$publish_interval" \
  >"$out/feed-sim.log" 2>&1 &
pids+=($!)

echo "soak: $minutes min on $DISPLAY, sim at ${speed}x from $at, feeds from $broker; samples in $out/stats.jsonl"
"$bin" view demo --kiosk --size "$size" --at "$at" --speed "$speed" --loop --broker "$broker" --feeds-in-playback \
  --stats "$out/stats.jsonl" --stats-interval "$stats_interval" >"$out/viewer.log" 2>&1 &
viewer=$!
pids+=($viewer)
sleep "$seconds"
kill -TERM "$viewer" 2>/dev/null || true  # the viewer closes its window as Esc does
status=0
wait "$viewer" || status=$?
if [ "$status" -ne 0 ]; then
  echo "soak: the viewer exited with $status (see $out/viewer.log):" >&2
  tail -n 20 "$out/viewer.log" >&2
  exit 1
fi
"$bin" bench --soak-report "$out/stats.jsonl" | tee "$out/report.txt"
