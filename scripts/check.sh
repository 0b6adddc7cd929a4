#!/usr/bin/env bash
# The maintainers' gate: everything CI checks, in the order a failure is
# cheapest to find. Needs only Go. Run from anywhere:
#
#     bash scripts/check.sh
#
# Each step prints a heading; the first failing step stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1 # plain output in logs

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

# Every module in go.work, e.g. "kit", "stage01-echo".
mapfile -t modules < <(go work edit -json | sed -n 's/.*"DiskPath": "\.\/\(.*\)".*/\1/p')
# Every stage, in order.
mapfile -t stages < <(printf '%s\n' "${modules[@]}" | grep '^stage[0-9][0-9]-' | sort)

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"

step "go vet, every module"
go vet work

step "go vet for Windows and macOS: the suites must at least build there"
for os in windows darwin; do
	GOOS=$os go vet work || die "the workbook does not build for GOOS=$os"
done

step "staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(printf './%s/... ' "${modules[@]}")

step "each module builds, vets and is tidy on its own (GOWORK=off)"
for m in "${modules[@]}"; do
	(cd "$m" && GOWORK=off go mod tidy -diff >/dev/null) || die "$m: go mod tidy would change go.mod or go.sum (run: cd $m && GOWORK=off go mod tidy)"
	(cd "$m" && GOWORK=off go vet ./...) || die "$m does not build with GOWORK=off"
	echo "ok  $m"
done

step "the kit's own tests (saved failure messages), and the progress command's"
go test -count=1 ./kit/...
go test -short -count=1 ./workbook/...

step "every reference passes its suite with -race, and every mutant is caught"
go test -race -count=1 ./solutions/...

step "every README's \"What the tests check\" and every HINTS.md name exactly the suite's checks"
written=()
for s in "${stages[@]}"; do
	ls "$s"/*_test.go >/dev/null 2>&1 && written+=("$s")
done
go run ./kit/cmd/checkdocs "${written[@]}"

step "every starter fails its suite, and its first failure points at TODO(1)"
for s in "${stages[@]}"; do
	if ! ls "$s"/*_test.go >/dev/null 2>&1; then
		echo "skip $s: not written yet"
		continue
	fi
	# -failfast: only the first failure matters here, and each later one
	# would wait out its read deadline.
	out=$(go test -count=1 -failfast "./$s/..." 2>&1) && die "$s: the starter passes its suite; it should fail until the TODOs are done"
	first=$(grep -m1 -o 'Next step: open TODO([0-9]*)' <<<"$out" || true)
	[ "$first" = "Next step: open TODO(1)" ] || die "$s: the first failure should point at TODO(1), but it says: ${first:-nothing}"
	echo "ok  $s fails, first pointing at TODO(1)"
done

step "the suites against the reference commands as external programs (WORKBOOK_CMD)"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cmds=()
for d in solutions/stage*/cmd solutions/stage*/mutants/cmd; do
	[ -d "$d" ] && cmds+=("./$d/...")
done
go build -o "$bin/" "${cmds[@]}"

# external STAGE VAR=CMD...: the stage's suite passes against those commands.
external() {
	local stage=$1
	shift
	env "$@" go test -count=1 "./$stage/..." || die "$stage fails against its reference commands run as external programs"
}
# external_mutant STAGE CHECK VAR=CMD...: that check fails against them.
external_mutant() {
	local stage=$1 check=$2 out
	shift 2
	out=$(env "$@" go test -count=1 -run "^Test${check}\$" "./$stage/" 2>&1) && die "$stage: a mutant run as an external command passed $check: $*"
	grep -q -- "--- FAIL: Test$check " <<<"$out" || die "$stage: expected $check to fail against $*, got:
$out"
	echo "ok  $stage: $check fails against $*"
}

external stage01-echo WORKBOOK_CMD="$bin/echo"
external stage04-shutdown WORKBOOK_CMD="go run ./solutions/stage04-shutdown/cmd/shutdown" # as the README shows it
external_mutant stage01-echo Echo/binary WORKBOOK_CMD="$bin/echo-mutant -mutant whole-buffer"

external stage02-framing WORKBOOK_CMD="$bin/lines" WORKBOOK_CMD_COUNTER="$bin/counter" WORKBOOK_CMD_FILESERVER="$bin/fileserver"
external_mutant stage02-framing Framing/Lines/crlf WORKBOOK_CMD="$bin/framing-mutant -mutant keep-cr"

external stage03-chat WORKBOOK_CMD="$bin/chat"
external_mutant stage03-chat Chat/ChatA/no-echo WORKBOOK_CMD="$bin/chat-mutant -mutant echo"

external stage04-shutdown WORKBOOK_CMD="$bin/shutdown"
external_mutant stage04-shutdown Shutdown/process/sigterm WORKBOOK_CMD="$bin/ignoresigterm"

external stage05-limits WORKBOOK_CMD="$bin/limits"
external_mutant stage05-limits Limits/reject WORKBOOK_CMD="$bin/limits-mutant -mutant silent-reject"

external stage06-perf WORKBOOK_CMD="$bin/perf"
external_mutant stage06-perf Perf/backpressure WORKBOOK_CMD="$bin/perf-mutant -mutant unbounded-queue"

step "all checks passed"
