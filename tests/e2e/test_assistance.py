#!/usr/bin/env python3
"""End-to-end tests of assistance entries and reassignment against a
running server: POST/GET /api/v1/cases/{id}/assistance and the pages
/cases/{id}/assistance(/new), POST /api/v1/cases/{id}/assignment and the
page /cases/{id}/assignment. Money and non-money types, a 422 naming the
field for every rule, notes only as ciphertext in the database, medical
detail for the case team and never in lists or search results, closed
cases refused (also when only the database knows), 404 for every role
that does not see the case, Idempotency-Key replays (also racing),
reassignment by the office's supervisor only, stale and racing versions,
and the audit entries of all of it. Run by tests/e2e/run.sh (see lib.py
for the environment)."""

import datetime
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, DEMO, SERVER_ERRORS, UNTRANSLATED, STATE_DIR,  # noqa
                 PGBIN, Suite, Page, api, token_for, healthy, list_all,
                 ids, random_uuid, sql, sql_value, add_user, admin_cli,
                 record_secret, browser_login, short, in_parallel)

T = Suite("assistance")
TOK = {}          # demo user -> bearer token
UID = {}          # username -> user id
S = {}            # state shared between tests

TYPES = ["counselling", "medical", "shelter", "legal", "psychosocial",
         "travel_document", "ticket", "escort", "reception", "cash_grant",
         "in_kind_grant", "business_start_up_grant", "vocational_training",
         "education", "housing"]
MONEY = ["cash_grant", "in_kind_grant", "business_start_up_grant"]
CURRENCIES = ["BAM", "RSD", "EUR", "USD", "CHF", "GBP", "AFN", "BDT", "DZD",
              "EGP", "ILS", "IQD", "IRR", "LYD", "MAD", "PKR", "SOS", "SYP",
              "TND", "TRY"]
NOT_SEEING = ("caseworker2", "supervisor2", "partner", "auditor", "admin")
COUNTER = [0]


# ------------------------------------------------------------- fixtures

def n():
    COUNTER[0] += 1
    return COUNTER[0]


def secret(text):
    """A note: a plaintext that must reach the database only sealed."""
    record_secret(text)
    return text


def new_case(token="caseworker", consent=True):
    """A case of the caseworker (Sarajevo); returns its JSON."""
    i = n()
    body = {"case_type": "AVRR", "consent_data_processing": consent}
    if consent:
        person = {"given_name": "Zarmina%s%d" % (TAG, i),
                  "family_name": "Ahmadzai%s%d" % (TAG, i),
                  "date_of_birth": "1991-03-%02d" % (1 + i % 28),
                  "citizenship": "AF",
                  "document_number": "AS%s%04d" % (TAG.upper(), i)}
        for k in ("given_name", "family_name", "document_number"):
            record_secret(person[k])
        body["person"] = person
    r = api("POST", "/cases", TOK[token], body=body)
    if r.status != 201:
        raise RuntimeError("create case: %s %s" % (r.status, short(r.text)))
    j = r.json()
    j["_body"] = body
    return j


def add(token, case_id, body, headers=None):
    if isinstance(body.get("note"), str):
        secret(body["note"])
    return api("POST", "/cases/%s/assistance" % case_id, TOK[token],
               body=body, headers=headers)


def listing(token, case_id, query=""):
    return api("GET", "/cases/%s/assistance%s" % (case_id, query),
               TOK[token])


def all_entries(token, case_id):
    items, cursor = [], None
    for _ in range(100):
        q = "?limit=3" + ("&cursor=" + cursor if cursor else "")
        r = listing(token, case_id, q)
        if r.status != 200:
            raise RuntimeError("list: %s %s" % (r.status, short(r.text)))
        items.extend(r.json()["items"])
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items
    raise RuntimeError("more than 100 pages")


def today():
    return datetime.date.today().isoformat()


def count_rows(case_id):
    return int(sql_value("SELECT count(*) FROM cb.assistance WHERE "
                         "case_id = '%s'" % case_id))


def version_of(case_id):
    return int(sql_value("SELECT version FROM cb.cases WHERE id = '%s'" %
                         case_id))


def assigned(case_id):
    return sql_value("SELECT assigned_to FROM cb.cases WHERE id = '%s'" %
                     case_id)


def assign(token, case_id, to, version, extra=None):
    body = {"assigned_to": to, "version": version}
    body.update(extra or {})
    return api("POST", "/cases/%s/assignment" % case_id, TOK[token],
               body=body)


