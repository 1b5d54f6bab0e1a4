#!/bin/sh
# Holds the line of design.md section 1: domain files include no Kore
# HTTP or pgsql header; only handlers, validators and init speak HTTP;
# only handlers, the store and db.c speak pgsql.
set -eu
cd "$(dirname "$0")/.."
bad=0
for f in src/*.c; do
	b=$(basename "$f")
	case "$b" in
	h_*|v_*|init.c) http_ok=1 ;;
	*) http_ok=0 ;;
	esac
	case "$b" in
	h_*|store_*|db.c|init.c) pg_ok=1 ;;
	*) pg_ok=0 ;;
	esac
	if [ $http_ok -eq 0 ] && grep -Eq '#include (<kore/http.h>|"web.h")' "$f"; then
		echo "not ok - $f includes the HTTP layer"; bad=1
	fi
	if [ $pg_ok -eq 0 ] && grep -Eq '#include (<kore/pgsql.h>|"db.h"|"web.h")' "$f"; then
		echo "not ok - $f includes the pgsql layer"; bad=1
	fi
done
[ $bad -eq 0 ] && echo "ok - layers: domain code includes no HTTP or pgsql header"
exit $bad
