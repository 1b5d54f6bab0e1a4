#!/usr/bin/env python3
"""End-to-end tests of reintegration monitoring surveys (issue 6,
section 3): POST/GET /api/v1/cases/{id}/surveys and the form page
/cases/{id}/surveys/new, against a running server. Cases are created
through the API and put into the state under test as the database
owner (the lifecycle that walks there is built elsewhere).

Checks: scores equal an independent computation of the version 1
scheme; answers and note are ciphertext in the database; lists are
oldest first with the answers opened; bad input is 422 naming the
field; other states, a closed case, a CT case and a pseudonymous case
are 422 "guard"; another office, partner, auditor, admin and a random
id are 404 (a supervisor of the office 403 on adding); the SQL function
refuses a case that left the state decided on (409); Idempotency-Key
and the form's one-time token create one row; audit entries name
fields, never values; the page works with a cookie session and CSRF,
keeps input on errors, and draws a well-formed, accessible SVG chart.
Run by tests/e2e/run.sh (see lib.py for the environment)."""

import datetime
import json
import os
import re
import sys
import threading
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, SERVER_ERRORS, UNTRANSLATED, RFC3339_UTC_RE,  # noqa
                 UUID_RE, Suite, Page, api, token_for, browser_login,
                 random_uuid, record_secret, sql, sql_value, short)

T = Suite("surveys")
TOK = {}
S = {}

# The version 1 scheme (src/domain/vocab/rss.c), written out again so
# that the server's scores are checked against an independent
# computation: (code, dimension, weight, {option: score or None}).
SCHEME_V1 = [
    ("income_sources", 0, 3.0, {"several_regular": 1.0, "one_regular": 0.75,
                                "irregular": 0.4, "none": 0.0}),
    ("employment", 0, 2.0, {"working": 1.0, "occasional_work": 0.5,
                            "looking_for_work": 0.2, "not_working": 0.0}),
    ("debt", 0, 2.0, {"no_debt": 1.0, "below_spending": 0.5,
                      "above_spending": 0.0}),
    ("food_security", 0, 3.0, {"never": 1.0, "rarely": 0.67,
                               "sometimes": 0.33, "often": 0.0}),
    ("economic_satisfaction", 0, 2.0, {"very_satisfied": 1.0,
                                       "satisfied": 0.75, "neutral": 0.5,
                                       "dissatisfied": 0.25,
                                       "very_dissatisfied": 0.0}),
    ("housing", 1, 3.0, {"adequate": 1.0, "temporary": 0.5,
                         "inadequate": 0.2, "no_housing": 0.0}),
    ("education_access", 1, 2.0, {"all_in_school": 1.0,
                                  "some_in_school": 0.5,
                                  "none_in_school": 0.0,
                                  "no_school_age_children": None}),
    ("health_access", 1, 3.0, {"good_access": 1.0, "limited_access": 0.5,
                               "no_access": 0.0}),
    ("documents", 1, 2.0, {"all_documents": 1.0, "some_documents": 0.5,
                           "no_documents": 0.0}),
    ("public_services", 1, 2.0, {"easier": 1.0, "same": 1.0, "harder": 0.25,
                                 "not_available": 0.0}),
    ("support_network", 2, 3.0, {"strong": 1.0, "moderate": 0.6,
                                 "weak": 0.3, "none": 0.0}),
    ("participation", 2, 2.0, {"often": 1.0, "sometimes": 0.67,
                               "rarely": 0.33, "never": 0.0}),
    ("discrimination", 2, 2.0, {"never": 1.0, "sometimes": 0.5,
                                "often": 0.0}),
    ("distress", 2, 3.0, {"never": 1.0, "sometimes": 0.6, "often": 0.3,
                          "always": 0.0}),
    ("ability_to_stay", 2, 2.0, {"wants_to_stay": 1.0, "undecided": 0.5,
                                 "plans_to_migrate": 0.0}),
]
for _ind in SCHEME_V1:
    _ind[3]["prefer_not_to_say"] = None
