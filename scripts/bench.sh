#!/bin/sh
# `make bench`: seeds N cases (default 10000) through the real write
# path (POST /api/v1/cases), then measures in one run, on this machine:
#   - GET /api/v1/cases/{id} over random ids (bearer token)
#   - the case page /cases/{id} over random ids (session cookie)
#   - pgbench -S (select-only, prepared) on the same PostgreSQL cluster
# and prints requests/s, p50/p99 latency and the ratio app/pgbench.
# A benchmark, not a test: it never fails the build.
#   env: N (cases), DURATION (s per run), CONNS (wrk connections)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000}
DURATION=${DURATION:-10}
CONNS=${CONNS:-32}
PORT=${BENCH_PORT:-18990}
DIR=$(mktemp -d /tmp/casebook-bench.XXXXXX)
chmod 755 "$DIR"
PGBIN=/usr/lib/postgresql/15/bin

cleanup() {
	"$TOP/scripts/serve.sh" "$DIR" - --stop
	"$TOP/scripts/db.sh" stop "$DIR"
	rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

for t in wrk pgbench python3; do
	command -v $t >/dev/null || { echo "bench: $t missing"; exit 0; }
done

"$TOP/scripts/db.sh" init "$DIR" >/dev/null || exit 0
"$TOP/scripts/demo.sh" "$DIR" >/dev/null || exit 0
"$TOP/scripts/serve.sh" "$DIR" "$PORT" --bg || exit 0
BASE="http://127.0.0.1:$PORT"

echo "bench: seeding $N cases through POST /api/v1/cases ..."
python3 "$TOP/scripts/bench_seed.py" "$BASE" "$N" "$DIR" || exit 0
TOKEN=$(cat "$DIR/token")

cat > "$DIR/get.lua" <<LUA
local ids = {}
for line in io.lines("$DIR/ids") do ids[#ids + 1] = line end
local prefix = os.getenv("CB_PREFIX")
local hdr = {}
hdr[os.getenv("CB_HNAME")] = os.getenv("CB_HVAL")
math.randomseed(42)
request = function()
	return wrk.format("GET", prefix .. ids[math.random(#ids)], hdr)
end
LUA

run_wrk() {
	# name prefix header-name header-value
	CB_PREFIX=$2 CB_HNAME=$3 CB_HVAL=$4 wrk -t2 -c"$CONNS" \
	    -d"${DURATION}s" --latency -s "$DIR/get.lua" "$BASE" \
	    > "$DIR/$1.out" 2>&1
	rps=$(awk '/^Requests\/sec/ {print $2}' "$DIR/$1.out")
	p50=$(awk '$1 == "50%" {print $2}' "$DIR/$1.out")
	p99=$(awk '$1 == "99%" {print $2}' "$DIR/$1.out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$DIR/$1.out")
	printf '%-28s %10s req/s   p50 %-8s p99 %-8s non-2xx %s\n' \
	    "$1" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${non2xx:-0}"
	eval "RPS_$1=\${rps:-0}"
	printf '%-28s %10s audit entries not chained yet right after the run\n' \
	    "" "$(chain_lag)"
}

# Measure the steady state: the audit chainer first catches up with the
# entries the seeding wrote (it keeps up with the runs themselves).
chain_lag() {
	"$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT (SELECT count(*)
	    FROM cb.audit_log) - head_seq FROM cb.audit_chain_state"
}
i=0
while [ "$(chain_lag)" -gt 0 ] && [ $i -lt 120 ]; do
	sleep 0.5; i=$((i + 1))
done

echo "bench: $DURATION s per run, $CONNS connections, 2 wrk threads," \
    "$(nproc) cores shared by everything"
run_wrk api_case_get /api/v1/cases/ Authorization "Bearer $TOKEN"
run_wrk case_page /cases/ Cookie "cb_session=$TOKEN"

as_pg "$PGBIN/createdb" -h "$DIR/run" pgbench >/dev/null 2>&1
as_pg "$PGBIN/pgbench" -h "$DIR/run" -i -s 10 -q pgbench \
    >/dev/null 2>&1
as_pg "$PGBIN/pgbench" -h "$DIR/run" -S -M prepared -c "$CONNS" -j 2 \
    -T "$DURATION" pgbench > "$DIR/pgbench.out" 2>&1
tps=$(awk '/^tps/ {print $3; exit}' "$DIR/pgbench.out")
lat=$(awk '/^latency average/ {print $4 " " $5}' "$DIR/pgbench.out")
printf '%-28s %10s tps     latency avg %s\n' "pgbench -S (prepared)" \
    "${tps:-?}" "${lat:-?}"

awk -v a="$RPS_api_case_get" -v p="$RPS_case_page" -v t="${tps:-0}" \
    'BEGIN { if (t > 0) printf "ratio api/pgbench %.2f, page/pgbench %.2f (target >= 0.5)\n", a / t, p / t }'
exit 0
