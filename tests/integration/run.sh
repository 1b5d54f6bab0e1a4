#!/bin/bash
# Integration tests against a real PostgreSQL 15 cluster, created in a
# throwaway directory with scripts/db.sh and removed at the end: what
# each database role may and may not do (the web role reads and writes
# only through functions that check the session; the owner cannot log
# in; the CLI's role manages users and keys but reads no case), the
# keyed audit chain against a table owner who rewrites history,
# casebook-admin user/org add, session timeouts, idempotent
# migrations, and the user commands (list, disable, enable,
# reset-password, revoke-sessions) with the password policy.
# Prints "ok - ..." / "not ok - ..." per check and "N passed, M failed";
# exits non-zero if any check failed.
#
# usage: tests/integration/run.sh   (CASEBOOK_ADMIN overrides the CLI)
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DBSH="$TOP/scripts/db.sh"
ADMIN=${CASEBOOK_ADMIN:-$TOP/casebook-admin}
PGBIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null ||
    dirname "$(command -v psql)")
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

pass=0
fail=0
DIR=

ok() {
	pass=$((pass + 1))
	echo "ok - $*"
}

notok() {
	fail=$((fail + 1))
	echo "not ok - $*"
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else notok "$desc"; fi
}

cleanup() {
	if [ -n "$DIR" ] && [ -d "$DIR" ]; then
		"$DBSH" stop "$DIR" >/dev/null 2>&1
		rm -rf "$DIR"
	fi
}

# SQL as a role: -At output, errors on stderr, ON_ERROR_STOP so that a
# failure is an exit status.
as_role() {
	local user=$1 pass=$2 opts=$3 sql=$4
	PGPASSWORD=$(cat "$DIR/keys/$pass.pass") PGOPTIONS="$opts" \
	    "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$DIR/run" \
	    -U "$user" -d casebook -c "$sql"
}

# The web's role, and the CLI's.
app_sql() {
	as_role casebook_app app "" "$1"
}

admin_sql() {
	as_role casebook_admin admin "" "$1"
}

# The owner of every table: the migrator acting as casebook_owner. This
# is the attacker of the audit tests, who may alter its own tables.
owner_sql() {
	as_role casebook_migrator migrator "-c role=casebook_owner" "$1"
}

super_sql() {
	"$DBSH" super "$DIR" -q -At -c "$1"
}

# refused WHO DESCRIPTION PATTERN SQL: the statement fails with an
# error matching PATTERN (so a typo cannot pass for a refusal).
refused() {
	local who=$1 desc=$2 pat=$3 sql=$4 out
	if out=$("${who}_sql" "$sql" 2>&1); then
		notok "$desc (statement succeeded)"
	elif printf '%s\n' "$out" | grep -Eq "$pat"; then
		ok "$desc"
	else
		notok "$desc (unexpected error: $out)"
	fi
}

# equals DESCRIPTION EXPECTED ACTUAL
equals() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		notok "$1 (expected '$2', got '$3')"
	fi
}

admin() {
	"$ADMIN" --config "$DIR/casebook.cfg" "$@"
}

# verify_says DESCRIPTION STATUS TEXT: after chaining what is pending
# (no server runs here), audit verify exits STATUS and its output
# starts with TEXT.
verify_says() {
	local out rc
	admin audit chain >/dev/null 2>&1
	out=$(admin audit verify 2>/dev/null)
	rc=$?
	case "$out" in
	"$3"*)
		if [ "$rc" -eq "$2" ]; then
			ok "$1"
			return
		fi
		;;
	esac
	notok "$1 (exit $rc, said '$out')"
}

trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$ADMIN" ]; then
	make -C "$TOP" casebook-admin >/dev/null || {
		echo "not ok - build casebook-admin"
		echo "0 passed, 1 failed"
		exit 1
	}
fi

DIR=$(mktemp -d "${CB_TEST_TMP:-/tmp}/casebook-it.XXXXXX")
# The cluster runs as the postgres user when we are root.
chmod 755 "$DIR"
LOGS="$DIR/t"
mkdir -p "$LOGS"
chmod 700 "$LOGS"

if ! "$DBSH" init "$DIR" >"$LOGS/init1.log" 2>&1; then
	notok "db.sh init creates the cluster"
	sed 's/^/# /' "$LOGS/init1.log"
	echo "$pass passed, $fail failed"
	exit 1
fi
ok "db.sh init creates the cluster"
nsql=$(ls "$TOP"/sql/[0-9]*.sql | wc -l)
equals "first init applies every migration" "$nsql" \
    "$(grep -c '^db.sh: applied [0-9]' "$LOGS/init1.log")"
equals "first init applies the functions of sql/fn/" 1 \
    "$(grep -c '^db.sh: applied functions fn-' "$LOGS/init1.log")"

# (a) The web's role holds no privilege on any table: it reads and
# writes through the functions of sql/fn/ only.
DENIED='permission denied|must be owner'
for t in persons cases data_keys users sessions organisations audit_log \
    audit_chain audit_chain_state case_transitions idempotency \
    login_attempts kek_versions case_links stats_cases; do
	refused app "app role cannot SELECT cb.$t" "$DENIED" \
	    "SELECT 1 FROM cb.$t LIMIT 1"
done
refused app "app role cannot INSERT into cb.users" "$DENIED" \
    "INSERT INTO cb.users (id, username, pw_hash, role) VALUES
    (gen_random_uuid(), 'x', 'x', 'admin')"
refused app "app role cannot UPDATE cb.users" "$DENIED" \
    "UPDATE cb.users SET role = 'admin'"
refused app "app role cannot INSERT into cb.organisations" "$DENIED" \
    "INSERT INTO cb.organisations (id, name, type, country) VALUES
    (gen_random_uuid(), 'x', 'NGO', 'BA')"
refused app "app role cannot UPDATE cb.persons" "$DENIED" \
    "UPDATE cb.persons SET gender = NULL"
refused app "app role cannot INSERT into cb.audit_log directly" "$DENIED" \
    "INSERT INTO cb.audit_log (action, outcome) VALUES ('x.y', 'ok')"
refused app "app role cannot DELETE from cb.audit_log" "$DENIED" \
    "DELETE FROM cb.audit_log"
refused app "app role cannot TRUNCATE cb.audit_log" "$DENIED" \
    "TRUNCATE cb.audit_log"
refused app "app role cannot move the chain head" "$DENIED" \
    "UPDATE cb.audit_chain_state SET head_seq = 0"
refused app "app role cannot disable the audit trigger" "$DENIED" \
    "ALTER TABLE cb.audit_log DISABLE TRIGGER audit_log_immutable"
refused app "app role cannot CREATE TABLE in schema cb" "$DENIED" \
    "CREATE TABLE cb.it_probe (i int)"
refused app "app role cannot CREATE TABLE in schema public" "$DENIED" \
    "CREATE TABLE public.it_probe (i int)"
refused app "app role cannot CREATE TEMP TABLE" "$DENIED" \
    "CREATE TEMP TABLE it_probe (i int)"