def setup():
    for u in DEMO:
        TOK[u] = token_for(u)
    for row in sql("SELECT username, id FROM cb.users"):
        UID[row[0]] = row[1]
    # Two more caseworkers of Sarajevo: one to assign cases to, one
    # disabled (never a valid assignee).
    for name, pw in (("asg%s" % TAG, "Asg-%s-pass-2026" % TAG),
                     ("asd%s" % TAG, "Asd-%s-pass-2026" % TAG)):
        add_user(name, "caseworker", pw, "Sarajevo")
        S.setdefault("pw", {})[name] = pw
    r = admin_cli(["user", "disable", "--username", "asd%s" % TAG])
    if r.returncode != 0:
        raise RuntimeError("disable asd: %s" % r.stderr[:200])
    for row in sql("SELECT username, id FROM cb.users"):
        UID[row[0]] = row[1]
    TOK["asg"] = token_for("asg%s" % TAG, S["pw"]["asg%s" % TAG])
    S["A"] = new_case()


# ------------------------------------------------------------- entries

def test_money_and_not():
    A = S["A"]["id"]
    note = secret("Counselled on return options %s, prefers Kabul" % TAG)
    r = add("caseworker", A, {"type": "cash_grant", "date": "2025-01-10",
                              "amount": 150.5, "currency": "EUR",
                              "provider": "IOM Sarajevo",
                              "note": "Cash for rent %s" % TAG})
    T.status(r, 201, "cash grant with amount and currency -> 201")
    j = r.try_json() or {}
    T.eq((j.get("type"), j.get("date"), j.get("amount"), j.get("currency"),
          j.get("amount_band"), j.get("provider"), j.get("case_id")),
         ("cash_grant", "2025-01-10", 150.5, "EUR", "50-199",
          "IOM Sarajevo", A), "the 201 carries the entry, amount banded")
    T.check(re.match(r"^[0-9a-f-]{36}$", j.get("id") or "") is not None and
            j.get("created_by") == UID["caseworker"],
            "the entry has a random id and names who recorded it", short(j))
    S["cash_id"] = j.get("id")
    r = add("caseworker", A, {"type": "counselling", "date": today(),
                              "note": note})
    T.status(r, 201, "counselling today without money -> 201")
    j = r.try_json() or {}
    T.eq((j.get("amount"), j.get("currency"), j.get("amount_band"),
          j.get("note")), (None, None, None, note),
         "a non-money entry has null amount, currency and band")

    # Every type and every currency the application offers is accepted
    # by the database's CHECKs (the two vocabularies agree).
    B = new_case()["id"]
    S["B"] = B
    bad = []
    for i, t in enumerate(TYPES):
        body = {"type": t, "date": "2024-%02d-15" % (1 + i % 12)}
        if t in MONEY:
            body.update({"amount": 10 * (i + 1), "currency": "BAM"})
        r = add("caseworker", B, body)
        if r.status != 201:
            bad.append((t, r.status, short(r.text, 120)))
    for c in CURRENCIES:
        r = add("caseworker", B, {"type": "in_kind_grant",
                                  "date": "2025-03-01", "amount": 1000,
                                  "currency": c})
        if r.status != 201:
            bad.append((c, r.status, short(r.text, 120)))
    T.eq(bad, [], "every type and every currency is accepted")
    items = all_entries("caseworker", B)
    T.eq(len(items), len(TYPES) + len(CURRENCIES),
         "GET lists every entry, page by page (limit=3 and cursors)")
    T.eq(len(set(ids(items))), len(items), "no entry twice across pages")
    dates = [(i["date"]) for i in items]
    T.eq(dates, sorted(dates, reverse=True), "entries newest first")
    bands = dict((i["currency"], i["amount_band"]) for i in items
                 if i["date"] == "2025-03-01")
    T.eq((bands.get("EUR"), bands.get("BAM"), bands.get("RSD"),
          bands.get("IRR"), bands.get("GBP")),
         ("1000-2499", "500-999", "0-49", "0-49", "1000-2499"),
         "1000 of a currency falls in the band of its value in euros")
    # One amount in euros per band: the application's bands are the
    # database's.
    got = []
    for amount in (10, 100, 300, 700, 2000, 3000, 6000):
        r = add("caseworker", B, {"type": "cash_grant", "date": "2023-06-01",
                                  "amount": amount, "currency": "EUR"})
        got.append((r.try_json() or {}).get("amount_band") or r.status)
    T.eq(got, ["0-49", "50-199", "200-499", "500-999", "1000-2499",
               "2500-4999", "5000+"], "each band is written and read back")
    T.eq(sql_value("SELECT count(*) FROM cb.assistance WHERE case_id = "
                   "'%s' AND amount_band IS NULL AND amount IS NOT NULL"
                   % B), "0", "every amount is stored with its band")