CODES = [i[0] for i in SCHEME_V1]
DIMS = ["economic", "social", "psychosocial"]

MIXED = {"income_sources": "one_regular", "employment": "occasional_work",
         "debt": "no_debt", "food_security": "rarely",
         "economic_satisfaction": "neutral", "housing": "temporary",
         "education_access": "no_school_age_children",
         "health_access": "limited_access", "documents": "all_documents",
         "public_services": "same", "support_network": "moderate",
         "participation": "sometimes", "discrimination": "never",
         "distress": "sometimes", "ability_to_stay": "undecided"}
BEST = {code: next(iter(opts)) for code, _, _, opts in SCHEME_V1}


def expected(answers):
    """The scores as the server must store and return them: the same
    operations in the same order as src/domain/score.c, rounded to the
    four decimals of numeric(5,4); None where there is no score."""
    wsum, ssum = [0.0] * 3, [0.0] * 3
    for code, dim, weight, opts in SCHEME_V1:
        s = opts[answers[code]]
        if s is None:
            continue
        wsum[dim] += weight
        ssum[dim] += weight * s
    out, w, t, full = {}, 0.0, 0.0, True
    for d in range(3):
        if wsum[d] <= 0.0:
            out[DIMS[d]] = None
            full = False
            continue
        v = ssum[d] / wsum[d]
        out[DIMS[d]] = float("%.4f" % v)
        w += 1.0
        t += 1.0 * v
    out["composite"] = float("%.4f" % (t / w)) if full else None
    return out


def case_body(n, case_type="AVRR", consent=True):
    if not consent:
        return {"case_type": case_type}
    given = "Survey%s%d" % (TAG, n)
    family = "Returnee%s%d" % (TAG, n)
    record_secret(given)
    record_secret(family)
    return {"case_type": case_type, "consent_data_processing": True,
            "person": {"given_name": given, "family_name": family,
                       "citizenship": "AF"}}


def new_case(n, state="monitoring", case_type="AVRR", user="caseworker",
             consent=True):
    """A case created through the API, then moved to state as the owner
    of the database."""
    r = api("POST", "/cases", TOK[user], body=case_body(n, case_type,
                                                          consent))
    if r.status != 201:
        raise RuntimeError("create case: %s %s" % (r.status, short(r.text)))
    cid = r.json()["id"]
    set_state(cid, state)
    return cid


STAGE = {"monitoring": ("reintegration", "FollowUp"),
         "reintegration_assistance": ("reintegration", "Active"),
         "reintegration_planning": ("reintegration", "Active"),
         "arrived": ("return", "Active"),
         "closed": ("closed", "Closed"),
         "follow_up": ("reintegration", "FollowUp")}


def set_state(cid, state):
    stage, htcds = STAGE[state]
    sql("UPDATE cb.cases SET state = '%s', stage = '%s', htcds_status = "
        "'%s', version = version + 1 WHERE id = '%s'" % (state, stage,
                                                         htcds, cid))


def body(kind="baseline", date="2024-01-10", answers=None, note=None,
         **extra):
    b = {"kind": kind, "survey_date": date,
         "answers": dict(answers if answers is not None else MIXED)}
    if note is not None:
        b["note"] = note
    b.update(extra)
    return b


def add(cid, b, user="caseworker", headers=None):
    return api("POST", "/cases/%s/surveys" % cid, TOK[user], body=b,
               headers=headers)


def listing(cid, user="caseworker"):
    return api("GET", "/cases/%s/surveys" % cid, TOK[user])


def n_surveys(cid):
    return int(sql_value("SELECT count(*) FROM cb.surveys WHERE case_id = "
                         "'%s'" % cid))


def days_ago(n):
    return (datetime.date.today() - datetime.timedelta(days=n)).isoformat()


# ------------------------------------------------------------------ setup

