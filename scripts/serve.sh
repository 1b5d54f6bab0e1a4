#!/bin/sh
# Serves casebook from a state directory made by scripts/db.sh.
#   serve.sh DIR PORT          foreground (make run)
#   serve.sh DIR PORT --bg     background; pid in DIR/kore.pid,
#                              log in DIR/log/server.log (tests)
#   serve.sh DIR - --stop      stops a background server
#   serve.sh DIR PORT --render FILE
#                              only writes Kore's configuration to FILE
#                              (scripts/install.sh, for systemd)
# CASEBOOK_TLS=1 (make run TLS=1) puts nginx in front (scripts/tls.sh):
# https://127.0.0.1:$TLS_PORT/ (default 8443), cookies Secure and
# __Host-; Kore stays on 127.0.0.1:PORT and nginx stops with it.
# CASEBOOK_INSTANCE=NAME runs a second server on the same state
# directory (NAME.pid, NAME.conf, log/NAME.log); CASEBOOK_CONF names
# another configuration file than DIR/casebook.cfg.
set -eu

DIR=$(cd "${1:?state dir}" && pwd)
PORT=${2:?port}
MODE=${3:-}
TOP=$(cd "$(dirname "$0")/.." && pwd)
WORKERS=${CASEBOOK_WORKERS:-2}
# The sanitizer run loads an ASan-built module into the stock kore,
# which needs the ASan runtime first in line.
SO=${CASEBOOK_SO:-$TOP/casebook.so}
case "$SO" in /*) ;; *) SO="$TOP/$SO" ;; esac
PRELOAD=${CASEBOOK_PRELOAD:-}
NAME=${CASEBOOK_INSTANCE:-kore}
LOGNAME_=${CASEBOOK_INSTANCE:-server}

TLS_PORT=${TLS_PORT:-8443}
if [ "${CASEBOOK_TLS:-}" = 1 ]; then
	export CASEBOOK_SECURE_COOKIES=1
fi

# The server runs in a process group of its own (setsid), so stopping
# it reaches every worker too.
if [ "$MODE" = "--stop" ]; then
	exec "$TOP/scripts/stopgroup.sh" "$DIR/$NAME.pid" TERM serve.sh
fi

# As root, workers drop to the casebook system user (no chroot: the
# module and key live outside any chroot we could make here).
if [ "$(id -u)" -eq 0 ]; then
	RUNAS="runas casebook"
	FLAGS="-n"
else
	RUNAS=""
	FLAGS="-n -r"
fi

# Kore's own pid file, apart from ours (it removes it when it stops).
OUT="$DIR/$NAME.conf"
PIDFILE="$DIR/$NAME.kore-pid"
if [ "$MODE" = "--render" ]; then
	OUT=${4:?output file}
	PIDFILE=${CASEBOOK_PIDFILE:-/run/casebook/kore.pid}
fi
sed -e "s|@PORT@|$PORT|" -e "s|@TOP@|$TOP|" -e "s|@WORKERS@|$WORKERS|" -e "s|@SO@|$SO|" \
    -e "s|@RUNAS@|$RUNAS|" -e "s|@PIDFILE@|$PIDFILE|" \
    "$TOP/conf/casebook.conf.in" > "$OUT"
[ "$MODE" = "--render" ] && exit 0

export CASEBOOK_CONF="${CASEBOOK_CONF:-$DIR/casebook.cfg}"
export CASEBOOK_ROOT="$TOP"
cd "$TOP"
if [ "$MODE" = "--bg" ]; then
	mkdir -p "$DIR/log"
	# Line-buffered, so the log is complete even if a worker dies.
	LD_PRELOAD="$PRELOAD" setsid stdbuf -oL -eL kore $FLAGS -f \
	    -c "$DIR/$NAME.conf" \
	    >> "$DIR/log/$LOGNAME_.log" 2>&1 < /dev/null &
	echo $! > "$DIR/$NAME.pid"
	i=0
	until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$(cat "$DIR/$NAME.pid")" \
		    2>/dev/null; then
			echo "serve.sh: server did not come up" >&2
			tail -20 "$DIR/log/$LOGNAME_.log" >&2
			exit 1
		fi
		sleep 0.1
	done
elif [ "${CASEBOOK_TLS:-}" = 1 ]; then
	# The client's address is believed only from the proxy.
	if ! grep -q '^trusted_proxy = 127.0.0.1$' "$CASEBOOK_CONF"; then
		echo "serve.sh: $CASEBOOK_CONF has no trusted_proxy =" \
		    "127.0.0.1: every client would count as nginx (make run" \
		    "TLS=1 sets it)" >&2
		exit 1
	fi
	"$TOP/scripts/tls.sh" start "$DIR" "$TLS_PORT" "$PORT"
	trap '"$TOP/scripts/tls.sh" stop "$DIR"' EXIT
	trap 'exit 130' INT TERM
	echo "casebook: serving on https://127.0.0.1:$TLS_PORT/" \
	    "(nginx; Kore on 127.0.0.1:$PORT)"
	kore $FLAGS -f -c "$DIR/$NAME.conf"
else
	echo "casebook: serving on http://127.0.0.1:$PORT/"
	exec kore $FLAGS -f -c "$DIR/$NAME.conf"
fi