def test_field_errors():
    A = S["A"]["id"]
    before = count_rows(A)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    cases = [
        ("type missing", {"date": "2025-01-10"}, "type"),
        ("type unknown", {"type": "cash", "date": "2025-01-10"}, "type"),
        ("date missing", {"type": "legal"}, "date"),
        ("date in the future", {"type": "legal", "date": future}, "date"),
        ("date not a day", {"type": "legal", "date": "2025-02-30"}, "date"),
        ("money without amount", {"type": "cash_grant", "date": "2025-01-10",
                                  "currency": "EUR"}, "amount"),
        ("money without currency", {"type": "cash_grant",
                                    "date": "2025-01-10", "amount": 5},
         "currency"),
        ("amount 0", {"type": "cash_grant", "date": "2025-01-10",
                      "amount": 0, "currency": "EUR"}, "amount"),
        ("amount negative", {"type": "cash_grant", "date": "2025-01-10",
                             "amount": -5, "currency": "EUR"}, "amount"),
        ("amount with 3 decimals", {"type": "cash_grant",
                                    "date": "2025-01-10", "amount": 1.005,
                                    "currency": "EUR"}, "amount"),
        ("amount as a string", {"type": "cash_grant", "date": "2025-01-10",
                                "amount": "5", "currency": "EUR"}, "amount"),
        ("amount too large", {"type": "cash_grant", "date": "2025-01-10",
                              "amount": 12345678901, "currency": "EUR"},
         "amount"),
        ("currency unknown", {"type": "cash_grant", "date": "2025-01-10",
                              "amount": 5, "currency": "XBT"}, "currency"),
        ("amount on a service", {"type": "ticket", "date": "2025-01-10",
                                 "amount": 300}, "amount"),
        ("currency on a service", {"type": "housing", "date": "2025-01-10",
                                   "currency": "EUR"}, "currency"),
        ("provider on two lines", {"type": "legal", "date": "2025-01-10",
                                   "provider": "A\nB"}, "provider"),
        ("provider too long", {"type": "legal", "date": "2025-01-10",
                               "provider": "x" * 201}, "provider"),
        ("note too long", {"type": "legal", "date": "2025-01-10",
                           "note": "n" * 4001}, "note"),
        ("unknown field", {"type": "legal", "date": "2025-01-10",
                           "office": "Sarajevo"}, "office"),
    ]
    for what, body, field in cases:
        r = api("POST", "/cases/%s/assistance" % A, TOK["caseworker"],
                body=body)
        T.check(r.status == 422 and r.error_code() == "invalid" and
                field in r.error_fields(),
                "%s -> 422 naming %s" % (what, field),
                "%s %s" % (r.status, short(r.text)))
    P = new_case(consent=False)["id"]
    r = add("caseworker", P, {"type": "medical", "date": "2025-01-10",
                              "note": "pseudonymous %s note" % TAG})
    T.check(r.status == 422 and r.error_fields().get("note") is not None,
            "a note on a pseudonymous case -> 422 naming note",
            "%s %s" % (r.status, short(r.text)))
    r = add("caseworker", P, {"type": "escort", "date": "2025-01-10"})
    T.status(r, 201, "a pseudonymous case takes an entry without a note")
    r = api("POST", "/cases/%s/assistance" % A, TOK["caseworker"],
            raw=b'{"type": "legal", ')
    T.status(r, 400, "unparseable JSON -> 400")
    r = api("POST", "/cases/%s/assistance" % A, TOK["caseworker"],
            raw=b'type=legal', ctype="application/x-www-form-urlencoded")
    T.status(r, 415, "a form body on the API -> 415")
    r = api("POST", "/cases/%s/assistance" % A, TOK["caseworker"],
            raw=b'[1]')
    T.status(r, 400, "a JSON array body -> 400")
    T.eq(count_rows(A), before, "no refused request wrote an entry")


