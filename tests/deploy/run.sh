#!/bin/sh
# The deployment, checked without a running systemd: the unit files
# (systemd-analyze verify, with no warning at all, and their exposure
# score), the hardening each must keep, the nginx site (nginx -t, and
# its body limit equal to Kore's), install.sh --dry-run (prints, changes
# nothing), and, where this runs as root with mount namespaces, a real
# install into a private overlay of the system, twice, with the server
# and nginx started from what it installed (tests/deploy/sandbox.sh).
# Prints "ok - ..." / "not ok - ..." and "N passed, M failed".
#
# usage: tests/deploy/run.sh
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
PASSED=0
FAILED=0
T=$(mktemp -d "${CB_TEST_TMP:-/tmp}/casebook-deploy.XXXXXX")
trap 'rm -rf "$T"' EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok - deploy: $*"; }
notok() { FAILED=$((FAILED + 1)); echo "not ok - deploy: $*"; }
detail() { sed 's/^/#   /' | head -"${1:-20}"; }

UNITS="conf/casebook.service conf/casebook-db.service"

# ------------------------------------------------------ unit files
if ! command -v systemd-analyze >/dev/null; then
	notok "systemd-analyze is installed (scripts/deps.sh: systemd)"
else
	out=$(systemd-analyze verify $UNITS 2>&1)
	rc=$?
	# verify only warns about an unknown or misspelt key: any word
	# from it is a failure here.
	if [ $rc -eq 0 ] && [ -z "$out" ]; then
		ok "systemd-analyze verify: both units, not one warning"
	else
		notok "systemd-analyze verify: both units, not one warning"
		echo "$out" | detail
	fi
	for u in $UNITS; do
		line=$(systemd-analyze security --offline=yes "$u" 2>&1 |
		    grep 'Overall exposure level')
		case "$line" in
		*" SAFE"*|*" OK"*)
			ok "$(basename "$u"): ${line#*: }" ;;
		*)
			notok "$(basename "$u") exposure is SAFE or OK: $line" ;;
		esac
	done
fi

# What the issue asks of every unit; a line lost in an edit fails here.
for u in $UNITS; do
	missing=""
	for d in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
	    PrivateTmp=yes PrivateDevices=yes ProtectKernelTunables=yes \
	    ProtectKernelModules=yes ProtectKernelLogs=yes \
	    ProtectControlGroups=yes Restart=on-failure LimitCORE=0 \
	    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"; do
		grep -qx "$d" "$u" || missing="$missing [$d]"
	done
	grep -q '^ReadWritePaths=/var/lib/casebook/' "$u" ||
	    missing="$missing [ReadWritePaths under /var/lib/casebook]"
	if [ -z "$missing" ]; then
		ok "$(basename "$u") has the hardening of the issue"
	else
		notok "$(basename "$u") lacks$missing"
	fi
done
# The server writes only its audit checkpoints; its workers run as
# the dedicated user.
if grep -qx 'ReadWritePaths=/var/lib/casebook/audit' conf/casebook.service &&
    [ "$(grep -c '^ReadWritePaths=' conf/casebook.service)" = 1 ] &&
    grep -qx 'CapabilityBoundingSet=CAP_SETUID CAP_SETGID' \
    conf/casebook.service; then
	ok "casebook.service writes only var/audit and may only drop to a user"
else
	notok "casebook.service writes only var/audit and may only drop to a user"
fi

# ------------------------------------------------------ nginx site
mkdir -p "$T/site"
if CASEBOOK_TLS_CONF=/dev/null scripts/tls.sh cert "$T/site" >/dev/null &&
    printf 'cert = %s\nkey = %s\nserver_name = casebook.example.org\n' \
    "$T/site/tls/cert.pem" "$T/site/tls/key.pem" > "$T/site/tls.cfg" &&
    CASEBOOK_TLS_CONF="$T/site/tls.cfg" scripts/tls.sh site \
    "$T/site/casebook-nginx.conf" 127.0.0.1:8080; then
	ok "tls.sh site renders the production site"
else
	notok "tls.sh site renders the production site"
fi
mkdir -p "$T/site/log" "$T/site/nginx"
sed -e "s|@DIR@|$T/site|g" -e "s|@USER@||" conf/nginx.conf.in \
    > "$T/site/nginx.conf"
