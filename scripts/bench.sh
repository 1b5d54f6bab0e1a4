#!/bin/sh
# `make bench`: seeds N cases (default 10000) through the real write
# path (POST /api/v1/cases), then measures in one run, on this machine,
# with CONNS connections each:
#   - pgbench -S (select-only) and pgbench's TPC-B-like script, both
#     prepared, on the same PostgreSQL cluster
#   - GET /api/v1/cases/{id} and the case page /cases/{id} over random ids
#   - the list (GET /api/v1/cases?limit=50), the search by blind index
#     (POST /api/v1/cases/search with a seeded document number) and case
#     creation (POST /api/v1/cases, each body and Idempotency-Key new)
#   - pgbench running the list's own rows as one plain statement, with
#     and without its audit entry: the list's ceiling on this machine
# and prints requests/s, p50/p90/p99, the share of the CPU left idle
# and stolen by the hypervisor during each run, the ratios to pgbench,
# the core count and the workers' resident sizes. BENCH_LONG=1 adds 5 minutes of
# case pages with every worker's RSS each 30 s; BENCH_PROFILE=1 loads
# pg_stat_statements into this throwaway cluster and prints each run's
# statements (mean ms per call, nested ones too).
# Then STATS_N more cases (default 1000000) seeded through SQL
# (scripts/bench_stats.sql: real ciphertexts and wrapped keys, copied),
# the bytes per case, the case page and the search again at that size
# (the search also from one connection: its p95 without queueing), the
# list's first page, a page from a cursor half-way down and a
# supervisor's list of their office, and
# the time of GET /api/v1/stats for a few tables over all of them
# (target: a two-dimension table in under 2 s).
# A benchmark, not a test: it never fails the build.
#   env: N (cases), DURATION (s per run), CONNS (wrk connections),
#        STATS_N (cases for the large runs, 0 to skip them),
#        BENCH_LONG, BENCH_PROFILE (1 to add them)
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
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
	# pg_stat_statements in this throwaway cluster only: each run's
	# statements, mean ms per call (nested ones too), after the run.
	cat >> "$DIR/pg/postgresql.conf" <<CONF
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
CONF
	"$TOP/scripts/db.sh" stop "$DIR" >/dev/null
	"$TOP/scripts/db.sh" start "$DIR" >/dev/null || exit 0
	"$TOP/scripts/db.sh" super "$DIR" -q -c \
	    "CREATE EXTENSION pg_stat_statements" >/dev/null || exit 0
fi
"$TOP/scripts/demo.sh" "$DIR" >/dev/null || exit 0
"$TOP/scripts/serve.sh" "$DIR" "$PORT" --bg || exit 0
BASE="http://127.0.0.1:$PORT"

echo "bench: seeding $N cases through POST /api/v1/cases ..."
python3 "$TOP/scripts/bench_seed.py" "$BASE" "$N" "$DIR" || exit 0
TOKEN=$(cat "$DIR/token")
# What autovacuum would have done by now on a live database: plans for
# tables of their real size, not of the empty ones of a minute ago.
"$TOP/scripts/db.sh" super "$DIR" -q -c "ANALYZE" >/dev/null

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
# The first 50 of the caller's cases (every seeded case is theirs), or
# the 50 after the cursor CB_CURSOR.
cat > "$DIR/list.lua" <<LUA
local hdr = { Authorization = "Bearer " .. os.getenv("CB_TOKEN") }
local path = "/api/v1/cases?limit=50"
if (os.getenv("CB_CURSOR") or "") ~= "" then
	path = path .. "&cursor=" .. os.getenv("CB_CURSOR")
end
request = function()
	return wrk.format("GET", path, hdr)