def test_ciphertext():
    A = S["A"]["id"]
    note = secret("HIV+ and TB treatment at KCUS %s, do not disclose" % TAG)
    r = add("caseworker", A, {"type": "medical", "date": "2025-02-01",
                              "provider": "Klinicki centar", "note": note})
    T.status(r, 201, "medical entry with a note -> 201")
    eid = (r.try_json() or {}).get("id")
    S["medical"] = (eid, note)
    row = sql("SELECT encode(note, 'hex'), octet_length(note), type, "
              "provider FROM cb.assistance WHERE id = '%s'" % eid)
    T.check(bool(row), "the entry is in the database", row)
    if not row:
        return
    hexnote, length, typ, provider = row[0]
    plain = note.encode("utf-8")
    T.check(plain.hex() not in hexnote and "KCUS" not in hexnote,
            "the note is stored as ciphertext only")
    T.eq(int(length), len(plain) + 40, "ciphertext = nonce + text + tag")
    T.eq((typ, provider), ("medical", "Klinicki centar"),
         "type (Q) and provider (P) are plain columns")
    # Moved to another entry of the same case, it no longer opens.
    other = S["cash_id"]
    sql("UPDATE cb.assistance SET note = (SELECT note FROM cb.assistance "
        "WHERE id = '%s') WHERE id = '%s'" % (eid, other))
    r = listing("caseworker", A)
    T.check(r.status == 500 and note not in r.text,
            "a note copied to another entry does not open (500, nothing "
            "shown)", "%s %s" % (r.status, short(r.text)))
    SERVER_ERRORS[:] = [e for e in SERVER_ERRORS
                        if "/assistance" not in e[1]]
    sql("UPDATE cb.assistance SET note = NULL WHERE id = '%s'" % other)


def test_medical_visibility():
    A = S["A"]["id"]
    eid, note = S["medical"]
    for who in ("caseworker", "supervisor"):
        r = listing(who, A)
        T.status(r, 200, "%s (the case team) lists the entries" % who)
        got = [i for i in (r.try_json() or {}).get("items", [])
               if i.get("id") == eid]
        T.check(got and got[0].get("note") == note,
                "%s sees the medical note" % who, short(r.text))
    for who in NOT_SEEING:
        r = listing(who, A)
        T.status(r, 404, "%s GET assistance of an unseen case -> 404" % who)
        T.check(note not in r.text, "%s: the 404 reveals no note" % who)
    doc = S["A"]["_body"]["person"]["document_number"]
    views = [
        ("API case list", api("GET", "/cases", TOK["caseworker"])),
        ("API case list (supervisor)", api("GET", "/cases",
                                           TOK["supervisor"])),
        ("API search", api("POST", "/cases/search", TOK["caseworker"],
                           body={"document_number": doc})),
        ("API case view", api("GET", "/cases/" + A, TOK["caseworker"])),
    ]
    b = browser_login("caseworker")
    views.append(("list page", b.get("/cases")))
    page = Page(b.get("/search").text)
    views.append(("search page", b.post("/search", [
        ("csrf", page.value("csrf") or ""), ("document_number", doc)])))
    found = [i for i in (views[2][1].try_json() or {}).get("items", [])
             if i.get("id") == A]
    T.check(found, "the search finds the case", short(views[2][1].text))
    for name, r in views:
        T.check(r.status == 200 and note not in r.text and
                "KCUS" not in r.text,
                "the medical note is not in the %s" % name,
                "%s %s" % (r.status, short(r.text)))


def test_closed():
    C = new_case()["id"]
    r = add("caseworker", C, {"type": "shelter", "date": "2025-01-10"})
    T.status(r, 201, "an open case takes an entry")
    sql("UPDATE cb.cases SET state = 'closed', stage = 'closed', "
        "htcds_status = 'Closed' WHERE id = '%s'" % C)
    r = add("caseworker", C, {"type": "shelter", "date": "2025-01-11"})
    T.check(r.status == 422 and r.error_code() == "guard",
            "a closed case -> 422 guard", "%s %s" % (r.status, short(r.text)))
    b = browser_login("caseworker")
    r = b.get("/cases/%s/assistance/new" % C)
    T.status(r, 422, "the form of a closed case -> 422 page")
    r = listing("caseworker", C)
    T.check(r.status == 200 and len(r.json()["items"]) == 1,
            "a closed case's entries can still be read", short(r.text))
    # A stage only the database knows: the SQL refuses on its own.
    D = new_case()["id"]
    sql("UPDATE cb.cases SET stage = 'closed' WHERE id = '%s'" % D)
    r = add("caseworker", D, {"type": "shelter", "date": "2025-01-10"})
    T.check(r.status == 422 and r.error_code() == "guard",
            "stage closed in the database only -> 422 guard (SQL checks)",
            "%s %s" % (r.status, short(r.text)))
    T.eq((count_rows(C), count_rows(D)), (1, 0),
         "closed cases got nothing more")
    asg = UID["asg%s" % TAG]
    for what, cid in (("a closed case", C),
                      ("a case closed in the database only", D)):
        r = assign("supervisor", cid, asg, version_of(cid))
        T.check(r.status == 422 and r.error_code() == "guard",
                "reassigning %s -> 422 guard" % what,
                "%s %s" % (r.status, short(r.text)))
        T.eq(assigned(cid), UID["caseworker"], "%s keeps its caseworker"
             % what)
    r = browser_login("supervisor").get("/cases/%s/assignment" % C)
    T.status(r, 422, "the reassignment form of a closed case -> 422 page")
    rows = sql("SELECT outcome FROM cb.audit_log WHERE action = "
               "'assistance.add' AND record_id IN ('%s', '%s') ORDER BY id"
               % (C, D))
    T.eq([r[0] for r in rows], ["ok", "guard", "guard", "guard"],
         "refusals of closed cases are audited as guard")


