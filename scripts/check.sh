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

# Each heading says how long the gate has run, so that a slow step shows.
step() { printf '\n==> %s  (at %d s)\n' "$*" "$SECONDS"; }
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

step "every package type-checks for Windows and macOS: the suites must at least build there"
# From source, in seconds: GOOS=windows go vet would first compile the
# standard library for each system, close to a minute apiece.
go run ./workbook/cmd/typecheck -goos windows,darwin $(printf './%s/... ' "${modules[@]}") ||
	die "the workbook does not build for every system (the lines above say which and where)"

step "staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(printf './%s/... ' "${modules[@]}")

step "each module builds, vets and is tidy on its own (GOWORK=off)"
for m in "${modules[@]}"; do
	(cd "$m" && GOWORK=off go mod tidy -diff >/dev/null) || die "$m: go mod tidy would change go.mod or go.sum (run: cd $m && GOWORK=off go mod tidy)"
	(cd "$m" && GOWORK=off go vet ./...) || die "$m does not build with GOWORK=off"
	echo "ok  $m"
done

step "the kit's own tests (saved failure messages) and the pitfall review's analyzers"
# One go test, so that the two modules' packages run side by side.
go test -count=1 ./kit/... ./review/...

step "every reference passes its suite with -race, and the race detector catches the mutants only it sees"
WORKBOOK_MUTANTS_ONLY=race go test -race -count=1 ./solutions/...

step "every other mutant is caught, its report pointing at its TODO"
# Without the race detector, which would only slow them: their checks
# catch them. scripts/sweep.sh runs them under -race too, and loaded.
go test -count=1 -run '^TestMutants$' ./solutions/...

step "the references under load: each suite once, with -race and GOMAXPROCS 1, while a busy loop runs on every core"
# A student's laptop runs a browser and an IDE beside the tests: a check
# must not fail a correct server there. The full sweep, every mutant ten
# times, is the maintainers' (README, "Maintainers").
bash scripts/sweep.sh -short -load

step "the progress command's tests: saved outputs, stage 01's starter, reference and mistakes, a racy stage 01 and stage 03"
# After the references' -race runs, whose race build they reuse.
go test -short -count=1 ./workbook/...

step "the stages agree with their manifests: TODOs, carried files, commands, README and HINTS.md name exactly the checks"
# The manifests are in workbook/internal/stages; stagecheck says which
# file drifted and how.
go run ./workbook/cmd/stagecheck

step "every starter fails its suite, and its first failure points at TODO(1)"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/" ./workbook/cmd/stagecheck
# The stages run side by side; each one's verdict is printed in order.
for s in "${stages[@]}"; do
	if ! ls "$s"/*_test.go >/dev/null 2>&1; then
		echo "skip $s: not written yet" >"$bin/starter.$s.log"
		continue
	fi
	# -failfast: only the first failure matters here, and each later one
	# would wait out its read deadline.
	(
		rc=0
		go test -json -count=1 -failfast "./$s/..." >"$bin/starter.$s.json" 2>&1 </dev/null || rc=$?
		echo "$rc" >"$bin/starter.$s.rc"
	) &
done
wait
for s in "${stages[@]}"; do
	if [ -e "$bin/starter.$s.log" ]; then
		cat "$bin/starter.$s.log"
		continue
	fi
	[ "$(cat "$bin/starter.$s.rc")" != 0 ] || die "$s: the starter passes its suite; it should fail until the TODOs are done"
	first=$("$bin/stagecheck" -first-todo <"$bin/starter.$s.json")
	[ "$first" = 1 ] || die "$s: the first failure should point at TODO(1), but it points at TODO($first)"
	echo "ok  $s fails, first pointing at TODO(1)"
done

step "the suites against the reference commands as external programs (WORKBOOK_CMD)"
cmds=()
for d in solutions/stage*/cmd solutions/stage*/mutants/cmd; do
	[ -d "$d" ] && cmds+=("./$d/...")
