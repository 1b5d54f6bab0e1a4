#!/bin/sh
# Stops a server that runs in a process group of its own (started with
# setsid, so that its workers go with it, even one whose parent died
# first): signals the leader, waits up to 10 s for the whole group,
# then kills what is left, and removes the pid file.
#   stopgroup.sh PIDFILE SIGNAL NAME
set -eu

pidf=${1:?pid file}
sig=${2:?signal}
name=${3:?name}
[ -s "$pidf" ] || exit 0
pid=$(cat "$pidf")

# Live members of the group (a zombie has ended already).
members() {
	ps -eo pgid=,stat= | awk -v g="$pid" '$1 == g && $2 !~ /^Z/' | wc -l
}

kill "-$sig" "$pid" 2>/dev/null || true
i=0
while [ "$(members)" -gt 0 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
if [ "$(members)" -gt 0 ]; then
	echo "$name: $pid did not stop in 10 s; killing its process group" >&2
	kill -KILL "-$pid" 2>/dev/null || true
fi
rm -f "$pidf"
