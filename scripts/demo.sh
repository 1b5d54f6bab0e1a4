#!/bin/sh
# Demo data for a development state directory: one partner
# organisation and one user per role (two offices, so that office
# separation can be seen). Idempotent: a user that exists is left
# alone. Each user created gets a random password, appended to
# DIR/demo-passwords (mode 0600, "username<TAB>password" lines), the
# only place it is kept; on a terminal the new ones are also shown,
# once. The passwords are for a first try on this machine only.
#
# usage: demo.sh DIR
set -eu

DIR=$(cd "${1:?state dir}" && pwd)
TOP=$(cd "$(dirname "$0")/.." && pwd)
ADMIN="$TOP/casebook-admin"
PWFILE="$DIR/demo-passwords"
export CASEBOOK_CONF="$DIR/casebook.cfg"

created=0
shown=""
missing=""

# 100 bits: four groups of five base32 characters, e.g.
# k3x7q-ab2cd-mz45t-vn7p2. Only pipes and shell built-ins see it.
randpw() {
	head -c 15 /dev/urandom | base32 | tr 'A-Z' 'a-z' | cut -c1-20 |
	    sed 's/^\(.....\)\(.....\)\(.....\)\(.....\)$/\1-\2-\3-\4/'
}

add() {
	# user role office [organisation]
	tries=0
	while :; do
		pw=$(randpw)
		rc=0
		printf '%s\n' "$pw" | "$ADMIN" user add --username "$1" \
		    --role "$2" ${3:+--office "$3"} ${4:+--organisation "$4"} \
		    >/dev/null 2>"$DIR/demo.err" || rc=$?
		case $rc in
		0)
			printf '%s\t%s\n' "$1" "$pw" >> "$PWFILE"
			created=$((created + 1))
			shown="$shown    $(printf '%-12s %s' "$1" "$pw")
"
			return 0
			;;
		3)
			# Made by an earlier run, or by hand: not ours to
			# change. Without a line here it may still have the
			# password an older demo.sh published.
			if ! cut -f1 "$PWFILE" | grep -qxF "$1"; then
				missing="$missing $1"
			fi
			return 0
			;;
		2)
			# cracklib refuses about 1 in 700 random strings;
			# draw again.
			tries=$((tries + 1))
			[ $tries -lt 5 ] && continue
			;;
		esac
		cat "$DIR/demo.err" >&2
		exit 1
	done
}

(umask 077 && : >> "$PWFILE")
chmod 0600 "$PWFILE"

# Exit 3 means "exists already"; the id is printed either way.
org=$("$ADMIN" org add --name "Centre for Social Work Sarajevo" \
    --type LocalGovernmentOrganisation --country BA 2>"$DIR/demo.err" |
    tail -1)
if ! echo "$org" | grep -Eq '^[0-9a-f-]{36}$'; then
	cat "$DIR/demo.err" >&2
	exit 1
fi

add caseworker caseworker Sarajevo
add caseworker2 caseworker Belgrade
add supervisor supervisor Sarajevo
add supervisor2 supervisor Belgrade
add partner partner "" "$org"
add auditor auditor
add admin admin
rm -f "$DIR/demo.err"
pw=""

if [ "$created" -gt 0 ] && [ -t 1 ]; then
	cat <<EOF

demo: created $created demo user(s) with random passwords, shown only
this once and kept in $PWFILE
(mode 0600):

$shown
They are for a first try on this machine only: give real users their
own accounts (casebook-admin user add). \`make run DEMO=0\` creates no
demo users.

EOF
elif [ "$created" -gt 0 ]; then
	echo "demo: created $created demo user(s); passwords in $PWFILE"
else
	echo "demo: demo users exist; passwords in $PWFILE"
fi
shown=""
if [ -n "$missing" ]; then
	echo "demo: these demo users existed already and have no password" \
	    "in $PWFILE:$missing." >&2
	echo "demo: an older demo.sh gave them a published password; set" \
	    "new ones with: casebook-admin user reset-password" \
	    "--username USER" >&2
fi
