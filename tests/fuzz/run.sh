#!/bin/sh
# Runs the libFuzzer targets built by tests/fuzz/fuzz.mk.
#
#   tests/fuzz/run.sh smoke SECONDS TARGET...	(make fuzz-smoke)
#   tests/fuzz/run.sh fuzz SECONDS TARGET...	(make fuzz)
#
# For each target: replay the committed corpus (every input once, as
# -runs=0), then fuzz for SECONDS. New inputs are written only to a
# scratch directory under $FUZZ_DIR (obj-fuzz/; wiped first for a
# smoke, kept across `make fuzz` runs); the committed tests/fuzz/corpus/
# is only read. Any crash, leak, broken invariant or timeout fails the
# target; the input is left in $FUZZ_DIR/artifacts/<target>/.
set -u
cd "$(dirname "$0")/../.." || exit 2

if [ $# -lt 3 ]; then
	echo "usage: $0 smoke|fuzz seconds target..." >&2
	exit 2
fi
mode=$1
secs=$2
shift 2

out=${FUZZ_DIR:-obj-fuzz}
# Per input: far above what any input takes, far below a hung CI job.
timeout=10
# Room for a text field at its limit in 3-byte characters.
maxlen=8192
passed=0
failed=0

# UB and leaks stop the target; reports name the line.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS ASAN_OPTIONS

# report RC DESCRIPTION LOG [MORE]
report() {
	if [ "$1" -eq 0 ]; then
		echo "ok - fuzz: $2${4:+ $4}"
		passed=$((passed + 1))
	else
		echo "not ok - fuzz: $2${4:+ $4}"
		failed=$((failed + 1))
		# The start of the report, then where the input was kept.
		grep -E -A 12 'ERROR|invariant broken|fatal' "$3" | head -24 |
		    sed 's/^/#   /'
		sed -n 's/^.*Test unit written to /#   input: /p' "$3"
	fi
}

stat() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -1
}

for t in "$@"; do
	bin=$out/fuzz_$t
	seeds=tests/fuzz/corpus/$t
	if [ "$mode" = smoke ]; then
		scratch=$out/smoke/$t
		rm -rf "$scratch"
	else
		scratch=$out/corpus/$t
	fi
	mkdir -p "$scratch" "$out/artifacts/$t" "$out/log"
	dict=""
	[ -f "tests/fuzz/dict/$t.dict" ] && dict="-dict=tests/fuzz/dict/$t.dict"

	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		report 1 "$t: $bin or $seeds missing" /dev/null
		continue
	fi

	log=$out/log/$t-replay.log
	n=$(find "$seeds" -type f | wc -l)
	start=$(date +%s)
	"$bin" -runs=0 -timeout=$timeout \
	    -artifact_prefix="$out/artifacts/$t/" "$seeds" >"$log" 2>&1
	rc=$?
	report $rc "$t: replay $n committed inputs" "$log" \
	    "($(($(date +%s) - start)) s)"

	log=$out/log/$t-$mode.log
	start=$(date +%s)
	# $dict is empty or one word.
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=$timeout -max_len=$maxlen \
	    -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
	    $dict "$scratch" "$seeds" >"$log" 2>&1
	rc=$?
	secs_taken=$(($(date +%s) - start))
	runs=$(stat number_of_executed_units "$log")
	speed=$(stat average_exec_per_sec "$log")
	kept=$(find "$scratch" -type f | wc -l)
	report $rc "$t: $mode $secs_taken s, $runs runs, $speed exec/s," \
	    "$log" "$kept inputs in $scratch"
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