refused app "app role cannot resolve sessions itself (session_who)" \
    "$DENIED" "SELECT * FROM cb.session_who(sha256('x'))"
refused app "app role cannot write the CLI's audit entries" "$DENIED" \
    "SELECT cb.audit_admin('x.y', NULL, NULL, NULL)"
equals "app role: case_view without a valid session yields no row" "" \
    "$(app_sql "SELECT count(*) FILTER (WHERE c_id IS NOT NULL)
    FROM cb.case_view(sha256('nobody'), gen_random_uuid(), 'ab')" 2>&1 |
    grep -v '^0$')"
equals "app role: a batch of reads without a valid session yields no row" \
    "0" "$(app_sql "SELECT count(*) FROM cb.case_view_many(
    sha256('a') || sha256('b'), ARRAY[gen_random_uuid(),
    gen_random_uuid()], ARRAY['ab', 'cd'])" 2>&1)"
refused app "app role: a batch whose parts do not match is refused" \
    "malformed batch" "SELECT * FROM cb.case_view_many(sha256('a'),
    ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY['ab', 'cd'])"
refused app "app role: an empty batch is refused" "malformed batch" \
    "SELECT * FROM cb.case_view_many(''::bytea, '{}'::uuid[], '{}')"
equals "app role: a batch of case pages without a valid session yields no row" \
    "0" "$(app_sql "SELECT count(*) FROM cb.case_page_many(
    sha256('a') || sha256('b'), ARRAY[gen_random_uuid(),
    gen_random_uuid()], ARRAY['ab', 'cd'])" 2>&1)"
refused app "app role: a batch of case pages whose parts do not match is refused" \
    "malformed batch" "SELECT * FROM cb.case_page_many(sha256('a'),
    ARRAY[gen_random_uuid()], ARRAY['ab', 'cd'])"
refused app "app role: an empty batch of case pages is refused" \
    "malformed batch" \
    "SELECT * FROM cb.case_page_many(''::bytea, '{}'::uuid[], '{}')"
equals "app role: a batch of searches without a valid session yields no row" \
    "0" "$(app_sql "SELECT count(*) FROM cb.case_search_many(
    sha256('a') || sha256('b'), ARRAY[encode(sha256('d'), 'hex'), NULL],
    ARRAY[NULL, encode(sha256('n'), 'hex')], ARRAY['document_number',
    'given_name,family_name,date_of_birth'], ARRAY['ab', 'cd'])" 2>&1)"
refused app "app role: a batch of searches whose parts do not match is refused" \
    "malformed batch" "SELECT * FROM cb.case_search_many(sha256('a'),
    ARRAY[NULL, NULL]::text[], ARRAY[NULL]::text[], ARRAY['x'],
    ARRAY['ab'])"
equals "app role: a session lookup with no valid token is empty" "0" \
    "$(app_sql "SELECT count(*) FROM cb.session_actor(sha256('x'))" 2>&1)"
refused app "app role cannot fill the statistics rows itself" "$DENIED" \
    "SELECT cb.stats_fill()"
equals "app role: statistics without a valid session yield no row" "0" \
    "$(app_sql "SELECT count(*) FROM cb.stats_table(sha256('x'),
    ARRAY['gender'], '{}', false, true, 'ab')" 2>&1)"

# (b) The owner of the tables cannot log in; the CLI's role manages
# users and keys and reads no case content.
if PGPASSWORD=x "$PGBIN/psql" -X -q -At -h "$DIR/run" -U casebook_owner \
    -d casebook -c "SELECT 1" >"$LOGS/owner.out" 2>&1; then
	notok "casebook_owner cannot log in"
else
	ok "casebook_owner cannot log in"
fi
equals "casebook_owner is NOLOGIN and owns every table of cb" "f|0" \
    "$(super_sql "SELECT (SELECT rolcanlogin FROM pg_roles WHERE rolname =
    'casebook_owner'), (SELECT count(*) FROM pg_tables WHERE schemaname = 'cb'
    AND tableowner <> 'casebook_owner')")"
equals "the web's role is neither superuser nor a member of the owner" \
    "f|f" "$(super_sql "SELECT rolsuper, pg_has_role('casebook_app',
    'casebook_owner', 'MEMBER') FROM pg_roles
    WHERE rolname = 'casebook_app'")"
refused admin "admin role cannot read names (cb.persons.given_name)" \
    "$DENIED" "SELECT given_name FROM cb.persons LIMIT 1"
refused admin "admin role cannot read case content (cb.cases.location)" \
    "$DENIED" "SELECT location FROM cb.cases LIMIT 1"
refused admin "admin role cannot read transitions" "$DENIED" \
    "SELECT reason FROM cb.case_transitions LIMIT 1"
refused admin "admin role cannot write the audit log directly" "$DENIED" \
    "INSERT INTO cb.audit_log (action, outcome) VALUES ('x.y', 'ok')"
refused admin "admin role cannot CREATE TABLE" "$DENIED" \
    "CREATE TABLE cb.it_probe (i int)"

# (c) The keyed audit chain. A user and sessions to act as (the owner
# may insert sessions; nobody else can).
owner_sql "INSERT INTO cb.users (id, username, pw_hash, role, office)
    VALUES ('11111111-1111-4111-8111-111111111111', 'it.audit', 'x',
    'caseworker', 'sarajevo');
    INSERT INTO cb.sessions (token_hash, user_id, expires_at) VALUES
    (sha256('audit'), '11111111-1111-4111-8111-111111111111',
    now() + interval '12 h')" >"$LOGS/audit-user.err" 2>&1 ||
    notok "owner inserts a user and a session ($(cat "$LOGS/audit-user.err"))"
# Entries as the web makes them: actor and time come from the database.
n0=$(admin_sql "SELECT count(*) FROM cb.audit_log")
app_sql "SELECT count(*) FROM generate_series(1, 25000) g,
    LATERAL cb.audit_refusal(sha256('audit'), 'case.view',
    gen_random_uuid(), 'person.given_name', 'denied', to_hex(g)) r" \
    >/dev/null
app_sql "SELECT * FROM cb.audit_refusal(sha256('audit'), 'case.update',
    NULL, 'given_name,phone', 'invalid', '00ff')" >/dev/null
equals "25001 entries appended through audit_refusal()" 25001 \
    "$(( $(admin_sql "SELECT count(*) FROM cb.audit_log") - n0 ))"
equals "the actor, role and time come from the session and the clock" \
    "11111111-1111-4111-8111-111111111111|caseworker|t" \
    "$(admin_sql "SELECT actor, actor_role, at_us > 0 FROM cb.audit_log
    ORDER BY id DESC LIMIT 1")"
equals "no session, no entry" "0" \
    "$(app_sql "SELECT count(*) FROM cb.audit_refusal(sha256('nobody'),
    'case.view', NULL, NULL, 'denied', 'ab')")"
out=$(admin audit chain --checkpoint 2>&1)
equals "audit chain chains every pending entry" \
    "head: $(admin_sql "SELECT count(*) FROM cb.audit_log")" "$out"
