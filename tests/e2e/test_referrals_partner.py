#!/usr/bin/env python3
"""End-to-end tests of the partner's side of referrals against a running
server: GET /api/v1/referrals (the inbox), GET /api/v1/referrals/{id}
(the package), POST .../response and POST .../updates, and the pages
(/ as the partner's inbox, /referrals/{id} with its two forms).

Consents and referrals are written as the database's owner (the case
team's side is built elsewhere): a consent with a dummy purpose that
nothing here opens, a referral with no note. Persons, steps and
assistance are made through the API, so the package opens real
ciphertexts. Checked: a round trip (inbox, package, accept, updates); a
package carries exactly the shared categories' fields (no document
number without documents, no narrative, no medical detail without
health, never a step's other answers); withdrawal and expiry cut the
package at once while the inbox keeps the referral; a partner of a
second organisation gets 404 on every route of the first's referral and
on every case route; caseworker, supervisor, auditor and admin get 403
for the inbox and 404 for a package; answers race (one wins, 409);
update replays; every rule a 422 naming the field; the partner's texts
only as ciphertext; the audit entries. Run by tests/e2e/run.sh (see
lib.py for the environment)."""

import datetime
import json
import os
import re
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, RUNNUM, SERVER_ERRORS, UNTRANSLATED, STATE_DIR,  # noqa
                 PGBIN, Suite, Page, api, request, token_for, sql,
                 sql_value, admin_cli, record_secret, browser_login,
                 random_uuid, short, in_parallel)

T = Suite("referrals_partner")
TOK = {}          # user -> bearer token
UID = {}          # username -> user id
S = {}            # state shared between tests
COUNTER = [0]

TODAY = datetime.datetime.utcnow().date()
ALL_CATS = ["identity", "contact", "documents", "health", "case_summary",
            "narrative"]
PERSON_FIELDS = {
    "identity": ["given_name", "family_name", "name_original_script",
                 "date_of_birth", "gender", "citizenship"],
    "contact": ["phone", "location"],
    "documents": ["document_number"],
}
TYPES = ["counselling", "medical", "shelter", "legal", "psychosocial",
         "travel_document", "ticket", "escort", "reception", "cash_grant",
         "in_kind_grant", "business_start_up_grant", "vocational_training",
         "education", "housing"]
STAFF = ("caseworker", "supervisor", "auditor", "admin")

# Step answers where the first option would not do.
PREFER = {"migration_status": "stranded_migrant",
          "trafficking_status": "ActualVictimOfTrafficking",
          "identified_by": "NGO", "fit_to_travel": "fit",
          "referral_source": "ngo", "safety_risk": "high"}


# ------------------------------------------------------------- fixtures

def n():
    COUNTER[0] += 1
    return COUNTER[0]


def secret(text):
    record_secret(text)
    return text


def today(delta=0):
    return (TODAY + datetime.timedelta(days=delta)).isoformat()


def new_case(case_type="CT"):
    """A case of the caseworker (Sarajevo) with every person field,
    each value unique to this run; its JSON with the values sent."""
    i = n()
    person = {"given_name": secret("Amina%s%d" % (TAG, i)),
              "family_name": secret("Hadzic%s%d" % (TAG, i)),
              "name_original_script": secret(
                  "\u0622\u0645\u0646\u0629 %s%d" % (TAG, i)),
              "date_of_birth": "1990-05-%02d" % (1 + i % 28),
              "gender": "Feminine", "citizenship": "SY",
              "phone": "+3876100%04d" % (RUNNUM * 10 + i),
              "document_number": secret("DOC%s%05d" % (TAG.upper(), i))}
    loc = secret("Reception centre Usivak %s %d" % (TAG, i))
    r = api("POST", "/cases", TOK["caseworker"],
            body={"case_type": case_type, "consent_data_processing": True,
                  "person": person, "location": loc})
    if r.status != 201:
        raise RuntimeError("create case: %s %s" % (r.status, short(r.text)))
    j = r.json()
    j["_person"] = dict(person, location=loc)
    return j


def fill(fields, extra):
    out = {}
    for f in fields:
        name, typ = f["name"], f["type"]
        if name in extra:
            continue
        if typ == "date":
            out[name] = today()
        elif typ == "enum":
            out[name] = PREFER.get(name) if PREFER.get(name) in \
                f["options"] else f["options"][0]
        elif typ == "multi" and f["required"]:
            out[name] = f["options"][:1]
        elif typ == "country" and f["required"]:
            out[name] = "PK"
        elif typ == "bool":
            out[name] = False
        elif f["required"]:
            out[name] = "x"
    out.update(extra)
    return out


def step(case_id, to, extra=None):
    """Moves a case one step through the API (a supervisor approves
    when the step waits for one)."""
    c = api("GET", "/cases/" + case_id, TOK["caseworker"]).json()
    offered = {t["to"]: t for t in c["allowed_transitions"]}
    if to not in offered:
        raise RuntimeError("%s not offered from %s" % (to, c["state"]))
    r = api("POST", "/cases/%s/transitions" % case_id, TOK["caseworker"],
            body={"to": to, "version": c["version"],
                  "data": fill(offered[to]["fields"], extra or {})})
    if r.status == 202:
        r = api("POST", "/approvals/%s/decision" % r.json()["approval_id"],
                TOK["supervisor"], body={"decision": "approve"})
    if r.status != 200:
        raise RuntimeError("%s -> %s: %s %s" % (c["state"], to, r.status,
                                               short(r.text)))


