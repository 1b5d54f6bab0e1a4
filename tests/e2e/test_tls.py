"""casebook behind nginx (scripts/tls.sh), as tests/e2e/run.sh starts it
in front of the second server (secure cookies): CB_TLS_URL is nginx,
CB_SECURE_URL the server behind it, the self-signed certificate is in
$CB_STATE_DIR/tls.

- TLS 1.2 and 1.3 with forward-secret AEAD suites only, HTTP/2 offered;
  TLS 1.0/1.1 and a CBC suite refused; the certificate is ECDSA P-256
  and verifies for 127.0.0.1, its key is 0600;
- HSTS and the security headers, each exactly once and the same as
  casebook's own; no version in Server;
- a form login over https sets __Host- Secure cookies;
- the client's address casebook sees is the one nginx saw: a forged
  X-Forwarded-For is not believed, through nginx or around it (seen in
  which per-address login counter moves);
- the request id is nginx's, the same in both access logs and in the
  answer, and a client cannot choose it;
- a body over the limit gets 413 from nginx, plain HTTP to the TLS
  port gets no page; neither access log holds a query string or an id.
"""
import http.client
import os
import re
import socket
import ssl
import subprocess
import time
import urllib.parse
import warnings

import lib

T = lib.Suite("tls")

TLS = urllib.parse.urlsplit(os.environ.get("CB_TLS_URL", ""))
KORE = urllib.parse.urlsplit(os.environ.get("CB_SECURE_URL", ""))
TLSDIR = os.path.join(lib.STATE_DIR, "tls")
LOGDIR = os.path.join(lib.STATE_DIR, "log")
UUID_ANY = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                      r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
RID_RE = re.compile(r"^[0-9a-f]{32}$")
# nginx stands in for the client here: it must reach casebook with the
# address the client came from, which on loopback can be any 127/8.
CLIENT = "127.0.0.3"


def context():
    """Verifies the server against the self-signed certificate."""
    ctx = ssl.create_default_context(
        cafile=os.path.join(TLSDIR, "cert.pem"))
    return ctx