end
LUA
# A search by document number (blind index) for a seeded person.
cat > "$DIR/search.lua" <<LUA
local docs = {}
for line in io.lines("$DIR/docs") do docs[#docs + 1] = line end
local hdr = { Authorization = "Bearer " .. os.getenv("CB_TOKEN"),
    ["Content-Type"] = "application/json" }
math.randomseed(7)
request = function()
	return wrk.format("POST", "/api/v1/cases/search", hdr,
	    '{"document_number": "' .. docs[math.random(#docs)] .. '"}')
end
done = function(summary, latency, requests)
	io.write(string.format("p95 %.2fms\n", latency:percentile(95) / 1000))
end
LUA
# Case creation: every request a distinct body and Idempotency-Key.
cat > "$DIR/create.lua" <<LUA
local n = 0
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
local hdr = { Authorization = "Bearer " .. os.getenv("CB_TOKEN"),
    ["Content-Type"] = "application/json" }
request = function()
	n = n + 1
	local id = os.getenv("CB_RUN") .. "-" .. tid .. "-" .. n
	hdr["Idempotency-Key"] = "bench-" .. id
	return wrk.format("POST", "/api/v1/cases", hdr, string.format(
	    '{"case_type": "AVRR", "consent_data_processing": true, ' ..
	    '"person": {"given_name": "Bench", "family_name": "Create", ' ..
	    '"date_of_birth": "1980-02-03", "gender": "Feminine", ' ..
	    '"citizenship": "AF", "document_number": "C%s", ' ..
	    '"languages": ["prs"]}, "location": "Reception centre %d"}',
	    id, n % 9 + 1))
end
LUA

# The statements of the last run, by total time (BENCH_PROFILE=1).
profile() {
	[ "${BENCH_PROFILE:-0}" = 1 ] || return 0
	"$TOP/scripts/db.sh" super "$DIR" -q -A -F ' ' -P footer=off -c \
	    "SELECT calls, round(mean_exec_time::numeric, 3) AS mean_ms,
	    round(total_exec_time::numeric) AS total_ms,
	    left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query
	    FROM pg_stat_statements ORDER BY total_exec_time DESC
	    LIMIT 8" | sed 's/^/    /'
	"$TOP/scripts/db.sh" super "$DIR" -q -c \
	    "SELECT pg_stat_statements_reset()" >/dev/null
}

# Every run starts from a checkpoint, so that none pays for the pages
# another left dirty (pgbench's initialisation alone writes some 150 MB).
# Without it the API read of one tree ranged 4,700-7,700/s over four
# runs, the run after pgbench the most.
settle() {
	"$TOP/scripts/db.sh" super "$DIR" -q -c "CHECKPOINT" >/dev/null
}

# The machine's CPU counters (/proc/stat: total, idle, steal), to say
# how a run used the cores: idle time means the requests waited on
# something else than the CPU (a commit's flush, a round trip); steal
# is time the hypervisor gave to other guests, which makes runs of the
# same tree differ.
cpu_ticks() {
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i
	    print t, $5 + $6, $9 }' /proc/stat
}
# What the CPU did since cpu_ticks printed $1.
cpu_since() {
	echo "$1 $(cpu_ticks)" | awk '{ t = $4 - $1; if (t > 0)
	    printf "  cpu idle %d%% steal %d%%", 100 * ($5 - $2) / t,
	    100 * ($6 - $3) / t }'
}

# name script [seconds [connections]]: one wrk run, its rate and
# latencies.
run_wrk() {
	profile >/dev/null
	settle
	c=${4:-$CONNS}
	t0=$(cpu_ticks)
	CB_TOKEN=${CB_AS:-$TOKEN} CB_RUN=$(date +%s) \
	    wrk -t$((c < 2 ? 1 : 2)) -c"$c" \
	    -d"${3:-$DURATION}s" --latency -s "$DIR/$2" "$BASE" \
	    > "$DIR/$1.out" 2>&1
	cpu=$(cpu_since "$t0")
	rps=$(awk '/^Requests\/sec/ {print $2}' "$DIR/$1.out")
	p50=$(awk '$1 == "50%" {print $2}' "$DIR/$1.out")
	p90=$(awk '$1 == "90%" {print $2}' "$DIR/$1.out")
	p99=$(awk '$1 == "99%" {print $2}' "$DIR/$1.out")
	p95=$(awk '$1 == "p95" {print " p95 " $2}' "$DIR/$1.out")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$DIR/$1.out")
	printf '%-22s %9s req/s  p50 %-8s p90 %-8s p99 %-8s non-2xx %s%s%s\n' \
	    "$1" "${rps:-?}" "${p50:-?}" "${p90:-?}" "${p99:-?}" \
	    "${non2xx:-0}" "$p95" "$cpu"
	eval "RPS_$1=\${rps:-0}"
	profile
}

# Measure the steady state: the audit chainer first catches up with the
# entries the seeding wrote (it keeps up with the runs themselves).
chain_lag() {
	"$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT (SELECT count(*)
	    FROM cb.audit_log) - head_seq FROM cb.audit_chain_state"
}
chain_wait() {
	i=0
	while [ "$(chain_lag)" -gt 0 ] && [ $i -lt 240 ]; do
		sleep 0.5; i=$((i + 1))
	done
}
# login USER: a session token of the demo user USER.
login() {
	python3 - "$BASE" "$DIR" "$1" <<'PY'
import http.client, json, sys, urllib.parse
base, state, user = sys.argv[1], sys.argv[2], sys.argv[3]
pw = [l.rstrip("\n").split("\t", 1)[1] for l in open(state + "/demo-passwords")
      if l.startswith(user + "\t")][0]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
c.request("POST", "/api/v1/session", json.dumps({"username": user,
          "password": pw}), {"Content-Type": "application/json"})
print(json.loads(c.getresponse().read())["token"])
PY
}
# The resident size (KiB) of each Kore worker, one line.
rss() {
	kp=$(cat "$DIR/kore.kore-pid" 2>/dev/null) || { echo "?"; return; }
	ps --ppid "$kp" -o rss=,args= | awk '/wrk/ {printf "%s ", $1}'
}
chain_wait

as_pg "$PGBIN/createdb" -h "$DIR/run" pgbench >/dev/null 2>&1
as_pg "$PGBIN/pgbench" -h "$DIR/run" -i -s 10 -q pgbench \
    >/dev/null 2>&1
# args label [database]: pgbench with CONNS clients on the same cluster
# (pgbench's own tables, or the application's).
run_pgbench() {
	settle
	out="$DIR/pgbench$(echo "$1" | tr -c 'A-Za-z0-9\n' _).out"
	t0=$(cpu_ticks)
	as_pg "$PGBIN/pgbench" -h "$DIR/run" $1 -M prepared -c "$CONNS" \
	    -j 2 -T "$DURATION" "${3:-pgbench}" > "$out" 2>&1
	cpu=$(cpu_since "$t0")
	tps=$(awk '/^tps/ {print $3; exit}' "$out")
	lat=$(awk '/^latency average/ {print $4 " " $5}' "$out")
	printf '%-22s %9s tps    latency avg %s%s\n' "$2" "${tps:-?}" \
	    "${lat:-?}" "$cpu"
}

# What PostgreSQL alone does with the list's rows: the caller's 50
# newest cases with each person's sealed names and wrapped key, as one
# prepared statement from pgbench (no session, function, audit entry,
# decryption or HTTP); then the same with the list's audit entry
# (durable, one per list, as the list commits alone): what the list
# could reach at most with both cores to PostgreSQL alone, to hold
# against its target (0.1 of pgbench -S).
CW=$("$TOP/scripts/db.sh" super "$DIR" -q -t -A -c \
    "SELECT id FROM cb.users WHERE username = 'caseworker'")
LIST_SQL="SELECT c.id, c.case_type, c.state, c.stage, c.htcds_status,
    c.version, c.office, c.assigned_to, c.created_by, c.created_at,
    c.updated_at, c.person_id FROM cb.cases c
    WHERE c.assigned_to = '$CW'
    ORDER BY c.created_at DESC, c.id DESC LIMIT 50"
ROWS_SQL="SELECT s.*, k.key_version, k.wrapped, p.given_name, p.family_name
    FROM s JOIN cb.persons p ON p.id = s.person_id
    JOIN cb.data_keys k ON k.id = p.key_id;"
echo "WITH s AS ($LIST_SQL) $ROWS_SQL" > "$DIR/list_rows.sql"
echo "WITH s AS MATERIALIZED ($LIST_SQL), l AS (INSERT INTO cb.audit_log
    (actor, actor_role, action, records, fields, request_id, outcome)
    SELECT '$CW', 'caseworker', 'case.list', (SELECT array_agg(id) FROM s),
    'person.given_name,person.family_name',
    '0123456789abcdef0123456789abcdef', 'ok') $ROWS_SQL" \
    > "$DIR/list_audit.sql"
