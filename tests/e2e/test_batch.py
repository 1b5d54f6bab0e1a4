#!/usr/bin/env python3
"""Batched reads (README "Benchmark", src/store/batch.c): API reads of a
case, case pages with their history, and searches that arrive together
go to PostgreSQL as one statement, and each request must get its own answer
and no other. Attacks: many users of two
offices reading each other's cases at the same moment (each answer is
the requested case with its own names, or 404 exactly where the caller
may not see it), bogus tokens mixed in (401, the others unharmed), each
request's audit entry with its own actor, outcome and request id, and
clients that hang up while their read is queued or in flight (the server
stays up and answers the rest). Run by tests/e2e/run.sh."""

import os
import random
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, Suite, api, browser_login, healthy,  # noqa
                 in_parallel, record_secret, request, short, sql, token_for,
                 HOST, PORT)

T = Suite("batch")
rng = random.Random()
USERS = ["caseworker", "caseworker2", "supervisor", "supervisor2",
         "partner", "auditor"]


def own_entries(action, cols, rids, what, shape=tuple):
    """rids: request id -> the entry it must have (actor, outcome, then
    what cols select, passed through shape). Each request has exactly
    that one entry, and one transaction wrote several of them."""
    ids = ",".join("'%s'" % x for x in rids)
    seen = {}
    for row in sql("SELECT a.request_id, u.username, a.outcome, %s FROM "
                   "cb.audit_log a JOIN cb.users u ON u.id = a.actor "
                   "WHERE a.action = '%s' AND a.request_id IN (%s)" % (
                       cols, action, ids)):
        seen.setdefault(row[0], []).append(shape(row[1:]))
    bad = [rid for rid, want in rids.items() if seen.get(rid) != [want]]
    T.check(len(rids) > 100 and not bad,
            "each of the %d %s has exactly one %s entry with its own "
            "actor, outcome and %s" % (len(rids), what[0], action, what[1]),
            "\n".join("%s: want %s, got %s" % (b, rids[b], seen.get(b))
                       for b in bad[:5]))
    most = sql("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n "
               "FROM cb.audit_log WHERE action = '%s' AND "
               "request_id IN (%s) GROUP BY xid) x" % (action, ids))[0][0]
    T.check(int(most) > 1, "%s arriving together were committed as one "
            "batch (up to %s in one transaction)" % (what[0], most))


def make_case(tok, n):
    given = "Batch%s%d" % (TAG, n)
    record_secret(given)
    r = api("POST", "/cases", tok, {
        "case_type": "AVRR", "consent_data_processing": True,
        "person": {"given_name": given, "family_name": "Reads",
                   "citizenship": "AF"}})
    T.status(r, 201, "case %d created" % n)
    return r.json()["id"], given


