#!/usr/bin/env bash
# casebook end-to-end run: a throwaway PostgreSQL cluster and server,
# the lint of the OpenAPI document, the API and page suites (Python 3;
# test_openapi.py also needs python3-jsonschema), the browser test
# (playwright-core + Debian's chromium), then checks that no secret the
# suites sent reached the server log, the PostgreSQL log or a pg_dump.
#
# usage: tests/e2e/run.sh
#   SAN=1             passed through (the server under test is whatever
#                     `make` built; sanitizer reports in its log fail)
#   CB_SKIP_BROWSER=1 skip the browser test
#   CB_KEEP=1         keep the state directory (printed at the end)
#   CB_SUITES="test_a test_b"  only these suites (while working on them)
#   CB_TEST_OUT=DIR   screenshots (default <top>/obj/test-output)
# Prints "ok - ..." / "not ok - ..." lines and ends with the plain line
# "N passed, M failed"; exits non-zero on any failure.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
export SAN=${SAN:-}
OUT=${CB_TEST_OUT:-$TOP/obj/test-output}
PGBIN=/usr/lib/postgresql/15/bin
PASSED=0
FAILED=0
DIR=

ok() { PASSED=$((PASSED + 1)); echo "ok - e2e: $*"; }
notok() { FAILED=$((FAILED + 1)); echo "not ok - e2e: $*"; }

cleanup() {
	rc=$?
	if [ -n "$DIR" ] && [ -d "$DIR" ]; then
		"$TOP/scripts/serve.sh" "$DIR" - --stop >/dev/null 2>&1 || true
		CASEBOOK_INSTANCE=secure "$TOP/scripts/serve.sh" "$DIR" - \
		    --stop >/dev/null 2>&1 || true
		"$TOP/scripts/tls.sh" stop "$DIR" >/dev/null 2>&1 || true
		"$TOP/scripts/db.sh" stop "$DIR" >/dev/null 2>&1 || true
		if [ "${CB_KEEP:-}" = "1" ]; then
			echo "# state directory kept: $DIR"
		else
			rm -rf "$DIR"
		fi
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

summary() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
	exit $?
}

# Counts the ok / not ok lines of a suite's output file; a suite that
# failed without saying which check failed counts as one failure.
tally() {
	name=$1 file=$2 status=$3
	p=$(grep -c '^ok - ' "$file" 2>/dev/null) || p=0
	f=$(grep -c '^not ok - ' "$file" 2>/dev/null) || f=0
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		notok "$name exited with status $status without a failed check"
	elif [ "$status" -eq 0 ] && [ "$p" -eq 0 ]; then
		notok "$name ran no check"
	fi
}

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ------------------------------------------------------------ set-up
cd "$TOP"
for f in casebook.so casebook-admin; do
	if [ ! -e "$TOP/$f" ]; then
		notok "$f is built (run make first)"
		summary
	fi
done

DIR=$(mktemp -d "${CB_TEST_TMP:-/tmp}/casebook-e2e.XXXXXX")
chmod 755 "$DIR"
mkdir -p "$OUT"

# As behind the TLS proxy: X-Forwarded-For is believed from 127.0.0.1
# only; the per-address limit is low enough for test_attacks to reach.
export CASEBOOK_TRUSTED_PROXY=127.0.0.1
export CASEBOOK_LOGIN_ADDR_LIMIT=60
export CB_LOGIN_ADDR_LIMIT=60
if "$TOP/scripts/db.sh" init "$DIR" > "$DIR/setup.log" 2>&1; then
	ok "database cluster initialised and migrated"
else
	notok "database cluster initialised and migrated"
	sed 's/^/#   /' "$DIR/setup.log" | tail -20
	summary
fi
if "$TOP/scripts/demo.sh" "$DIR" >> "$DIR/setup.log" 2>&1; then
	ok "demo users created"
else
	notok "demo users created"
	sed 's/^/#   /' "$DIR/setup.log" | tail -20
	summary
fi
# Random passwords, one line per demo user, readable by the owner only;
# a second run creates nothing and shows no password.
PWF="$DIR/demo-passwords"
TAB=$(printf '\t')
if [ "$(stat -c %a "$PWF" 2>/dev/null)" = 600 ] && [ "$(grep -Ec \
    "^[a-z0-9]+$TAB[a-z2-7]{5}(-[a-z2-7]{5}){3}\$" "$PWF")" = 7 ]; then
	ok "demo-passwords: 7 random passwords, mode 0600"