def test_roles():
    A = S["A"]["id"]
    before = count_rows(A)
    body = {"type": "legal", "date": "2025-01-10"}
    missing = api("POST", "/cases/%s/assistance" % random_uuid(),
                  TOK["caseworker"], body=body)
    T.status(missing, 404, "a case that does not exist -> 404")
    for who in NOT_SEEING:
        r = add(who, A, body)
        T.status(r, 404, "%s POST assistance to an unseen case -> 404" % who)
        T.eq(r.body, missing.body, "%s: the 404 is the one of a missing "
             "case" % who)
    r = add("supervisor", A, body)
    T.check(r.status == 403 and r.error_code() == "forbidden",
            "a supervisor who sees the case may not add -> 403",
            "%s %s" % (r.status, short(r.text)))
    r = api("POST", "/cases/%s/assistance" % A, None, body=body)
    T.status(r, 401, "no session -> 401")
    r = api("PUT", "/cases/%s/assistance" % A, TOK["caseworker"], body=body)
    T.status(r, 405, "PUT -> 405")
    T.eq(count_rows(A), before, "none of them wrote an entry")
    for who in NOT_SEEING + ("caseworker",):
        b = browser_login(who)
        for path in ("/cases/%s/assistance" % A,
                     "/cases/%s/assistance/new" % A):
            r = b.get(path)
            want = 200 if who == "caseworker" else 404
            T.status(r, want, "%s GET %s -> %d" % (who, path.split(A)[1],
                                                   want))
    b = browser_login("supervisor")
    r = b.get("/cases/%s/assistance/new" % A)
    T.status(r, 403, "supervisor GET the entry form -> 403")
    r = b.get("/cases/%s/assistance" % A)
    T.check(r.status == 200 and "/assistance/new" not in r.text,
            "supervisor sees the entries without the link to add",
            r.status)


def test_idempotency():
    A = S["A"]["id"]
    key = "assist-%s-1" % TAG
    body = {"type": "business_start_up_grant", "date": "2025-04-01",
            "amount": 2500, "currency": "BAM", "provider": "UNDP",
            "note": "Bakery equipment %s" % TAG}
    before = count_rows(A)
    r1 = add("caseworker", A, body, {"Idempotency-Key": key})
    r2 = add("caseworker", A, body, {"Idempotency-Key": key})
    T.status(r1, 201, "first POST with an Idempotency-Key -> 201")
    T.status(r2, 201, "the same key and body again -> 201 (replay)")
    j1, j2 = r1.try_json() or {}, r2.try_json() or {}
    T.check(j1.get("id") and j1 == j2, "the replay answers with the first "
            "entry", (short(j1), short(j2)))
    T.eq(r2.header("Idempotent-Replayed"), "true",
         "the replay says so (Idempotent-Replayed: true)")
    T.eq(count_rows(A), before + 1, "one entry for the key")
    r3 = add("caseworker", A, dict(body, amount=2600),
             {"Idempotency-Key": key})
    T.check(r3.status == 422 and "Idempotency-Key" in r3.error_fields(),
            "the same key with another body -> 422 naming the key",
            "%s %s" % (r3.status, short(r3.text)))
    r4 = add("caseworker", S["B"], body, {"Idempotency-Key": key})
    T.status(r4, 422, "the same key on another case -> 422")
    r5 = add("caseworker", A, body, {"Idempotency-Key": "bad key!"})
    T.status(r5, 400, "a malformed Idempotency-Key -> 400")
    T.eq(count_rows(A), before + 1, "reuses created nothing")
    T.eq(sql_value("SELECT count(*) FROM cb.assistance WHERE idem_key = "
                   "'api:%s'" % key), "1", "the key is stored once")

    # Eight identical requests at once with one key: one row.
    key2 = "assist-%s-race" % TAG
    body2 = {"type": "cash_grant", "date": "2025-04-02", "amount": 75,
             "currency": "EUR", "note": "Race note %s" % TAG}
    secret(body2["note"])
    before = count_rows(A)
    res = in_parallel([lambda: api("POST", "/cases/%s/assistance" % A,
                                   TOK["caseworker"], body=body2,
                                   headers={"Idempotency-Key": key2})
                       for _ in range(8)])
    statuses = [getattr(r, "status", r) for r in res]
    got = set((r.try_json() or {}).get("id") for r in res
              if hasattr(r, "status"))
    T.eq(statuses, [201] * 8, "8 parallel identical POSTs all -> 201")
    T.eq(len(got), 1, "they all answer with one entry id")
    T.eq(count_rows(A), before + 1, "8 parallel identical POSTs with one "
         "key create one row")


