#!/bin/sh
# Runs every cmocka unit-test binary given; fails if any fails.
fail=0
for t in "$@"; do
	"$t" || fail=1
done
exit $fail