def consent(case_id, org, cats, valid_from=0, valid_until=30):
    cid = str(uuid.uuid4())
    sql("INSERT INTO cb.consents (id, case_id, organisation_id, purpose, "
        "categories, valid_from, valid_until, method, language, "
        "created_by) VALUES ('%s', '%s', '%s', '\\x00'::bytea, '{%s}', "
        "'%s', '%s', 'signed', 'en', '%s')" % (
            cid, case_id, org, ",".join(cats), today(valid_from),
            today(valid_until), UID["caseworker"]))
    return cid


def referral(case_id, consent_id, org, cats,
             reason="AdditionalServicesRequired",
             services=("shelter", "medical")):
    rid = str(uuid.uuid4())
    sql("INSERT INTO cb.referrals (id, case_id, consent_id, "
        "organisation_id, reason, services, categories, created_by) "
        "VALUES ('%s', '%s', '%s', '%s', '%s', '{%s}', '{%s}', '%s')" % (
            rid, case_id, consent_id, org, reason, ",".join(services),
            ",".join(cats), UID["caseworker"]))
    return rid


def shared(cats, reason="AdditionalServicesRequired",
           services=("shelter", "medical"), org=None, case=None,
           consent_cats=None, **kw):
    """A fresh case (unless given), a consent and a referral to org
    (the demo partner's by default); (case JSON, consent id, referral
    id)."""
    c = case or new_case()
    co = consent(c["id"], org or S["org_a"], consent_cats or cats, **kw)
    return c, co, referral(c["id"], co, org or S["org_a"], cats, reason,
                           services)


def package(rid, who="partner"):
    return api("GET", "/referrals/" + rid, TOK[who])


def respond(rid, body, who="partner"):
    if isinstance(body.get("reason"), str):
        secret(body["reason"])
    return api("POST", "/referrals/%s/response" % rid, TOK[who], body=body)


def update(rid, body, who="partner", headers=None):
    if isinstance(body.get("note"), str):
        secret(body["note"])
    return api("POST", "/referrals/%s/updates" % rid, TOK[who], body=body,
               headers=headers)


def inbox(who="partner", query=""):
    return api("GET", "/referrals" + query, TOK[who])


def inbox_all(who="partner"):
    items, cursor = [], None
    for _ in range(100):
        r = inbox(who, "?limit=5" + ("&cursor=" + cursor if cursor else ""))
        if r.status != 200:
            raise RuntimeError("inbox: %s %s" % (r.status, short(r.text)))
        items.extend(r.json()["items"])
        cursor = r.json()["next_cursor"]
        if not cursor:
            return items
    raise RuntimeError("more than 100 pages")


def withdraw(consent_id):
    sql("UPDATE cb.consents SET withdrawn_at = now(), withdrawn_by = '%s' "
        "WHERE id = '%s'" % (UID["caseworker"], consent_id))


def audit(where):
    return sql("SELECT action, outcome, coalesce(fields, ''), "
               "coalesce(array_to_string(records, ','), ''), "
               "coalesce(record_id::text, '') FROM cb.audit_log WHERE " +
               where + " ORDER BY id")


def setup():
    for u in ("caseworker", "supervisor", "partner", "auditor", "admin"):
        TOK[u] = token_for(u)
    for row in sql("SELECT username, id FROM cb.users"):
        UID[row[0]] = row[1]
    S["org_a"] = sql_value("SELECT organisation_id FROM cb.users WHERE "
                           "username = 'partner'")
    # A second organisation and its partner, through the CLI.
    r = admin_cli(["org", "add", "--name", "Shelter %s %d" % (TAG, RUNNUM),
                   "--type", "NGO", "--country", "RS"])
    org_b = r.stdout.decode().strip().splitlines()[-1]
    if r.returncode != 0 or not re.match(r"^[0-9a-f-]{36}$", org_b):
        raise RuntimeError("org add: %s" % r.stderr[:300])
    S["org_b"] = org_b
    S["pb"] = "pb%s%d" % (TAG, RUNNUM)
    pw = "Partner-%s-%d-shelter" % (TAG, RUNNUM)
    r = admin_cli(["user", "add", "--username", S["pb"], "--role",
                   "partner", "--organisation", org_b],
                  (pw + "\n").encode())
    if r.returncode != 0:
        raise RuntimeError("user add: %s" % r.stderr[:300])
    record_secret(pw)
    S["pb_pw"] = pw
    TOK["pb"] = token_for(S["pb"], pw)
    for row in sql("SELECT username, id FROM cb.users"):
        UID[row[0]] = row[1]


# ------------------------------------------------------------ round trip