else
	notok "demo-passwords: 7 random passwords, mode 0600"
fi
sum1=$(md5sum < "$PWF")
again=$("$TOP/scripts/demo.sh" "$DIR" 2>&1)
if [ "$again" = "demo: demo users exist; passwords in $PWF" ] &&
    [ "$(md5sum < "$PWF")" = "$sum1" ]; then
	ok "demo.sh again creates nothing and names only the file"
else
	notok "demo.sh again creates nothing and names only the file"
fi

PORT=$((18000 + $$ % 1000))
i=0
while port_in_use "$PORT"; do
	i=$((i + 1))
	if [ $i -ge 200 ]; then
		notok "found a free port"
		summary
	fi
	PORT=$((18000 + ($$ + i * 7) % 1000))
done

if "$TOP/scripts/serve.sh" "$DIR" "$PORT" --bg > "$DIR/serve.log" 2>&1; then
	ok "server started on port $PORT"
else
	notok "server started on port $PORT"
	sed 's/^/#   /' "$DIR/serve.log" | tail -20
	summary
fi

# A second server on the same database, as behind TLS, for the cookie
# suite; it writes no audit checkpoints (one signer per file).
SPORT=$((PORT + 1))
while port_in_use "$SPORT"; do SPORT=$((SPORT + 1)); done
grep -v '^audit_checkpoints' "$DIR/casebook.cfg" > "$DIR/secure.cfg"
chmod 600 "$DIR/secure.cfg"
if CASEBOOK_INSTANCE=secure CASEBOOK_CONF="$DIR/secure.cfg" \
    CASEBOOK_SECURE_COOKIES=1 "$TOP/scripts/serve.sh" "$DIR" "$SPORT" \
    --bg > "$DIR/serve-secure.log" 2>&1; then
	ok "second server (secure cookies) started on port $SPORT"
else
	notok "second server (secure cookies) started on port $SPORT"
	sed 's/^/#   /' "$DIR/serve-secure.log" | tail -20
fi
export CB_SECURE_URL="http://127.0.0.1:$SPORT"

# nginx in front of the second server, as `make run TLS=1` runs it
# (a self-signed certificate under $DIR/tls), for test_tls.py.
TPORT=$((SPORT + 1))
while port_in_use "$TPORT"; do TPORT=$((TPORT + 1)); done
if CASEBOOK_TLS_CONF=/dev/null "$TOP/scripts/tls.sh" start "$DIR" \
    "$TPORT" "$SPORT" > "$DIR/tls.log" 2>&1; then
	ok "nginx (TLS) in front of the second server on port $TPORT"
else
	notok "nginx (TLS) in front of the second server on port $TPORT"
	sed 's/^/#   /' "$DIR/tls.log" | tail -20
fi
export CB_TLS_URL="https://127.0.0.1:$TPORT"

export CB_BASE_URL="http://127.0.0.1:$PORT"
export CB_STATE_DIR="$DIR"
export CB_TOP="$TOP"
export CB_TEST_OUT="$OUT"
: > "$DIR/secrets.txt"
chmod 644 "$DIR/secrets.txt"

# ------------------------------------------------------------ suites
# The OpenAPI document's lint (Redocly CLI from npm, pinned in
# tests/openapi; the rules are tests/openapi/redocly.yaml). The walk
# against the server is test_openapi.py below.
npm_ci() {
	# npm ci (npm install without a lock) in folder $1 unless it has
	# node_modules/$2 installed from the lock (or package.json) it has
	# now: a checkout that moved on gets what its lock names, not what
	# an older one left; ok / not ok when it ran.
	if [ -f "$1/package-lock.json" ]; then
		npmcmd="ci" lock="$1/package-lock.json"
	else
		npmcmd="install" lock="$1/package.json"
	fi
	stamp="$1/node_modules/.casebook-installed-from"
	if [ -e "$1/node_modules/$2" ] && cmp -s "$lock" "$stamp"; then
		return 0
	fi
	if (cd "$1" && npm "$npmcmd" --no-audit --no-fund \
	    > "$DIR/npm-$(basename "$1").log" 2>&1) &&
	    cp "$lock" "$stamp"; then
		ok "npm $npmcmd in tests/$(basename "$1")"
	else
		notok "npm $npmcmd in tests/$(basename "$1")"
		sed 's/^/#   /' "$DIR/npm-$(basename "$1").log" | tail -20
		return 1
	fi
}
ODIR="$TOP/tests/openapi"
if npm_ci "$ODIR" @redocly/cli; then
	# Paths as in $ODIR/.redocly.lint-ignore.yaml: from that folder.
	if (cd "$ODIR" && REDOCLY_TELEMETRY=off \
	    REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	    node_modules/.bin/redocly lint --config redocly.yaml \
	    ../../assets/openapi.json > "$DIR/openapi-lint.log" 2>&1); then
		ok "redocly lint of assets/openapi.json (tests/openapi/redocly.yaml)"
	else
		notok "redocly lint of assets/openapi.json (tests/openapi/redocly.yaml)"
		grep -v -F -e '║' -e '╔' -e '╚' "$DIR/openapi-lint.log" |
		    grep -v '^ *$' | head -60 | sed 's/^/#   /'
	fi
