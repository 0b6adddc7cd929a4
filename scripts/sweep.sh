#!/usr/bin/env bash
# The maintainers' flake sweep: every reference suite and every mutant,
# under -race with GOMAXPROCS 1 and 2, several times, optionally while CPU
# hogs keep every core busy (a student's laptop runs a browser and an IDE
# beside the tests). A check that fails a correct server there, or lets a
# mutant through, teaches the wrong lesson; this finds it.
#
#     bash scripts/sweep.sh                 # 3 runs of everything, quiet machine
#     bash scripts/sweep.sh -load -runs 10  # 10 runs with every core busy
#     bash scripts/sweep.sh -short -load    # CI's form: the references once, loaded, GOMAXPROCS 1
#     bash scripts/sweep.sh -stage 04       # one stage
#
# Stages run one after another (go test would run two packages at once,
# which is load the sweep does not control), but for the short form. Each failing run's output is
# kept in a log folder, named at the end. Exit status 1 if any run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1

runs=3 load="" short="" only=""
while [ $# -gt 0 ]; do
	case "$1" in
	-runs) runs="$2"; shift ;;
	-load) load=yes ;;
	-short) short=yes runs=1 ;;
	-stage) only="$2"; shift ;;
	*) echo "usage: bash scripts/sweep.sh [-runs N] [-load] [-short] [-stage NN]" >&2; exit 2 ;;
	esac
	shift
done

logs=$(mktemp -d "${TMPDIR:-/tmp}/sweep.XXXXXX")
hogs=()
stop_hogs() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_hogs EXIT
if [ -n "$load" ]; then
	# One busy loop per core, at the tests' own priority: they compete for
	# every core as a student's other programs do.
	for _ in $(seq "$(nproc)"); do
		sh -c 'while :; do :; done' &
		hogs+=("$!")
	done
fi

# What to run in each stage: everything (the reference's suite, each
# mutant's whole suite, the reference's own unit tests), or, in the short
# form, all but the mutants: the reference's suite, whatever a new stage
# calls it, and its unit tests.
skip=""
[ -n "$short" ] && skip='^TestMutants$'
# The short form runs with one P only, the setting a busy machine hurts
# most; CI's quiet -race run covers two.
cpus=1,2
[ -n "$short" ] && cpus=1

# The short form is one go test over every stage, two packages at a time
# beside the busy loops: more load than the sweep's own, in half the time.
if [ -n "$short" ]; then
	dirs=()
	for dir in solutions/stage*/; do
		stage=$(basename "$dir")
		[ -z "$only" ] || [[ $stage == stage$only-* ]] || continue
		dirs+=("./$dir")
	done
	if go test -race -count=1 -cpu "$cpus" -timeout 20m -skip "$skip" "${dirs[@]}" </dev/null; then
		rmdir "$logs"
		echo
		echo "every run passed"
		exit 0
	fi
	rmdir "$logs"
	exit 1
fi

printf '%-22s %5s %7s %8s\n' stage runs failed seconds
failed=0
for dir in solutions/stage*/; do
	stage=$(basename "$dir")
	[ -z "$only" ] || [[ $stage == stage$only-* ]] || continue
	bad=0
	start=$SECONDS
	for i in $(seq "$runs"); do
		log="$logs/$stage.$i.log"
		args=(-race -count=1 -cpu "$cpus" -timeout 20m)
		[ -n "$skip" ] && args+=(-skip "$skip")
		if go test "${args[@]}" "./$dir" >"$log" 2>&1 </dev/null; then
			rm "$log"
		else
			bad=$((bad + 1))
		fi
	done
	printf '%-22s %5d %7d %8d\n' "$stage" "$runs" "$bad" $((SECONDS - start))
	failed=$((failed + bad))
done

if [ "$failed" -gt 0 ]; then
	echo
	echo "$failed failed runs; their output is in $logs. The first failure of each:"
	for log in "$logs"/*.log; do
		printf '\n%s:\n' "$(basename "$log" .log)"
		grep -m3 -E '^\s*(--- FAIL|✗|panic:|WARNING: DATA RACE)|Next step:' "$log" | sed 's/^/  /' || true
	done
	exit 1
fi
rmdir "$logs"
echo
echo "every run passed"
