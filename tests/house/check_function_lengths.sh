#!/usr/bin/env bash
# The function-length check checks itself: on the fixture, an 80-line function passes and
# an 81-line method fails, named with its length (braces in comments and strings do not
# count). Then the house rule itself: nothing in engine/ or apps/ over 80 lines.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
script="$root/scripts/function-lengths.py"
out=$(python3 "$script" --limit 80 "$root/tests/house/long_functions.cpp.txt" 2>&1)
rc=$?
fail() { echo "function-lengths.py: $1"; echo "$out"; exit 1; }
[ $rc -eq 1 ] || fail "expected exit 1 on the fixture, got $rc"
grep -q "^   81  .*long_functions.cpp.txt:89  eightyOne$" <<<"$out" || fail "the 81-line method is not reported"
grep -q "^   80  .*long_functions.cpp.txt:6  eighty$" <<<"$out" || fail "the 80-line function is not measured as 80"
sed -n '/over 80 lines/,$p' <<<"$out" | grep -q "  eighty$" && fail "the 80-line function was reported as too long"
python3 "$script" --limit 80
