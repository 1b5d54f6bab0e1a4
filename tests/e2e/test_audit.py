"""The audit trail and the homes of every role, over HTTP:

- each role lands on a page it may use, with the navigation and Log out,
  also on error pages (partners, auditors and admins were stranded on
  "Not allowed" with no way out);
- reads are audited before they are answered, including lists (with
  the ids shown), searches (with the ids found) and denied reads;
- the chain is keyed and signed: GET /api/v1/audit/verify and the /audit
  page verify it with its checkpoints, for auditors and admins only,
  and the checkpoints file outside the database grows while entries
  arrive.
"""
import os
import time

import lib

T = lib.Suite("audit")
S = {}


def test_homes():
    for user, title in (("partner", "Referrals"),
                        ("auditor", "Statistics"),
                        ("admin", "Administration")):
        b = lib.browser_login(user)
        r = b.get("/")
        T.status(r, 200, "%s's home (/) opens" % user)
        page = lib.Page(r.text)
        T.check("<h1>%s</h1>" % title in r.text, "%s's home is titled %s" %
                (user, title), r.text[:400])
        T.check('action="/logout"' in r.text and page.value("csrf"),
                "%s's home has Log out with its CSRF token" % user)
        T.check("<nav" in r.text, "%s's home has the navigation" % user)
        # A page the role may not use: refused, but not stranded.
        r = b.get("/cases")
        T.status(r, 403, "%s GET /cases -> 403" % user)
        T.check('action="/logout"' in r.text and 'href="/"' in r.text,
                "%s's 403 page keeps Log out and a way home" % user,
                r.text[:400])
        r = b.get("/nothing-here")
        T.status(r, 404, "%s GET an unknown page -> 404" % user)
        T.check('action="/logout"' in r.text,
                "%s's 404 page keeps Log out" % user)
        csrf = lib.Page(r.text).value("csrf")
        r = b.post("/logout", [("csrf", csrf)])
        T.status(r, 303, "%s logs out from the error page" % user)
        r = b.get("/")
        T.eq((r.status, r.location_path()), (303, "/login"),
             "%s is logged out" % user)
    b = lib.browser_login("supervisor")
    r = b.get("/")
    T.status(r, 200, "a supervisor's home (/) opens")
    T.check("<h1>My office</h1>" in r.text, "a supervisor's home is the "
            "office's counts", r.text[:400])
    r = lib.Browser().get("/")
    T.eq((r.status, r.location_path()), (303, "/login"),
         "without a session / sends to the login page")


def count(where):
    return int(lib.sql_value("SELECT count(*) FROM cb.audit_log WHERE " +
                             where))