fi

make -C "$TOP" --no-print-directory obj/tests/pwhash >/dev/null 2>&1 ||
    notok "build the test tool obj/tests/pwhash"
# Every tests/e2e/test_*.py, the load test last (it leaves the most
# behind in the audit log).
suites="$(cd "$TOP/tests/e2e" && ls test_*.py | sed 's/\.py$//' |
    grep -v '^test_load$') test_load"
[ -n "${CB_SUITES:-}" ] && suites=$CB_SUITES
for suite in $suites; do
	python3 "$TOP/tests/e2e/$suite.py" > "$DIR/$suite.out" 2>&1
	st=$?
	cat "$DIR/$suite.out"
	tally "$suite.py" "$DIR/$suite.out" "$st"
done

if [ "${CB_SKIP_BROWSER:-}" = "1" ]; then
	echo "# browser test skipped (CB_SKIP_BROWSER=1)"
else
	BDIR="$TOP/tests/browser"
	if npm_ci "$BDIR" playwright-core; then
		for b in $(cd "$BDIR" && ls *.mjs); do
			node "$BDIR/$b" > "$DIR/browser-$b.out" 2>&1
			st=$?
			cat "$DIR/browser-$b.out"
			tally "$b" "$DIR/browser-$b.out" "$st"
		done
	fi
fi

# ------------------------------------------------- after everything
if curl -fsS "$CB_BASE_URL/healthz" >/dev/null 2>&1; then
	ok "server still answers /healthz after all suites"
else
	notok "server still answers /healthz after all suites"
fi

export CASEBOOK_CONF="$DIR/casebook.cfg"
if "$TOP/casebook-admin" audit verify > "$DIR/verify.out" 2>&1; then
	ok "casebook-admin audit verify: the chain holds"
else
	notok "casebook-admin audit verify: the chain holds"
	sed 's/^/#   /' "$DIR/verify.out" | tail -5
fi

# Stop the servers so that their logs are complete before they are
# searched, and check that nothing of them is left running: each runs
# in its own process group, whose id is its pid.
groups="$(cat "$DIR/kore.pid" "$DIR/secure.pid" "$DIR/nginx.pid" \
    2>/dev/null)"
"$TOP/scripts/serve.sh" "$DIR" - --stop >/dev/null 2>&1 || true
CASEBOOK_INSTANCE=secure "$TOP/scripts/serve.sh" "$DIR" - --stop \
    >/dev/null 2>&1 || true
"$TOP/scripts/tls.sh" stop "$DIR" >/dev/null 2>&1 || true
left=""
# Zombies are gone already (only their exit status waits for a parent
# that may never ask); anything else in the group is alive.
for g in $groups; do
	left="$left$(ps -eo pid=,pgid=,stat= | awk -v g="$g" \
	    '$2 == g && $3 !~ /^Z/ { printf "%s ", $1 }')"
done
if [ -n "$groups" ] && [ -z "$left" ]; then
	ok "both servers and nginx stopped: no process of theirs is left"
else
	notok "processes left after the servers stopped: '$left'"
fi

LOG="$DIR/log/server.log"
if grep -q -E 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' \
    "$LOG" 2>/dev/null; then
	notok "server log has no sanitizer report"
	grep -E -A5 'Sanitizer|runtime error:' "$LOG" | head -30 |
	    sed 's/^/#   /'
else
	ok "server log has no sanitizer report"
fi
CRASH='seccomp violation|sandbox violation|restarting worker|\(hdlr: .*\) gone|died from sandbox|has caused [0-9]+ error'
if grep -q -E "$CRASH" "$LOG" 2>/dev/null; then
	notok "server log reports no worker crash"
	grep -E "$CRASH" "$LOG" | head -10 | sed 's/^/#   /'
