#!/bin/sh
# `make test`: every suite, then the sanitizer pass. Keeps going after
# a failure so one run shows everything, and fails at the end if any
# suite failed.
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
failures=""

suite() {
	name=$1
	shift
	echo "=== $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $name"
	fi
}

suite layers scripts/check-layers.sh
suite unit make --no-print-directory unit
suite fuzz make --no-print-directory fuzz-smoke
suite integration tests/integration/run.sh
suite e2e tests/e2e/run.sh
# Sanitizers: the unit suite and the HTTP suite again, against an
# ASan/UBSan build of the module (the browser adds nothing there).
suite san-unit make --no-print-directory san
suite san-e2e env CASEBOOK_SO=obj-san/casebook.so \
    CASEBOOK_PRELOAD="$(gcc -print-file-name=libasan.so)" \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:symbolize=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    CB_SKIP_BROWSER=1 tests/e2e/run.sh

echo
[ -n "$failures" ] && echo "failed suites:$failures"
echo "suites: $passed passed, $failed failed"
[ $failed -eq 0 ]