def test_round_trip():
    c = new_case("CT")
    risk = secret("Trafficker lives next door %s" % TAG)
    narrative = secret("Recruited through an online advert %s %d" %
                       (TAG, RUNNUM))
    step(c["id"], "immediate_assistance",
         {"urgent_medical_need": True, "risk_note": risk})
    step(c["id"], "screening_interview")
    step(c["id"], "consent", {"narrative": narrative})
    for t, d in (("medical", today(-3)), ("shelter", today(-1))):
        r = api("POST", "/cases/%s/assistance" % c["id"], TOK["caseworker"],
                body={"type": t, "date": d,
                      "note": secret("Assistance note %s %s" % (t, TAG))})
        T.status(r, 201, "assistance %s recorded for the case" % t)
    cats = ["identity", "documents", "health", "case_summary", "narrative"]
    _, co, rid = shared(cats, services=("medical", "legal"), case=c)
    S["rt"] = {"case": c, "consent": co, "rid": rid}

    items = inbox_all()
    mine = [i for i in items if i["id"] == rid]
    T.check(len(mine) == 1, "the referral is in the partner's inbox")
    it = mine[0] if mine else {}
    T.eq((it.get("status"), it.get("reason"), it.get("services"),
          it.get("categories"), it.get("updates"),
          (it.get("consent") or {}).get("state")),
         ("sent", "AdditionalServicesRequired", ["medical", "legal"],
          cats, 0, "active"), "the inbox item: status, reason, services, "
         "categories, consent state")
    text = inbox().text
    T.check(not any(v in text for v in c["_person"].values()
                    if isinstance(v, str) and TAG in v) and
            c["id"] not in text,
            "the inbox carries no personal value and no case id")
    created = [i["created_at"] for i in items]
    T.eq(created, sorted(created, reverse=True), "the inbox is newest first")

    r = package(rid)
    T.status(r, 200, "the partner reads the package")
    p = r.try_json() or {}
    person = p.get("person") or {}
    want = {k: c["_person"][k] for k in PERSON_FIELDS["identity"] +
            PERSON_FIELDS["documents"]}
    T.eq(person, want, "person: the identity and documents fields, opened")
    T.eq(p.get("case"), {"case_type": "CT", "stage": "screening",
                         "assistance": [{"type": "medical",
                                         "date": today(-3)},
                                        {"type": "shelter",
                                         "date": today(-1)}]},
         "case summary: type, stage, assistance types and dates")
    T.eq(p.get("health"), {"fit_to_travel": None, "fit_note": None,
                           "urgent_medical_need": True},
         "health: the urgent medical need from identification")
    T.eq(p.get("narrative"), narrative, "the narrative, opened")
    T.check(risk not in r.text and "Assistance note" not in r.text and
            "risk_note" not in r.text,
            "nothing else a step or an entry said (risk note, notes)")
    T.eq((p.get("status"), p.get("version"), p.get("response"),
          p.get("updates"), (p.get("consent") or {}).get("valid_until")),
         ("sent", 1, None, [], today(30)), "status, version, no answer yet")

    reason = "We have a bed from Monday %s" % TAG
    r = respond(rid, {"decision": "accept", "reason": reason, "version": 1})
    T.status(r, 200, "the partner accepts")
    j = r.try_json() or {}
    T.eq((j.get("id"), j.get("status"), j.get("version")),
         (rid, "accepted", 2), "the answer: accepted, version 2")
    note = "Seen by our doctor, follow-up in a week %s" % TAG
    r = update(rid, {"service": "medical", "status": "delivered",
                     "date": today(), "note": note})
    T.status(r, 201, "the partner reports a delivered service")
    u = r.try_json() or {}
    T.eq((u.get("referral_id"), u.get("service"), u.get("status"),
          u.get("date"), u.get("note"), u.get("created_by")),
         (rid, "medical", "delivered", today(), note, "partner"),
         "the 201 carries the update")
    r = update(rid, {"service": "legal", "status": "planned",
                     "date": today()})
    T.status(r, 201, "a planned legal service without a note")
    p = package(rid).json()
    T.eq((p["status"], p["response"]["reason"], p["response"]["responded_by"],
          [(x["service"], x["status"], x["note"]) for x in p["updates"]]),
         ("accepted", reason, "partner", [("medical", "delivered", note),
                                          ("legal", "planned", None)]),
         "the package shows the answer and the updates, opened")
    it = [i for i in inbox_all() if i["id"] == rid][0]
    T.eq((it["status"], it["updates"], bool(it["responded_at"])),
         ("accepted", 2, True), "the inbox shows it accepted, 2 updates")
    T.eq(sql("SELECT status, version, responded_by FROM cb.referrals "
             "WHERE id = '%s'" % rid), [["accepted", "2", UID["partner"]]],
         "the database holds the answer and who gave it")

    # The same for an AVRR case's fit-to-travel note, without the
    # booking reference the same step recorded.
    a = new_case("AVRR")
    fit_note = secret("Asthma, carries an inhaler %s" % TAG)
    booking = secret("PNR%s%d" % (TAG.upper(), RUNNUM))
    step(a["id"], "counselling")
    step(a["id"], "screening")
    step(a["id"], "return_planning", {"return_declaration": True,
                                      "consent_share": True})
    step(a["id"], "travel_preparation")
    step(a["id"], "departed", {"fit_note": fit_note,
                               "booking_reference": booking})
    _, _, rid2 = shared(["health"], case=a)
    r = package(rid2)
    T.eq((r.status, (r.try_json() or {}).get("health")),
         (200, {"fit_to_travel": "fit", "fit_note": fit_note,
                "urgent_medical_need": None}),
         "AVRR health: fit to travel and its note")
    T.check(booking not in r.text and a["_person"]["given_name"] not in
            r.text, "...and not the booking reference, nor a name",
            short(r.text))


# ------------------------------------------------- exactly what is shared