def test_setup():
    for u in ("caseworker", "caseworker2", "supervisor", "supervisor2",
              "partner", "auditor", "admin"):
        TOK[u] = token_for(u)
    S["A"] = new_case(1)
    T.check(UUID_RE.match(S["A"]) is not None, "AVRR case created and set "
            "to monitoring as the database owner")


# ---------------------------------------------------------------- adding

def test_add():
    cid = S["A"]
    note = ("Bilješka %s: lives with his sister in Herat, "
            "عمل في المخبز\nsecond line" % TAG)
    record_secret("Bilješka %s: lives with his sister in Herat" % TAG)
    S["note"] = note
    r = add(cid, body("baseline", "2024-01-10", MIXED, note))
    T.status(r, 201, "caseworker adds a baseline survey -> 201")
    j = r.try_json() or {}
    T.check(UUID_RE.match(j.get("id") or "") is not None,
            "the survey has a random UUID", short(j))
    T.eq(sorted(j), sorted(["id", "kind", "survey_date", "scheme_version",
                            "scores", "created_at"]),
         "the answer has exactly id, kind, survey_date, scheme_version, "
         "scores, created_at (no answers, no note)")
    T.eq((j.get("kind"), j.get("survey_date"), j.get("scheme_version")),
         ("baseline", "2024-01-10", 1), "kind, date and scheme version 1")
    T.check(RFC3339_UTC_RE.match(j.get("created_at") or "") is not None,
            "created_at is RFC 3339 UTC", j.get("created_at"))
    T.eq(j.get("scores"), expected(MIXED),
         "scores equal the scheme's computation (social leaves out "
         "'no school-age children')")
    T.eq(j.get("scores"), {"economic": 0.6883, "social": 0.7,
                           "psychosocial": 0.6617, "composite": 0.6833},
         "known answers give known scores")
    S["baseline"] = j.get("id")

    # A follow-up with some answers withheld: left out of the mean.
    fu = dict(BEST, food_security="prefer_not_to_say", housing="inadequate",
              distress="often")
    r = add(cid, body("follow_up", "2024-06-15", fu))
    T.status(r, 201, "follow-up survey -> 201")
    T.eq((r.try_json() or {}).get("scores"), expected(fu),
         "follow-up scores equal the computation (withheld answer left "
         "out)")
    S["followup"] = (r.try_json() or {}).get("id")

    # Every economic answer withheld: no economic score, no composite.
    none = dict(BEST)
    for code, dim, _, _ in SCHEME_V1:
        if dim == 0:
            none[code] = "prefer_not_to_say"
    r = add(cid, body("follow_up", "2024-09-01", none))
    T.status(r, 201, "follow-up with no economic answer -> 201")
    sc = (r.try_json() or {}).get("scores") or {}
    T.eq(sc, {"economic": None, "social": 1.0, "psychosocial": 1.0,
              "composite": None},
         "no scored economic answer: economic and composite are null")
    S["noecon"] = (r.try_json() or {}).get("id")

    # Entered later, dated earlier: listed by date.
    r = add(cid, body("follow_up", "2024-03-20", BEST))
    T.status(r, 201, "a survey dated between the others -> 201")
    T.eq((r.try_json() or {}).get("scores"),
         {"economic": 1.0, "social": 1.0, "psychosocial": 1.0,
          "composite": 1.0}, "best answers score 1 everywhere")
    S["march"] = (r.try_json() or {}).get("id")
    T.eq(n_surveys(cid), 4, "four surveys stored for the case")