done
go build -o "$bin/" "${cmds[@]}"

# Each stage's commands, from its manifest: "stage02-framing WORKBOOK_CMD=… WORKBOOK_CMD_COUNTER=…".
go run ./workbook/cmd/stagecheck -external "$bin" >"$bin/external.txt"
# The runs go side by side (the suites mostly wait on the servers); each
# one's output is printed whole, in order, once all are done.
runs=0
external() { # stage VAR=command...
	local stage=$1
	shift
	runs=$((runs + 1))
	(env "$@" go test -count=1 "./$stage/..." </dev/null >"$bin/external.$runs.log" 2>&1 ||
		echo "$stage fails against its reference commands run as external programs: $*" >"$bin/external.$runs.failed") &
}
while read -r stage vars; do
	# shellcheck disable=SC2086 # VAR=CMD words, split on purpose
	external "$stage" $vars
done <"$bin/external.txt"
# Stage 04's README shows its command as go run; that form must work too.
external stage04-shutdown "WORKBOOK_CMD=go run ./solutions/stage04-shutdown/cmd/shutdown"
wait
for i in $(seq "$runs"); do
	cat "$bin/external.$i.log"
	[ ! -e "$bin/external.$i.failed" ] || die "$(cat "$bin/external.$i.failed")"
done

step "one mutant per stage, run as an external command, fails its check"
# Every mutant that has a command, in manifest order: stage, -run
# pattern, the line go test prints when that check fails, VAR=command.
# The first whose check fails is enough; a check that needs Go hooks is
# skipped under an external command, and then the next mutant is tried.
go run ./workbook/cmd/stagecheck -mutants "$bin" >"$bin/mutants.txt"
for s in "${stages[@]}"; do
	grep -q "^$s	" "$bin/mutants.txt" || { echo "skip $s: no mutant runs as an external command (see CONTRIBUTING.md)"; continue; }
	caught=""
	while IFS=$'\t' read -r stage pattern failed var; do
		[ "$stage" = "$s" ] || continue
		out=$(env "$var" go test -v -count=1 -run "$pattern" "./$stage/" 2>&1 </dev/null) && {
			grep -qF -- "${failed/FAIL/SKIP}" <<<"$out" && continue # the check needs Go hooks
			die "$stage: a mutant run as an external command passed ${failed#--- FAIL: }: $var"
		}
		grep -qF -- "$failed" <<<"$out" || die "$stage: expected ${failed#--- FAIL: }to fail against $var, got:
$out"
		echo "ok  $stage: ${failed#--- FAIL: }fails against $var"
		caught=yes
		break
	done <"$bin/mutants.txt"
	[ -n "$caught" ] || die "$s: no mutant run as an external command failed its check"
done

step "stage 07's suite against real Redis: the spec it holds students to is Redis's"
# CI installs Redis (Debian's 7.0) in the background while the steps above
# run; WORKBOOK_REDIS_INSTALLED names the file its exit status lands in.
# By hand, without Redis, the step says how to get it and is skipped.
if [ -n "${WORKBOOK_REDIS_INSTALLED:-}" ]; then
	while [ ! -s "$WORKBOOK_REDIS_INSTALLED" ]; do sleep 1; done
	[ "$(cat "$WORKBOOK_REDIS_INSTALLED")" = 0 ] || die "installing Redis failed (see the log beside $WORKBOOK_REDIS_INSTALLED)"
fi
if command -v redis-server >/dev/null; then
	redis-server --version
	WORKBOOK_ORACLE=redis WORKBOOK_CMD=scripts/redis-as-miniredis go test -count=1 ./stage07-miniredis/... ||
		die "a stage 07 check fails against real Redis: fix the check, or mark it an extension in its manifest with the reason"
else
	echo "skip: no redis-server here (apt-get install redis-server redis-tools); CI runs this step"
fi

step "all checks passed"