else
	ok "server log reports no worker crash"
fi

# The access log (README "The access log"): one line per request with
# its route pattern, never a path's id or a query; each answer the
# suites got names a request that has its line, and so does every
# error line that names one.
ACC=$(cat "$LOG" "$DIR/log/secure.log" 2>/dev/null | grep -a ' access rid=')
n=$(printf '%s\n' "$ACC" | grep -c ' access rid=')
bad=$(printf '%s\n' "$ACC" | grep -a -v -E '^\[wrk [0-9]+\]: access rid=[0-9a-f]{32} method=[A-Z]+ route=[A-Za-z0-9/_.{}*-]+ status=[0-9]{3} ms=[0-9]+$' | head -5)
if [ "$n" -ge 100 ] && [ -z "$bad" ]; then
	ok "access log: $n lines, each rid, method, route, status, ms"
else
	notok "access log: $n lines, each rid, method, route, status, ms"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'
fi
bad=$(printf '%s\n' "$ACC" | grep -a -E '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\?' | head -5)
if [ -z "$bad" ]; then
	ok "access log: no UUID and no query string in any line"
else
	notok "access log: no UUID and no query string in any line"
	[ -n "$bad" ] && printf '%s\n' "$bad" | sed 's/^/#   /'
fi
# all_logged IDS DESC MIN: every request id in the file IDS (at least
# MIN of them) has its access line.
all_logged() {
	n=$(wc -l < "$1")
	missing=$(comm -23 "$1" "$DIR/logged-rids" | head -5)
	if [ "$n" -ge "$3" ] && [ -z "$missing" ]; then
		ok "access log: each of the $n $2 has its access line"
	else
		notok "access log: each of the $n $2 has its access line"
		for m in $missing; do
			w=$(grep -a -m1 "^$m " "$DIR/reqids.txt" 2>/dev/null)
			echo "#   missing: ${w:-$m}"
		done
	fi
}
printf '%s\n' "$ACC" | sed -n 's/.* access rid=\([0-9a-f]*\) .*/\1/p' |
    sort -u > "$DIR/logged-rids"
cut -d' ' -f1 "$DIR/reqids.txt" 2>/dev/null | sort -u > "$DIR/seen-rids"
all_logged "$DIR/seen-rids" "request ids the suites got" 100
cat "$LOG" "$DIR/log/secure.log" 2>/dev/null | grep -a -v ' access rid=' |
    sed -n 's/.*: rid=\([0-9a-f]\{32\}\) .*/\1/p' | sort -u \
    > "$DIR/error-rids"
all_logged "$DIR/error-rids" "requests with an error line" 1

# Secrets: one per line, no empty lines (an empty pattern matches all).
LC_ALL=C grep -a -v '^$' "$DIR/secrets.txt" | LC_ALL=C sort -u \
    > "$DIR/secrets.pat"
n=$(wc -l < "$DIR/secrets.pat")
if [ "$n" -ge 20 ]; then
	ok "suites recorded the secrets they sent ($n patterns)"
else
	notok "suites recorded the secrets they sent (only $n patterns)"
fi

leakcheck() {
	# what file
	if [ ! -s "$2" ]; then
		notok "$1 exists and is not empty"
		return
	fi
	if [ ! -s "$DIR/secrets.pat" ]; then
		notok "$1 checked against the secrets (none recorded)"
	elif LC_ALL=C grep -a -q -F -f "$DIR/secrets.pat" "$2"; then
		notok "$1 contains none of the secrets sent"
		LC_ALL=C grep -a -o -F -f "$DIR/secrets.pat" "$2" | sort | uniq -c |
		    head -10 | sed 's/^/#   found: /'
	else
		ok "$1 contains none of the secrets sent"
	fi
}

leakcheck "server log" "$LOG"
if [ -s "$DIR/log/postgresql.log" ]; then
	leakcheck "PostgreSQL log" "$DIR/log/postgresql.log"
fi
if as_pg "$PGBIN/pg_dump" -h "$DIR/run" casebook > "$DIR/dump.sql" \
    2> "$DIR/dump.err" && grep -a -q 'CREATE TABLE cb.persons' "$DIR/dump.sql"; then
	ok "pg_dump of the database"
	leakcheck "pg_dump" "$DIR/dump.sql"
else
	notok "pg_dump of the database"
	sed 's/^/#   /' "$DIR/dump.err" | tail -5
fi

summary
