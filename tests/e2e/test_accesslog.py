"""casebook's own access log (README "The access log"), in the server
log: one line per request with its request id, method, route PATTERN,
status and duration, never the path's case id nor the query string;
an error line of a request carries the same request id, and the answer
names it (X-Request-Id). An error is provoked on purpose: a case whose
sealed name was tampered with in the database cannot be opened (500),
which the server logs. tests/e2e/run.sh checks the whole log after all
suites (every answer's id has its line, no UUID or query anywhere)."""
import os
import re
import time

import lib

T = lib.Suite("accesslog")
LOG = os.path.join(lib.STATE_DIR, "log", "server.log")
UUID_ANY = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                      r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
ACCESS = re.compile(r"^\[wrk \d+\]: access rid=([0-9a-f]{32}) "
                    r"method=([A-Z]+) route=(\S+) status=(\d{3}) "
                    r"ms=(\d+)$")


def lines_for(rid, want=1):
    """The server log's lines naming rid (written as a request ends,
    just after its answer: waits a moment for them)."""
    found = []
    for _ in range(50):
        with open(LOG, encoding="utf-8", errors="replace") as f:
            found = [l.rstrip("\n") for l in f if "rid=%s " % rid in l or
                     l.rstrip("\n").endswith("rid=" + rid)]
        if len([l for l in found if " access rid=" in l]) >= want:
            break
        time.sleep(0.1)
    return found


def access(rid):
    """(method, route, status) of rid's one access line, or the lines."""
    lines = [l for l in lines_for(rid) if " access rid=" in l]
    if len(lines) != 1 or not ACCESS.match(lines[0]):
        return lines
    m = ACCESS.match(lines[0])
    return (m.group(2), m.group(3), int(m.group(4)))


def main():
    tok = lib.token_for("caseworker")
    given = "Acc%s" % lib.TAG
    lib.record_secret(given)
    r = lib.api("POST", "/cases", tok, {
        "case_type": "AVRR", "consent_data_processing": True,
        "person": {"given_name": given, "family_name": "Log%s" % lib.TAG,
                   "citizenship": "SY"}})
    if not T.status(r, 201, "a case to look at"):
        T.finish()
    cid = r.json()["id"]
    rid = r.header("X-Request-Id") or ""
    T.check(re.match(r"^[0-9a-f]{32}$", rid), "the answer names its "
            "request id (X-Request-Id)", rid)
    T.eq(access(rid), ("POST", "/api/v1/cases", 201),
         "one access line: method, route, status")

    r = lib.api("GET", "/cases/" + cid, tok)
    T.status(r, 200, "the case opens")
    T.eq(access(r.header("X-Request-Id")),
         ("GET", "/api/v1/cases/{id}", 200),
         "its route is the pattern /api/v1/cases/{id}, not the case id")
    r = lib.api("GET", "/cases/%s/history" % cid, tok)
    T.eq(access(r.header("X-Request-Id")),
         ("GET", "/api/v1/cases/{id}/history", 200),
         "...and /api/v1/cases/{id}/history")
    r = lib.api("GET", "/cases?case_type=AVRR&assigned_to=me", tok)
    T.eq(access(r.header("X-Request-Id")), ("GET", "/api/v1/cases", 200),
         "a query string is not logged")
    r = lib.request("GET", "/no/such/%s?x=1" % cid,
                    headers={"Accept": "text/html"})
    T.eq(access(r.header("X-Request-Id")), ("GET", "/*", 404),
         "a path without a route is logged as /*")
    r = lib.api("PATCH", "/cases/" + cid, tok, body={})
    T.eq(access(r.header("X-Request-Id")),
         ("PATCH", "/api/v1/cases/{id}", 405), "a refused method too")

    # A sealed name that no longer opens: the server answers 500 and
    # logs why, under the request's id and without the case's.
    pid = lib.sql_value("SELECT person_id FROM cb.cases WHERE id = '%s'"
                        % cid)
    lib.sql("UPDATE cb.persons SET given_name = set_byte(given_name, 30, "
            "get_byte(given_name, 30) # 1) WHERE id = '%s'" % pid)
    try:
        r = lib.api("GET", "/cases/" + cid, tok)
    finally:
        lib.sql("UPDATE cb.persons SET given_name = set_byte(given_name, "
                "30, get_byte(given_name, 30) # 1) WHERE id = '%s'" % pid)
    T.status(r, 500, "a tampered name does not open (500)")
    lib.SERVER_ERRORS[:] = [e for e in lib.SERVER_ERRORS
                            if cid not in e[1]]
    rid = r.header("X-Request-Id") or "-"
    lines = lines_for(rid)
    errors = [l for l in lines if " access rid=" not in l]
    T.check(len(errors) >= 1 and all(": rid=%s " % rid in l
                                       for l in errors) and
            any("cannot open" in l for l in errors),
            "the error line carries the request id", lines)
    T.eq(access(rid), ("GET", "/api/v1/cases/{id}", 500),
         "...and that request has its access line, status 500")
    T.check(not any(cid in l or UUID_ANY.search(l) for l in lines),
            "neither line names the case", lines)
    r = lib.api("GET", "/cases/" + cid, tok)
    T.status(r, 200, "restored, it opens again")

    with open(LOG, encoding="utf-8", errors="replace") as f:
        log = f.read()
    acc = [l for l in log.splitlines() if " access rid=" in l]
    T.check(len(acc) > 5 and all(ACCESS.match(l) for l in acc),
            "every access line so far has the same shape (%d)" % len(acc),
            [l for l in acc if not ACCESS.match(l)][:5])
    T.eq([l for l in acc if cid in l or "?" in l], [],
         "no access line holds the case id or a query string")
    T.eq(lib.SERVER_ERRORS, [], "no other request got a 5xx")
    T.finish()


if __name__ == "__main__":
    main()