def test_stored():
    """What the database holds: scores as numbers, answers and note as
    ciphertext only."""
    cid = S["A"]
    rows = sql("SELECT id, kind, survey_date, scheme_version, economic, "
               "social, psychosocial, composite, octet_length(answers), "
               "position(convert_to('income_sources', 'UTF8') IN answers), "
               "position(convert_to('one_regular', 'UTF8') IN answers), "
               "position(convert_to('%s', 'UTF8') IN answers), "
               "position(convert_to('Herat', 'UTF8') IN answers) "
               "FROM cb.surveys WHERE id = '%s'" % (TAG, S["baseline"]))
    T.eq(len(rows), 1, "the baseline survey is one row")
    if not rows:
        return
    r = rows[0]
    T.eq(r[1:4], ["baseline", "2024-01-10", "1"],
         "kind, survey_date and scheme_version stored plain")
    T.eq(r[4:8], ["0.6883", "0.7000", "0.6617", "0.6833"],
         "scores stored plain with four decimals")
    T.check(int(r[8]) > 40 + len(S["note"].encode()),
            "answers are a sealed blob longer than the note", r[8])
    T.eq(r[9:13], ["0", "0", "0", "0"],
         "no indicator, option, note word or tag in the stored answers")
    T.eq(sql_value("SELECT count(*) FROM cb.surveys WHERE id = '%s' AND "
                   "economic IS NULL AND composite IS NULL AND social = 1"
                   % S["noecon"]), "1",
         "a survey without economic score stores NULL economic and "
         "composite")
    # The table's own rules, whoever writes.
    for what, q in (
            ("a composite without all three dimensions",
             "economic = NULL, composite = 0.5"),
            ("a score above 1", "social = 1.5"),
            ("an unknown kind", "kind = 'yearly'")):
        try:
            sql("UPDATE cb.surveys SET %s WHERE id = '%s'" % (q,
                                                              S["march"]))
            T.check(False, "the table refuses %s" % what)
        except RuntimeError:
            T.check(True, "the table refuses %s" % what)
    T.eq(sql_value("SELECT has_table_privilege('casebook_app', 'cb.surveys',"
                   " 'SELECT') OR has_table_privilege('casebook_app', "
                   "'cb.surveys', 'INSERT')"), "f",
         "the web role has no privilege on the surveys table")
    T.eq(sql_value("SELECT tableowner FROM pg_tables WHERE tablename = "
                   "'surveys'"), "casebook_owner",
         "surveys belongs to casebook_owner")
    T.eq(sql_value("SELECT bool_and(has_function_privilege('casebook_app', "
                   "p.oid, 'EXECUTE') AND p.prosecdef) FROM pg_proc p "
                   "WHERE p.proname IN ('survey_add', 'survey_list')"), "t",
         "survey_add and survey_list: SECURITY DEFINER, granted to the "
         "web role")


def test_list():
    cid = S["A"]
    r = listing(cid)
    T.status(r, 200, "GET /cases/{id}/surveys -> 200")
    j = r.try_json() or {}
    T.eq(sorted(j), ["items", "next_cursor"], "list has items and "
         "next_cursor")
    T.eq(j.get("next_cursor"), None, "next_cursor is null")
    items = j.get("items") or []
    T.eq([i.get("id") for i in items],
         [S["baseline"], S["march"], S["followup"], S["noecon"]],
         "items oldest first by survey date")
    first = items[0] if items else {}
    T.eq(first.get("answers"), MIXED, "the answers come back as sent "
         "(decrypted)")
    T.eq(first.get("note"), S["note"], "the note comes back as sent, "
         "both scripts and the line break")
    T.eq(first.get("scores"), expected(MIXED), "listed scores equal the "
         "computation")
    T.eq(items[1].get("note") if len(items) > 1 else "x", None,
         "a survey without a note lists note: null")
    r = listing(cid, "supervisor")
    T.status(r, 200, "the office's supervisor lists the surveys -> 200")
    T.eq(len((r.try_json() or {}).get("items") or []), 4,
         "the supervisor sees the four surveys")
    empty = new_case(2)
    S["empty"] = empty
    r = listing(empty)
    T.status(r, 200, "a case without surveys lists -> 200")
    T.eq(r.try_json(), {"items": [], "next_cursor": None},
         "a case without surveys has an empty list")


# ------------------------------------------------------------ bad input