n=$(admin_sql "SELECT count(*) FROM cb.audit_log")
verify_says "audit verify: intact chain of $n entries (exit 0)" 0 \
    "ok: $n entries, 1 checkpoints"
equals "each chain row has a 32-byte MAC; the head is the last one" "t" \
    "$(admin_sql "SELECT bool_and(octet_length(mac) = 32) AND
    (SELECT head_seq FROM cb.audit_chain_state) = max(seq) AND
    (SELECT head_mac FROM cb.audit_chain_state) = (SELECT mac FROM
    cb.audit_chain ORDER BY seq DESC LIMIT 1) FROM cb.audit_chain")"
pk=$(admin audit pubkey)
equals "audit pubkey prints a 32-byte Ed25519 key in hex" 64 \
    "$(printf '%s' "$pk" | grep -Ec '^[0-9a-f]{64}$' | sed 's/1/64/')"

# Not even the owner may rewrite history through SQL...
IMMUTABLE='append-only'
refused owner "owner cannot UPDATE cb.audit_log (trigger)" "$IMMUTABLE" \
    "UPDATE cb.audit_log SET outcome = 'ok' WHERE id = (SELECT min(id)
    FROM cb.audit_log)"
refused owner "owner cannot DELETE from cb.audit_log (trigger)" \
    "$IMMUTABLE" "DELETE FROM cb.audit_log WHERE id = (SELECT min(id)
    FROM cb.audit_log)"
refused owner "owner cannot TRUNCATE cb.audit_log (trigger, chain)" \
    "$IMMUTABLE|referenced in a foreign key" "TRUNCATE cb.audit_log"
refused owner "owner cannot UPDATE cb.audit_chain (trigger)" "$IMMUTABLE" \
    "UPDATE cb.audit_chain SET chained_at = now()"

# ...and when it disables its triggers and rewrites anyway, the keyed
# chain and the signed checkpoints catch it.
seq3=$(admin_sql "SELECT entry_id FROM cb.audit_chain WHERE seq = 3")
owner_sql "ALTER TABLE cb.audit_log DISABLE TRIGGER audit_log_immutable;
    UPDATE cb.audit_log SET outcome = 'ok' WHERE id = $seq3"
verify_says "owner rewrites an outcome: verify finds seq 3 (exit 1)" 1 \
    "broken at seq 3: mac"
owner_sql "UPDATE cb.audit_log SET outcome = 'denied' WHERE id = $seq3"
verify_says "audit verify: holds again once the outcome is restored" 0 \
    "ok: $n entries"
# The owner rewrites a row and recomputes every hash it can compute:
# the MAC needs a key the database never had.
s15=$(admin_sql "SELECT entry_id FROM cb.audit_chain WHERE seq = 15000")
owner_sql "ALTER TABLE cb.audit_chain DISABLE TRIGGER audit_chain_immutable;
    UPDATE cb.audit_log SET action = 'case.export' WHERE id = $s15;
    UPDATE cb.audit_chain c SET mac = sha256(c.mac || convert_to(l::text,
    'UTF8')) FROM cb.audit_log l WHERE l.id = c.entry_id AND c.seq >= 15000;
    UPDATE cb.audit_chain_state SET head_mac = (SELECT mac FROM
    cb.audit_chain ORDER BY seq DESC LIMIT 1)"
verify_says "owner rewrites a row and recomputes every hash: caught at 15000" \
    1 "broken at seq 15000: mac"
# Even the real key would not help against the checkpoint signed earlier.
owner_sql "UPDATE cb.audit_log SET action = 'case.view' WHERE id = $s15"
verify_says "rows restored, forged MACs still refused" 1 \
    "broken at seq 15000: mac"
# Put the chain back from a copy, as an auditor restoring a backup would.
super_sql "CREATE TABLE public.it_chain AS SELECT * FROM cb.audit_chain
    WHERE seq < 15000" >/dev/null
owner_sql "DELETE FROM cb.audit_chain WHERE seq >= 15000"
super_sql "SET session_replication_role = replica;
    UPDATE cb.audit_chain_state SET head_seq = 14999, head_mac = (SELECT mac
    FROM cb.audit_chain WHERE seq = 14999), horizon = '0'" >/dev/null
out=$(admin audit verify 2>/dev/null)
equals "the newest chain rows deleted and the head moved back: the checkpoint says truncated" \
    "broken at seq 15000: truncated" "$out"
verify_says "rechained with the key (restored rows, same order): the chain and the checkpoint agree again" \
    0 "ok: $n entries"
super_sql "DROP TABLE public.it_chain" >/dev/null
# The checkpoint file itself, outside the database.
cp "$DIR/audit/checkpoints" "$LOGS/checkpoints.saved"
sed -i 's/^cp1 \([0-9]*\) [0-9a-f]*/cp1 \1 '"$(printf '%064d' 0)"'/' \
    "$DIR/audit/checkpoints"
out=$(admin audit verify 2>/dev/null)
case "$out" in
"broken at seq "*": "*) ok "a checkpoint edited in the file is refused ($out)" ;;
*) notok "a checkpoint edited in the file is refused (said '$out')" ;;
esac
cp "$LOGS/checkpoints.saved" "$DIR/audit/checkpoints"

# A fresh cluster for what follows: the chain above stays broken, as it
# should.
"$DBSH" stop "$DIR" >/dev/null 2>&1
rm -rf "$DIR"
DIR=$(mktemp -d "${CB_TEST_TMP:-/tmp}/casebook-it.XXXXXX")
chmod 755 "$DIR"
LOGS="$DIR/t"
mkdir -p "$LOGS"
chmod 700 "$LOGS"
if "$DBSH" init "$DIR" >"$LOGS/init1.log" 2>&1; then
	ok "db.sh init creates a second cluster"
else
	notok "db.sh init creates a second cluster"
	sed 's/^/# /' "$LOGS/init1.log"
fi
# An entry inserted behind the chainer's back, with an xid below the
# horizon it has passed: the chainer never looks there again.
owner_sql "UPDATE cb.audit_chain_state SET horizon = pg_current_xact_id()"
owner_sql "INSERT INTO cb.audit_log (action, outcome, xid)
    VALUES ('forged.entry', 'ok', '1')" >/dev/null
admin audit chain >/dev/null 2>&1
out=$(admin audit verify 2>/dev/null)
case "$out" in
*": unchained") ok "an entry the chain never covered is reported ($out)" ;;
*) notok "an entry the chain never covered is reported (said '$out')" ;;
esac
# The rest runs on a third, clean cluster.
"$DBSH" stop "$DIR" >/dev/null 2>&1
rm -rf "$DIR"
DIR=$(mktemp -d "${CB_TEST_TMP:-/tmp}/casebook-it.XXXXXX")
chmod 755 "$DIR"
LOGS="$DIR/t"
mkdir -p "$LOGS"
chmod 700 "$LOGS"
"$DBSH" init "$DIR" >"$LOGS/init1.log" 2>&1 ||
    notok "db.sh init creates a third cluster"
