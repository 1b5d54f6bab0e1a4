#!/bin/sh
# Serves casebook from a state directory made by scripts/db.sh.
#   serve.sh DIR PORT          foreground (make run)
#   serve.sh DIR PORT --bg     background; pid in DIR/kore.pid,
#                              log in DIR/log/server.log (tests)
#   serve.sh DIR - --stop      stops a background server
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

if [ "$MODE" = "--stop" ]; then
	if [ -s "$DIR/kore.pid" ]; then
		pid=$(cat "$DIR/kore.pid")
		kill "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null || true
		rm -f "$DIR/kore.pid"
	fi
	exit 0
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

sed -e "s|@PORT@|$PORT|" -e "s|@TOP@|$TOP|" -e "s|@WORKERS@|$WORKERS|" -e "s|@SO@|$SO|" \
    -e "s|@RUNAS@|$RUNAS|" "$TOP/conf/casebook.conf.in" > "$DIR/kore.conf"

export CASEBOOK_CONF="$DIR/casebook.cfg"
export CASEBOOK_ROOT="$TOP"
cd "$TOP"
if [ "$MODE" = "--bg" ]; then
	mkdir -p "$DIR/log"
	# Line-buffered, so the log is complete even if a worker dies.
	LD_PRELOAD="$PRELOAD" nohup stdbuf -oL -eL kore $FLAGS -f \
	    -c "$DIR/kore.conf" \
	    >> "$DIR/log/server.log" 2>&1 &
	echo $! > "$DIR/kore.pid"
	i=0
	until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 "$(cat "$DIR/kore.pid")" \
		    2>/dev/null; then
			echo "serve.sh: server did not come up" >&2
			tail -20 "$DIR/log/server.log" >&2
			exit 1
		fi
		sleep 0.1
	done
else
	echo "casebook: serving on http://127.0.0.1:$PORT/"
	exec kore $FLAGS -f -c "$DIR/kore.conf"
fi