def test_exact_categories():
    c = new_case("CT")
    narrative = secret("Held in a flat in the capital %s %d" % (TAG, n()))
    step(c["id"], "immediate_assistance", {"urgent_medical_need": True})
    step(c["id"], "screening_interview")
    step(c["id"], "consent", {"narrative": narrative})
    combos = [["identity"], ["identity", "contact"], ["documents"],
              ["identity", "case_summary"], ["health"], ["narrative"],
              ["contact", "documents", "health"], ALL_CATS]
    for cats in combos:
        _, _, rid = shared(cats, case=c)
        r = package(rid)
        p = r.try_json() or {}
        want = [f for cat in ALL_CATS if cat in cats
                for f in PERSON_FIELDS.get(cat, [])]
        T.eq((r.status, sorted((p.get("person") or {}).keys()),
              p.get("categories")), (200, sorted(want), cats),
             "%s: person carries exactly %s" % ("+".join(cats), want))
        T.eq(("case" in p, "health" in p, "narrative" in p),
             ("case_summary" in cats, "health" in cats,
              "narrative" in cats),
             "%s: case, health, narrative only when shared" % "+".join(cats))
        T.eq((c["_person"]["document_number"] in r.text, narrative in r.text,
              '"urgent_medical_need":true' in r.text,
              c["_person"]["phone"] in r.text,
              c["_person"]["given_name"] in r.text),
             ("documents" in cats, "narrative" in cats, "health" in cats,
              "contact" in cats, "identity" in cats),
             "%s: document number, narrative, medical detail, phone, name "
             "appear only when shared" % "+".join(cats))
        rows = audit("action = 'referral.package' AND record_id = '%s'" %
                     rid)
        T.eq(rows, [["referral.package", "ok", ",".join(cats), c["id"],
                     rid]], "%s: the read is audited with the categories "
             "and the case" % "+".join(cats))
    # The package is what the referral carries AND the consent covers.
    _, _, rid = shared(["identity", "case_summary", "narrative"], case=c,
                       consent_cats=["identity", "case_summary"])
    p = package(rid).json()
    T.eq((p["categories"], "narrative" in p, narrative in str(p)),
         (["identity", "case_summary"], False, False),
         "a category the consent does not cover is never shared")


# --------------------------------------------------- consent cuts access

def test_withdrawal():
    _, co, rid = shared(["identity", "case_summary"])
    T.status(respond(rid, {"decision": "accept"}), 200, "accepted first")
    T.status(update(rid, {"service": "shelter", "status": "planned",
                          "date": today()}), 201, "an update while active")
    T.status(package(rid), 200, "the package opens while the consent holds")
    withdraw(co)
    r = package(rid)
    missing = package(random_uuid())
    T.eq((r.status, r.text), (404, missing.text),
         "withdrawn: the package is 404 at once, as a missing one")
    it = [i for i in inbox_all() if i["id"] == rid]
    T.eq([(i["status"], i["consent"]["state"]) for i in it],
         [("accepted", "withdrawn")],
         "the inbox still lists it, consent withdrawn")
    r = update(rid, {"service": "shelter", "status": "delivered",
                     "date": today(), "note": "after withdrawal %s" % TAG})
    T.eq((r.status, r.error_code()), (422, "guard"),
         "no update once the consent is withdrawn (422)")
    T.eq(sql_value("SELECT count(*) FROM cb.referral_updates WHERE "
                   "referral_id = '%s'" % rid), "1", "nothing was written")
    b = browser_login("partner")
    T.status(b.get("/referrals/" + rid), 404, "the page is 404 too")
    home = b.get("/")
    row = re.search(r'<tr data-referral="%s">.*?</tr>' % rid, home.text,
                    re.S)
    T.check(row and 'href="/referrals/%s"' % rid not in row.group(0) and
            "Withdrawn" in row.group(0),
            "the home lists it as withdrawn, without a link",
            row.group(0) if row else home.text[:300])
    T.eq([r[:2] for r in audit("action = 'referral.package' AND "
                               "record_id = '%s'" % rid)][-1:],
         [["referral.package", "consent_inactive"]],
         "the refused read is audited as such")

    # Withdrawn before any answer: no answer either.
    _, co, rid = shared(["identity", "case_summary"])
    withdraw(co)
    r = respond(rid, {"decision": "accept"})
    T.eq((r.status, r.error_code()), (422, "guard"),
         "no answer once the consent is withdrawn (422)")
    T.eq(sql_value("SELECT status FROM cb.referrals WHERE id = '%s'" % rid),
         "sent", "the referral stays sent")


def test_expiry():
    _, co, rid = shared(["identity", "case_summary"], valid_from=-30,
                        valid_until=-1)
    T.status(package(rid), 404, "an expired consent: the package is 404")
    _, co2, rid2 = shared(["identity", "case_summary"], valid_from=1,
                          valid_until=30)
    T.status(package(rid2), 404, "a consent not yet valid: 404")
    st = {i["id"]: i["consent"]["state"] for i in inbox_all()}
    T.eq((st.get(rid), st.get(rid2)), ("expired", "pending"),
         "the inbox says expired and pending")
    T.eq(respond(rid, {"decision": "accept"}).status, 422,
         "no answer under an expired consent")

    # Valid until today, then the day passes: cut at once.
    _, co3, rid3 = shared(["identity", "case_summary"], valid_from=-5,
                          valid_until=0)
    T.status(package(rid3), 200, "valid until today: the package opens")
    sql("SET session_replication_role = replica; UPDATE cb.consents SET "
        "valid_until = '%s' WHERE id = '%s'" % (today(-1), co3))
    T.status(package(rid3), 404, "the day after: 404 at once")


# -------------------------------------------- a second organisation

# Every case route, with a body that would pass its form, so that
# nothing but who may see the case decides.
def case_routes():
    return [
        ("GET", "/api/v1/cases/%s", None),
        ("GET", "/api/v1/cases/%s/history", None),
        ("GET", "/api/v1/cases/%s/assistance", None),
        ("POST", "/api/v1/cases/%s/assistance",
         {"type": "counselling", "date": today()}),
        ("POST", "/api/v1/cases/%s/transitions",
         {"to": "immediate_assistance", "version": 1,
          "data": {"referral_source": "ngo", "safety_risk": "high"}}),
        ("POST", "/api/v1/cases/%s/links", {"case_type": "AVRR"}),
        ("POST", "/api/v1/cases/%s/assignment",
         {"assigned_to": UID["caseworker"], "version": 1}),
        ("GET", "/api/v1/cases/%s/surveys", None),
        ("GET", "/api/v1/cases/%s/consents", None),
        ("GET", "/api/v1/cases/%s/referrals", None),
    ]