# (d) casebook-admin user add and org add.
for c in "user add" "org add" "audit verify"; do
	# shellcheck disable=SC2086
	out=$(admin $c --help 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q 'Exit status'; then
		ok "casebook-admin $c --help documents exit codes"
	else
		notok "casebook-admin $c --help (exit $rc)"
	fi
done

ORGNAME='Centar za socijalni rad Sarajevo'
org=$(admin org add --name "$ORGNAME" --type LocalGovernmentOrganisation \
    --country BA 2>/dev/null)
rc=$?
if [ "$rc" -eq 0 ] && printf '%s' "$org" | grep -Eq "$UUID_RE"; then
	ok "org add creates an organisation and prints its id"
else
	notok "org add (exit $rc, said '$org')"
fi
org2=$(admin org add --name "$ORGNAME" --type NGO --country BA 2>/dev/null)
rc=$?
equals "org add again exits 3 and prints the same id" "3 $org" "$rc $org2"
admin org add --name "X" --type Shelter --country BA >/dev/null 2>&1
equals "org add with an unknown type exits 2" 2 $?
admin org add --name "X" --type NGO --country ZZ >/dev/null 2>&1
equals "org add with an unknown country exits 2" 2 $?

# Fixed, not random: cracklib calls about 1 in 27 random hex strings
# "too systematic" (runs like 8765), and a test must not be flaky.
PW="Sëcret-Fluss-Brücke-Nebel-47"
uid=$(printf '%s\n' "$PW" | admin user add --username it.caseworker \
    --role caseworker --office sarajevo 2>"$LOGS/useradd.err")
rc=$?
if [ "$rc" -eq 0 ] && printf '%s' "$uid" | grep -Eq "$UUID_RE"; then
	ok "user add creates a user and prints its id"
else
	notok "user add (exit $rc, said '$uid' $(cat "$LOGS/useradd.err"))"
fi
uid2=$(printf '%s\n' "$PW" | admin user add --username it.caseworker \
    --role caseworker 2>/dev/null)
rc=$?
equals "user add of an existing username exits 3 with its id" \
    "3 $uid" "$rc $uid2"
printf 'x\n' | admin user add --username it.partner --role partner \
    >/dev/null 2>&1
equals "user add of a partner without --organisation exits 2" 2 $?
printf 'x\n' | admin user add --username it.partner --role partner \
    --organisation 00000000-0000-4000-8000-000000000000 >/dev/null 2>&1
equals "user add of a partner of an unknown organisation exits 1" 1 $?
pid=$(printf '%s\r\n' "$PW-p" | admin user add --username it.partner \
    --role partner --organisation "$org" 2>/dev/null)
equals "user add of a partner with --organisation exits 0" 0 $?
printf 'x\n' | admin user add --username It.Bad --role admin \
    >/dev/null 2>&1
equals "user add refuses a username outside the pattern (exit 2)" 2 $?
printf 'x\n' | admin user add --username it.x --role root >/dev/null 2>&1
equals "user add refuses an unknown role (exit 2)" 2 $?
printf '\n' | admin user add --username it.x --role admin >/dev/null 2>&1
equals "user add refuses an empty password (exit 2)" 2 $?
head -c 257 /dev/zero | tr '\0' 'p' |
    admin user add --username it.x --role admin >/dev/null 2>&1
equals "user add refuses a password over 256 bytes (exit 2)" 2 $?
equals "refused adds created nothing" 2 \
    "$(owner_sql "SELECT count(*) FROM cb.users")"
equals "stored pw_hash is Argon2id" "t" \
    "$(owner_sql "SELECT bool_and(pw_hash LIKE '\$argon2id\$%')
    FROM cb.users")"
equals "user.create audited with field names only, in the same commit" \
    1 "$(owner_sql "SELECT count(*) FROM cb.audit_log
    WHERE action = 'user.create' AND record_id = '$uid'
    AND actor IS NULL AND actor_role = 'admin_cli' AND outcome = 'ok'
    AND fields = 'username,role,office,organisation_id'
    AND request_id ~ '^[0-9a-f]{32}\$'")"
equals "org.create audited" 1 "$(owner_sql "SELECT count(*)
    FROM cb.audit_log WHERE action = 'org.create' AND record_id = '$org'")"
equals "the partner's organisation is stored" "$org" \
    "$(owner_sql "SELECT organisation_id FROM cb.users WHERE id = '$pid'")"
verify_says "audit verify: chain holds after the CLI's entries" 0 \
    "ok: $(admin_sql "SELECT count(*) FROM cb.audit_log") entries"

(umask 077; "$DBSH" super "$DIR" -c "SELECT 1" >/dev/null;
    if [ "$(id -u)" -eq 0 ]; then
	runuser -u postgres -- "$PGBIN/pg_dump" -h "$DIR/run" -d casebook
    else
	"$PGBIN/pg_dump" -h "$DIR/run" -d casebook
    fi >"$LOGS/dump.sql" 2>&1)
if ! grep -q 'it.caseworker' "$LOGS/dump.sql"; then
	notok "pg_dump of the database (no user rows in the dump)"
elif grep -qF -e "$PW" "$LOGS/dump.sql"; then
	notok "the password appears in pg_dump output"
else
	ok "the password appears nowhere in pg_dump output"
fi
if grep -qF -e "$PW" "$DIR"/log/*.log "$LOGS/useradd.err"; then
	notok "the password appears in the server log or CLI output"
else
	ok "the password appears in neither the server log nor CLI output"
fi

# (e) session_actor(): unknown, idle, expired and revoked sessions
# give nobody; a fresh one gives its user.
# Timestamps are relative to now(), so the test needs no clock games.
if owner_sql "INSERT INTO cb.sessions (token_hash, user_id, created_at,
    last_seen, expires_at, revoked_at) VALUES
    (sha256('fresh'), '$uid', now(), now(), now() + interval '12 h', NULL),
    (sha256('idle31'), '$uid', now() - interval '1 h',
	now() - interval '31 min', now() + interval '11 h', NULL),
    (sha256('idle29'), '$uid', now() - interval '1 h',
	now() - interval '29 min', now() + interval '11 h', NULL),
    (sha256('expired'), '$uid', now() - interval '13 h', now(),
	now() - interval '1 s', NULL),
    (sha256('revoked'), '$uid', now(), now(), now() + interval '12 h',
	now()),
    (sha256('partner'), '$pid', now(), now(), now() + interval '12 h',
	NULL)" >"$LOGS/sessions.err" 2>&1; then
	ok "sessions inserted by the owner"
else
	notok "sessions inserted by the owner ($(cat "$LOGS/sessions.err"))"
fi
actor() {
	app_sql "SELECT a_username || ' ' || a_role
	    FROM cb.session_actor(sha256('$1'))" 2>&1
}
equals "session_actor: unknown token gives nobody" "" "$(actor unknown)"
equals "session_actor: idle 31 minutes gives nobody" "" "$(actor idle31)"
equals "session_actor: expires_at passed gives nobody" "" \
    "$(actor expired)"
equals "session_actor: revoked gives nobody" "" "$(actor revoked)"
equals "session_actor: fresh session gives its user" \
    "it.caseworker caseworker" "$(actor fresh)"
equals "session_actor: idle 29 minutes still valid" \
    "it.caseworker caseworker" "$(actor idle29)"
equals "session_actor: use moves last_seen forward" "t" \
    "$(owner_sql "SELECT last_seen > now() - interval '1 minute'
    FROM cb.sessions WHERE token_hash = sha256('idle29')")"
equals "session_actor: a partner's fresh session gives the partner" \
    "it.partner partner" "$(actor partner)"
owner_sql "UPDATE cb.users SET disabled = true WHERE id = '$pid'"
equals "session_actor: disabled user gives nobody" "" "$(actor partner)"
# One token per call (the server asks with each candidate cookie in
# turn); anything that is not a 32-byte hash finds nobody.
equals "session_actor: two tokens in one call give nobody" "" \
    "$(app_sql "SELECT a_username FROM cb.session_actor(sha256('planted')
    || sha256('fresh'))")"
equals "session_actor: a malformed token gives nobody" "" \
    "$(app_sql "SELECT a_username FROM cb.session_actor('\\x00ff')")"

# (f) A second init applies nothing and keeps everything.
if "$DBSH" init "$DIR" >"$LOGS/init2.log" 2>&1; then
	ok "db.sh init runs again"
else
	notok "db.sh init runs again"
	sed 's/^/# /' "$LOGS/init2.log"
fi
equals "second init applies no migration" 0 \
    "$(grep -c 'applied' "$LOGS/init2.log")"
equals "each migration recorded once" "$nsql" \
    "$(owner_sql "SELECT count(DISTINCT version) FROM
    public.schema_migrations WHERE version NOT LIKE 'fn-%'")"
equals "second init keeps the users" 2 \
    "$(owner_sql "SELECT count(*) FROM cb.users")"
verify_says "audit verify: chain holds after the second init" 0 \
    "ok: $(admin_sql "SELECT count(*) FROM cb.audit_log") entries"

# (g) casebook-admin user list, disable, enable, reset-password and
# revoke-sessions; the password policy of add and reset-password.
for c in "user list" "user disable" "user enable" "user reset-password" \
    "user revoke-sessions"; do
	# shellcheck disable=SC2086
	out=$(admin $c --help 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q 'Exit status'; then
		ok "casebook-admin $c --help documents exit codes"
	else
		notok "casebook-admin $c --help (exit $rc)"
	fi
done
if admin --help | grep -q '5 no such user'; then
	ok "casebook-admin --help documents exit 5 (no such user)"
else
	notok "casebook-admin --help documents exit 5 (no such user)"
fi

nusers=$(owner_sql "SELECT count(*) FROM cb.users")
ncreate=$(owner_sql "SELECT count(*) FROM cb.audit_log
    WHERE action = 'user.create'")
# weak_add DESCRIPTION PASSWORD KEY: user add refuses PASSWORD with
# exit 2, names the rule KEY and never echoes the password.
weak_add() {
	local out rc
	out=$(printf '%s\n' "$2" | admin user add --username it.weak \
	    --role caseworker --office sarajevo 2>&1)
	rc=$?
	if [ "$rc" -ne 2 ]; then
		notok "$1 (exit $rc)"
	elif ! printf '%s' "$out" | grep -qF "($3)"; then
		notok "$1 (rule not named: $out)"
	elif printf '%s' "$out" | grep -qF -e "$2"; then
		notok "$1 (the password was echoed)"
	else
		ok "$1"
	fi
}
weak_add "user add refuses an 11-character password (exit 2)" \
    'Кратка-7Qz#' err.password_short
weak_add "user add refuses a dictionary word with digits (exit 2)" \
    'password12345' err.password_dictionary
weak_add "user add refuses a keyboard walk (exit 2)" \
    'qwertyuiop12' err.password_dictionary
weak_add "user add refuses the username in other case (exit 2)" \
    'Desk-IT.WEAK-7Qz#x' err.password_username
out=$(printf 'password12345\n' | admin user add --username it.weak \
    --role caseworker 2>&1)
if printf '%s' "$out" | grep -q 'dictionary word'; then
	ok "user add says which rule the password breaks"
else
	notok "user add says which rule the password breaks ($out)"
fi
equals "refused passwords created no user" "$nusers" \
    "$(owner_sql "SELECT count(*) FROM cb.users")"
equals "refused passwords wrote no audit entry" "$ncreate" \
    "$(owner_sql "SELECT count(*) FROM cb.audit_log
    WHERE action = 'user.create'")"

PW2="Zweites-Kuckucksei-Moor-93"
sid=$(printf '%s\n' "$PW2" | admin user add --username it.sess \
    --role caseworker --office "$(printf 'Bel\tgrade')" 2>"$LOGS/sess.err")
rc=$?
if [ "$rc" -eq 0 ] && printf '%s' "$sid" | grep -Eq "$UUID_RE"; then
	ok "user add accepts a strong password"
else
	notok "user add accepts a strong password (exit $rc,
	    $(cat "$LOGS/sess.err"))"
fi
owner_sql "INSERT INTO cb.sessions (token_hash, user_id, expires_at,
    revoked_at) VALUES
    (sha256('s1'), '$sid', now() + interval '12 h', NULL),
    (sha256('s2'), '$sid', now() + interval '12 h', NULL),
    (sha256('s0'), '$sid', now() + interval '12 h',
	'2001-01-01 00:00:00+00')" >"$LOGS/sess2.err" 2>&1 ||
    notok "sessions for it.sess inserted ($(cat "$LOGS/sess2.err"))"
equals "session_actor: it.sess is logged in before disable" \
    "it.sess caseworker" "$(actor s1)"

admin user list >"$LOGS/list.out" 2>"$LOGS/list.err"
equals "user list exits 0" 0 $?
equals "user list starts with its header" \
    "$(printf 'id\tusername\trole\toffice\torganisation_id\tdisabled\tcreated_at\tsessions')" \
    "$(head -1 "$LOGS/list.out")"
equals "user list: one line per user plus the header" \
    "$(( $(owner_sql "SELECT count(*) FROM cb.users") + 1 ))" \
    "$(wc -l < "$LOGS/list.out")"
equals "user list: every line has 8 columns (a tab in an office is escaped)" \
    "8" "$(awk -F'\t' '{ print NF }' "$LOGS/list.out" | sort -u)"
equals "user list: it.sess with its office escaped, 2 live sessions" \
    "$(printf '%s\tit.sess\tcaseworker\tBel\\tgrade\t\tfalse' "$sid")|2" \
    "$(awk -F'\t' -v OFS='\t' '$2 == "it.sess" {
    print $1, $2, $3, $4, $5, $6 "|" $8 }' "$LOGS/list.out")"
equals "user list: created_at is RFC 3339 UTC" "1" \
    "$(awk -F'\t' '$2 == "it.sess"' "$LOGS/list.out" | cut -f7 |
    grep -Ec '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')"
equals "user list: the disabled partner shows as disabled" "true" \
    "$(awk -F'\t' '$2 == "it.partner" { print $6 }' "$LOGS/list.out")"
if grep -qF -e '$argon2' "$LOGS/list.out" "$LOGS/list.err"; then
	notok "user list shows no password hash"
else
	ok "user list shows no password hash (no \$argon2 anywhere)"
fi

out=$(admin user disable --username it.sess 2>&1)
equals "user disable exits 0" 0 $?
equals "user disable says how many sessions it revoked" \
    "user it.sess disabled, 2 sessions revoked" "$out"
equals "user disable sets disabled and bumps the version" "t 2" \
    "$(owner_sql "SELECT disabled || ' ' || version FROM cb.users
    WHERE id = '$sid'" | sed 's/^true/t/')"
equals "user disable revoked both open sessions" 0 \
    "$(owner_sql "SELECT count(*) FROM cb.sessions
    WHERE user_id = '$sid' AND revoked_at IS NULL")"
equals "user disable left an earlier revocation alone" 1 \
    "$(owner_sql "SELECT count(*) FROM cb.sessions
    WHERE token_hash = sha256('s0')
    AND revoked_at = '2001-01-01 00:00:00+00'")"
equals "session_actor: a session of the disabled user gives nobody" "" \
    "$(actor s1)"
equals "user list: it.sess disabled, no live session" "true 0" \
    "$(awk -F'\t' '$2 == "it.sess" { print $6, $8 }' <(admin user list))"
equals "user disable again exits 0, revoking nothing" \
    "0 user it.sess disabled, 0 sessions revoked" \
    "$(out=$(admin user disable --username it.sess 2>&1); echo "$? $out")"
equals "user disable of a disabled user keeps the version" 2 \
    "$(owner_sql "SELECT version FROM cb.users WHERE id = '$sid'")"

admin user enable --username it.sess >/dev/null 2>&1
equals "user enable exits 0" 0 $?
equals "user enable clears disabled, bumps the version" "f 3" \
    "$(owner_sql "SELECT disabled || ' ' || version FROM cb.users
    WHERE id = '$sid'" | sed 's/^false/f/')"
equals "user enable does not bring revoked sessions back" "" \
    "$(actor s1)"

owner_sql "INSERT INTO cb.sessions (token_hash, user_id, expires_at)
    VALUES (sha256('s3'), '$sid', now() + interval '12 h'),
    (sha256('s4'), '$sid', now() + interval '12 h')"
equals "session_actor: a new session of the enabled user works" \
    "it.sess caseworker" "$(actor s3)"
out=$(admin user revoke-sessions --username it.sess 2>/dev/null)
equals "user revoke-sessions exits 0 and prints the count (2)" "0 2" \
    "$? $out"
equals "session_actor: revoked by revoke-sessions gives nobody" "" \
    "$(actor s4)"
out=$(admin user revoke-sessions --username it.sess 2>/dev/null)
equals "user revoke-sessions with none open prints 0" "0 0" "$? $out"
equals "user revoke-sessions leaves the user enabled" "f" \
    "$(owner_sql "SELECT disabled FROM cb.users WHERE id = '$sid'" |
    sed 's/^false/f/')"

owner_sql "INSERT INTO cb.sessions (token_hash, user_id, expires_at)
    VALUES (sha256('s5'), '$sid', now() + interval '12 h')"
hash0=$(owner_sql "SELECT md5(pw_hash) || ' ' || version FROM cb.users
    WHERE id = '$sid'")
nreset=$(owner_sql "SELECT count(*) FROM cb.audit_log
    WHERE action = 'user.password_reset'")
for weak in 'password12345' 'qwertyuiop12' 'Kurz-7Qz#' 'My-IT.Sess-desk-7Qz'; do
	printf '%s\n' "$weak" | admin user reset-password --username it.sess \
	    >"$LOGS/weak.out" 2>&1
	rc=$?
	if [ "$rc" -ne 2 ]; then
		notok "user reset-password refuses a weak password (exit $rc)"
	elif grep -qF -e "$weak" "$LOGS/weak.out"; then
		notok "user reset-password echoed a refused password"
	else
		ok "user reset-password refuses a weak password (exit 2)"
	fi
done
equals "refused resets changed neither hash nor version" "$hash0" \
    "$(owner_sql "SELECT md5(pw_hash) || ' ' || version FROM cb.users
    WHERE id = '$sid'")"
equals "refused resets revoked no session" "it.sess caseworker" \
    "$(actor s5)"
equals "refused resets wrote no audit entry" "$nreset" \
    "$(owner_sql "SELECT count(*) FROM cb.audit_log
    WHERE action = 'user.password_reset'")"

PW3="Drittes-Wolkenbruch-Tal-58"
out=$(printf '%s\r\n' "$PW3" | admin user reset-password \
    --username it.sess 2>"$LOGS/reset.err")
equals "user reset-password exits 0" "0 password of it.sess reset, 1 session revoked" \
    "$? $out"
equals "user reset-password stores a new Argon2id hash, bumps the version" \
    "t t" "$(owner_sql "SELECT (md5(pw_hash) || ' ' || version) <>
    '$hash0', pw_hash LIKE '\$argon2id\$%' AND version = 4
    FROM cb.users WHERE id = '$sid'" | tr '|' ' ' |
    sed 's/true/t/g; s/false/f/g')"
equals "user reset-password revoked the open session" "" "$(actor s5)"

for c in disable enable revoke-sessions; do
	admin user "$c" --username it.nobody >/dev/null 2>&1
	equals "user $c of an unknown user exits 5" 5 $?
done
# No password is asked for an unknown user: stdin stays unread.
admin user reset-password --username it.nobody </dev/null >/dev/null 2>&1
equals "user reset-password of an unknown user exits 5" 5 $?
admin user disable --username It.Bad >/dev/null 2>&1
equals "user disable refuses a username outside the pattern (exit 2)" 2 $?
admin user disable >/dev/null 2>&1
equals "user disable without --username exits 2" 2 $?
admin user list --bogus >/dev/null 2>&1
equals "user list with an unknown option exits 2" 2 $?

audit_n() {
	owner_sql "SELECT count(*) FROM cb.audit_log
	    WHERE action = '$1' AND record_id = '$sid' AND actor IS NULL
	    AND actor_role = 'admin_cli' AND outcome = 'ok'
	    AND fields = '$2' AND request_id ~ '^[0-9a-f]{32}\$'"
}
equals "user.disable audited twice, column names only" 2 \
    "$(audit_n user.disable 'disabled,version,sessions.revoked_at')"
equals "user.enable audited, column names only" 1 \
    "$(audit_n user.enable 'disabled,version')"
equals "user.sessions_revoke audited twice, column names only" 2 \
    "$(audit_n user.sessions_revoke 'sessions.revoked_at')"
equals "user.password_reset audited once, column names only" 1 \
    "$(audit_n user.password_reset 'pw_hash,version,sessions.revoked_at')"
equals "no audit entry for an unknown user or a refused change" 0 \
    "$(owner_sql "SELECT count(*) FROM cb.audit_log
    WHERE action LIKE 'user.%' AND record_id IS DISTINCT FROM '$sid'
    AND action <> 'user.create'")"
if owner_sql "SELECT t::text FROM cb.audit_log t" | grep -qF \
    -e it.sess -e "$PW2" -e "$PW3" -e grade; then
	notok "audit entries hold no username, office or password"
else
	ok "audit entries hold no username, office or password"
fi
if grep -qF -e "$PW2" -e "$PW3" "$DIR"/log/*.log "$LOGS"/*.err \
    "$LOGS"/*.out; then
	notok "the new passwords appear in the server log or CLI output"
else
	ok "the new passwords appear in neither the server log nor CLI output"
fi
verify_says "audit verify: chain holds after the user commands" 0 \
    "ok: $(owner_sql "SELECT count(*) FROM cb.audit_log") entries"

# ------------------------------------------------------- statistics
# Statistics and the audit log viewer are an auditor's: a caseworker's
# session gets a refusal, recorded as one, and no count.
owner_sql "INSERT INTO cb.users (id, username, pw_hash, role, office)
    VALUES ('22222222-2222-4222-8222-222222222222', 'it.stats', 'x',
    'caseworker', 'sarajevo');
    INSERT INTO cb.sessions (token_hash, user_id, expires_at) VALUES
    (sha256('stats'), '22222222-2222-4222-8222-222222222222',
    now() + interval '12 h')" >"$LOGS/stats-user.err" 2>&1 ||
    notok "owner inserts a user and a session ($(cat "$LOGS/stats-user.err"))"
equals "stats_table refuses a caseworker" "denied|0" \
    "$(app_sql "SELECT min(outcome), count(s_kind) FROM
    cb.stats_table(sha256('stats'), ARRAY['gender'], '{}', false, true,
    'ab')" 2>&1)"
equals "and records the refusal" "1" \
    "$(admin_sql "SELECT count(*) FROM cb.audit_log WHERE action =
    'stats.query' AND outcome = 'denied'")"
equals "audit_list refuses a caseworker" "denied|0" \
    "$(app_sql "SELECT min(outcome), count(l_seq) FROM
    cb.audit_list(sha256('stats'), NULL, NULL, NULL, NULL, 10, NULL, true,
    'ab')" 2>&1)"

# ------------------------------------------------- lifecycle vocabulary
# The fact columns of cases and the rules of cases_valid() (the CHECK
# of cases, sql/017_check_functions.sql) say the same as the
# application's table (src/domain/facts.c, printed by the CLI): no
# column missing, no code the one knows and the other refuses.
admin data facts | sort > "$LOGS/facts.app"
cols=$(cut -f1 "$LOGS/facts.app" | sort -u | sed "s/.*/'&'/" |
    paste -sd, -)
