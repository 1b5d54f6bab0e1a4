#!/bin/sh
# Installs casebook on a Debian 12 server, from a checkout where `make`
# has built casebook.so and casebook-admin. Run as root. Safe to run
# again: it updates the code, migrates the database and keeps keys,
# data and the TLS configuration.
#
#   scripts/install.sh [--dry-run] [--port PORT] [--no-db]
#
#   --dry-run   print what would be done, change nothing (needs neither
#               root nor a running systemd)
#   --port      Kore's port on 127.0.0.1 (default 8080)
#   --no-db     no local database unit (the database is elsewhere:
#               point db_socket in /etc/casebook/casebook.cfg at it)
#
# What goes where:
#   /opt/casebook             the code (read-only; replaced as a whole)
#   /var/lib/casebook         the database cluster (pg/, socket run/),
#                             the audit checkpoints (audit/)
#   /etc/casebook             casebook.cfg, kore.conf, tls.cfg, tls/,
#                             keys/ (master.key root 0400)
#   /etc/systemd/system       casebook.service, casebook-db.service
#   /etc/nginx/sites-*        casebook (the TLS site)
#   /usr/local/sbin/casebook-admin   the CLI with /etc/casebook's config
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
DRY=0
PORT=8080
DB=1
while [ $# -gt 0 ]; do
	case "$1" in
	--dry-run) DRY=1 ;;
	--port) PORT=${2:?--port needs a number}; shift ;;
	--no-db) DB=0 ;;
	*) echo "install.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
case "$PORT" in
''|*[!0-9]*) echo "install.sh: --port $PORT is not a port" >&2; exit 2 ;;
esac

PREFIX=/opt/casebook
STATE=/var/lib/casebook
ETC=/etc/casebook
UNITS=/etc/systemd/system
SITE=/etc/nginx/sites-available/casebook
PKGS="kore postgresql nginx openssl libsodium23 libicu72 libcrack2
cracklib-runtime libpq5 curl"

# Every change goes through run: printed, and done unless --dry-run.
run() {
	echo "+ $*"
	[ $DRY -eq 1 ] || "$@"
}

# write FILE MODE: standard input into FILE (atomically).
write() {
	if [ $DRY -eq 1 ]; then
		echo "+ write $1 (mode $2):"
		sed 's/^/|   /'
		return 0
	fi
	cat > "$1.tmp"
	chmod "$2" "$1.tmp"
	mv "$1.tmp" "$1"
}

systemd_up() {
	[ -d /run/systemd/system ]
}