chmod 644 "$DIR/list_rows.sql" "$DIR/list_audit.sql"

echo "bench: $(nproc) cores (nproc) shared by wrk, Kore and PostgreSQL;" \
    "$DURATION s per run, $CONNS connections, 2 wrk threads"
echo "bench: worker RSS KiB at start: $(rss)"
run_pgbench -S "pgbench -S (prepared)"
TPS_S=${tps:-0}
run_pgbench "" "pgbench TPC-B-like"
TPS_B=${tps:-0}
CB_PREFIX=/api/v1/cases/ CB_HNAME=Authorization CB_HVAL="Bearer $TOKEN" \
    run_wrk api_case_get get.lua
CB_PREFIX=/cases/ CB_HNAME=Cookie CB_HVAL="cb_session=$TOKEN" \
    run_wrk case_page get.lua
run_wrk list_50 list.lua
run_wrk search search.lua
run_wrk create create.lua
echo "bench: $(chain_lag) audit entries not chained yet right after the runs"
echo "bench: worker RSS KiB after the runs: $(rss)"
# After the runs: the second writes an audit entry per list, which the
# chainer then has to catch up with.
run_pgbench "-n -f $DIR/list_rows.sql" "list rows, SQL alone" casebook
TPS_LR=${tps:-0}
run_pgbench "-n -f $DIR/list_audit.sql" "list rows + audit, SQL" casebook
TPS_LA=${tps:-0}
awk -v a="$RPS_api_case_get" -v p="$RPS_case_page" -v l="$RPS_list_50" \
    -v s="$RPS_search" -v c="$RPS_create" -v t="$TPS_S" -v b="$TPS_B" \
    -v lr="$TPS_LR" -v la="$TPS_LA" \
    'BEGIN { if (t > 0 && b > 0) {
	printf "ratio api/pgbench-S %.3f, page/pgbench-S %.3f (target >= 0.15, goal 0.5)\n", a / t, p / t
	printf "ratio list/pgbench-S %.3f, search/pgbench-S %.3f (target >= 0.1)\n", l / t, s / t
	printf "ratio of the list SQL alone/pgbench-S %.3f, with its audit entry %.3f (the ceiling of the list here)\n", lr / t, la / t
	printf "ratio create/TPC-B %.3f (target >= 0.5)\n", c / b } }'