owner_sql "WITH cols AS (
	SELECT a.attname AS col,
	    regexp_replace(format_type(a.atttypid, a.atttypmod),
	    '^numeric.*', 'numeric') AS typ
	FROM pg_attribute a
	WHERE a.attrelid = 'cb.cases'::regclass AND a.attnum > 0
	    AND NOT a.attisdropped AND a.attname IN ($cols)),
    chk AS (
	SELECT cols.col, cols.typ, (regexp_match(p.prosrc, '[(]' ||
	    cols.col || ' (?:IN [(]|<@ ARRAY[[])([^])]*)'))[1] AS list,
	    strpos(p.prosrc, '(' || cols.col || ' ~ ''^[A-Z]{2}\$'')') > 0
	    AS country
	FROM cols, pg_proc p WHERE p.oid = 'cb.cases_valid'::regproc)
    SELECT chk.col || E'\t' || chk.typ || E'\t' ||
	CASE WHEN chk.country THEN 'country'
	ELSE coalesce(m[1], '-') END
    FROM chk
    LEFT JOIN LATERAL regexp_matches(chk.list, '''([^'']+)''', 'g') m
	ON true" | sort > "$LOGS/facts.db"
if [ -s "$LOGS/facts.app" ] && cmp -s "$LOGS/facts.app" "$LOGS/facts.db"
then
	ok "fact columns and their codes agree with the application" \
	    "($(wc -l < "$LOGS/facts.app") codes)"
