#!/bin/sh
# A real scripts/install.sh, run by tests/deploy/run.sh inside
# `unshare -m -n`: /etc, /opt, /usr/local, /var/lib, /var/log and /run
# are overlays whose writes land in a throwaway directory, and the
# network is a private loopback, so nothing of the machine changes and
# nothing listens outside. Installs twice (the second keeps keys and
# data), then starts the database, the server (as casebook.service
# would: its Environment and ExecStart) and nginx (Debian's nginx.conf
# with the installed site) from what was installed, and talks HTTPS to
# it. Everything it started is stopped at the end.
#
# usage: sandbox.sh SCRATCH   (inside a new mount and network namespace)
set -u

SCRATCH=${1:?scratch directory}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok - deploy: sandbox: $*"; }
notok() { FAILED=$((FAILED + 1)); echo "not ok - deploy: sandbox: $*"; }
check() {
	desc=$1
	shift
	if "$@" > "$SCRATCH/check.out" 2>&1; then
		ok "$desc"
	else
		notok "$desc"
		sed 's/^/#   /' "$SCRATCH/check.out" | tail -15
	fi
}

OV="$SCRATCH/ov"
mkdir -p "$OV"
mount -t tmpfs -o mode=0755 tmpfs "$OV" || exit 1
for d in /etc /opt /usr/local /var/lib /var/log /run; do
	n=$(echo "$d" | tr / _)
	mkdir -p "$OV/$n.up" "$OV/$n.work"
	mount -t overlay overlay \
	    -o "lowerdir=$d,upperdir=$OV/$n.up,workdir=$OV/$n.work" "$d" ||
	    { notok "overlay on $d"; exit 1; }
done
ip link set lo up

KORE_PID=
cleanup() {
	[ -n "$KORE_PID" ] && kill -TERM "$KORE_PID" 2>/dev/null
	[ -s /run/nginx.pid ] && nginx -s quit 2>/dev/null
	CASEBOOK_KEYS_DIR=/etc/casebook/keys \
	    CASEBOOK_CFG_FILE=/etc/casebook/casebook.cfg \
	    /opt/casebook/scripts/db.sh stop /var/lib/casebook \
	    >/dev/null 2>&1
	i=0
	while [ -n "$KORE_PID" ] && kill -0 "$KORE_PID" 2>/dev/null &&
	    [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ -n "$KORE_PID" ] && kill -KILL "-$KORE_PID" 2>/dev/null
	# Nothing of the sandbox may outlive it (the overlays go with it).
	pm=/var/lib/casebook/pg/postmaster.pid
	[ -s $pm ] && kill -KILL "$(head -1 $pm)" 2>/dev/null
	sleep 0.5
}
trap cleanup EXIT

# ------------------------------------------------------ first install
check "install.sh installs" "$TOP/scripts/install.sh"
check "the master key is root's, mode 0400" sh -c \
    '[ "$(stat -c %U:%a /etc/casebook/keys/master.key)" = root:400 ]'
check "the keys directory is root's alone (0700), away from the data" \
    sh -c '[ "$(stat -c %U:%a /etc/casebook/keys)" = root:700 ] &&
    [ ! -e /var/lib/casebook/keys ]'
check "casebook.cfg (0600) trusts only nginx on loopback" sh -c \
    '[ "$(stat -c %a /etc/casebook/casebook.cfg)" = 600 ] &&
    grep -qx "trusted_proxy = 127.0.0.1" /etc/casebook/casebook.cfg'
check "the code is in /opt/casebook, root's and read-only to others" sh -c \
    '[ -x /opt/casebook/casebook.so ] && [ ! -e /opt/casebook.new ] &&
    [ -z "$(find /opt/casebook ! -user root -o -perm -o+w | head -1)" ]'
check "the installed units verify" systemd-analyze verify \
    /etc/systemd/system/casebook.service \
    /etc/systemd/system/casebook-db.service
check "nginx's site is enabled with a self-signed ECDSA key (0600)" sh -c \
    '[ -L /etc/nginx/sites-enabled/casebook ] &&
    [ "$(stat -c %a /etc/casebook/tls/key.pem)" = 600 ] &&
    openssl x509 -in /etc/casebook/tls/cert.pem -noout -text |
    grep -q "NIST CURVE: P-256"'
check "kore.conf runs workers as casebook, pid under /run/casebook" sh -c \
    'grep -qx "runas casebook" /etc/casebook/kore.conf &&
    grep -q "^pidfile[[:space:]]*/run/casebook/kore.pid$" \
    /etc/casebook/kore.conf'

PW=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')Aq7-
check "casebook-admin (the installed wrapper) adds a user" sh -c \
    "printf '%s\n' '$PW' | /usr/local/sbin/casebook-admin user add \
    --username sandboxcw --role caseworker --office Sarajevo"
key1=$(sha256sum /etc/casebook/keys/master.key)
cfg1=$(sha256sum /etc/casebook/tls.cfg)

# ------------------------------------------------------ second install
check "install.sh again" "$TOP/scripts/install.sh"
check "...keeps the master key, the TLS configuration and the users" \
    sh -c "[ '$(sha256sum /etc/casebook/keys/master.key)' = '$key1' ] &&
    [ '$(sha256sum /etc/casebook/tls.cfg)' = '$cfg1' ] &&
    /usr/local/sbin/casebook-admin user list | grep -q sandboxcw"

# ------------------------------------------------- run what it installed
U=/etc/systemd/system/casebook.service
mkdir -p /run/casebook
envs=$(sed -n 's/^Environment=//p' "$U")
exec_start=$(sed -n 's/^ExecStart=//p' "$U")
wd=$(sed -n 's/^WorkingDirectory=//p' "$U")
(
	cd "$wd" || exit 1
	# shellcheck disable=SC2086
	exec setsid env $envs $exec_start
) > "$SCRATCH/kore.log" 2>&1 < /dev/null &
KORE_PID=$!
i=0
until curl -fsS http://127.0.0.1:8080/healthz >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$KORE_PID" 2>/dev/null; then
		break
	fi
	sleep 0.1
done
check "the server starts as the unit says and reaches its database" \
    sh -c 'curl -fsS http://127.0.0.1:8080/healthz | grep -q "\"db\":true"'
check "nginx starts with Debian's nginx.conf and the site" nginx

H="$SCRATCH/h.txt"
check "https://127.0.0.1/healthz answers through nginx" sh -c \
    "curl -ks -D '$H' -o '$SCRATCH/body' https://127.0.0.1/healthz &&
    grep -q '\"db\":true' '$SCRATCH/body'"
check "...with HSTS, and cookies __Host- and Secure on the login page" \
    sh -c "grep -qi '^strict-transport-security: max-age=' '$H' &&
    curl -ks -D - -o /dev/null https://127.0.0.1/login |
    grep -i '^set-cookie: __Host-cb_pre=' | grep -qi 'secure'"
rid=$(sed -n 's/^x-request-id: *\([0-9a-f]*\).*/\1/ip' "$H" | head -1)
check "the request id is in nginx's log and the server's access line" \
    sh -c "[ -n '$rid' ] &&
    grep -q 'rid=$rid ' /var/log/nginx/casebook-access.log &&
    grep -q 'access rid=$rid method=GET route=/healthz status=200' \
    '$SCRATCH/kore.log'"
check "the workers run as casebook, the parent as root" sh -c \
    "[ \"\$(ps -o user= -p $KORE_PID)\" = root ] &&
    ps -o user= --ppid $KORE_PID | grep -qx casebook"

echo "# deploy sandbox: $PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