def test_read_entries():
    tok = lib.token_for("caseworker")
    S["tok"] = tok
    doc = "AUD%s%d" % (lib.TAG.upper(), lib.RUNNUM)
    lib.record_secret(doc)
    r = lib.api("POST", "/cases", tok, {
        "case_type": "CT", "consent_data_processing": True,
        "person": {"given_name": "Aud%s" % lib.TAG,
                   "family_name": "Trail%s" % lib.TAG,
                   "citizenship": "IQ", "document_number": doc}})
    T.status(r, 201, "a case to read")
    cid = r.json()["id"]
    S["cid"] = cid
    lib.record_secret("Aud%s" % lib.TAG)
    lib.record_secret("Trail%s" % lib.TAG)

    # Each read's entry is committed before its reply: no waiting.
    for path, action in (("/cases/" + cid, "case.view"),):
        n = count("action = '%s' AND record_id = '%s'" % (action, cid))
        lib.api("GET", path, tok)
        T.eq(count("action = '%s' AND record_id = '%s'" % (action, cid)),
             n + 1, "%s is in the log when its reply arrives" % action)
    n = count("action = 'case.list'")
    r = lib.api("GET", "/cases?case_type=CT&limit=5", tok)
    T.status(r, 200, "a list view")
    rows = lib.sql("SELECT array_to_string(records, ','), fields, outcome "
                   "FROM cb.audit_log WHERE action = 'case.list' "
                   "ORDER BY id DESC LIMIT 1")
    shown = [i["id"] for i in r.json()["items"]]
    T.eq(count("action = 'case.list'"), n + 1, "the list view is audited")
    T.eq(rows[0][0].split(",") if rows[0][0] else [], shown,
         "...with exactly the ids it showed")
    named = any(i.get("person", {}).get("given_name")
                for i in r.json()["items"])
    T.eq(rows[0][1:], ["case_type" + (",person.given_name,"
                                      "person.family_name" if named else ""),
                       "ok"],
         "...naming the filter used (never its value), the person fields "
         "shown and the outcome")
    r = lib.api("POST", "/cases/search", tok, {"document_number": doc})
    T.eq([i["id"] for i in r.json()["items"]], [cid], "the search finds it")
    rows = lib.sql("SELECT array_to_string(records, ','), fields, outcome "
                   "FROM cb.audit_log WHERE action = 'case.search' "
                   "ORDER BY id DESC LIMIT 1")
    T.eq(rows[0], [cid, "document_number,person.given_name,"
                   "person.family_name", "found"],
         "the search's entry records which case and which person fields "
         "it returned")
    # Denied reads are audited too, and answered like a missing case.
    other = lib.token_for("caseworker2")
    n = count("action = 'case.view' AND record_id = '%s' AND outcome = "
              "'denied'" % cid)
    r = lib.api("GET", "/cases/" + cid, other)
    T.status(r, 404, "another office's caseworker gets 404")
    T.eq(count("action = 'case.view' AND record_id = '%s' AND outcome = "
               "'denied'" % cid), n + 1, "...and a 'denied' entry")
    for role in ("partner", "auditor", "admin"):
        n = count("action = 'case.list' AND outcome = 'denied'")
        r = lib.api("GET", "/cases", lib.token_for(role))
        T.status(r, 403, "%s may not list cases (403)" % role)
        T.eq(count("action = 'case.list' AND outcome = 'denied'"), n + 1,
             "...and the refused list is audited")
    # The database, not the application, says who and when.
    row = lib.sql("SELECT u.username, l.actor_role, l.at_us > 0 FROM "
                  "cb.audit_log l JOIN cb.users u ON u.id = l.actor WHERE "
                  "l.action = 'case.search' ORDER BY l.id DESC LIMIT 1")
    T.eq(row[0], ["caseworker", "caseworker", "t"],
         "actor and role come from the session, time from the database")


def test_verify():
    # The chainer runs every 200 ms and signs every 2 s.
    cp = os.path.join(lib.STATE_DIR, "audit", "checkpoints")
    size0 = os.path.getsize(cp)
    lib.api("GET", "/cases/" + S["cid"], S["tok"])
    deadline = time.time() + 10
    while os.path.getsize(cp) == size0 and time.time() < deadline:
        time.sleep(0.2)
    T.check(os.path.getsize(cp) > size0,
            "a signed checkpoint is appended outside the database")
    T.eq(oct(os.stat(cp).st_mode & 0o777), "0o600",
         "the checkpoints file is readable by its owner only")
    with open(cp, encoding="ascii") as f:
        last = f.read().splitlines()[-1].split(" ")
    T.eq((last[0], len(last[2]), len(last[4])), ("cp1", 64, 86),
         "a checkpoint is: cp1 seq mac(hex) time signature")
    chained = int(lib.sql_value("SELECT head_seq FROM cb.audit_chain_state"))
    total = int(lib.sql_value("SELECT count(*) FROM cb.audit_log"))
    T.check(total - chained < 50, "the chainer keeps up (%d of %d "
            "chained)" % (chained, total))
    for role in ("auditor", "admin"):
        r = lib.api("GET", "/audit/verify", lib.token_for(role))
        T.status(r, 200, "%s GET /api/v1/audit/verify -> 200" % role)
        j = r.json()
        T.check(j.get("ok") is True and j.get("first_bad") is None,
                "%s: the chain verifies" % role, j)
        T.check(j.get("entries", 0) >= chained and
                j.get("checkpoints", 0) >= 1,
                "%s: entries and checkpoints were checked" % role, j)
    n = count("action = 'audit.verify'")
    for role in ("caseworker", "supervisor", "partner"):
        r = lib.api("GET", "/audit/verify", lib.token_for(role))
        T.status(r, 403, "%s GET /audit/verify -> 403" % role)
    T.eq(count("action = 'audit.verify' AND outcome = 'denied'") >= 3, True,
         "refused verifications are audited")
    T.check(count("action = 'audit.verify'") >= n + 3,
            "every verification is itself an entry")
    b = lib.browser_login("auditor")
    r = b.get("/audit")
    T.status(r, 200, "the auditor's /audit page")
    T.check('data-field="ok" class="good"' in r.text,
            "the page shows the chain intact", r.text[:600])


def main():
    for t in (test_homes, test_read_entries, test_verify):
        T.run(t)
    T.finish()


if __name__ == "__main__":
    main()