if [ $DRY -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
	echo "install.sh: run as root (or with --dry-run)" >&2
	exit 1
fi
for f in casebook.so casebook-admin; do
	if [ ! -x "$SRC/$f" ]; then
		echo "install.sh: $SRC/$f is missing: run make first" >&2
		exit 1
	fi
done

echo "# packages"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	run apt-get update -q
	run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $missing
fi

echo "# the casebook user (Kore's workers run as it)"
if ! id casebook >/dev/null 2>&1; then
	run useradd --system --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin casebook
fi

echo "# the code, in $PREFIX"
# A new tree renamed into place: the running server keeps the module it
# mapped, instead of having it rewritten under its feet.
run rm -rf "$PREFIX.new"
run mkdir -p "$PREFIX.new"
run cp -R "$SRC/casebook.so" "$SRC/casebook-admin" "$SRC/README.md" \
    "$SRC/assets" "$SRC/conf" "$SRC/scripts" "$SRC/sql" "$PREFIX.new/"
run chown -R root:root "$PREFIX.new"
run chmod -R go-w "$PREFIX.new"
run rm -rf "$PREFIX.old"
[ -e "$PREFIX" ] && run mv "$PREFIX" "$PREFIX.old"
run mv "$PREFIX.new" "$PREFIX"
run rm -rf "$PREFIX.old"

echo "# configuration in $ETC, state in $STATE"
run mkdir -p "$ETC" "$STATE"
run chmod 0755 "$ETC" "$STATE"
if [ ! -f "$ETC/tls.cfg" ]; then
	write "$ETC/tls.cfg" 0644 <<EOF
# casebook's TLS (read by $PREFIX/scripts/tls.sh site, which
# scripts/install.sh runs). Put the paths of the real certificate
# chain and key here, e.g. from certbot:
#   cert = /etc/letsencrypt/live/casebook.example.org/fullchain.pem
#   key = /etc/letsencrypt/live/casebook.example.org/privkey.pem
# then run install.sh again (or tls.sh site and reload nginx). Until
# then: a self-signed certificate, which browsers will warn about.
cert = $ETC/tls/cert.pem
key = $ETC/tls/key.pem
server_name = _
listen = 443 [::]:443
EOF
fi
if grep -q "^cert = $ETC/tls/cert.pem\$" "$ETC/tls.cfg" 2>/dev/null ||
    [ $DRY -eq 1 ]; then
	run "$PREFIX/scripts/tls.sh" cert "$ETC"
fi

# The database as a service: the cluster made by db.sh, which also
# makes the keys, the roles' passwords and casebook.cfg, and migrates.
if [ $DB -eq 1 ]; then
	echo "# the database cluster in $STATE/pg"
	export CASEBOOK_KEYS_DIR="$ETC/keys" CASEBOOK_CFG_FILE="$ETC/casebook.cfg"
	export CASEBOOK_TRUSTED_PROXY=127.0.0.1
	echo "+ CASEBOOK_KEYS_DIR=$ETC/keys CASEBOOK_CFG_FILE=$ETC/casebook.cfg" \
	    "CASEBOOK_TRUSTED_PROXY=127.0.0.1"
	if systemd_up && systemctl is-active -q casebook-db 2>/dev/null; then
		# Running under systemd: db.sh finds it and migrates.
		run "$PREFIX/scripts/db.sh" init "$STATE"
	else
		run "$PREFIX/scripts/db.sh" init "$STATE"
		# Stopped again: from now on systemd runs it.
		systemd_up && run "$PREFIX/scripts/db.sh" stop "$STATE"
	fi
elif [ ! -f "$ETC/casebook.cfg" ]; then
	echo "install.sh: --no-db needs $ETC/casebook.cfg (see README" \
	    "\"Running as a service\")" >&2
	[ $DRY -eq 1 ] || exit 1
fi

echo "# Kore's configuration"
run env CASEBOOK_PIDFILE=/run/casebook/kore.pid \
    "$PREFIX/scripts/serve.sh" "$STATE" "$PORT" --render "$ETC/kore.conf"

echo "# the CLI"
write /usr/local/sbin/casebook-admin 0755 <<EOF
#!/bin/sh
# casebook-admin with the server's configuration (scripts/install.sh).
exec $PREFIX/casebook-admin --config $ETC/casebook.cfg "\$@"
EOF

echo "# nginx: the TLS site"
run "$PREFIX/scripts/tls.sh" site "$SITE" "127.0.0.1:$PORT"
run ln -sfn "$SITE" /etc/nginx/sites-enabled/casebook
run nginx -t -q

echo "# systemd units"
run install -m 0644 "$PREFIX/conf/casebook.service" "$UNITS/casebook.service"
if [ $DB -eq 1 ]; then
	run install -m 0644 "$PREFIX/conf/casebook-db.service" \
	    "$UNITS/casebook-db.service"
fi
if systemd_up || [ $DRY -eq 1 ]; then
	run systemctl daemon-reload
	if [ $DB -eq 1 ]; then
		run systemctl enable --now casebook-db.service
	fi
	run systemctl enable casebook.service
	# A new module is loaded only by a new server.
	run systemctl restart casebook.service
	run systemctl reload-or-restart nginx.service
else
	echo "# systemd is not running here: the units are installed;" \
	    "enable them once it is (systemctl enable --now" \
	    "casebook-db casebook; systemctl reload nginx)"
fi
echo "# done: https://$(hostname -f 2>/dev/null || hostname)/"
