#!/bin/sh
# Checks that what ships was built hardened (Makefile CFLAGS/LDHARD):
# position independent, RELRO with immediate binding (a read-only GOT),
# no executable stack, stack protector and FORTIFY_SOURCE in use.
# usage: check-hardening.sh FILE...
set -u
bad=0
check() {
	# file description test...
	if eval "$3"; then
		echo "ok - hardening: $1 $2"
	else
		echo "not ok - hardening: $1 $2"
		bad=1
	fi
}
for f in "$@"; do
	if [ ! -e "$f" ]; then
		echo "not ok - hardening: $f exists"
		bad=1
		continue
	fi
	hdr=$(readelf -h "$f")
	dyn=$(readelf -d "$f")
	phd=$(readelf -lW "$f")
	syms=$(readelf --dyn-syms -W "$f")
	check "$f" "is position independent (ET_DYN)" \
	    'printf "%s" "$hdr" | grep -q "Type:.*DYN"'
	check "$f" "has RELRO" 'printf "%s" "$phd" | grep -q GNU_RELRO'
	check "$f" "binds now (full RELRO)" \
	    'printf "%s" "$dyn" | grep -Eq "BIND_NOW|FLAGS_1.*NOW"'
	check "$f" "has no executable stack" \
	    'printf "%s" "$phd" | grep GNU_STACK | grep -qv RWE'
	check "$f" "uses the stack protector" \
	    'printf "%s" "$syms" | grep -q __stack_chk_fail'
	check "$f" "uses FORTIFY_SOURCE checked calls" \
	    'printf "%s" "$syms" | grep -Eq "__[a-z]+_chk"'
done
exit $bad