def raw(method, path, token, body=None):
    """A call on a full path (api() adds /api/v1)."""
    h = {"Authorization": "Bearer " + token, "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    return request(method, path, data, h)


def test_second_org():
    c, co, rid = shared(ALL_CATS)
    T.status(package(rid), 200, "the first organisation's partner reads it")
    pb = TOK["pb"]
    T.check(rid not in inbox("pb").text, "not in the second's inbox")
    missing = random_uuid()
    for method, path, body in (
            ("GET", "/api/v1/referrals/%s", None),
            ("POST", "/api/v1/referrals/%s/response",
             {"decision": "accept"}),
            ("POST", "/api/v1/referrals/%s/response",
             {"decision": "decline", "reason": "x"}),
            ("POST", "/api/v1/referrals/%s/updates",
             {"service": "shelter", "status": "planned", "date": today()})):
        r = raw(method, path % rid, pb, body)
        m = raw(method, path % missing, pb, body)
        T.eq((r.status, r.text), (404, m.text),
             "second organisation %s %s -> 404, as a missing one" % (
                 method, path % "{id}"))
    for method, path, body in case_routes():
        for who, tok in (("second organisation", pb),
                         ("the referral's own partner", TOK["partner"])):
            r = raw(method, path % c["id"], tok, body)
            m = raw(method, path % missing, tok, body)
            T.eq((r.status, r.text), (404, m.text), "%s %s %s -> 404, as "
                 "a missing case" % (who, method, path % "{case}"))
    T.eq(sql_value("SELECT status FROM cb.referrals WHERE id = '%s'" % rid),
         "sent", "nothing changed")
    # Pages, with the second partner's own CSRF token.
    b = browser_login(S["pb"], S["pb_pw"])
    home = b.get("/")
    T.check(home.status == 200 and rid not in home.text,
            "the second partner's home does not list it")
    csrf = Page(home.text).value("csrf")
    T.status(b.get("/referrals/" + rid), 404, "GET /referrals/{id} -> 404")
    T.status(b.post("/referrals/%s/response" % rid,
                    [("csrf", csrf), ("decision", "accept")]), 404,
             "POST the answer form -> 404")
    T.status(b.post("/referrals/%s/updates" % rid,
                    [("csrf", csrf), ("service", "shelter"),
                     ("status", "planned"), ("date", today())]), 404,
             "POST the update form -> 404")
    for path in ("/cases/%s", "/cases/%s/assistance",
                 "/cases/%s/assistance/new", "/cases/%s/surveys/new"):
        T.status(b.get(path % c["id"]), 404, "page %s -> 404" % (
            path % "{case}"))
    # And the other way: the second's referral is not the first's.
    _, _, rid_b = shared(["identity", "case_summary"], org=S["org_b"])
    T.status(package(rid_b, "pb"), 200, "the second reads its own")
    T.status(package(rid_b, "partner"), 404, "the first gets 404 on it")
    T.check(rid_b not in inbox().text and rid_b in inbox("pb").text,
            "each inbox holds its own organisation's only")
    denied = audit("actor = '%s' AND outcome = 'denied' AND record_id = "
                   "'%s'" % (UID[S["pb"]], rid))
    T.check(len(denied) >= 4 and all(not d[3] for d in denied),
            "every attempt of the second is audited as denied, naming no "
            "case", denied)


def test_other_roles():
    c, co, rid = shared(["identity", "case_summary"])
    for who in STAFF:
        T.status(inbox(who), 403, "%s GET /referrals -> 403" % who)
        T.status(package(rid, who), 404, "%s GET /referrals/{id} -> 404" %
                 who)
        T.status(respond(rid, {"decision": "accept"}, who), 404,
                 "%s POST response -> 404" % who)
        T.status(update(rid, {"service": "shelter", "status": "planned",
                              "date": today()}, who), 404,
                 "%s POST updates -> 404" % who)
    b = browser_login("caseworker")
    T.status(b.get("/referrals/" + rid), 404,
             "the case's own caseworker: the partner's page is 404")
    r = b.get("/")
    T.check(r.status == 200 and 'data-referral' not in r.text,
            "a caseworker's home is their work, no inbox")
    T.status(api("GET", "/referrals"), 401, "no session -> 401")
    T.status(api("GET", "/referrals/" + rid), 401, "no session -> 401")
    T.eq(sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                   "'referral.inbox' AND outcome = 'denied' AND actor = "
                   "'%s'" % UID["auditor"]) != "0", True,
         "a refused inbox is audited")


# ------------------------------------------------------ races and rules