else
	notok "fact columns and their codes agree with the application"
	diff "$LOGS/facts.app" "$LOGS/facts.db" | head -20 | sed 's/^/#   /'
fi

# case_facts() (built as text, pair by pair) gives the same object as
# the columns themselves: every fact of the application's table, each
# value as JSON (quotes and backslashes escaped), none of those unset;
# {} when none is set.
for m in 1 2 3 0; do
	got=$(owner_sql "WITH v AS (
		SELECT coalesce(jsonb_object_agg(a.attname, CASE
		    WHEN a.atttypid = 'text'::regtype
			THEN to_jsonb('a \"q\" \\ ' || a.attname)
		    WHEN a.atttypid = 'text[]'::regtype
			THEN to_jsonb(ARRAY['x', 'y \"z'])
		    WHEN a.atttypid = 'boolean'::regtype
			THEN to_jsonb(a.attnum % 2 = 0)
		    WHEN a.atttypid = 'numeric'::regtype
			THEN to_jsonb(12.50)
		    WHEN a.atttypid = 'date'::regtype
			THEN to_jsonb('2026-01-0' || a.attnum % 9 + 1)
		    END) FILTER (WHERE $m > 0 AND a.attnum % $m = 0),
		    '{}') AS j, count(*) FILTER (WHERE $m > 0 AND
		    a.attnum % $m = 0) AS n
		FROM pg_attribute a
		WHERE a.attrelid = 'cb.cases'::regclass
		    AND a.attname IN ($cols))
	    SELECT (cb.case_facts(jsonb_populate_record(NULL::cb.cases,
		v.j))::jsonb = v.j) || ' ' || n FROM v" 2>&1)
	case $got in
	"true "[1-9]*|"true 0")
		ok "case_facts: the same object as its columns (${got#true } set)" ;;
	*)	notok "case_facts: the same object as its columns: $got" ;;
	esac
