"""Attacks on the front door, as an unauthenticated stranger would try
them against the real server:

- a hang-up storm: many clients that send a login and close the
  connection 5-60 ms later, while its Argon2 check is queued or
  running (this crashed workers: a task freed under a running thread);
- parallel guesses for one username, which must not outrun the
  lockout: at most 5 are ever evaluated, however many arrive at once;
- guesses spread over many usernames from one address, which the
  per-address limit stops; X-Forwarded-For is believed only from the
  configured proxy (127.0.0.1 here), never from anyone else;
- a planted duplicate session cookie, which must neither log the victim
  out nor put them in the attacker's session;
- a password hash made with weaker Argon2 parameters, upgraded at the
  next login.

The server runs with trusted_proxy = 127.0.0.1 and login_addr_limit =
60 (tests/e2e/run.sh), so every attack here comes from its own
documentation addresses (RFC 5737) and cannot lock the other suites out.
"""
import os
import random
import socket
import subprocess
import threading
import time

import lib

T = lib.Suite("attacks")
ADDR_LIMIT = int(os.environ.get("CB_LOGIN_ADDR_LIMIT", "60"))


def log_size():
    try:
        return os.path.getsize(os.path.join(lib.STATE_DIR, "log",
                                            "server.log"))
    except OSError:
        return 0


