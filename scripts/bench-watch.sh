#!/usr/bin/env bash
# How long the progress command makes a student wait, measured (issue 27):
#   - from a save to the first verdict of stage 03 in -watch, failing and
#     passing, and to the race run's verdict after it;
#   - go run ./workbook over the untouched starters.
# It works in a scratch copy of HEAD, with a warm build cache (each is run
# once before it is timed). Run it on an idle machine:
#
#     bash scripts/bench-watch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
git archive HEAD | tar -x -C "$work"
cd "$work"
export NO_COLOR=1

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
# count TEXT FILE: how many times TEXT is in FILE.
count() { grep -o -- "$1" "$2" 2>/dev/null | wc -l; }
# waitmore TEXT FILE N: wait until TEXT is in FILE more than N times.
waitmore() { while [ "$(count "$1" "$2")" -le "$3" ]; do sleep 0.02; done; }

echo "warming the build cache…"
go run ./workbook >/dev/null 2>&1 || true
go test -race -count=1 ./stage03-chat/... >/dev/null 2>&1 || true

t=$(now); go run ./workbook >/dev/null 2>&1 || true
echo "go run ./workbook, untouched starters:      $(since "$t")"

go build -o "$work/wb" ./workbook
out="$work/watch.out"
"$work/wb" -watch -stage 3 >"$out" 2>&1 &
pid=$!
waitmore "Watching stage03-chat/" "$out" 0

n=$(count "First failing check" "$out")
t=$(now); echo "// a save" >>stage03-chat/chat.go
waitmore "First failing check" "$out" "$n"
echo "-watch, save to verdict, failing stage 03:  $(since "$t")"

# The reference over the starter: the stage passes.
w=$(count "Watching stage03-chat/" "$out")
cp solutions/stage03-chat/chat.go solutions/stage03-chat/outbox.go stage03-chat/
rm -f stage03-chat/lines.go.bak
cp solutions/stage03-chat/lines.go stage03-chat/lines.go
waitmore "Watching stage03-chat/" "$out" "$w" # the run of that copy, whatever it said
n=$(count "confirming under go test -race" "$out")
w=$(count "Watching stage03-chat/" "$out")
t=$(now); echo "// a save" >>stage03-chat/chat.go
waitmore "confirming under go test -race" "$out" "$n"
echo "-watch, save to verdict, passing stage 03:  $(since "$t")"
waitmore "Watching stage03-chat/" "$out" "$w"
echo "-watch, save to the race run's verdict:     $(since "$t")"
