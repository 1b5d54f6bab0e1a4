#!/bin/sh
# TLS in front of casebook: nginx (Debian) terminating TLS 1.2/1.3 and
# proxying to Kore on loopback (design.md section 5).
#
#   tls.sh start DIR TLSPORT KOREPORT   nginx in the background (its own
#                                       process group), pid DIR/nginx.pid,
#                                       logs DIR/log/nginx-*.log
#   tls.sh stop DIR                     stops it
#   tls.sh site OUT KORE                writes the site (for a server:
#                                       scripts/install.sh); KORE is
#                                       host:port of Kore
#   tls.sh cert DIR                     the self-signed certificate only
#
# The TLS configuration file ($CASEBOOK_TLS_CONF, else DIR/tls.cfg for
# start, /etc/casebook/tls.cfg for site) has "key = value" lines:
#   cert, key     the certificate chain and its key (PEM). Without them
#                 start makes a self-signed ECDSA P-256 one under
#                 DIR/tls (key 0600), for local use only; site needs them.
#   server_name   default _ (any)
#   listen        site only: addresses, space-separated (default
#                 "443 [::]:443"); start listens on 127.0.0.1:TLSPORT
#   access_log    site only (default /var/log/nginx/casebook-access.log)
set -eu

cmd=${1:?usage: tls.sh start|stop|site|cert ...}
TOP=$(cd "$(dirname "$0")/.." && pwd)

# KEY from the TLS configuration file ("key = value" lines), or "".
# Values go into nginx's configuration, so only plain path and address
# characters are taken.
cfg() {
	[ -n "$CONF" ] && [ -f "$CONF" ] || return 0
	v=$(awk -F= -v k="$1" '
	    /^[ \t]*#/ { next }
	    { key = $1; gsub(/[ \t]/, "", key) }
	    key == k { sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]+$/, ""); print }
	    ' "$CONF" | tail -1)
	case "$v" in
	*[!A-Za-z0-9_./:\[\]\ -]*)
		echo "tls.sh: $CONF: $1 has characters nginx must not" \
		    "see: $v" >&2
		exit 2
		;;
	esac
	printf '%s' "$v"
}

# Makes DIR/tls/cert.pem and key.pem unless they exist.
selfsigned() {
	d=$1/tls
	[ -s "$d/cert.pem" ] && [ -s "$d/key.pem" ] && return 0
	mkdir -p "$d"
	chmod 0700 "$d"
	(
		umask 077
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		    -nodes -sha256 -days 825 -subj "/CN=casebook local" \
		    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
		    -keyout "$d/key.pem.tmp" -out "$d/cert.pem.tmp" \
		    >/dev/null 2>&1
	)
	chmod 0600 "$d/key.pem.tmp"
	chmod 0644 "$d/cert.pem.tmp"
	mv "$d/key.pem.tmp" "$d/key.pem"
	mv "$d/cert.pem.tmp" "$d/cert.pem"
	echo "tls.sh: made a self-signed certificate in $d (local use only)"
}

# Kore's body limit, so that nginx takes exactly as much.
body_max() {
	awk '$1 == "http_body_max" { print $2 }' "$TOP/conf/casebook.conf.in"
}

# render_site OUT CERT KEY LISTEN SERVER_NAME KORE ACCESS_LOG
render_site() {
	awk -v cert="$2" -v key="$3" -v listen="$4" -v name="$5" \
	    -v kore="$6" -v alog="$7" -v body="$(body_max)" '
	    $0 == "@LISTEN@" {
		n = split(listen, a, " ")
		for (i = 1; i <= n; i++)
			printf "\tlisten %s ssl http2;\n", a[i]
		next
	    }
	    {
		gsub(/@CERT@/, cert); gsub(/@KEY@/, key)
		gsub(/@SERVER_NAME@/, name); gsub(/@KORE@/, kore)
		gsub(/@ACCESS_LOG@/, alog); gsub(/@BODY_MAX@/, body)
		print
	    }' "$TOP/conf/casebook-nginx.conf" > "$1.tmp"
	mv "$1.tmp" "$1"
}

# nginx runs in a process group of its own; QUIT lets it answer the
# requests under way first.
stop() {
	"$TOP/scripts/stopgroup.sh" "$1/nginx.pid" QUIT tls.sh
}

start() {
	DIR=$1 TLSPORT=$2 KOREPORT=$3
	cert=$(cfg cert) key=$(cfg key)
	if [ -z "$cert" ] || [ -z "$key" ]; then
		selfsigned "$DIR"
		cert="$DIR/tls/cert.pem" key="$DIR/tls/key.pem"
	fi
	name=$(cfg server_name)
	mkdir -p "$DIR/log" "$DIR/nginx"
	render_site "$DIR/casebook-nginx.conf" "$cert" "$key" \
	    "127.0.0.1:$TLSPORT" "${name:-_}" "127.0.0.1:$KOREPORT" \
	    "$DIR/log/nginx-access.log"
	# As root the master keeps the key and the workers run as www-data.
	user=""
	if [ "$(id -u)" -eq 0 ]; then
		if id www-data >/dev/null 2>&1; then
			user="user www-data;"
		else
			user="user nobody nogroup;"
		fi
	fi
	sed -e "s|@DIR@|$DIR|g" -e "s|@USER@|$user|" \
	    "$TOP/conf/nginx.conf.in" > "$DIR/nginx.conf"
	stop "$DIR"
	nginx -t -q -p "$DIR/nginx/" -c "$DIR/nginx.conf" \
	    -e "$DIR/log/nginx-error.log"
	setsid nginx -p "$DIR/nginx/" -c "$DIR/nginx.conf" \
	    -e "$DIR/log/nginx-error.log" >> "$DIR/log/nginx.log" 2>&1 \
	    < /dev/null &
	i=0
	# A handshake, not a request: Kore may not be up yet.
	until [ -s "$DIR/nginx.pid" ] && openssl s_client -brief \
	    -connect "127.0.0.1:$TLSPORT" < /dev/null > /dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 $! 2>/dev/null; then
			echo "tls.sh: nginx did not come up" >&2
			tail -20 "$DIR/log/nginx-error.log" "$DIR/log/nginx.log" \
			    >&2 2>/dev/null
			exit 1
		fi
		sleep 0.1
	done
}

case "$cmd" in
start)
	DIR=$(cd "${2:?state dir}" && pwd)
	CONF=${CASEBOOK_TLS_CONF:-$DIR/tls.cfg}
	start "$DIR" "${3:?TLS port}" "${4:?Kore port}"
	;;
stop)
	stop "$(cd "${2:?state dir}" && pwd)"
	;;
cert)
	DIR=$(cd "${2:?state dir}" && pwd)
	selfsigned "$DIR"
	;;
site)
	OUT=${2:?output file}
	KORE=${3:?Kore host:port}
	CONF=${CASEBOOK_TLS_CONF:-/etc/casebook/tls.cfg}
	cert=$(cfg cert) key=$(cfg key)
	if [ -z "$cert" ] || [ -z "$key" ]; then
		echo "tls.sh: $CONF names no cert and key" >&2
		exit 2
	fi
	listen=$(cfg listen)
	name=$(cfg server_name)
	alog=$(cfg access_log)
	render_site "$OUT" "$cert" "$key" "${listen:-443 [::]:443}" \
	    "${name:-_}" "$KORE" \
	    "${alog:-/var/log/nginx/casebook-access.log}"
	;;
*)
	echo "tls.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
