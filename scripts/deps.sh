#!/bin/sh
# Installs the Debian packages casebook needs, only those missing.
# Used by `make run`, `make test` and .ci/run alike.
set -eu

# clang builds the fuzz targets. libFuzzer's runtime (libclang_rt.fuzzer)
# is in libclang-rt-14-dev, which clang reaches only as a recommendation
# (of libclang-common-14-dev), and recommends are not installed here.
# nginx terminates TLS (make run TLS=1, the tests); systemd brings
# systemd-analyze, which checks the unit files even where systemd is
# not running. python3-jsonschema checks answers against the OpenAPI
# document (tests/e2e/test_openapi.py).
PKGS="kore libsodium-dev libcmocka-dev libpq-dev postgresql libicu-dev
pkg-config make gcc clang libclang-rt-14-dev curl python3 wrk chromium
nodejs npm libcrack2-dev cracklib-runtime nginx openssl systemd
python3-jsonschema"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Node and npm may come from the base image rather than Debian.
case "$missing" in
*nodejs*|*npm*)
	if command -v node >/dev/null && command -v npm >/dev/null; then
		missing=$(echo "$missing" | sed 's/ nodejs//; s/ npm//')
	fi
	;;
esac

[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps: installing$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
    --no-install-recommends $missing