def handshake(minv, maxv, ciphers=None):
    """(version, cipher, alpn) of a handshake, or the error's text."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = minv
        ctx.maximum_version = maxv
    if ciphers:
        ctx.set_ciphers(ciphers)
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    try:
        with socket.create_connection((TLS.hostname, TLS.port),
                                      timeout=10) as s:
            with ctx.wrap_socket(s) as t:
                return (t.version(), t.cipher()[0],
                        t.selected_alpn_protocol())
    except (ssl.SSLError, OSError) as e:
        return str(e)


def req(method, path, body=None, headers=None, via="tls", src=None):
    """One request: through nginx (via="tls") or straight to the
    server behind it (via="kore"), from source address src."""
    src_addr = (src, 0) if src else None
    if via == "tls":
        conn = http.client.HTTPSConnection(
            TLS.hostname, TLS.port, timeout=30, context=context(),
            source_address=src_addr)
    else:
        conn = http.client.HTTPConnection(
            KORE.hostname, KORE.port, timeout=30, source_address=src_addr)
    if isinstance(body, str):
        body = body.encode()
    try:
        try:
            conn.request(method, path, body=body, headers=headers or {})
        except (BrokenPipeError, ConnectionResetError):
            pass   # nginx may answer before the whole body is sent
        r = conn.getresponse()
        return lib.Resp(r.status, r.headers, r.read(), method, path)
    finally:
        conn.close()


def log_lines(name):
    try:
        with open(os.path.join(LOGDIR, name), encoding="utf-8",
                  errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        return []


def lines_with(name, rid, want=1):
    """The lines of a log naming rid, waiting a moment for them (a line
    is written as the request ends, after its answer)."""
    for _ in range(50):
        found = [l for l in log_lines(name) if "rid=%s " % rid in l or
                 l.endswith("rid=" + rid)]
        if len(found) >= want:
            return found
        time.sleep(0.1)
    return found


def test_protocols():
    V = ssl.TLSVersion
    r12 = handshake(V.TLSv1_2, V.TLSv1_2)
    T.check(isinstance(r12, tuple) and r12[0] == "TLSv1.2" and
            r12[1].startswith("ECDHE-ECDSA-") and
            ("GCM" in r12[1] or "CHACHA20" in r12[1]),
            "TLS 1.2 handshake, forward secret AEAD suite", r12)
    r13 = handshake(V.TLSv1_3, V.TLSv1_3)
    T.check(isinstance(r13, tuple) and r13[0] == "TLSv1.3",
            "TLS 1.3 handshake", r13)
    T.check(isinstance(r13, tuple) and r13[2] == "h2",
            "HTTP/2 offered (ALPN h2)", r13)
    for v, name in ((V.TLSv1_1, "1.1"), (V.TLSv1, "1.0")):
        r = handshake(v, v, "ALL:@SECLEVEL=0")
        T.check(isinstance(r, str) and "PROTOCOL_VERSION" in r,
                "TLS %s refused by the server (protocol version alert)"
                % name, r)
    r = handshake(V.TLSv1_2, V.TLSv1_2, "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0")
    T.check(isinstance(r, str) and "HANDSHAKE_FAILURE" in r,
            "a CBC suite without AEAD is refused over TLS 1.2", r)


def test_certificate():
    with socket.create_connection((TLS.hostname, TLS.port),
                                  timeout=10) as s:
        with context().wrap_socket(s, server_hostname=TLS.hostname) as t:
            der = t.getpeercert(binary_form=True)
    T.check(der is not None, "the certificate verifies for %s (its SAN)"
            % TLS.hostname)
    text = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout",
                           "-text"], input=der, stdout=subprocess.PIPE,
                          check=True).stdout.decode()
    T.check("id-ecPublicKey" in text and "NIST CURVE: P-256" in text,
            "the certificate is ECDSA P-256", text[:600])
    mode = os.stat(os.path.join(TLSDIR, "key.pem")).st_mode & 0o777
    T.eq(oct(mode), oct(0o600), "its key file is mode 0600")


SEC = ["Content-Security-Policy", "X-Content-Type-Options",
       "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"]


def test_headers():
    r = req("GET", "/login", headers={"Accept": "text/html"})
    T.status(r, 200, "the login page over https")
    hsts = r.headers.get_all("Strict-Transport-Security") or []
    m = re.match(r"max-age=(\d+)", hsts[0] if hsts else "")
    T.check(len(hsts) == 1 and m and int(m.group(1)) >= 31536000,
            "HSTS once, at least a year", hsts)
    T.eq(lib.security_header_problems(r), [], "the security headers")
    direct = req("GET", "/login", headers={"Accept": "text/html"},
                 via="kore")
    for h in SEC:
        T.eq(r.headers.get_all(h), direct.headers.get_all(h)[:1],
             "%s once, as casebook sets it" % h)
    T.eq(r.header("Server"), "nginx", "Server names no version")
    for path in ("/api/v1/cases", "/nope"):
        x = req("GET", path, headers={"Accept": "application/json"})
        T.check(x.status in (401, 404) and
                len(x.headers.get_all("Strict-Transport-Security") or
                    []) == 1 and not lib.security_header_problems(x),
                "errors carry them too (%s: %d)" % (path, x.status))


def test_cookies():
    lib.HOST, lib.PORT = TLS.hostname, TLS.port
    lib.SSL_CONTEXT = context()
    try:
        b, _ = lib.secure_login(T, " (over https)")
        T.status(b.get("/cases"), 200, "the session opens the pages")
    finally:
        lib.SSL_CONTEXT = None


def addr_counters():
    return dict(lib.sql("SELECT encode(khash, 'hex'), attempts FROM "
                        "cb.login_attempts WHERE kind = 'addr'"))


def failed_login(n, **kw):
    """A wrong login for a user that does not exist; which per-address
    counter it moved (its key hash), or None."""
    before = addr_counters()
    body = '{"username": "tlsprobe%d%s", "password": "wrong"}' % (n, lib.TAG)
    r = req("POST", "/api/v1/session", body, dict(
        {"Content-Type": "application/json"}, **kw.pop("headers", {})),
        **kw)
    moved = [k for k, v in addr_counters().items() if before.get(k) != v]
    T.eq(r.status, 401, "wrong login %d answers 401" % n)
    return moved[0] if len(moved) == 1 else None


def test_client_address():
    forged = {"X-Forwarded-For": "203.0.113.77"}
    via_nginx = failed_login(1, src=CLIENT, headers=forged)
    T.check(via_nginx is not None, "a login through nginx counts against "
            "one address")
    # The server behind nginx trusts 127.0.0.1 (nginx): told directly
    # which address a client had, it counts that one.
    told_client = failed_login(2, via="kore", src="127.0.0.1",
                               headers={"X-Forwarded-For": CLIENT})
    told_forged = failed_login(3, via="kore", src="127.0.0.1",
                               headers=forged)
    T.check(via_nginx is not None and via_nginx == told_client,
            "casebook saw the client's own address (%s), as nginx saw it"
            % CLIENT)
    T.check(told_forged is not None and via_nginx != told_forged,
            "...not the X-Forwarded-For the client wrote")
    around = failed_login(4, via="kore", src=CLIENT, headers=forged)
    T.check(around is not None and around == via_nginx,
            "around nginx, a client's X-Forwarded-For is not believed "
            "either: its socket address counts")


def test_request_id():
    mine = "0123456789abcdef0123456789abcdef"
    r = req("GET", "/healthz", headers={"X-Request-Id": mine})
    rid = r.header("X-Request-Id") or ""
    T.check(RID_RE.match(rid) and rid != mine and
            len(r.headers.get_all("X-Request-Id")) == 1,
            "through nginx the request id is nginx's, once, never the "
            "client's", r.headers.get_all("X-Request-Id"))
    ng = lines_with("nginx-access.log", rid)
    kl = lines_with("secure.log", rid)
    T.check(len(ng) == 1 and " 200 " in ng[0], "nginx logged it", ng)
    T.check(len(kl) == 1 and "access rid=%s method=GET route=/healthz "
            "status=200 ms=" % rid in kl[0], "casebook's access line has "
            "the same id", kl)
    d = req("GET", "/healthz", headers={"X-Request-Id": mine},
            via="kore", src="127.0.0.1")
    T.eq(d.header("X-Request-Id"), mine, "casebook takes the id from the "
         "proxy (127.0.0.1)")
    d = req("GET", "/healthz", headers={"X-Request-Id": mine},
            via="kore", src=CLIENT)
    T.check(d.header("X-Request-Id") not in (None, mine),
            "...and from no one else", d.header("X-Request-Id"))
    d = req("GET", "/healthz", headers={"X-Request-Id": mine.upper()},
            via="kore", src="127.0.0.1")
    T.check(d.header("X-Request-Id") not in (None, mine.upper()),
            "...and only in its exact form (32 lower-case hex)")


def test_limits():
    big = b"x" * (1024 * 1024 + 1)
    r = req("POST", "/api/v1/cases", big,
            {"Content-Type": "application/json"})
    T.status(r, 413, "a body over 1 MiB gets 413")
    T.check(r.header("Server") == "nginx" and b"<html>" in r.body,
            "...from nginx, before casebook", r.headers)
    rid = r.header("X-Request-Id") or "-"
    T.eq(lines_with("secure.log", rid, want=0), [],
         "casebook never saw it")
    tok = None
    lib.HOST, lib.PORT = TLS.hostname, TLS.port
    lib.SSL_CONTEXT = context()
    try:
        tok = lib.token_for("caseworker")
        mid = lib.api("POST", "/cases", tok, raw=b'{"x": "' +
                      b"y" * (100 * 1024) + b'"}')
    finally:
        lib.SSL_CONTEXT = None
    T.eq((mid.status, mid.error_code()), (413, "too_large"),
         "100 KiB passes nginx and gets casebook's own JSON 413")
    # Plain HTTP to the TLS port: nginx's complaint, never a page.
    conn = http.client.HTTPConnection(TLS.hostname, TLS.port, timeout=10)
    try:
        conn.request("GET", "/login", headers={"Accept": "text/html"})
        p = conn.getresponse()
        status, body, cookies = p.status, p.read(), p.getheader(
            "Set-Cookie")
    except (OSError, http.client.HTTPException) as e:
        status, body, cookies = str(e), b"", None
    finally:
        conn.close()
    T.check(status == 400 and cookies is None and b"csrf" not in body,
            "plain HTTP to the TLS port gets 400 from nginx, no page, "
            "no cookie", status)


def test_logs():
    cid = lib.random_uuid()
    r = req("GET", "/cases/%s?stage=registered&q=Hadzic" % cid,
            headers={"Accept": "text/html"})
    rid = r.header("X-Request-Id") or "-"
    ng = lines_with("nginx-access.log", rid)
    T.check(len(ng) == 1 and '"GET /cases/{id} HTTP/1.1"' in ng[0],
            "nginx logs the path with {id} and without the query", ng)
    kl = lines_with("secure.log", rid)
    T.check(len(kl) == 1 and "route=/cases/{id} status=303" in kl[0],
            "casebook logs the route pattern (/cases/{id})", kl)
    bad = [l for l in log_lines("nginx-access.log")
           if "?" in l or UUID_ANY.search(l)]
    T.eq(bad, [], "no nginx access line holds a query string or a UUID")
    nrid = [l for l in log_lines("nginx-access.log")
            if not re.search(r" rid=[0-9a-f]{32} ", l)]
    T.eq(nrid, [], "every nginx access line has a request id")


def main():
    if not TLS.port or not KORE.port:
        T.check(False, "CB_TLS_URL and CB_SECURE_URL are set (run.sh)")
        T.finish()
    for t in (test_protocols, test_certificate, test_headers, test_cookies,
              test_client_address, test_request_id, test_limits,
              test_logs):
        T.run(t)
    T.finish()


if __name__ == "__main__":
    main()