def test_form_page():
    A = S["A"]["id"]
    b = browser_login("caseworker")
    r = b.get("/cases/%s/assistance/new" % A)
    T.status(r, 200, "GET the entry form -> 200")
    page = Page(r.text)
    form = page.form_by_action("/cases/%s/assistance/new" % A)
    T.check(form is not None, "the form posts to its own path")
    names = [c["name"] for c in (form or {}).get("controls", [])]
    T.eq(names, ["csrf", "form_token", "type", "date", "amount", "currency",
                 "provider", "note"], "the form's fields, from the table")
    types = page.control("type")
    T.eq([o["value"] for o in types["options"]][1:], TYPES,
         "the type select offers every type")
    T.check(all(o["text"] and "_" not in o["text"]
                for o in types["options"][1:]),
            "types are shown by label, not code",
            [o["text"] for o in types["options"]])
    T.eq(page.control("note")["tag"], "textarea", "the note is a textarea")
    csrf, tok = page.value("csrf"), page.value("form_token")
    note = secret("Family tracing note %s\nsecond line" % TAG)
    bad = [("csrf", csrf), ("form_token", tok), ("type", "in_kind_grant"),
           ("date", "2025-05-05"), ("amount", "12.345"), ("currency", ""),
           ("provider", "Caritas"), ("note", note)]
    r = b.post("/cases/%s/assistance/new" % A, bad)
    T.status(r, 422, "a form with errors -> 422, drawn again")
    p2 = Page(r.text)
    T.check(p2.ids.get("err-amount") and p2.ids.get("err-currency"),
            "the errors sit next to amount and currency", p2.ids)
    T.eq((p2.value("type"), p2.value("amount"), p2.value("provider"),
          p2.value("note").replace("\r\n", "\n"), p2.value("form_token")),
         ("in_kind_grant", "12.345", "Caritas", note, tok),
         "what was typed is kept (and the one-time token)")
    good = [(k, v) for k, v in bad if k not in ("amount", "currency")] + \
        [("amount", "12.34"), ("currency", "BAM")]
    before = count_rows(A)
    r = b.post("/cases/%s/assistance/new" % A, good)
    T.eq((r.status, r.location_path()), (303, "/cases/%s" % A),
         "a valid form -> 303 to the case")
    r = b.post("/cases/%s/assistance/new" % A, good)
    T.eq((r.status, r.location_path()), (303, "/cases/%s" % A),
         "the same form again (double click) -> 303")
    T.eq(count_rows(A), before + 1, "a double submit records one entry")
    r = b.post("/cases/%s/assistance/new" % A,
               [(k, v) for k, v in good if k != "csrf"])
    T.status(r, 403, "a form without the CSRF token -> 403")
    r = b.get("/cases/%s/assistance" % A)
    T.status(r, 200, "the entries page -> 200")
    T.check("In-kind grant" in r.text and "12.34" in r.text and
            "in_kind_grant" not in r.text and "/assistance/new" in r.text,
            "the page shows labels, amounts and the link to add",
            short(r.text, 600))


def test_app_role():
    env = dict(os.environ)
    with open(os.path.join(STATE_DIR, "keys", "app.pass")) as f:
        env["PGPASSWORD"] = f.read().strip()
    for t in ("assistance", "case_assignments"):
        out = subprocess.run(
            [os.path.join(PGBIN, "psql"), "-X", "-q", "-At", "-h",
             os.path.join(STATE_DIR, "run"), "-U", "casebook_app", "-d",
             "casebook", "-c", "SELECT 1 FROM cb.%s LIMIT 1" % t],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            timeout=30)
        T.check(out.returncode != 0 and b"permission denied" in out.stderr,
                "the web's role cannot read cb.%s directly" % t,
                out.stderr[:200])


# --------------------------------------------------------- reassignment