def log_since(offset):
    with open(os.path.join(lib.STATE_DIR, "log", "server.log"), "rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


def login_as(user, password, addr=None, src=None):
    """POST /api/v1/session from addr (X-Forwarded-For) or from the
    local source address src."""
    h = {}
    if addr:
        h["X-Forwarded-For"] = addr
    if src is None:
        return lib.api("POST", "/session", body={"username": user,
                                                 "password": password},
                       headers=h)
    body = ('{"username": "%s", "password": "%s"}' % (user, password))
    conn = socket.create_connection((lib.HOST, lib.PORT), timeout=30,
                                    source_address=(src, 0))
    req = ("POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
           "Content-Type: application/json\r\nContent-Length: %d\r\n"
           "%sConnection: close\r\n\r\n%s" % (
               len(body), "".join("%s: %s\r\n" % kv for kv in h.items()),
               body))
    conn.sendall(req.encode())
    data = b""
    while True:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    conn.close()
    return int(data.split(b" ", 2)[1])


def hang_up(i):
    """Sends a login (API or form) and closes after 5-60 ms."""
    rnd = random.Random(i)
    user = "storm%d%s" % (i, lib.TAG)
    if i % 2 == 0:
        body = '{"username": "%s", "password": "wrong-%d"}' % (user, i)
        head = ("POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                "Content-Type: application/json\r\n")
    else:
        body = "username=%s&password=wrong-%d&csrf=x" % (user, i)
        head = ("POST /login HTTP/1.1\r\nHost: x\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Cookie: cb_pre=x\r\n")
    req = ("%sX-Forwarded-For: 192.0.2.%d\r\nContent-Length: %d\r\n\r\n%s"
           % (head, i % 250 + 1, len(body), body))
    try:
        s = socket.create_connection((lib.HOST, lib.PORT), timeout=5)
        s.sendall(req.encode())
        time.sleep(rnd.uniform(0.005, 0.060))
        s.close()
    except OSError:
        pass


def test_hangup_storm():
    before = log_size()
    threads = [threading.Thread(target=hang_up, args=(i,))
               for i in range(120)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Let every queued password check end (each is ~75 ms of a thread).
    time.sleep(3)
    T.check(lib.healthy(), "/healthz answers after 120 hang-ups mid-login")
    r = login_as("caseworker", lib.demo_password("caseworker"))
    T.status(r, 201, "a real login still works after the storm")
    text = log_since(before)
    bad = [l for l in text.splitlines()
           if "exited" in l or "restarting" in l or "died" in l or
           "task_channel" in l or "Bad file descriptor" in l]
    T.eq(bad, [], "no worker died or restarted during the storm")


def test_lockout_race():
    user = "race%s" % lib.TAG
    pw = "Race-%s-%d-lockout" % (lib.TAG, lib.RUNNUM)
    lib.add_user(user, "caseworker", pw, office="Sarajevo")
    results = []
    lock = threading.Lock()

    def guess(i):
        r = login_as(user, "wrong-guess-%d" % i, addr="198.51.100.%d" % (
            i + 1))
        with lock:
            results.append(r.status)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    n401 = results.count(401)
    n429 = results.count(429)
    T.check(1 <= n401 <= 5, "at most 5 of 40 parallel guesses were "
            "evaluated (401: %d)" % n401, results)
    T.eq(n401 + n429, 40, "every other guess was refused with 429")
    fails = int(lib.sql_value(
        "SELECT count(*) FROM cb.audit_log l JOIN cb.users u ON u.id = "
        "l.actor WHERE u.username = '%s' AND l.action = 'login.fail'" %
        user))
    T.eq(fails, n401, "one login.fail entry per evaluated guess")
    locked = int(lib.sql_value(
        "SELECT count(*) FROM cb.audit_log l JOIN cb.users u ON u.id = "
        "l.actor WHERE u.username = '%s' AND l.action = 'login.locked'" %
        user))
    T.eq(locked, n429, "one login.locked entry per refused guess")
    r = login_as(user, pw, addr="198.51.100.200")
    T.status(r, 429, "even the right password waits out the lock")
    T.check(r.headers.get("Retry-After", "").isdigit(),
            "429 says when to try again (Retry-After)", r.headers)


def test_address_limit():
    addr = "203.0.113.7"
    codes = [login_as("nobody%d%s" % (i, lib.TAG), "wrong", addr=addr).status
             for i in range(ADDR_LIMIT)]
    T.eq(set(codes), {401}, "%d wrong logins for different usernames from "
         "one address are each evaluated" % ADDR_LIMIT)
    r = login_as("nobody-more%s" % lib.TAG, "wrong", addr=addr)
    T.status(r, 429, "the next one from that address is refused (429)")
    r = login_as("caseworker", lib.demo_password("caseworker"), addr=addr)
    T.status(r, 429, "also for a real user with the right password")
    r = login_as("caseworker", lib.demo_password("caseworker"),
                 addr="203.0.113.8")
    T.status(r, 201, "another address is not affected")
    # X-Forwarded-For from a peer that is not the trusted proxy is
    # ignored: the socket's own address counts.
    st = login_as("caseworker", lib.demo_password("caseworker"),
                  addr=addr, src="127.0.0.2")
    T.eq(st, 201, "a client that is not the proxy cannot claim the "
         "blocked address (nor any other) with X-Forwarded-For")


def test_planted_cookie():
    b = lib.Browser()
    _, page = lib.login_page(b)
    r = b.post("/login", [("username", "caseworker"),
                          ("password", lib.demo_password("caseworker")),
                          ("csrf", page.value("csrf") or "")])
    T.status(r, 303, "the victim logs in")
    real = b.cookies.get("cb_session")
    # The attacker's own valid session, planted before the victim's.
    att = lib.Browser()
    _, p2 = lib.login_page(att)
    att.post("/login", [("username", "caseworker2"),
                        ("password", lib.demo_password("caseworker2")),
                        ("csrf", p2.value("csrf") or "")])
    mine = att.cookies.get("cb_session")
    for order, cookie in (
            ("an invalid planted cookie first",
             "cb_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; "
             "cb_session=%s" % real),
            ("a case-variant name first",
             "CB_SESSION=%s; cb_session=%s" % (mine, real))):
        r = lib.request("GET", "/cases", None, {"Cookie": cookie,
                                                 "Accept": "text/html"})
        T.status(r, 200, "with %s the victim still gets their page" % order)
        # The bar names the caller: "<a href=/profile ...>NAME</a> (ROLE)".
        T.check(">caseworker</a> (" in r.text,
                "...as themselves (%s)" % order, r.text[:300])
    # A valid planted session beside the victim's: the CSRF token of
    # the victim's page binds the form to the victim's session.
    g = lib.request("GET", "/cases/new", None, {
        "Cookie": "cb_session=%s" % real, "Accept": "text/html"})
    csrf = lib.Page(g.text).value("csrf")
    r = lib.request("POST", "/logout", "csrf=%s" % csrf, {
        "Cookie": "cb_session=%s; cb_session=%s" % (mine, real),
        "Content-Type": "application/x-www-form-urlencoded"})
    T.status(r, 303, "a form posted with both cookies is taken with the "
             "session its CSRF token belongs to")
    still = lib.request("GET", "/cases", None, {
        "Cookie": "cb_session=%s" % mine, "Accept": "text/html"})
    T.status(still, 200, "...so the attacker's planted session was not "
             "the one logged out")
    gone = lib.request("GET", "/cases", None, {
        "Cookie": "cb_session=%s" % real, "Accept": "text/html"})
    T.status(gone, 303, "...the victim's was")


def test_rehash():
    user = "rehash%s" % lib.TAG
    pw = "Rehash-%s-%d-upgrade" % (lib.TAG, lib.RUNNUM)
    lib.add_user(user, "auditor", pw)
    tool = os.path.join(lib.TOP, "obj", "tests", "pwhash")
    weak = subprocess.run([tool], input=(pw + "\n").encode(),
                          stdout=subprocess.PIPE, check=True)
    weak = weak.stdout.decode().strip()
    T.check(weak.startswith("$argon2id$v=19$m=8,"), "a weak hash was made",
            weak)
    lib.sql("UPDATE cb.users SET pw_hash = '%s' WHERE username = '%s'" % (
        weak, user))
    r = login_as(user, pw)
    T.status(r, 201, "the old hash still verifies")
    now = lib.sql_value("SELECT pw_hash FROM cb.users WHERE username = "
                        "'%s'" % user)
    T.check(now.startswith("$argon2id$v=19$m=65536,t=2,"), "...and was "
            "rehashed with today's parameters at that login", now[:40])
    r = login_as(user, pw)
    T.status(r, 201, "the new hash verifies")


def main():
    for t in (test_hangup_storm, test_lockout_race, test_address_limit,
              test_planted_cookie, test_rehash):
        T.run(t)
    T.finish()


if __name__ == "__main__":
    main()