def test_double_submit():
    _, _, rid = shared(["identity", "case_summary"])
    out = in_parallel([
        lambda: respond(rid, {"decision": "accept"}),
        lambda: respond(rid, {"decision": "decline",
                              "reason": "No place %s" % TAG})])
    st = sorted(getattr(r, "status", 0) for r in out)
    T.eq(st, [200, 409], "two answers at once: one 200, one 409")
    won = [r for r in out if getattr(r, "status", 0) == 200]
    T.eq(sql_value("SELECT status FROM cb.referrals WHERE id = '%s'" % rid),
         won[0].json()["status"] if won else None,
         "the database holds the winner")
    T.eq(respond(rid, {"decision": "accept"}).status, 409,
         "answering again -> 409")
    T.eq(sorted(r[1] for r in audit("action = 'referral.respond' AND "
                                    "record_id = '%s'" % rid)),
         ["conflict", "conflict", "ok"], "one ok, the rest conflicts")

    _, _, rid = shared(["identity", "case_summary"])
    T.eq(respond(rid, {"decision": "accept", "version": 7}).status, 409,
         "a stale version -> 409")
    T.status(respond(rid, {"decision": "accept", "version": 1}), 200,
             "the current version -> 200")
    body = {"service": "shelter", "status": "delivered", "date": today(),
            "note": "Same report %s %d" % (TAG, n())}
    key = {"Idempotency-Key": "upd-%s-%d" % (TAG, RUNNUM)}
    out = in_parallel([lambda: update(rid, body, headers=key)
                       for _ in range(3)])
    ids_ = {(r.json() or {}).get("id") for r in out
            if getattr(r, "status", 0) == 201}
    T.eq((sorted(getattr(r, "status", 0) for r in out), len(ids_)),
         ([201, 201, 201], 1), "the same update three times at once: one")
    T.eq(sql_value("SELECT count(*) FROM cb.referral_updates WHERE "
                   "referral_id = '%s'" % rid), "1", "one row")
    r = update(rid, dict(body, status="planned"), headers=key)
    T.eq((r.status, list(r.error_fields())), (422, ["Idempotency-Key"]),
         "the same key with another body -> 422")


def test_rules():
    _, _, rid = shared(["identity", "case_summary"])
    cases = [
        ({"decision": "decline"}, "reason"),
        ({"decision": "decline", "reason": ""}, "reason"),
        ({"decision": "maybe"}, "decision"),
        ({}, "decision"),
        ({"decision": "accept", "colour": "red"}, "colour"),
        ({"decision": "accept", "version": "1"}, "version"),
        ({"decision": "accept", "reason": "x" * 2001}, "reason"),
    ]
    for body, field in cases:
        r = api("POST", "/referrals/%s/response" % rid, TOK["partner"],
                body=body)
        T.eq((r.status, field in r.error_fields()), (422, True),
             "answer %s -> 422 naming %s" % (short(body, 60), field))
    r = api("POST", "/referrals/%s/response" % rid, TOK["partner"],
            raw=b"{not json")
    T.status(r, 400, "unparseable JSON -> 400")
    r = api("POST", "/referrals/%s/response" % rid, TOK["partner"],
            raw=b"decision=accept", ctype="application/x-www-form-urlencoded")
    T.status(r, 415, "a form body on the API -> 415")
    r = update(rid, {"service": "shelter", "status": "planned",
                     "date": today()})
    T.eq((r.status, r.error_code()), (422, "guard"),
         "an update before accepting -> 422 guard")
    T.status(respond(rid, {"decision": "accept"}), 200, "accepted")
    upd = [
        ({"service": "legal", "status": "planned", "date": today()},
         "service"),
        ({"service": "spa", "status": "planned", "date": today()},
         "service"),
        ({"service": "shelter", "status": "done", "date": today()},
         "status"),
        ({"service": "shelter", "status": "planned", "date": today(1)},
         "date"),
        ({"service": "shelter", "status": "planned", "date": "2026-02-30"},
         "date"),
        ({"service": "shelter", "status": "planned"}, "date"),
        ({"service": "shelter", "status": "planned", "date": today(),
          "note": "y" * 4001}, "note"),
        ({"service": "shelter", "status": "planned", "date": today(),
          "by": "me"}, "by"),
    ]
    for body, field in upd:
        r = api("POST", "/referrals/%s/updates" % rid, TOK["partner"],
                body=body)
        T.eq((r.status, field in r.error_fields()), (422, True),
             "update %s -> 422 naming %s" % (short(body, 70), field))
    T.eq(sql_value("SELECT count(*) FROM cb.referral_updates WHERE "
                   "referral_id = '%s'" % rid), "0", "none was written")
    T.check(len(audit("action = 'referral.update' AND outcome = 'invalid' "
                      "AND record_id = '%s'" % rid)) == len(upd),
            "each refused update is audited as invalid")

    # A declined referral takes no update.
    _, _, rid = shared(["identity", "case_summary"])
    T.status(respond(rid, {"decision": "decline", "reason": secret(
        "No capacity this month %s" % TAG)}), 200, "declined with a reason")
    r = update(rid, {"service": "shelter", "status": "planned",
                     "date": today()})
    T.eq((r.status, r.error_code()), (422, "guard"),
         "a declined referral takes no update")
    T.eq(package(rid).json()["response"]["reason"],
         "No capacity this month %s" % TAG, "the decline's reason opens")


def test_every_service_and_limit():
    # No services asked for: any assistance type may be reported, and
    # the database's CHECK knows each of them.
    _, _, rid = shared(["identity", "case_summary"], reason="Other",
                       services=())
    T.status(respond(rid, {"decision": "accept"}), 200, "accepted")
    bad = [t for t in TYPES if update(rid, {
        "service": t, "status": "delivered", "date": today()}).status != 201]
    T.eq(bad, [], "every assistance type is accepted as a service")
    # At most 200 updates.
    sql("INSERT INTO cb.referral_updates (id, referral_id, service, status, "
        "update_date, created_by) SELECT gen_random_uuid(), '%s', "
        "'shelter', 'planned', current_date, '%s' FROM generate_series(1, "
        "%d)" % (rid, UID["partner"], 200 - len(TYPES) - 1))
    T.status(update(rid, {"service": "shelter", "status": "planned",
                          "date": today()}), 201, "the 200th update")
    r = update(rid, {"service": "shelter", "status": "planned",
                     "date": today()})
    T.eq((r.status, r.error_code()), (422, "guard"), "the 201st -> 422")
    T.eq(len(package(rid).json()["updates"]), 200,
         "the package shows all 200")