def test_reassign():
    A = new_case()
    cid, v = A["id"], A["version"]
    asg = UID["asg%s" % TAG]
    r = assign("caseworker", cid, asg, v)
    T.check(r.status == 403 and r.error_code() == "forbidden",
            "the case's own caseworker may not reassign -> 403",
            "%s %s" % (r.status, short(r.text)))
    for who in NOT_SEEING:
        r = assign(who, cid, asg, v)
        T.status(r, 404, "%s reassigning an unseen case -> 404" % who)
    r = assign("supervisor", random_uuid(), asg, 1)
    T.status(r, 404, "reassigning a case that does not exist -> 404")
    for what, to, field in (
            ("a caseworker of another office", UID["caseworker2"],
             "assigned_to"),
            ("a supervisor", UID["supervisor"], "assigned_to"),
            ("a disabled caseworker", UID["asd%s" % TAG], "assigned_to"),
            ("a user that does not exist", random_uuid(), "assigned_to"),
            ("not a user id", "caseworker", "assigned_to")):
        r = assign("supervisor", cid, to, v)
        T.check(r.status == 422 and field in r.error_fields(),
                "assigning to %s -> 422 naming %s" % (what, field),
                "%s %s" % (r.status, short(r.text)))
    for what, body, field in (
            ("no version", {"assigned_to": asg}, "version"),
            ("a version string", {"assigned_to": asg, "version": "1"},
             "version"),
            ("no assignee", {"version": v}, "assigned_to"),
            ("an unknown field", {"assigned_to": asg, "version": v,
                                  "office": "Belgrade"}, "office")):
        r = api("POST", "/cases/%s/assignment" % cid, TOK["supervisor"],
                body=body)
        T.check(r.status == 422 and field in r.error_fields(),
                "%s -> 422 naming %s" % (what, field),
                "%s %s" % (r.status, short(r.text)))
    r = assign("supervisor", cid, asg, v + 5)
    T.check(r.status == 409 and r.error_code() == "conflict",
            "a stale version -> 409", "%s %s" % (r.status, short(r.text)))
    T.eq((assigned(cid), version_of(cid)), (UID["caseworker"], v),
         "refusals changed nothing")

    r = assign("supervisor", cid, asg, v)
    T.status(r, 200, "the office's supervisor reassigns -> 200")
    T.eq(r.try_json(), {"id": cid, "assigned_to": asg, "version": v + 1},
         "the answer is {id, assigned_to, version + 1}")
    T.eq((assigned(cid), version_of(cid)), (asg, v + 1),
         "the case is reassigned and its version bumped")
    r = api("GET", "/cases/" + cid, TOK["asg"])
    T.status(r, 200, "the new caseworker sees the case")
    T.eq((r.try_json() or {}).get("assigned_to"), asg,
         "the case says whom it is assigned to")
    T.check(cid in ids(list_all(TOK["asg"])), "and finds it in their list")
    r = api("GET", "/cases/" + cid, TOK["caseworker"])
    T.status(r, 404, "the old caseworker no longer sees it -> 404")
    r = add("caseworker", cid, {"type": "legal", "date": "2025-01-10"})
    T.status(r, 404, "nor adds assistance to it -> 404")
    r = add("asg", cid, {"type": "legal", "date": "2025-01-10"})
    T.status(r, 201, "the new caseworker adds assistance")
    T.status(api("GET", "/cases/" + cid, TOK["supervisor"]), 200,
             "the supervisor still sees it")
    rows = sql("SELECT from_user, to_user, actor FROM cb.case_assignments "
               "WHERE case_id = '%s'" % cid)
    T.eq(rows, [[UID["caseworker"], asg, UID["supervisor"]]],
         "the reassignment is recorded for the case's history")

    # Two reassignments at once with the same version: one wins.
    v2 = v + 1
    res = in_parallel([
        lambda: assign("supervisor", cid, UID["caseworker"], v2),
        lambda: assign("supervisor", cid, asg, v2),
        lambda: assign("supervisor", cid, UID["caseworker"], v2),
        lambda: assign("supervisor", cid, asg, v2)])
    statuses = sorted(getattr(r, "status", 0) for r in res)
    T.eq(statuses, [200, 409, 409, 409], "4 parallel reassignments at one "
         "version: exactly one 200, the others 409")
    T.eq(version_of(cid), v2 + 1, "the version moved by exactly one")
    T.eq(sql_value("SELECT count(*) FROM cb.case_assignments WHERE "
                   "case_id = '%s'" % cid), "2", "one more recorded change")
    S["R"] = cid


