#!/usr/bin/env bash
# Measures the stage 07 reference against real Redis, in one run, with
# the same tools and flags: redis-benchmark's SET and GET from 50 clients,
# without pipelining and with 16 commands per write, in rounds that
# alternate between the servers, then the memory each holds per idle
# connection at 10,000 connections. The reference runs twice: as Go starts
# it, and with GOMAXPROCS=1, one thread running Go code like Redis's one
# thread, which on a small machine shared with redis-benchmark is faster.
# Prints a Markdown table of the medians, for stage07-miniredis/README.md.
#
#   bash scripts/redis-compare.sh            # 3 rounds of 200,000 requests
#   ROUNDS=5 REQUESTS=500000 bash scripts/redis-compare.sh
#
# Needs redis-server and redis-benchmark (apt-get install redis-server
# redis-tools), and a descriptor limit above 20,000 for the idle run.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3} requests=${REQUESTS:-200000} idle=${IDLE_CONNS:-10000}
command -v redis-benchmark >/dev/null || { echo "redis-compare: needs redis-benchmark (apt-get install redis-tools)" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dir=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/miniredis" ./solutions/stage07-miniredis/cmd/miniredis
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ref_port=$(free_port)
"$dir/miniredis" -addr "127.0.0.1:$ref_port" 2>"$dir/ref.log" &
pids+=($!) ref_pid=$!
ref1_port=$(free_port)
GOMAXPROCS=1 "$dir/miniredis" -addr "127.0.0.1:$ref1_port" 2>"$dir/ref1.log" &
pids+=($!)
redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --maxclients 20000 --logfile "$dir/redis.log" &
pids+=($!) redis_pid=$!
for port in "$ref_port" "$ref1_port" "$redis_port"; do
	until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
done

# bench PORT [-P N]: the SET and GET rates, "set get".
bench() {
	local port=$1
	shift
	redis-benchmark -p "$port" -t set,get -c 50 -n "$requests" --csv "$@" |
		awk -F'"' '$2=="SET"{s=$4} $2=="GET"{g=$4} END{print s, g}'
}
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

for r in $(seq "$rounds"); do
	for server in ref ref1 redis; do
		case $server in
		ref) port=$ref_port ;;
		ref1) port=$ref1_port ;;
		redis) port=$redis_port ;;
		esac
		read -r s g < <(bench "$port")
		echo "$s" >>"$dir/$server.set1" && echo "$g" >>"$dir/$server.get1"
		read -r s g < <(bench "$port" -P 16)
		echo "$s" >>"$dir/$server.set16" && echo "$g" >>"$dir/$server.get16"
		echo "round $r $server: done" >&2
	done
done

# memory PID PORT: KiB the server's resident memory grows by per idle
# connection, each having sent one PING (so that it is fully set up).
memory() {
	python3 - "$1" "$2" "$idle" <<'PY'
import socket, sys, time
pid, port, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
before = rss()
conns = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"PING\r\n")
    conns.append(s)
for s in conns:
    assert s.recv(16) == b"+PONG\r\n"
time.sleep(1)
print(f"{(rss() - before) / n:.1f}")
PY
}
ref_mem=$(memory "$ref_pid" "$ref_port")
redis_mem=$(memory "$redis_pid" "$redis_port")

row() { # label file
	local ref ref1 red
	ref=$(median <"$dir/ref.$2") ref1=$(median <"$dir/ref1.$2") red=$(median <"$dir/redis.$2")
	awk -v l="$1" -v a="$ref" -v a1="$ref1" -v b="$red" \
		'BEGIN{printf "| %s | %.0f (%.2f×) | %.0f (%.2f×) | %.0f |\n", l, a, a / b, a1, a1 / b, b}'
}
echo
echo "$(nproc) cores; the median of $rounds alternating rounds of $requests requests from 50 clients; in brackets, the share of Redis's rate."
echo
echo "| | reference | reference, GOMAXPROCS=1 | Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') |"
echo "|---|---|---|---|"
row "SET (requests/s)" set1
row "GET (requests/s)" get1
row "SET, 16 per write (-P 16)" set16
row "GET, 16 per write (-P 16)" get16
printf '| memory per idle connection, %d connections | %s KiB | | %s KiB |\n' "$idle" "${ref_mem:-?}" "${redis_mem:-?}"
