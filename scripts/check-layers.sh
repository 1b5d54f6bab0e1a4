#!/bin/sh
# Holds the line of design.md section 1, by folder:
#   - only web/ speaks HTTP (<kore/http.h>, "web/...");
#   - only store/ speaks SQL (<kore/pgsql.h>, libpq, statement text);
#     web/ may call the store, nothing below it may;
#   - core/ text/ vault/ domain/ render/ include nothing of store/ or web/,
#     so all of them are unit-testable without a server or database;
#   - store/ never reaches up into web/ or render/;
#   - domain/ does not render.
# Prints one "not ok" line per breach and fails if there is any.
set -eu
cd "$(dirname "$0")/.."
bad=0

breach() {
	echo "not ok - layers: $1"
	bad=1
}

# files_including DIR REGEX: the files under DIR whose #include lines
# match REGEX.
files_including() {
	[ -d "$1" ] || return 0
	find "$1" -name '*.[ch]' -exec grep -l -E "^#include[[:space:]]+$2" {} + \
	    2>/dev/null || true
}

for d in src/core src/text src/vault src/domain src/render src/store src/admin; do
	for f in $(files_including "$d" '(<kore/http.h>|"web/)'); do
		breach "$f includes the HTTP layer"
	done
done
for d in src/core src/text src/vault src/domain src/render; do
	for f in $(files_including "$d" '(<kore/pgsql.h>|<libpq-fe.h>|"store/)'); do
		breach "$f includes the store (pgsql) layer"
	done
done
for f in $(files_including src/web '(<kore/pgsql.h>|<libpq-fe.h>)'); do
	breach "$f talks to libpq directly instead of through store/"
done
for f in $(files_including src/store '("render/)'); do
	breach "$f (store) includes render/"
done
for f in $(files_including src/domain '("render/)'); do
	breach "$f (domain) includes render/"
done
for f in $(files_including include/domain '(<kore/http.h>|<kore/pgsql.h>|"store/|"web/)') \
    $(files_including include/core '(<kore/http.h>|<kore/pgsql.h>|"store/|"web/)') \
    $(files_including include/text '(<kore/http.h>|<kore/pgsql.h>|"store/|"web/)') \
    $(files_including include/vault '(<kore/http.h>|<kore/pgsql.h>|"store/|"web/)') \
    $(files_including include/render '(<kore/http.h>|<kore/pgsql.h>|"store/|"web/)'); do
	breach "$f (a pure header) pulls in HTTP or the store"
done

# SQL statements live in store/ (and in the admin CLI, which is its own
# synchronous client); anywhere else they are a layer leak.
sqlre='"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT)[[:space:]]'
for f in $(grep -l -E "$sqlre" $(find src/core src/text src/vault src/domain \
    src/render src/web -name '*.[ch]') 2>/dev/null || true); do
	breach "$f holds SQL text (it belongs in src/store/)"
done

# Each layer has its folder, and no source is left at the top.
for d in core text vault domain store web render admin; do
	[ -d "src/$d" ] || breach "src/$d is missing"
done
for f in $(find src -maxdepth 1 -name '*.c'); do
	breach "$f sits outside the layer folders"
done

[ $bad -eq 0 ] && echo "ok - layers: HTTP only in web/, SQL only in store/, domain pure"
exit $bad