def test_reassign_page():
    A = new_case()
    cid = A["id"]
    b = browser_login("supervisor")
    r = b.get("/cases/%s/assignment" % cid)
    T.status(r, 200, "supervisor GET the reassignment form -> 200")
    page = Page(r.text)
    form = page.form_by_action("/cases/%s/assignment" % cid)
    T.check(form is not None, "the form posts to /cases/{id}/assignment")
    sel = page.control("assigned_to")
    names = [o["text"] for o in (sel or {}).get("options", [])]
    T.check("caseworker" in names and "asg%s" % TAG in names and
            "caseworker2" not in names and "asd%s" % TAG not in names and
            "supervisor" not in names,
            "the select offers the office's enabled caseworkers by "
            "username", names)
    T.eq(page.value("assigned_to"), UID["caseworker"],
         "the current caseworker is selected")
    T.eq(page.value("version"), str(A["version"]),
         "the case's version rides along")
    fields = [("csrf", page.value("csrf")), ("version", page.value("version")),
              ("assigned_to", UID["asg%s" % TAG])]
    r = b.post("/cases/%s/assignment" % cid, fields)
    T.eq((r.status, r.location_path()), (303, "/cases/%s" % cid),
         "posting the form -> 303 back to the case")
    r = b.post("/cases/%s/assignment" % cid, fields)
    T.check(r.status == 409 and "changed" in r.text,
            "the same form again -> 409 page saying the case changed",
            "%s %s" % (r.status, short(r.text, 500)))
    r = b.post("/cases/%s/assignment" % cid,
               [("csrf", page.value("csrf")), ("version", "x"),
                ("assigned_to", UID["asg%s" % TAG])])
    T.status(r, 422, "a form with a bad version -> 422 page")
    r = b.post("/cases/%s/assignment" % cid, fields[1:])
    T.status(r, 403, "the form without CSRF -> 403")
    T.eq(assigned(cid), UID["asg%s" % TAG], "the form reassigned the case")
    cw = browser_login("asg%s" % TAG, S["pw"]["asg%s" % TAG])
    T.status(cw.get("/cases/%s/assignment" % cid), 403,
             "the case's caseworker GET the form -> 403")
    for who in NOT_SEEING:
        T.status(browser_login(who).get("/cases/%s/assignment" % cid), 404,
                 "%s GET the form -> 404" % who)


def test_audit():
    A = S["A"]["id"]
    rows = sql("SELECT action, outcome FROM cb.audit_log WHERE record_id = "
               "'%s' AND action LIKE 'assistance.%%'" % A)
    have = set((r[0], r[1]) for r in rows)
    for want in (("assistance.add", "ok"), ("assistance.add", "denied"),
                 ("assistance.add", "invalid"), ("assistance.add", "replay"),
                 ("assistance.list", "ok"), ("assistance.list", "denied")):
        T.check(want in have, "audit has %s %s" % want, sorted(have))
    rows = sql("SELECT outcome FROM cb.audit_log WHERE record_id = '%s' AND "
               "action = 'case.assign'" % S["R"])
    have = set(r[0] for r in rows)
    T.check({"ok", "denied", "invalid", "conflict"} <= have,
            "audit has case.assign ok, denied, invalid and conflict",
            sorted(have))
    T.eq(sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                   "'case.assign' AND record_id = '%s' AND outcome = 'ok'"
                   % S["R"]), "2", "each applied reassignment has its entry")
    allowed = {"type", "date", "amount", "currency", "provider", "note",
               "assigned_to", "version"}
    rows = sql("SELECT DISTINCT fields FROM cb.audit_log WHERE action IN "
               "('assistance.add', 'assistance.list', 'case.assign') AND "
               "fields IS NOT NULL")
    names = set()
    for r in rows:
        names.update(r[0].split(","))
    T.check(names and names <= allowed, "audit entries name fields only, "
            "never values", sorted(names))
    r = sql("SELECT records FROM cb.audit_log WHERE action = "
            "'assistance.list' AND record_id = '%s' AND outcome = 'ok' "
            "ORDER BY id DESC LIMIT 1" % S["B"])
    T.check(r and r[0][0].startswith("{"),
            "a list's entry names the entries shown", r)


def test_no_server_errors():
    T.check(healthy(), "server still healthy at the end of the suite")
    T.eq(SERVER_ERRORS, [], "no request of the suite got a 5xx")
    T.eq(sorted(UNTRANSLATED.items()), [], "every user-visible message is "
         "translated (no raw catalogue key shown)")


def main():
    if not STATE_DIR:
        print("not ok - assistance: CB_STATE_DIR is not set "
              "(run tests/e2e/run.sh)")
        sys.exit(1)
    try:
        setup()
        T.check(True, "set-up: demo users, two more caseworkers, a case")
    except Exception as e:
        T.check(False, "set-up: demo users, two more caseworkers, a case",
                str(e))
        T.finish()
    for fn in (test_money_and_not, test_field_errors, test_ciphertext,
               test_medical_visibility, test_closed, test_roles,
               test_idempotency, test_form_page, test_app_role,
               test_reassign, test_reassign_page, test_audit,
               test_no_server_errors):
        T.run(fn)
    T.finish()


if __name__ == "__main__":
    main()