def test_validation():
    cid = S["A"]
    before = n_surveys(cid)
    missing = dict(MIXED)
    del missing["housing"]
    cases = [
        ("a missing indicator", body(answers=missing), "answers.housing"),
        ("an unknown indicator", body(answers=dict(MIXED, pets="cat")),
         "answers.pets"),
        ("an option of another indicator",
         body(answers=dict(MIXED, housing="never")), "answers.housing"),
        ("an unknown option", body(answers=dict(MIXED, debt="huge")),
         "answers.debt"),
        ("a number as an option", body(answers=dict(MIXED, debt=3)),
         "answers.debt"),
        ("an unknown kind", body(kind="yearly"), "kind"),
        ("no kind", {"survey_date": "2024-01-10", "answers": MIXED}, "kind"),
        ("no date", {"kind": "baseline", "answers": MIXED}, "survey_date"),
        ("a date in the future", body(date="2999-01-01"), "survey_date"),
        ("an impossible date", body(date="2024-02-30"), "survey_date"),
        ("answers as a string", body(answers=None) | {"answers": "fine"},
         "answers"),
        ("an unknown member", body(mood="good"), "mood"),
        ("a note too long", body(note="x" * 2001), "note"),
        ("a note with a control character", body(note="a\x07b"), "note"),
    ]
    for what, b, field in cases:
        r = add(cid, b)
        T.status(r, 422, "%s -> 422" % what)
        T.eq(r.error_code(), "invalid", "%s: error.code invalid" % what)
        T.check(field in r.error_fields(), "%s: error.fields names %s"
                % (what, field), short(r.text))
    r = api("POST", "/cases/%s/surveys" % cid, TOK["caseworker"],
            raw=b'{"kind": "baseline",', ctype="application/json")
    T.status(r, 400, "unparseable JSON -> 400")
    r = api("POST", "/cases/%s/surveys" % cid, TOK["caseworker"],
            raw=b"kind=baseline", ctype="application/x-www-form-urlencoded")
    T.status(r, 415, "a form body on the API -> 415")
    r = api("POST", "/cases/%s/surveys" % cid, TOK["caseworker"],
            raw=json.dumps(body(note="y" * 70000)).encode(),
            ctype="application/json")
    T.status(r, 413, "a body over 64 KiB -> 413")
    r = api("DELETE", "/cases/%s/surveys" % cid, TOK["caseworker"])
    T.status(r, 405, "DELETE on surveys -> 405")
    T.eq(n_surveys(cid), before, "no refused request stored a survey")


def test_guard():
    ok_state = new_case(3, "reintegration_assistance")
    r = add(ok_state, body())
    T.status(r, 201, "a survey in reintegration_assistance -> 201")
    for n, state in ((4, "reintegration_planning"), (5, "arrived"),
                     (6, "closed")):
        cid = new_case(n, state)
        r = add(cid, body())
        T.status(r, 422, "a survey on an AVRR case in %s -> 422" % state)
        T.eq(r.error_code(), "guard", "%s: error.code guard" % state)
        T.eq(n_surveys(cid), 0, "%s: nothing stored" % state)
    cid = new_case(7)
    set_state(cid, "closed")
    r = add(cid, body())
    T.eq((r.status, r.error_code()), (422, "guard"),
         "a case closed after monitoring -> 422 guard")
    S["closed"] = cid
    ct = new_case(8, "follow_up", case_type="CT")
    r = add(ct, body())
    T.eq((r.status, r.error_code()), (422, "guard"),
         "a CT case in follow_up -> 422 guard")
    pseudo = new_case(9, "monitoring", consent=False)
    r = add(pseudo, body())
    T.eq((r.status, r.error_code()), (422, "guard"),
         "a pseudonymous case (no consent) -> 422 guard")
    T.eq(n_surveys(pseudo) + n_surveys(ct), 0, "nothing stored on the CT "
         "and the pseudonymous case")
    # A guard answers before the body is looked at: no field errors.
    r = add(S["closed"], {"nonsense": True})
    T.eq((r.status, r.error_code()), (422, "guard"),
         "an invalid body on a closed case -> 422 guard")