# The production access log path is Debian's; test it here.
sed -i "s|/var/log/nginx/casebook-access.log|$T/site/log/access.log|" \
    "$T/site/casebook-nginx.conf"
if out=$(nginx -t -q -p "$T/site/nginx/" -c "$T/site/nginx.conf" \
    -e "$T/site/log/error.log" 2>&1); then
	ok "nginx -t accepts the site"
else
	notok "nginx -t accepts the site"
	echo "$out" | detail
fi
kore_max=$(awk '$1 == "http_body_max" { print $2 }' conf/casebook.conf.in)
if grep -q "^	client_max_body_size $kore_max;" "$T/site/casebook-nginx.conf" &&
    grep -q "^	listen 443 ssl http2;" "$T/site/casebook-nginx.conf" &&
    grep -q "^	listen \[::\]:443 ssl http2;" "$T/site/casebook-nginx.conf" &&
    grep -q "^	server_name casebook.example.org;" \
    "$T/site/casebook-nginx.conf"; then
	ok "site: body limit = Kore's http_body_max ($kore_max), listens on 443 (v4, v6)"
else
	notok "site: body limit = Kore's http_body_max ($kore_max), listens on 443 (v4, v6)"
	grep -E 'client_max|listen|server_name' "$T/site/casebook-nginx.conf" |
	    detail
fi
printf 'cert = /x;include /etc/shadow\nkey = /y\n' > "$T/site/bad.cfg"
if CASEBOOK_TLS_CONF="$T/site/bad.cfg" scripts/tls.sh site \
    "$T/site/bad.conf" 127.0.0.1:8080 2>/dev/null; then
	notok "tls.sh refuses a configuration value nginx would parse"
else
	ok "tls.sh refuses a configuration value nginx would parse"
fi

# ------------------------------------------------------ install.sh
targets="/opt/casebook /etc/casebook /var/lib/casebook
/etc/systemd/system/casebook.service /etc/nginx/sites-available/casebook
/usr/local/sbin/casebook-admin"
state() {
	for p in $targets; do
		ls -la --time-style=full-iso "$p" 2>&1
	done
}
before=$(state)
if scripts/install.sh --dry-run > "$T/dry.out" 2>&1; then
	ok "install.sh --dry-run runs"
else
	notok "install.sh --dry-run runs"
	detail < "$T/dry.out"
fi
if [ "$(state)" = "$before" ]; then
	ok "install.sh --dry-run changes nothing"
else
	notok "install.sh --dry-run changes nothing"
fi
missing=""
for step in "scripts/db.sh init /var/lib/casebook" \
    "serve.sh /var/lib/casebook 8080 --render /etc/casebook/kore.conf" \
    "tls.sh site /etc/nginx/sites-available/casebook 127.0.0.1:8080" \
    "install -m 0644 /opt/casebook/conf/casebook.service" \
    "systemctl enable --now casebook-db.service" \
    "systemctl enable casebook.service" "systemctl restart casebook.service" \
    "CASEBOOK_KEYS_DIR=/etc/casebook/keys" "CASEBOOK_TRUSTED_PROXY=127.0.0.1"; do
	grep -qF -- "$step" "$T/dry.out" || missing="$missing [$step]"
done
if [ -z "$missing" ]; then
	ok "install.sh --dry-run names every step"
else
	notok "install.sh --dry-run lacks$missing"
fi
if scripts/install.sh --dry-run --port 80x >/dev/null 2>&1 ||
    scripts/install.sh --dry-run --bogus >/dev/null 2>&1; then
	notok "install.sh refuses a bad port and an unknown option"
else
	ok "install.sh refuses a bad port and an unknown option"
fi

# A real install, in a private copy of the system.
if [ "$(id -u)" -ne 0 ] || ! unshare -m -n true 2>/dev/null; then
	echo "# deploy: sandboxed install skipped (needs root and mount" \
	    "namespaces)"
else
	unshare -m -n --propagation private sh tests/deploy/sandbox.sh "$T" \
	    > "$T/sandbox.out" 2>&1
	st=$?
	cat "$T/sandbox.out"
	p=$(grep -c '^ok - ' "$T/sandbox.out")
	f=$(grep -c '^not ok - ' "$T/sandbox.out")
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	if [ $st -ne 0 ] && [ "$f" -eq 0 ]; then
		notok "sandbox.sh exited with $st without a failed check"
	fi
fi

echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ] && [ $PASSED -gt 0 ]