def main():
    tok = {u: token_for(u) for u in USERS}
    # Three cases of caseworker (Sarajevo), two of caseworker2 (Belgrade).
    cases = []
    for n in range(3):
        cid, given = make_case(tok["caseworker"], n)
        cases.append((cid, given, "caseworker", "supervisor"))
    for n in range(3, 5):
        cid, given = make_case(tok["caseworker2"], n)
        cases.append((cid, given, "caseworker2", "supervisor2"))
    missing = "00000000-0000-4000-8000-%012d" % rng.randrange(10 ** 12)

    def may_see(user, case):
        return case is not None and user in (case[2], case[3])

    asked = []      # (user or None for a bogus token, case or None)
    for _ in range(6 * 48):
        user = rng.choice(USERS + [None])
        case = rng.choice(cases + [None])
        asked.append((user, case))

    # Well formed, so that it reaches the database, but no session.
    t0 = tok["caseworker"]
    bogus = t0[:10] + ("A" if t0[10] != "A" else "B") + t0[11:]

    def reader(user, case):
        t = tok[user] if user else bogus
        cid = case[0] if case else missing
        return lambda: api("GET", "/cases/" + cid, t)

    wrong, leaks, got = [], [], []
    for k in range(0, len(asked), 48):
        part = asked[k:k + 48]
        answers = in_parallel([reader(u, c) for u, c in part])
        for (user, case), r in zip(part, answers):
            if isinstance(r, Exception):
                wrong.append("%s: %s" % (user, r))
                continue
            got.append((user, case, r))
            if user is None:
                if r.status != 401:
                    wrong.append("bogus token -> %d" % r.status)
                continue
            if not may_see(user, case):
                if r.status != 404:
                    wrong.append("%s may not see %s -> %d" % (
                        user, case and case[0], r.status))
                if case and case[1] in r.text:
                    leaks.append("%s got %s's names" % (user, case[2]))
                continue
            body = r.try_json() or {}
            person = body.get("person") or {}
            if r.status != 200 or body.get("id") != case[0] or \
                    person.get("given_name") != case[1]:
                wrong.append("%s asked %s -> %d %s" % (
                    user, case[0], r.status, short(r.text, 120)))
            # Anyone else's names in the answer would be a crossed row.
            for other in cases:
                if other is not case and other[1] in r.text:
                    leaks.append("%s asked %s and got %s" % (
                        user, case[0], other[0]))
    T.check(len(got) == len(asked), "all %d parallel reads answered "
            "(48 at a time)" % len(asked), "; ".join(wrong[:5]))
    T.check(not leaks, "no answer holds another case's names", leaks[:5])
    T.check(not wrong, "each answer is its own: the case with its names, "
            "404 where the caller may not see it, 401 for a bogus token",
            "\n".join(wrong[:8]))

    rids = {}
    for user, case, r in got:
        rid = r.header("X-Request-Id")
        if user is not None and rid:
            rids[rid] = (user, "ok" if may_see(user, case) else "denied",
                         case[0] if case else missing)
    own_entries("case.view", "a.record_id", rids, ("reads", "case"))
    bogus = [r.header("X-Request-Id") for u, c, r in got if u is None]
    n = sql("SELECT count(*) FROM cb.audit_log WHERE action = 'case.view' "
            "AND request_id IN (%s)" % ",".join(
                "'%s'" % x for x in bogus if x)) if bogus else [["0"]]
    T.eq(n[0][0], "0", "a read with a bogus token leaves no case.view entry")

    # Clients that hang up: some close at once after sending, some
    # after half a request; meanwhile real reads go on.
    def hangup(full):
        def go():
            s = socket.create_connection((HOST, PORT), timeout=10)
            req = ("GET /api/v1/cases/%s HTTP/1.1\r\nHost: x\r\n"
                   "Authorization: Bearer %s\r\n\r\n" % (
                       cases[0][0], tok["caseworker"]))
            s.sendall(req.encode() if full else req[:30].encode())
            s.close()
            return None
        return go

    for _ in range(3):
        fns = []
        for i in range(48):
            if i % 3 == 0:
                fns.append(reader("caseworker", cases[1]))
            else:
                fns.append(hangup(i % 3 == 1))
        out = in_parallel(fns)
        real = [r for r in out if r is not None]
        T.check(all(not isinstance(r, Exception) and r.status == 200 and
                    r.json().get("id") == cases[1][0] for r in real),
                "reads among clients hanging up are answered, each its own "
                "(%d)" % len(real),
                [getattr(r, "status", r) for r in real][:8])
    T.check(healthy(), "the server is healthy after the hang-ups")
    r = api("GET", "/cases/" + cases[2][0], tok["supervisor"])
    T.check(r.status == 200 and r.json().get("id") == cases[2][0],
            "a read after them is its own", short(r.text))
    pages(cases, missing, may_see)
    searches(tok)


def pages(cases, missing, may_see):
    """The same attacks on case pages: an element's rows are its case,
    its history and, for a supervisor, the office's caseworkers; rows of
    one element handed to another would show there."""
    cookie = {u: browser_login(u).cookies["cb_session"] for u in USERS}
    c0 = cookie["caseworker"]
    bogus = c0[:10] + ("A" if c0[10] != "A" else "B") + c0[11:]
    asked = [(rng.choice(USERS + [None]), rng.choice(cases + [None]))
             for _ in range(4 * 48)]

    def reader(user, case):
        path = "/cases/" + (case[0] if case else missing)
        hdr = {"Accept": "text/html",
               "Cookie": "cb_session=" + (cookie[user] if user else bogus)}
        return lambda: request("GET", path, None, hdr)

    wrong, leaks, got = [], [], []
    for k in range(0, len(asked), 48):
        part = asked[k:k + 48]
        for (user, case), r in zip(part, in_parallel(
                [reader(u, c) for u, c in part])):
            if isinstance(r, Exception):
                wrong.append("%s: %s" % (user, r))
                continue
            got.append((user, case, r))
            names = [o for o in cases if o is not case and o[1] in r.text]
            if names:
                leaks.append("%s asked %s and got %s" % (
                    user, case and case[0], names[0][0]))
            if user is None:
                if r.status != 303:
                    wrong.append("bogus cookie -> %d" % r.status)
                continue
            if not may_see(user, case):
                if r.status != 404 or (case and case[1] in r.text):
                    wrong.append("%s may not see %s -> %d" % (
                        user, case and case[0], r.status))
                continue
            t = r.text
            hist = t[t.find('<table class="history">'):]
            # Its own history: opened by the case's own caseworker.
            own = r.status == 200 and case[1] in t and \
                "<td>%s (" % case[2] in hist
            # A supervisor is offered their office's caseworkers only.
            if user.startswith("supervisor"):
                other = "caseworker2" if case[2] == "caseworker" \
                    else "caseworker"
                own = own and ">%s</option>" % case[2] in t and \
                    ">%s</option>" % other not in t
            if not own:
                wrong.append("%s asked page %s -> %d %s" % (
                    user, case[0], r.status, short(t, 160)))
    T.check(len(got) == len(asked), "all %d parallel case pages answered "
            "(48 at a time)" % len(asked), "; ".join(wrong[:5]))
    T.check(not leaks, "no case page holds another case's names",
            leaks[:5])
    T.check(not wrong, "each page is its own: its case, its history, its "
            "office's caseworkers for a supervisor; 404 where the caller "
            "may not see it, the login for a bogus cookie",
            "\n".join(wrong[:8]))

    rids = {}
    for user, case, r in got:
        rid = r.header("X-Request-Id")
        if user is not None and rid:
            seen = may_see(user, case)
            fields = "history" if seen else None
            if seen and user.startswith("supervisor"):
                fields = "history,caseworkers"
            rids[rid] = (user, "ok" if seen else "denied",
                         case[0] if case else missing, fields)
    # Of the fields an entry names, what only a page shows.
    def page_fields(row):
        shown = [f for f in (row[3] or "").split(",")
                 if f in ("history", "caseworkers")]
        return (row[0], row[1], row[2], ",".join(shown) or None)
    own_entries("case.view", "a.record_id, a.fields", rids,
                ("page reads", "case, with what it showed"), page_fields)