def test_state_rechecked_in_sql():
    """The store adds only while the case is still in the state the
    application decided on: the SQL function itself, called with a
    caseworker's session, refuses another state (the handler answers
    409)."""
    cid = S["A"]
    token = sql_value("SELECT encode(s.token_hash, 'hex') FROM cb.sessions s "
                      "JOIN cb.users u ON u.id = s.user_id WHERE u.username "
                      "= 'caseworker' AND s.revoked_at IS NULL AND "
                      "s.expires_at > now() ORDER BY s.last_seen DESC "
                      "LIMIT 1")
    before = n_surveys(cid)
    out = sql("SELECT outcome, s_id FROM cb.survey_add(p_token => "
              "decode('%s', 'hex'), p_case => '%s', p_state => "
              "'reintegration_assistance', p_id => gen_random_uuid(), "
              "p_kind => 'follow_up', p_date => '2024-02-01', p_scheme => 1,"
              " p_economic => 0.5, p_social => 0.5, p_psychosocial => 0.5, "
              "p_composite => 0.5, p_answers => decode(repeat('00', 64), "
              "'hex'), p_idem_key => NULL, p_req_hash => NULL, p_fields => "
              "'kind', p_request => NULL)" % (token, cid))
    T.eq(out, [["conflict", ""]], "survey_add on a case in another state "
         "than decided -> conflict, no survey")
    T.eq(n_surveys(cid), before, "nothing stored on conflict")
    T.eq(sql_value("SELECT outcome FROM cb.audit_log WHERE action = "
                   "'survey.add' AND record_id = '%s' ORDER BY id DESC "
                   "LIMIT 1" % cid), "conflict",
         "the conflict has its audit entry")


# --------------------------------------------------------------- access

def test_access():
    cid = S["A"]
    before = n_surveys(cid)
    for user in ("caseworker2", "supervisor2", "partner", "auditor",
                 "admin"):
        r = add(cid, body(), user)
        T.status(r, 404, "%s adds a survey -> 404" % user)
        r = listing(cid, user)
        T.status(r, 404, "%s lists the surveys -> 404" % user)
        T.check("answers" not in r.text and TAG not in r.text,
                "%s: the 404 carries nothing of the case" % user)
    r = add(cid, body(), "supervisor")
    T.status(r, 403, "the office's supervisor adds a survey -> 403")
    for what, path in (("a random id", random_uuid()),
                       ("an id that is not a UUID", "not-a-uuid")):
        r = add(path, body())
        T.status(r, 404, "adding to %s -> 404" % what)
        r = listing(path)
        T.status(r, 404, "listing %s -> 404" % what)
    r = api("GET", "/cases/%s/surveys" % cid)
    T.status(r, 401, "no token -> 401")
    r = api("POST", "/cases/%s/surveys" % cid, body=body())
    T.status(r, 401, "adding without a token -> 401")
    b = browser_login("caseworker")
    r = api("GET", "/cases/%s/surveys" % cid,
            headers={"Cookie": "cb_session=" + b.cookies["cb_session"]})
    T.status(r, 401, "a session cookie is not accepted on the API -> 401")
    T.eq(n_surveys(cid), before, "no denied request stored a survey")