if [ "${BENCH_LONG:-0}" = 1 ]; then
	# Five minutes of case pages; every worker's RSS every 30 s.
	chain_wait
	echo "bench: BENCH_LONG: 300 s of case pages, RSS KiB every 30 s"
	CB_PREFIX=/cases/ CB_HNAME=Cookie CB_HVAL="cb_session=$TOKEN" \
	    run_wrk case_page_300s get.lua 300 > "$DIR/long.line" &
	wp=$!
	t=0
	echo "  t=0s $(rss)" | tee "$DIR/rss.log"
	while [ $t -lt 300 ]; do
		sleep 30; t=$((t + 30))
		echo "  t=${t}s $(rss)" | tee -a "$DIR/rss.log"
	done
	wait $wp
	cat "$DIR/long.line"
	awk '{ for (i = 2; i <= NF; i++) { if (NR == 2) f[i] = $i;
	    l[i] = $i } } END { for (i in f) printf "  worker %d: %d KiB after 30 s, %d KiB at the end (%+.1f %%)\n",
	    i - 1, f[i], l[i], 100 * (l[i] - f[i]) / f[i] }' "$DIR/rss.log"
fi

[ "$STATS_N" -gt 0 ] 2>/dev/null || exit 0
echo "bench: seeding $STATS_N cases through SQL ..."
uid=$("$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT id FROM cb.users
    WHERE username = 'caseworker'")
s0=$(date +%s)
"$TOP/scripts/db.sh" super "$DIR" -q -v n="$STATS_N" -v user="$uid" \
    -v template="$(head -n 1 "$DIR/ids")" \
    -f "$TOP/scripts/bench_stats.sql" >/dev/null || exit 0
s1=$(date +%s)
ncases=$("$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT count(*)
    FROM cb.cases")
echo "bench: seeded in $((s1 - s0)) s; $ncases cases in all"
"$TOP/scripts/db.sh" super "$DIR" -q -t -A -F ' ' -c "SELECT
    'bench: bytes per case: database', pg_database_size(current_database())
    / count(*), 'cases+persons+data_keys+stats (tables and indexes)',
    (pg_total_relation_size('cb.cases') + pg_total_relation_size('cb.persons')
    + pg_total_relation_size('cb.data_keys')
    + pg_total_relation_size('cb.stats_cases')) / count(*)
    FROM cb.cases"
chain_wait
echo "bench: at $ncases cases"
RPS10K_page=$RPS_case_page
CB_PREFIX=/cases/ CB_HNAME=Cookie CB_HVAL="cb_session=$TOKEN" \
    run_wrk case_page_large get.lua
run_wrk search_large search.lua
run_wrk search_large_1c search.lua "$DURATION" 1
# The list's first page, and a page from a cursor halfway through the
# caller's cases (the cursor as the API hands it out: hex of
# "created_at|id"): keyset paging costs the same at any depth.
run_wrk list_50_large list.lua
cursor=$("$TOP/scripts/db.sh" super "$DIR" -q -t -A -c "SELECT
    encode(convert_to(created_at::text || '|' || id, 'UTF8'), 'hex')
    FROM cb.cases WHERE assigned_to = '$uid'
    ORDER BY created_at DESC, id DESC OFFSET $((ncases / 2)) LIMIT 1")
CB_CURSOR=$cursor run_wrk list_50_deep_large list.lua
# And a supervisor's list of their office (a quarter of the cases).
CB_AS=$(login supervisor) run_wrk list_50_office_large list.lua
awk -v a="$RPS_case_page_large" -v b="$RPS10K_page" 'BEGIN { if (b > 0)
    printf "case page at %s cases / at %s: %.2f (target >= 0.8)\n",
    "'"$ncases"'", "'"$N"'", a / b }'
awk -v a="$RPS_list_50_deep_large" -v b="$RPS_list_50_large" 'BEGIN {
    if (b > 0) printf "list from %d cases deep / its first page: %.2f\n",
    '"$((ncases / 2))"', a / b }'
AUD=$(login auditor)
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