# ------------------------------------------------------------ the pages

def test_pages():
    c, co, rid = shared(["identity", "contact", "case_summary"])
    b = browser_login("partner")
    home = b.get("/")
    T.status(home, 200, "the partner's home opens")
    T.check("<h1>Referrals</h1>" in home.text and
            'href="/referrals/%s"' % rid in home.text,
            "the home is the inbox, with a link to the referral")
    row = re.search(r'<tr data-referral="%s">.*?</tr>' % rid, home.text,
                    re.S)
    T.check(row and "Additional services required" in row.group(0) and
            "AdditionalServicesRequired" not in row.group(0) and
            "Shelter" in row.group(0),
            "the inbox shows labels, never codes",
            row.group(0) if row else "")
    r = b.get("/referrals/" + rid)
    T.status(r, 200, "the referral page opens")
    pg = Page(r.text)
    T.eq((pg.text_of("given_name"), pg.text_of("name_original_script"),
          pg.text_of("location"), pg.text_of("document_number")),
         (c["_person"]["given_name"], c["_person"]["name_original_script"],
          c["_person"]["location"], None),
         "the page shows the shared fields only")
    T.check('dir="auto" data-field="name_original_script"' in r.text,
            "names are shown with dir=auto (right-to-left where needed)")
    T.check("Counter-trafficking" in r.text and ">CT<" not in r.text,
            "case type by its label")
    form = pg.form_by_action("/referrals/%s/response" % rid)
    T.check(form is not None and pg.form_by_action(
        "/referrals/%s/updates" % rid) is None,
        "a sent referral offers the answer form, not the update form")
    csrf = pg.value("csrf")
    version = pg.value("version", form)
    r = b.post("/referrals/%s/response" % rid,
               [("csrf", csrf), ("version", version),
                ("decision", "decline"), ("reason", "")])
    T.status(r, 422, "declining without a reason -> 422 page")
    pg = Page(r.text)
    T.check('id="err-resp-reason"' in r.text and
            pg.value("decision") == "decline",
            "the error sits next to the reason, the decision is kept")
    r = b.post("/referrals/%s/response" % rid,
               [("version", version), ("decision", "accept")])
    T.status(r, 403, "a form without its CSRF token -> 403")
    reason = secret("Ready to take her in %s" % TAG)
    r = b.post("/referrals/%s/response" % rid,
               [("csrf", csrf), ("version", version),
                ("decision", "accept"), ("reason", reason)])
    T.eq((r.status, r.location_path()), (303, "/referrals/" + rid),
         "accepting through the form returns to the referral")
    r = b.post("/referrals/%s/response" % rid,
               [("csrf", csrf), ("version", version),
                ("decision", "accept")])
    T.check(r.status == 409 and 'id="refused"' in r.text,
            "answering again through the form: 409 with the page", r.status)
    r = b.get("/referrals/" + rid)
    pg = Page(r.text)
    T.eq(pg.text_of("response_reason"), reason, "the answer's reason shows")
    form = pg.form_by_action("/referrals/%s/updates" % rid)
    T.check(form is not None, "an accepted referral offers the update form")
    token = pg.value("form_token", form)
    services = [o["value"] for o in pg.control("service", form)["options"]]
    T.eq(services, ["", "shelter", "medical"],
         "the service select offers the referral's services only")
    note = secret("Room 4, with her daughter %s" % TAG)
    fields = [("csrf", csrf), ("form_token", token), ("service", ""),
              ("status", "delivered"), ("date", today()), ("note", note)]
    r = b.post("/referrals/%s/updates" % rid, fields)
    pg = Page(r.text)
    T.check(r.status == 422 and 'id="err-upd-service"' in r.text and
            pg.value("note") == note and pg.value("status") == "delivered",
            "an update without a service: 422, error next to it, input kept",
            r.status)
    fields[2] = ("service", "shelter")
    r = b.post("/referrals/%s/updates" % rid, fields)
    T.eq((r.status, r.location_path()), (303, "/referrals/" + rid),
         "the update form returns to the referral")
    r = b.post("/referrals/%s/updates" % rid, fields)
    T.eq((r.status, sql_value("SELECT count(*) FROM cb.referral_updates "
                              "WHERE referral_id = '%s'" % rid)),
         (303, "1"), "the same form sent twice writes one update")
    r = b.get("/referrals/" + rid)
    T.check(note in r.text and "Delivered" in r.text,
            "the page lists the update with its note and status label")
    T.check(not re.search(r">(delivered|shelter|accepted)<", r.text),
            "no raw code on the page")


# ------------------------------------------------- sealed and audited

def test_sealed_and_audited():
    rt = S.get("rt")
    if not rt:
        T.check(False, "the round trip ran first")
        return
    rid = rt["rid"]
    rows = sql("SELECT octet_length(response_reason) > 40, "
               "position(convert_to('We have a bed', 'UTF8') in "
               "response_reason) FROM cb.referrals WHERE id = '%s'" % rid)
    T.eq(rows, [["t", "0"]], "the answer's reason is stored sealed")
    rows = sql("SELECT count(*) FILTER (WHERE note IS NOT NULL AND "
               "position(convert_to('Seen by our doctor', 'UTF8') in note) "
               "= 0) FROM cb.referral_updates WHERE referral_id = '%s'" %
               rid)
    T.eq(rows, [["1"]], "the update's note is stored sealed")
    acts = [r[0] + ":" + r[1] for r in audit("record_id = '%s'" % rid)]
    for a in ("referral.package:ok", "referral.key:ok",
              "referral.respond:ok", "referral.update:ok"):
        T.check(a in acts, "audited: %s" % a, acts)
    rows = audit("record_id = '%s' AND action IN ('referral.respond', "
                 "'referral.update') AND outcome = 'ok'" % rid)
    T.eq(sorted(r[2] for r in rows),
         ["decision,reason", "service,status,date",
          "service,status,date,note"],
         "the writes' entries name fields, never values")
    T.check(all(rt["case"]["id"] in r[3] for r in rows),
            "each names the case it touched")
    T.check(sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                      "'referral.inbox' AND outcome = 'ok' AND actor = '%s'"
                      % UID["partner"]) != "0", "inbox reads are audited")