def test_idempotency():
    cid = S["A"]
    before = n_surveys(cid)
    key = {"Idempotency-Key": "survey-%s-1" % TAG}
    b = body("follow_up", "2024-10-01", dict(MIXED, debt="above_spending"))
    r1 = add(cid, b, headers=key)
    r2 = add(cid, b, headers=key)
    T.status(r1, 201, "first POST with an Idempotency-Key -> 201")
    T.status(r2, 201, "the same POST again -> 201")
    T.eq((r2.try_json() or {}).get("id"), (r1.try_json() or {}).get("id"),
         "the replay answers with the first survey's id")
    T.eq(r2.try_json(), r1.try_json(), "the replay answers the first result")
    T.eq(r2.header("Idempotent-Replayed"), "true", "the replay says so")
    T.eq(n_surveys(cid), before + 1, "one row for two POSTs with one key")
    r = add(cid, body("follow_up", "2024-10-02"), headers=key)
    T.status(r, 422, "the same key with another body -> 422")
    T.check("Idempotency-Key" in r.error_fields(),
            "error.fields names Idempotency-Key", short(r.text))
    r = add(S["empty"], b, headers=key)
    T.status(r, 422, "the same key on another case -> 422")
    r = add(cid, b, headers={"Idempotency-Key": "bad key!"})
    T.status(r, 400, "a malformed Idempotency-Key -> 400")

    # Ten at once with one key: one row.
    key = {"Idempotency-Key": "survey-%s-race" % TAG}
    b = body("follow_up", "2024-10-03")
    got = []

    def post():
        got.append(add(cid, b, headers=key))
    threads = [threading.Thread(target=post) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    T.eq(sorted(set(r.status for r in got)), [201],
         "ten parallel POSTs with one key all -> 201")
    T.eq(len(set((r.try_json() or {}).get("id") for r in got)), 1,
         "all ten answer with the same survey")
    T.eq(n_surveys(cid), before + 2, "one row for the ten")


# ---------------------------------------------------------------- audit

def test_audit():
    cid = S["A"]
    rows = sql("SELECT action, outcome, coalesce(fields, ''), "
               "coalesce(cardinality(records), 0), actor_role "
               "FROM cb.audit_log WHERE record_id = '%s' AND action LIKE "
               "'survey.%%' ORDER BY id" % cid)
    adds = [r for r in rows if r[0] == "survey.add"]
    lists = [r for r in rows if r[0] == "survey.list"]
    ok = [r for r in adds if r[1] == "ok"]
    T.check(len(ok) >= 6, "every added survey has a survey.add ok entry",
            len(ok))
    names = ",".join(["kind", "survey_date"] +
                     ["answers." + c for c in CODES] + ["note"])
    T.eq(ok[0][2] if ok else None, names,
         "the entry names the fields given (kind, date, each indicator, "
         "note)")
    T.check(all(r[3] == "1" for r in ok), "each add entry names its survey")
    every = " ".join(r[2] for r in rows)
    leaks = [v for v in set(MIXED.values()) | {TAG, "Herat", "baseline",
                                               "2024-01-10"}
             if v in every]
    T.eq(leaks, [], "no audit entry holds an answer, a date or the note")
    outcomes = set(r[1] for r in adds)
    for want in ("ok", "invalid", "denied", "replay", "conflict"):
        T.check(want in outcomes, "a survey.add entry with outcome %s"
                % want, sorted(outcomes))
    T.check(any(r[1] == "ok" and r[2] == "answers" and int(r[3]) >= 4
                for r in lists),
            "survey.list entries name the surveys shown and the answers "
            "read", short(lists))
    T.check(any(r[1] == "denied" for r in lists),
            "a denied list has its entry")
    T.check(any(r[1] == "guard" for r in sql(
        "SELECT action, outcome FROM cb.audit_log WHERE record_id = '%s' "
        "AND action = 'survey.add'" % S["closed"])),
        "a refused survey on a closed case has a guard entry")


# ---------------------------------------------------------------- pages

def form_pairs(page, answers, kind="follow_up", date=None, note=""):
    pairs = [("csrf", page.value("csrf") or ""),
             ("form_token", page.value("form_token") or ""),
             ("kind", kind), ("survey_date", date or days_ago(3))]
    pairs += [("answers." + c, answers.get(c, "")) for c in CODES]
    pairs.append(("note", note))
    return pairs


def test_pages():
    cid = S["A"]
    b = browser_login("caseworker")
    path = "/cases/%s/surveys/new" % cid
    r = b.get(path)
    T.status(r, 200, "GET the survey form with a cookie session -> 200")
    page = Page(r.text)
    form = page.form_by_action(path)
    T.check(form is not None, "the page has a form posting to itself")
    for c in CODES:
        ctl = page.control("answers." + c)
        T.check(ctl is not None and ctl["tag"] == "select" and
                set(o["value"] for o in ctl["options"]) ==
                set(dict(SCHEME_V1[CODES.index(c)][3])) | {""},
                "answers.%s is a select of the scheme's options" % c)
    T.check(page.value("csrf") and page.value("form_token"),
            "the form carries csrf and a one-time form_token")
    T.eq(page.scripts, 0, "the survey page has no script")

    # The chart of earlier surveys: well-formed, accessible SVG.
    m = re.search(r"<svg\b.*?</svg>", r.text, re.S)
    T.check(m is not None, "earlier surveys are drawn as an inline SVG")
    if m:
        try:
            svg = ET.fromstring(m.group(0))
            ns = "{http://www.w3.org/2000/svg}"
            T.eq(svg.get("role"), "img", "the chart is role=img")
            T.check(svg.find(ns + "title") is not None and
                    svg.find(ns + "desc") is not None,
                    "the chart has a title and a desc")
            T.check(len(svg.findall(".//" + ns + "polyline")) >= 3,
                    "lines for the dimension scores")
        except ET.ParseError as e:
            T.check(False, "the chart is well-formed XML", str(e))
    T.check("<table class=\"surveys\">" in r.text and "0.69" in r.text,
            "a table beside the chart carries the numbers")

    before = n_surveys(cid)
    bad = dict(MIXED)
    del bad["housing"]
    note = "Page note %s, Ђурђевдан" % TAG
    record_secret(note)
    r = b.post(path, form_pairs(page, bad, note=note))
    T.status(r, 422, "a form without one answer -> 422 page")
    again = Page(r.text)
    T.check("err-answers.housing" in again.ids,
            "the error sits next to the housing question")
    T.eq(again.value("answers.debt"), MIXED["debt"],
         "the answers given are kept")
    T.eq(again.value("note"), note, "the note is kept as typed")
    T.eq(again.value("form_token"), page.value("form_token"),
         "the form keeps its one-time token")
    T.eq(n_surveys(cid), before, "nothing stored for the refused form")

    pairs = form_pairs(again, MIXED, note=note)
    r = b.post(path, pairs)
    T.status(r, 303, "the completed form -> 303")
    T.eq(r.location_path(), "/cases/" + cid, "redirected to the case")
    r = b.post(path, pairs)
    T.status(r, 303, "the same form posted again (double click) -> 303")
    T.eq(n_surveys(cid), before + 1, "one survey for the double submit")
    items = (listing(cid).try_json() or {}).get("items") or []
    mine = [i for i in items if i.get("note") == note]
    T.eq([(i.get("answers"), i.get("kind")) for i in mine],
         [(MIXED, "follow_up")],
         "the form's answers and note are stored as given, once")

    r = b.post(path, [p for p in pairs if p[0] != "csrf"])
    T.status(r, 403, "a post without the CSRF token -> 403")
    T.eq(n_surveys(cid), before + 1, "nothing stored without CSRF")

    r = browser_login("supervisor").get(path)
    T.status(r, 403, "the supervisor opens the form -> 403")
    r = browser_login("caseworker2").get(path)
    T.status(r, 404, "another office's caseworker opens the form -> 404")
    r = b.get("/cases/%s/surveys/new" % S["closed"])
    T.status(r, 422, "the form on a closed case -> 422")
    r = b.get("/cases/%s/surveys/new" % random_uuid())
    T.status(r, 404, "the form for a random id -> 404")


def test_no_server_errors():
    T.eq(SERVER_ERRORS, [], "no request answered 5xx")
    T.eq(UNTRANSLATED, {}, "no page or error showed a catalogue key")


for fn in (test_setup, test_add, test_stored, test_list, test_validation,
           test_guard, test_state_rechecked_in_sql, test_access,
           test_idempotency, test_audit, test_pages, test_no_server_errors):
    T.run(fn)
T.finish()
