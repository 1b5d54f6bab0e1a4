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

org=$("$ADMIN" org add --name "Centre for Social Work Sarajevo" \
    --type LocalGovernmentOrganisation --country BA) || [ $? -eq 3 ]
org=$("$ADMIN" org add --name "Centre for Social Work Sarajevo" \
    --type LocalGovernmentOrganisation --country BA 2>/dev/null |
    tail -1) || true

add() {
	# user role office [organisation]
	printf 'demo-%s-2026\n' "$1" | "$ADMIN" user add --username "$1" \
	    --role "$2" ${3:+--office "$3"} ${4:+--organisation "$4"} \
	    >/dev/null || [ $? -eq 3 ]
}

add caseworker caseworker Sarajevo
add caseworker2 caseworker Belgrade
add supervisor supervisor Sarajevo
add supervisor2 supervisor Belgrade
add partner partner "" "$org"
add auditor auditor
add admin admin
echo "demo: users ready (see README.md for passwords)"