def searches(tok):
    """Searches by document number and by name and date of birth, of
    both offices, mixed in the same batches: each answer holds exactly
    the cases its caller may see with that key, and its own entry."""
    shared = "S%s" % TAG
    made = []      # (id, caseworker, document, given)
    for n, (cw, doc) in enumerate([
            ("caseworker", "A%s" % TAG), ("caseworker", shared),
            ("caseworker2", "B%s" % TAG), ("caseworker2", shared)]):
        given = "Find%s%d" % (TAG, n)
        record_secret(given)
        record_secret(doc)
        r = api("POST", "/cases", tok[cw], {
            "case_type": "AVRR", "consent_data_processing": True,
            "person": {"given_name": given, "family_name": "Searched",
                       "date_of_birth": "1990-0%d-0%d" % (n + 1, n + 1),
                       "document_number": doc, "citizenship": "AF"}})
        T.status(r, 201, "case %d to search for created" % n)
        made.append((r.json()["id"], cw, doc, given, n))
    office = {"caseworker": "caseworker", "caseworker2": "caseworker2",
              "supervisor": "caseworker", "supervisor2": "caseworker2"}
    keys = [{"document_number": d} for d in
            ("A%s" % TAG, "B%s" % TAG, shared, "none%s" % TAG)]
    keys += [{"given_name": m[3], "family_name": "Searched",
              "date_of_birth": "1990-0%d-0%d" % (m[4] + 1, m[4] + 1)}
             for m in made[:3]]
    t0 = tok["caseworker"]
    bogus = t0[:10] + ("A" if t0[10] != "A" else "B") + t0[11:]

    def want(user, key):
        if user in ("partner", "auditor"):
            return None
        return sorted(m[0] for m in made if office[user] == m[1] and (
            key.get("document_number") == m[2] or
            key.get("given_name") == m[3]))

    asked = [(rng.choice(USERS + [None]), rng.choice(keys))
             for _ in range(4 * 48)]

    def searcher(user, key):
        return lambda: api("POST", "/cases/search",
                           tok[user] if user else bogus, key)

    wrong, got = [], []
    for k in range(0, len(asked), 48):
        part = asked[k:k + 48]
        for (user, key), r in zip(part, in_parallel(
                [searcher(u, c) for u, c in part])):
            if isinstance(r, Exception):
                wrong.append("%s: %s" % (user, r))
                continue
            got.append((user, key, r))
            w = want(user, key) if user else None
            if user is None:
                ok = r.status == 401
            elif w is None:
                ok = r.status == 403
            else:
                items = (r.try_json() or {}).get("items") or []
                ok = r.status == 200 and \
                    sorted(i.get("id") for i in items) == w and \
                    all((i.get("person") or {}).get("given_name") ==
                        [m[3] for m in made if m[0] == i.get("id")][0]
                        for i in items)
            if not ok:
                wrong.append("%s searched %s -> %d %s (want %s)" % (
                    user, key, r.status, short(r.text, 160), w))
    T.check(len(got) == len(asked) and not wrong, "each of %d parallel "
            "searches (document, name and birth date) finds exactly the "
            "cases its caller may see, with their names; 403 for partner "
            "and auditor, 401 for a bogus token" % len(asked),
            "\n".join(wrong[:8]))

    rids = {}
    for user, key, r in got:
        rid = r.header("X-Request-Id")
        if user is not None and rid:
            w = want(user, key)
            rids[rid] = (user, "denied" if w is None else
                         "found" if w else "none",
                         ",".join(sorted(w or [])))
    own_entries("case.search", "coalesce(array_to_string(ARRAY(SELECT x "
                "FROM unnest(a.records) x ORDER BY x::text), ','), '')",
                rids, ("searches", "cases found"))


if __name__ == "__main__":
    T.run(main)
    T.finish()