done

# ------------------------------------------------ rules of the tables
# Each CHECK that cases and persons had is one rule of their
# one CHECK function now (sql/017_check_functions.sql): every rule
# still refuses its bad value on its own (the other arguments NULL, as
# an absent value passes a CHECK), and all NULL passes.
rules_pass() {
	owner_sql "CREATE FUNCTION pg_temp.try(f text, arg text, val text)
	RETURNS boolean LANGUAGE plpgsql AS \$f\$
	DECLARE a text; r boolean;
	BEGIN
		SELECT string_agg(CASE WHEN n = arg THEN val ELSE 'NULL' END,
		    ', ' ORDER BY o) INTO a
		FROM pg_proc p, unnest(p.proargnames) WITH ORDINALITY x(n, o)
		WHERE p.oid = f::regproc;
		EXECUTE format('SELECT %s(%s)', f, a) INTO r;
		RETURN r;
	END \$f\$;
	SELECT count(*) FILTER (WHERE pg_temp.try(f, a, v)) || '/' ||
	    count(*) FROM (VALUES $1) t(f, a, v)"
}
equals "cases_valid: each rule refuses its bad value" "0/16" "$(rules_pass "
    ('cb.cases_valid', 'case_type', '''XX'''),
    ('cb.cases_valid', 'stage', '''nowhere'''),
    ('cb.cases_valid', 'htcds_status', '''Open'''),
    ('cb.cases_valid', 'office', 'repeat(''o'', 65)'),
    ('cb.cases_valid', 'stats_key', '-1'),
    ('cb.cases_valid', 'migration_status', '''tourist'''),
    ('cb.cases_valid', 'vulnerabilities', 'ARRAY[''elderly'', ''x'']'),
    ('cb.cases_valid', 'destination_country', '''Bosnia'''),
    ('cb.cases_valid', 'return_budget', '-0.01'),
    ('cb.cases_valid', 'return_currency', '''XXX'''),
    ('cb.cases_valid', 'exploitation_types', 'ARRAY[''Fun'']'),
    ('cb.cases_valid', 'means_of_control', 'ARRAY[''Threats'', ''Hugs'']'),
    ('cb.cases_valid', 'support_currency', '''eur'''),
    ('cb.cases_valid', 'closure_reason', '''bored'''),
    ('cb.cases_valid', 'country_of_exploitation', '''ba'''),
    ('cb.cases_valid', 'durable_solution', '''other''')" 2>&1)"
