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

step "staticcheck"
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(printf './%s/... ' "${modules[@]}")

step "each module builds, vets and is tidy on its own (GOWORK=off)"
for m in "${modules[@]}"; do
	(cd "$m" && GOWORK=off go mod tidy -diff >/dev/null) || die "$m: go mod tidy would change go.mod or go.sum (run: cd $m && GOWORK=off go mod tidy)"
	(cd "$m" && GOWORK=off go vet ./...) || die "$m does not build with GOWORK=off"
	echo "ok  $m"
done

step "the kit's own tests (saved failure messages)"
go test -count=1 ./kit/...

step "every reference passes its suite with -race, and every mutant is caught"
go test -race -count=1 ./solutions/...

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
go build -o "$bin/" ./solutions/stage01-echo/cmd/echo ./solutions/stage01-echo/mutants/cmd/echo-mutant
WORKBOOK_CMD="$bin/echo" go test -count=1 ./stage01-echo/...
out=$(WORKBOOK_CMD="$bin/echo-mutant -mutant whole-buffer" go test -count=1 -run 'Echo/binary' ./stage01-echo/ 2>&1) && die "the whole-buffer mutant passed Echo/binary as an external command"
grep -q -- '--- FAIL: TestEcho/binary' <<<"$out" || die "the whole-buffer mutant should fail Echo/binary as an external command:
$out"
echo "ok  mutant whole-buffer fails Echo/binary as an external command too"

step "all checks passed"
