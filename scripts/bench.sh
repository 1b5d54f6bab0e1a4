#!/bin/sh
# `make bench`: seeds N cases (default 10000) through the real write
# path (POST /api/v1/cases), then measures in one run, on this machine:
#   - GET /api/v1/cases/{id} over random ids (bearer token)
#   - the case page /cases/{id} over random ids (session cookie)
#   - pgbench -S (select-only, prepared) on the same PostgreSQL cluster
# and prints requests/s, p50/p99 latency and the ratio app/pgbench.
# Then statistics: STATS_N more cases (default 1000000) seeded through
# SQL (scripts/bench_stats.sql), and the time of GET /api/v1/stats for
# a few tables over all of them (target: a two-dimension table in
# under 2 s).
# A benchmark, not a test: it never fails the build.
#   env: N (cases), DURATION (s per run), CONNS (wrk connections),
#        STATS_N (cases for the statistics run, 0 to skip it)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000}
STATS_N=${STATS_N:-1000000}
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

[ "$STATS_N" -gt 0 ] 2>/dev/null || exit 0
echo "bench: seeding $STATS_N cases through SQL for statistics ..."
uid=$("$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT id FROM cb.users
    WHERE username = 'caseworker'")
s0=$(date +%s)
"$TOP/scripts/db.sh" super "$DIR" -q -v n="$STATS_N" -v user="$uid" \
    -f "$TOP/scripts/bench_stats.sql" >/dev/null || exit 0
s1=$(date +%s)
ncases=$("$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT count(*)
    FROM cb.cases")
echo "bench: seeded in $((s1 - s0)) s; $ncases cases in all"
AUD=$(python3 - "$BASE" "$DIR" <<'PY'
import http.client, json, sys, urllib.parse
base, state = sys.argv[1], sys.argv[2]
pw = [l.rstrip("\n").split("\t", 1)[1] for l in open(state + "/demo-passwords")
      if l.startswith("auditor\t")][0]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
c.request("POST", "/api/v1/session", json.dumps({"username": "auditor",
          "password": pw}), {"Content-Type": "application/json"})
print(json.loads(c.getresponse().read())["token"])
PY
)
# Each table asked for RUNS times: the first from a cold plan, the rest
# as an auditor clicking through would see them.
RUNS=3
for q in "dims=citizenship,gender" "dims=year,case_type" \
    "dims=citizenship,gender&case_type=CT&year=2020" \
    "dims=exploitation_type,gender" \
    "dims=citizenship,gender,age_band,office"; do
	times=""
	i=0
	while [ $i -lt $RUNS ]; do
		t=$(curl -s -o /dev/null -w '%{http_code}:%{time_total}' \
		    -H "Authorization: Bearer $AUD" "$BASE/api/v1/stats?$q")
		times="$times ${t#200:}"
		case "$t" in 200:*) ;; *) times="$times(status ${t%%:*})" ;; esac
		i=$((i + 1))
	done
	printf '%-46s %s s\n' "stats $q" "$times"
done | tee "$DIR/stats.out"
awk '$2 == "dims=citizenship,gender" { max = 0
	for (i = 3; i < NF; i++) if ($i + 0 > max) max = $i + 0
	printf "two-dimension table over %s cases: worst %.2f s (target < 2 s)\n", n, max }' \
    n="$ncases" "$DIR/stats.out"
exit 0
