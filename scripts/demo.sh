#!/bin/sh
# Demo data for a development state directory: one partner
# organisation and one user per role (two offices, so that office
# separation can be seen). Idempotent. The passwords are in README.md
# and are for local development only.
set -eu

DIR=$(cd "${1:?state dir}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
ADMIN="$TOP/casebook-admin"
export CASEBOOK_CONF="$DIR/casebook.cfg"

# Exit 3 means "exists already"; the id is printed either way.
org=$("$ADMIN" org add --name "Centre for Social Work Sarajevo" \
    --type LocalGovernmentOrganisation --country BA 2>"$DIR/demo.err" |
    tail -1)
if ! echo "$org" | grep -Eq '^[0-9a-f-]{36}$'; then
	cat "$DIR/demo.err" >&2
	exit 1
fi

add() {
	# user role office [organisation]
	rc=0
	printf 'demo-%s-2026\n' "$1" | "$ADMIN" user add --username "$1" \
	    --role "$2" ${3:+--office "$3"} ${4:+--organisation "$4"} \
	    >/dev/null 2>"$DIR/demo.err" || rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
		cat "$DIR/demo.err" >&2
		exit 1
	fi
}

add caseworker caseworker Sarajevo
add caseworker2 caseworker Belgrade
add supervisor supervisor Sarajevo
add supervisor2 supervisor Belgrade
add partner partner "" "$org"
add auditor auditor
add admin admin
rm -f "$DIR/demo.err"
echo "demo: users ready (see README.md for passwords)"