equals "persons_valid: each rule refuses its bad value" "0/2" "$(rules_pass "
    ('cb.persons_valid', 'citizenship', '''BIH'''),
    ('cb.persons_valid', 'age_band', '''200+''')" 2>&1)"
equals "and their good values and absent ones pass" "4/4" "$(rules_pass "
    ('cb.cases_valid', 'case_type', 'NULL'),
    ('cb.cases_valid', 'return_currency', '''BAM'''),
    ('cb.cases_valid', 'vulnerabilities', 'ARRAY[''elderly'', ''disability'']'),
    ('cb.persons_valid', 'age_band', '''48+''')" 2>&1)"
equals "persons_valid: no names without consent" "f|t" \
    "$(owner_sql "SELECT cb.persons_valid(false, '\\x00', NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, '{}', NULL, NULL), cb.persons_valid(false,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', NULL, NULL)" \
    2>&1 | tr '\n' '|' | sed 's/|$//')"
# audit_log keeps its five CHECKs (one per column, see 017), as regular
# expressions (018): a newline at the end is no way past them.
for bad in "('X', 'ok', NULL, NULL, NULL)" "('', 'ok', NULL, NULL, NULL)" \
    "('case.view', 'denied!', NULL, NULL, NULL)" \
    "('case.view', 'ok', 'person given_name', NULL, NULL)" \
    "('case.view', 'ok', NULL, 'xyz', NULL)" \
    "(E'case.view\\n', 'ok', NULL, NULL, NULL)" \
    "('case.view', E'ok\\n', NULL, NULL, NULL)" \
    "('case.view', 'ok', E'person.phone\\n', NULL, NULL)" \
    "('case.view', 'ok', NULL, E'ab\\n', NULL)" \
    "('case.view', 'ok', 'person.Phone', NULL, NULL)" \
    "('case.view', 'ok', NULL, NULL, array_fill(gen_random_uuid(), ARRAY[201]))"
do
	refused owner "audit_log refuses the entry $bad" \
	    "violates check constraint \"audit_log_" "INSERT INTO cb.audit_log
	    (action, outcome, fields, request_id, records) VALUES $bad"
done

# ------------------------------------------------ the list's order
# Paging a caseload whose cases share one created_at (one transaction's,
# a bulk import's) with the cursor the list hands out gives every case
# once, in (created_at, id) order, newest first: 130 tied cases and 10
# newer ones, pages of 50.
super_sql "SET session_replication_role = replica;
    INSERT INTO cb.users (id, username, pw_hash, role, office) VALUES
    ('4c157000-0000-4000-8000-000000000001', 'it.list', 'x', 'caseworker',
    'sarajevo');
    INSERT INTO cb.sessions (token_hash, user_id, expires_at) VALUES
    (sha256('list'), '4c157000-0000-4000-8000-000000000001',
    now() + interval '12 h');
    CREATE TEMP TABLE s AS SELECT g, gen_random_uuid() AS p,
	gen_random_uuid() AS c, gen_random_uuid() AS k
	FROM generate_series(1, 140) g;
    INSERT INTO cb.data_keys (id, key_version, seal_version, wrapped)
	SELECT k, 1, 1, '\\x00' FROM s;
    INSERT INTO cb.persons (id, key_id, consent_data_processing,
	created_by)
	SELECT p, k, false, '4c157000-0000-4000-8000-000000000001' FROM s;
    INSERT INTO cb.cases (id, person_id, key_id, case_type, state, stage,
	htcds_status, office, assigned_to, created_by, registration_year,
	created_at)
	SELECT c, p, k, 'AVRR', 'registered', 'intake', 'Active',
	'sarajevo', '4c157000-0000-4000-8000-000000000001',
	'4c157000-0000-4000-8000-000000000001', 2026,
	CASE WHEN g <= 130 THEN timestamptz '2026-01-01 10:00:00+00'
	ELSE timestamptz '2026-01-01 10:00:00+00' + g * interval '1 s' END
	FROM s" >"$LOGS/list.err" 2>&1 ||
    notok "140 cases for the list ($(head -3 "$LOGS/list.err"))"
want=$(super_sql "SELECT id FROM cb.cases WHERE assigned_to =
    '4c157000-0000-4000-8000-000000000001'
    ORDER BY created_at DESC, id DESC")
got=""
pages=0
after="NULL, NULL"
while [ $pages -lt 10 ]; do
	page=$(app_sql "SELECT c_id || '|' || c_cursor FROM cb.case_list(
	    sha256('list'), NULL, NULL, NULL, false, NULL, false, $after, 50,
	    NULL, 'ab') WHERE c_id IS NOT NULL" 2>>"$LOGS/list.err")
	pages=$((pages + 1))
	shown=$(printf '%s\n' "$page" | head -n 50)
	got="$got$(printf '%s\n' "$shown" | cut -d'|' -f1)
"
	[ "$(printf '%s\n' "$page" | grep -c .)" -gt 50 ] || break
	last=$(printf '%s\n' "$shown" | tail -n 1)
	after="'${last#*|}'::timestamptz, '${last%%|*}'::uuid"
done
equals "the list pages 140 cases, 130 of one created_at, in 3 pages of 50" \
    "3 140" "$pages $(printf '%s' "$got" | grep -c .)"
equals "...each once, newest first, ties in id order" "140 $want" \
    "$(printf '%s\n' "$want" | grep -c .) $(printf '%s' "$got" | sed '/^$/d')"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