def app_sql(query):
    """query as the web's own database role: (ok, output)."""
    with open(os.path.join(STATE_DIR, "keys", "app.pass")) as f:
        pw = f.read().strip()
    env = dict(os.environ, PGPASSWORD=pw)
    r = subprocess.run([os.path.join(PGBIN, "psql"), "-X", "-q", "-At",
                        "-v", "ON_ERROR_STOP=1", "-h",
                        os.path.join(STATE_DIR, "run"), "-U",
                        "casebook_app", "-d", "casebook", "-c", query],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=60)
    return r.returncode == 0, (r.stdout + r.stderr).decode()


def test_database():
    c, co, rid = shared(["identity", "case_summary"])
    _, _, rid_b = shared(["identity", "case_summary"], org=S["org_b"])
    for q in ("SELECT 1 FROM cb.referrals LIMIT 1",
              "SELECT 1 FROM cb.consents LIMIT 1",
              "SELECT 1 FROM cb.referral_updates LIMIT 1",
              "UPDATE cb.referrals SET status = 'accepted'",
              "SELECT * FROM cb.referral_for_partner('partner', '%s', '%s')"
              % (S["org_a"], rid)):
        ok, out = app_sql(q)
        T.check(not ok and "permission denied" in out,
                "the web's role may not: %s" % q[:60], out)
    # The web's role with a partner's session: its own organisation's
    # package, and nothing of the other's, decided by the database.
    tok = "e2e-%s-%d" % (TAG, RUNNUM)
    sql("INSERT INTO cb.sessions (token_hash, user_id, expires_at) VALUES "
        "(sha256('%s'), '%s', now() + interval '10 minutes')" % (
            tok, UID["partner"]))
    for r_, want in ((rid, rid), (rid_b, "")):
        ok, out = app_sql("SELECT coalesce(r_id::text, '') || '|' || "
                          "coalesce(r_categories, '') FROM "
                          "cb.referral_package(sha256('%s'), '%s', 'ab')" %
                          (tok, r_))
        T.eq((ok, out.strip()), (True, "%s|%s" % (
            want, "identity,case_summary" if want else "")),
            "referral_package as the web's role: %s" % (
                "its own organisation's" if want else "not another's"))
    # Whoever writes: an answer once and kept, updates only on an
    # accepted referral, never changed.
    for q, what in (
            ("INSERT INTO cb.referral_updates (id, referral_id, service, "
             "status, update_date, created_by) VALUES (gen_random_uuid(), "
             "'%s', 'shelter', 'planned', current_date, '%s')" % (
                 rid, UID["partner"]), "an update on a referral not accepted"),
            ("UPDATE cb.referrals SET status = 'closed' WHERE id = '%s'; "
             "UPDATE cb.referrals SET status = 'accepted' WHERE id = '%s'" %
             (rid, rid), "a closed referral answered")):
        try:
            sql(q)
            T.check(False, "the owner is refused %s" % what)
        except RuntimeError as e:
            T.check("referral" in str(e), "the owner is refused %s" % what,
                    str(e))
    _, _, rid = shared(["identity", "case_summary"])
    T.status(respond(rid, {"decision": "accept"}), 200, "accepted")
    T.status(update(rid, {"service": "shelter", "status": "planned",
                          "date": today()}), 201, "an update")
    for q, what in (
            ("UPDATE cb.referrals SET responded_at = now() WHERE id = '%s'"
             % rid, "a rewritten answer"),
            ("UPDATE cb.referrals SET status = 'declined' WHERE id = '%s'" %
             rid, "a changed decision"),
            ("UPDATE cb.referral_updates SET status = 'delivered' WHERE "
             "referral_id = '%s'" % rid, "a changed update"),
            ("INSERT INTO cb.referral_updates (id, referral_id, service, "
             "status, update_date, created_by) VALUES (gen_random_uuid(), "
             "'%s', 'spa', 'planned', current_date, '%s')" % (
                 rid, UID["partner"]), "an unknown service"),
            ("INSERT INTO cb.referral_updates (id, referral_id, service, "
             "status, update_date, created_by) VALUES (gen_random_uuid(), "
             "'%s', 'shelter', 'planned', current_date + 2, '%s')" % (
                 rid, UID["partner"]), "a date to come")):
        try:
            sql(q)
            T.check(False, "the owner is refused %s" % what)
        except RuntimeError:
            T.check(True, "the owner is refused %s" % what)


def test_no_errors():
    T.eq(SERVER_ERRORS, [], "no 5xx answer in this suite")
    T.eq(UNTRANSLATED, {}, "no untranslated key shown")


def main():
    setup()
    for t in (test_round_trip, test_exact_categories, test_withdrawal,
              test_expiry, test_second_org, test_other_roles,
              test_double_submit, test_rules, test_every_service_and_limit,
              test_pages, test_sealed_and_audited, test_database,
              test_no_errors):
        T.run(t)
    T.finish()


if __name__ == "__main__":
    main()
