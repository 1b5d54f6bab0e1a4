#!/bin/sh
# `make test`: every suite, then the sanitizer pass. Keeps going after
# a failure so one run shows everything, and fails at the end if any
# suite failed or if any server or database a suite started is still
# running afterwards.
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

# The suites make their state directories under one directory of this
# run, so that the check below looks at this run's servers only (kore
# writes its log there, PostgreSQL is started with -D there), never at
# another run's or a developer's `make run` on the same machine.
CB_TEST_TMP=$(mktemp -d /tmp/casebook-run.XXXXXX)
chmod 755 "$CB_TEST_TMP"
export CB_TEST_TMP

# Live kore, nginx and PostgreSQL processes (not zombies) of this run,
# as "pid start": start times tell a new process from an old one with a
# recycled pid.
servers() {
	ps -eo pid=,lstart=,stat=,args= | awk '$7 !~ /^Z/ &&
	    ($8 ~ /^kore/ || $8 ~ /^nginx/ || $8 ~ /postgres$/ ||
	    $0 ~ /postgres -D/) {
	    print $1, $2 $3 $4 $5 $6 }' | sort |
	while read -r pid start; do
		# stderr first: a process gone meanwhile fails the < itself.
		case "$(readlink "/proc/$pid/fd/1" 2>/dev/null) $(tr '\0' ' ' \
		    2>/dev/null < "/proc/$pid/cmdline")" in
		*"$CB_TEST_TMP/"*) echo "$pid $start" ;;
		esac
	done
}
before=$(mktemp)
servers > "$before"

suite layers scripts/check-layers.sh
suite hardening make --no-print-directory hardening
suite deploy tests/deploy/run.sh
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

# Whatever the suites started must be gone now.
after=$(mktemp)
servers > "$after"
# A process that came and went while the list was taken is no leftover:
# only what is still alive (and not a zombie) a moment later counts.
sleep 1
left=""
for p in $(comm -13 "$before" "$after" | cut -d' ' -f1); do
	st=$(ps -o stat= -p "$p" 2>/dev/null)
	case "$st" in
	""|Z*) ;;
	*) left="$left$p " ;;
	esac
done
rm -f "$before" "$after"
echo "=== leftovers"
if [ -n "$left" ]; then
	echo "not ok - processes started by the tests outlive them: $left"
	ps -o pid,ppid,stat,args -p "$(echo $left | tr ' ' ',')" 2>/dev/null
	# Do not leave them for the next run either.
	kill -KILL $left 2>/dev/null
	failed=$((failed + 1))
	failures="$failures leftovers"
else
	echo "ok - no server or database started by the tests is left"
	passed=$((passed + 1))
fi

rm -rf "$CB_TEST_TMP"
echo
[ -n "$failures" ] && echo "failed suites:$failures"
echo "suites: $passed passed, $failed failed"
[ $failed -eq 0 ]
