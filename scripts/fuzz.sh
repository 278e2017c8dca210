#!/usr/bin/env bash
# Builds the `fuzz` preset (clang 16, libFuzzer, ASan + UBSan; fuzz/README.md) and runs
# each harness for a fixed number of executions from its seed corpus (fuzz/corpus/NAME)
# and the inputs earlier runs found (tests/fuzz-regressions/NAME). Prints, per harness,
# the executions, libFuzzer's final coverage (cov: edges, ft: features) and the findings
# (crash-, leak-, timeout- and oom- files, in build/fuzz/findings/NAME/, emptied
# at each run).
# Exits 1 when anything was found.
#
#   scripts/fuzz.sh [RUNS]            RUNS per harness, default 20000
#   FUZZ_ONLY="geojson cityjson" scripts/fuzz.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20000}
HARNESSES=${FUZZ_ONLY:-"scene_file geojson cityjson entities_csv model_cache feed_payload"}

if ! command -v clang++-16 >/dev/null || ! ls /usr/lib/llvm-16/lib/clang/16/lib/linux/libclang_rt.fuzzer-x86_64.a \
  >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "fuzz: installing clang-16 and libclang-rt-16-dev (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-16 libclang-rt-16-dev >/dev/null
  else
    echo "fuzz: needs clang-16 and libclang-rt-16-dev: sudo apt-get install clang-16 libclang-rt-16-dev" >&2
    exit 2
  fi
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake --preset fuzz "${launcher[@]}" >/dev/null
start=$(date +%s)
cmake --build --preset fuzz
echo "fuzz: build took $(($(date +%s) - start)) s"

out=build/fuzz/runs
mkdir -p "$out"
found=0
printf '\n%-14s %10s %8s %8s %s\n' harness executions cov ft findings
for name in $HARNESSES; do
  work="$out/corpus-$name"  # grows with what the run finds; the checked-in seeds stay as they are
  findings="build/fuzz/findings/$name"
  rm -rf "$findings"
  mkdir -p "$work" "$findings"
  seeds=("fuzz/corpus/$name")
  [ -d "tests/fuzz-regressions/$name" ] && seeds+=("tests/fuzz-regressions/$name")
  log="$out/$name.log"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: 2 GiB is a leak or a bomb.
  "build/fuzz/fuzz/fuzz_$name" -runs="$RUNS" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" "$work" "${seeds[@]}" >"$log" 2>&1 || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  n=$(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  printf '%-14s %10s %8s %8s %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$n"
  if [ "$n" -gt 0 ]; then
    found=1
    grep -m3 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|terminate called' "$log" | sed 's/^/    /'
    echo "    inputs in $findings/, log $log"
  fi
done
exit $found
