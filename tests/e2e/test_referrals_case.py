#!/usr/bin/env python3
"""End-to-end tests of referrals, the case team's side, against a running
server: consents (POST/GET /api/v1/cases/{id}/consents, POST
/api/v1/consents/{id}/withdraw), referrals (POST/GET
/api/v1/cases/{id}/referrals, POST .../referrals/{rid}/close),
organisations (GET/POST /api/v1/organisations) and their pages. The
consent rules (expired, pending, withdrawn, another organisation,
categories that do not cover what the reason and services need: each a
422 naming what is wrong), withdrawal, double submits, every route for
every role that may not use it (403/404), sealed purpose, reasons and
notes never in the database in clear, audit entries with field names
only, and the case history. Run by tests/e2e/run.sh (see lib.py for the
environment)."""

import datetime
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, SERVER_ERRORS, UNTRANSLATED, STATE_DIR,  # noqa
                 Suite, Page, api, token_for, healthy, random_uuid, sql,
                 sql_value, record_secret, browser_login, short)

T = Suite("referrals_case")
TOK = {}
S = {}
COUNTER = [0]
OTHERS = ("caseworker2", "supervisor2", "partner", "auditor", "admin")
CATS = ["identity", "contact", "documents", "health", "case_summary",
        "narrative"]


# ------------------------------------------------------------- fixtures

def n():
    COUNTER[0] += 1
    return COUNTER[0]


def secret(text):
    record_secret(text)
    return text


def day(delta):
    return (S["today"] + datetime.timedelta(days=delta)).isoformat()


def new_case(consent=True):
    i = n()
    body = {"case_type": "CT", "consent_data_processing": consent}
    if consent:
        body["person"] = {"given_name": secret("Leyla%s%d" % (TAG, i)),
                          "family_name": secret("Rahimi%s%d" % (TAG, i)),
                          "date_of_birth": "1994-02-%02d" % (1 + i % 28),
                          "citizenship": "AF"}
    r = api("POST", "/cases", TOK["caseworker"], body=body)
    if r.status != 201:
        raise RuntimeError("create case: %s %s" % (r.status, short(r.text)))
    return r.json()["id"]


def consent_body(org=None, cats=None, **kw):
    b = {"purpose": secret("Placement in a safe house %s %d" % (TAG, n())),
         "organisation_id": org or S["orgA"],
         "data_categories": ["identity", "case_summary"] if cats is None
         else cats,
         "valid_until": day(365), "method": "signed", "language": "fa"}
    b.update(kw)
    return b


def add_consent(case, body=None, token="caseworker", headers=None):
    return api("POST", "/cases/%s/consents" % case, TOK[token],
               body=body if body is not None else consent_body(),
               headers=headers)


def consent(case, **kw):
    r = add_consent(case, consent_body(**kw))
    if r.status != 201:
        raise RuntimeError("consent: %s %s" % (r.status, short(r.text)))
    return r.json()["id"]


def refer_body(con, org=None, reason="AdditionalServicesRequired",
               services=None, note=None):
    b = {"organisation_id": org or S["orgA"], "consent_id": con,
         "reason": reason, "services": services or []}
    if note is not None:
        b["note"] = secret(note)
    return b


def refer(case, body, token="caseworker", headers=None):
    return api("POST", "/cases/%s/referrals" % case, TOK[token], body=body,
               headers=headers)


def as_owner(stmt):
    """A change the application never makes, by the database's owner
    (its triggers keep consents as recorded, so they are switched off
    for this one statement)."""
    sql("SET session_replication_role = replica; " + stmt)


def audit(action, record=None):
    q = ("SELECT outcome, coalesce(fields, '') FROM cb.audit_log "
         "WHERE action = '%s'" % action)
    if record:
        q += " AND record_id = '%s'" % record
    return sql(q + " ORDER BY id")


def setup():
    for u in ("caseworker", "caseworker2", "supervisor", "supervisor2",
              "partner", "auditor", "admin"):
        TOK[u] = token_for(u)
    S["today"] = datetime.date.fromisoformat(sql_value(
        "SELECT current_date"))
    for k in ("A", "B"):
        r = api("POST", "/organisations", TOK["admin"],
                body={"name": "Safe House %s %s" % (k, TAG), "type": "NGO",
                      "country": "BA"})
        if r.status != 201:
            raise RuntimeError("org: %s %s" % (r.status, short(r.text)))
        S["org" + k] = r.json()["id"]
    S["partner_org"] = sql_value("SELECT organisation_id FROM cb.users "
                                 "WHERE username = 'partner'")
    S["case"] = new_case()


# ------------------------------------------------------- organisations

def test_organisations():
    adm = TOK["admin"]
    name = "Centar za socijalni rad Ilidža %s" % TAG
    r = api("POST", "/organisations", adm,
            body={"name": name, "type": "LocalGovernmentOrganisation",
                  "country": "BA"})
    T.status(r, 201, "an admin adds an organisation")
    j = r.json() if r.status == 201 else {}
    T.check(j.get("name") == name and j.get("type") ==
            "LocalGovernmentOrganisation" and j.get("country") == "BA" and
            j.get("id"), "the organisation comes back as added", short(j))
    r = api("POST", "/organisations", adm,
            body={"name": name, "type": "NGO", "country": "RS"})
    T.check(r.status == 409 and "name" in r.error_fields(),
            "the same name again -> 409 naming name",
            "%s %s" % (r.status, short(r.text)))
    T.eq(sql_value("SELECT count(*) FROM cb.organisations WHERE name = "
                   "'%s'" % name), "1", "one organisation of that name")
    r = api("POST", "/organisations", adm,
            body={"name": "", "type": "Shelter", "country": "ba",
                  "extra": 1})
    T.check(r.status == 422 and set(r.error_fields()) >=
            {"name", "type", "country", "extra"},
            "bad fields -> 422 naming each", short(r.text))
    for u in ("caseworker", "supervisor", "partner", "auditor"):
        r = api("POST", "/organisations", TOK[u],
                body={"name": "By %s %s" % (u, TAG), "type": "NGO",
                      "country": "BA"})
        T.status(r, 403, "%s may not add an organisation" % u)
    T.eq(sql_value("SELECT count(*) FROM cb.organisations WHERE name LIKE "
                   "'By %% %s'" % TAG), "0", "non-admins added nothing")
    rows = audit("org.create", j.get("id"))
    T.eq(rows, [["ok", "name,type,country"], ["conflict", ""]],
         "org.create audited with field names only, the duplicate as "
         "a conflict")
    T.check(len(audit("org.create")) >= 4 and any(
        o == "denied" for o, _ in audit("org.create")),
        "refused adds are audited as denied")

    total = int(sql_value("SELECT count(*) FROM cb.organisations"))
    for u in ("admin", "caseworker", "supervisor"):
        r = api("GET", "/organisations", TOK[u])
        T.check(r.status == 200 and len(r.json()["items"]) == total,
                "%s lists every organisation" % u, short(r.text))
    r = api("GET", "/organisations", TOK["partner"])
    T.check(r.status == 200 and [o["id"] for o in r.json()["items"]] ==
            [S["partner_org"]], "a partner lists its own organisation only",
            short(r.text))
    T.status(api("GET", "/organisations", TOK["auditor"]), 403,
             "an auditor lists no organisation")
    T.status(api("GET", "/organisations"), 401, "no token -> 401")

    b = browser_login("admin")
    r = b.get("/")
    T.check("/organisations" in r.text, "the admin's home links to "
            "/organisations")
    r = b.get("/organisations")
    p = Page(r.text)
    T.check(r.status == 200 and name in r.text and
            p.form_by_action("/organisations"), "the admin's page lists "
            "organisations and has the form", r.status)
    pname = "Udruženje Zemlja djece %s" % TAG
    r = b.post("/organisations", [("csrf", p.value("csrf")),
                                  ("name", pname), ("type", "NGO"),
                                  ("country", "BA")])
    T.check(r.status == 303 and r.location_path() == "/organisations",
            "the form adds one and goes back to the list", r.status)
    r = b.post("/organisations", [("csrf", p.value("csrf")),
                                  ("name", pname), ("type", "NGO"),
                                  ("country", "BA")])
    p2 = Page(r.text)
    T.check(r.status == 409 and p2.value("name") == pname and
            "exists already" in r.text, "a duplicate from the form -> 409, "
            "input kept, said why", r.status)
    r = b.post("/organisations", [("csrf", p.value("csrf")),
                                  ("name", "Novo %s" % TAG),
                                  ("type", "Nope"), ("country", "BA")])
    p2 = Page(r.text)
    T.check(r.status == 422 and p2.value("name") == "Novo %s" % TAG and
            'id="err-type"' in r.text, "a bad type from the form -> 422, "
            "error next to the field, input kept", r.status)
    r = b.post("/organisations", [("name", "x"), ("type", "NGO"),
                                  ("country", "BA")])
    T.status(r, 403, "the form without its CSRF token -> 403")
    for u in ("caseworker", "partner", "auditor"):
        r = browser_login(u).get("/organisations")
        T.status(r, 403, "%s has no organisations page" % u)


# ------------------------------------------------------------ consents

def test_consent_record():
    C = S["case"]
    body = consent_body(cats=["identity", "case_summary", "contact"])
    r = add_consent(C, body)
    T.status(r, 201, "the caseworker records a consent")
    j = r.json() if r.status == 201 else {}
    T.check(j.get("state") == "active" and j.get("valid_from") ==
            day(0) and sorted(j.get("data_categories", [])) ==
            sorted(body["data_categories"]) and j.get("purpose") ==
            body["purpose"] and j.get("organisation_id") == S["orgA"],
            "it is active from today, with what was sent", short(j))
    S["consentA"] = j.get("id")
    r = add_consent(C, consent_body(valid_from=day(3)))
    T.check(r.status == 201 and r.json()["state"] == "pending",
            "one from a later day is pending", short(r.text))
    r = api("GET", "/cases/%s/consents" % C, TOK["supervisor"])
    items = r.json()["items"] if r.status == 200 else []
    T.check(r.status == 200 and len(items) == 2 and
            items[0]["organisation"] == "Safe House A %s" % TAG and
            items[0]["purpose"] == body["purpose"] and
            [i["state"] for i in items] == ["active", "pending"],
            "the office's supervisor lists them with state, organisation "
            "and purpose", short(r.text))
    T.check(S["consentA"] and not sql_value(
        "SELECT count(*) FROM cb.consents WHERE position(convert_to('%s', "
        "'UTF8') IN purpose) > 0" % body["purpose"]) != "0",
        "the purpose is stored sealed")
    T.eq(audit("consent.add", C)[0],
         ["ok", "purpose,organisation_id,data_categories,valid_until,"
          "method,language"], "consent.add audited with field names only")
    T.check(["ok", "purpose"] in audit("consent.list", C),
            "consent.list audited")


def test_consent_rules():
    C = S["case"]
    cases = [
        ("valid_from", consent_body(valid_from=day(-1)),
         "a consent back-dated"),
        ("valid_until", consent_body(valid_from=day(5),
                                     valid_until=day(4)),
         "ending before it starts"),
        ("language", consent_body(language="xx"), "an unknown language"),
        ("language", consent_body(language="English"), "a language name"),
        ("organisation_id", consent_body(org="nope"), "an id that is not"),
        ("organisation_id", consent_body(org=random_uuid()),
         "an organisation that does not exist"),
        ("data_categories", consent_body(cats=["identity", "bank"]),
         "an unknown category"),
        ("method", consent_body(method="email"), "an unknown method"),
        ("valid_until", consent_body(valid_until="2026-02-30"),
         "an impossible date"),
    ]
    for field, body, what in cases:
        r = add_consent(C, body)
        T.check(r.status == 422 and field in r.error_fields(),
                "%s -> 422 naming %s" % (what, field),
                "%s %s" % (r.status, short(r.text)))
    b = consent_body()
    del b["purpose"]
    b["colour"] = "red"
    r = add_consent(C, b)
    T.check(r.status == 422 and {"purpose", "colour"} <=
            set(r.error_fields()), "no purpose and an unknown field -> 422 "
            "naming both", short(r.text))
    r = add_consent(C, consent_body(cats=[]))
    T.check(r.status == 422 and "data_categories" in r.error_fields(),
            "no category -> 422", short(r.text))
    P = new_case(consent=False)
    r = add_consent(P, consent_body())
    T.check(r.status == 422 and r.error_code() == "guard",
            "a pseudonymous case (no consent to processing) -> 422 guard",
            short(r.text))
    K = new_case()
    sql("UPDATE cb.cases SET state = 'closed', stage = 'closed', "
        "htcds_status = 'Closed' WHERE id = '%s'" % K)
    r = add_consent(K, consent_body())
    T.check(r.status == 422 and r.error_code() == "guard",
            "a closed case -> 422 guard", short(r.text))
    T.eq(sql_value("SELECT count(*) FROM cb.consents WHERE case_id IN "
                   "('%s', '%s')" % (P, K)), "0", "nothing recorded")
    T.check(any(o == "invalid" for o, _ in audit("consent.add", C)) and
            ["guard", ""] in audit("consent.add", K),
            "refusals audited (invalid, guard)")


def test_withdraw():
    C = new_case()
    con = consent(C)
    reason = secret("Changed her mind %s" % TAG)
    for u in OTHERS:
        r = api("POST", "/consents/%s/withdraw" % con, TOK[u], body={})
        T.status(r, 404, "%s cannot withdraw it (404)" % u)
    r = api("POST", "/consents/%s/withdraw" % con, TOK["supervisor"],
            body={})
    T.status(r, 403, "the office's supervisor may not withdraw (403)")
    r = api("POST", "/consents/%s/withdraw" % random_uuid(),
            TOK["caseworker"], body={})
    T.status(r, 404, "a consent that does not exist -> 404")
    r = api("POST", "/consents/%s/withdraw" % con, TOK["caseworker"],
            body={"reason": 5})
    T.check(r.status == 422 and "reason" in r.error_fields(),
            "a reason that is not text -> 422", short(r.text))
    r = api("POST", "/consents/%s/withdraw" % con, TOK["caseworker"],
            body={"reason": reason})
    T.check(r.status == 200 and r.json().get("state") == "withdrawn" and
            r.json().get("withdrawn_at"), "the caseworker withdraws it",
            short(r.text))
    r = api("POST", "/consents/%s/withdraw" % con, TOK["caseworker"],
            body={})
    T.status(r, 409, "a second withdrawal -> 409")
    r = api("GET", "/cases/%s/consents" % C, TOK["caseworker"])
    it = r.json()["items"][0]
    T.check(it["state"] == "withdrawn" and it["withdrawal_reason"] ==
            reason and it["withdrawn_by"] == "caseworker",
            "listed withdrawn, with its reason, by whom", short(it))
    T.eq(sql_value("SELECT count(*) FROM cb.consents WHERE id = '%s' AND "
                   "position(convert_to('%s', 'UTF8') IN "
                   "withdrawal_reason) > 0" % (con, reason)), "0",
         "the withdrawal reason is stored sealed")
    rows = audit("consent.withdraw", C)
    T.check(["ok", "withdrawn_at,withdrawal_reason"] in rows and
            ["conflict", ""] in rows and ["denied", ""] in rows,
            "withdrawals audited: ok with field names, conflict, denied",
            rows)
    # Withdrawing only stops sharing: a closed case too.
    K = new_case()
    kc = consent(K)
    sql("UPDATE cb.cases SET state = 'closed', stage = 'closed', "
        "htcds_status = 'Closed' WHERE id = '%s'" % K)
    r = api("POST", "/consents/%s/withdraw" % kc, TOK["caseworker"],
            body={})
    T.status(r, 200, "a consent of a closed case can be withdrawn")


# ----------------------------------------------------------- referrals

def test_referral_send():
    C = S["case"]
    con = S["consentA"]
    note = "Needs a bed tonight %s" % TAG
    r = refer(C, refer_body(con, services=["shelter"], note=note))
    T.status(r, 201, "a referral under a covering consent -> 201")
    j = r.json() if r.status == 201 else {}
    T.check(j.get("status") == "sent" and j.get("version") == 1 and
            sorted(j.get("categories", [])) ==
            ["case_summary", "contact", "identity"] and
            j.get("consent", {}).get("state") == "active" and
            j.get("note") == note, "it is sent, carrying identity, case "
            "summary and contact (shelter needs contact)", short(j))
    S["ref"] = j.get("id")
    T.eq(sql_value("SELECT count(*) FROM cb.referrals WHERE "
                   "position(convert_to('%s', 'UTF8') IN note) > 0"
                   % note), "0", "the note is stored sealed")
    T.eq(sql_value("SELECT array_to_string(categories, ',') FROM "
                   "cb.referrals WHERE id = '%s'" % S["ref"]),
         "identity,contact,case_summary",
         "the database keeps what the package carries")
    T.eq(audit("referral.send", C)[0], ["ok", "organisation_id,consent_id,"
         "reason,services,note"], "referral.send audited with field "
         "names only")
    # Any open state: one step on, it still goes.
    sql("UPDATE cb.cases SET state = 'immediate_assistance' WHERE id = "
        "'%s'" % C)
    r = refer(C, refer_body(con))
    T.status(r, 201, "a referral from a later open state -> 201")


def check_refusal(r, what, word, missing=None):
    ok = (r.status == 422 and "consent_id" in r.error_fields() and
          word in r.error_fields()["consent_id"].lower())
    if missing is not None:
        ok = ok and sorted(r.json()["error"].get("missing", [])) == \
            sorted(missing)
    T.check(ok, "%s -> 422 naming consent_id (%s)" % (what, word),
            "%s %s" % (r.status, short(r.text)))


def test_referral_rules():
    C = new_case()
    before = sql_value("SELECT count(*) FROM cb.referrals")
    # Expired: its window moved into the past by the database's owner.
    ex = consent(C)
    as_owner("UPDATE cb.consents SET valid_from = '%s', valid_until = "
             "'%s' WHERE id = '%s'" % (day(-30), day(-1), ex))
    check_refusal(refer(C, refer_body(ex)), "an expired consent", "expired")
    pend = consent(C, valid_from=day(2))
    check_refusal(refer(C, refer_body(pend)), "a consent not valid yet",
                  "not valid yet")
    wd = consent(C)
    api("POST", "/consents/%s/withdraw" % wd, TOK["caseworker"], body={})
    check_refusal(refer(C, refer_body(wd)), "a withdrawn consent",
                  "withdrawn")
    good = consent(C)
    check_refusal(refer(C, refer_body(good, org=S["orgB"])),
                  "another organisation", "another organisation")
    check_refusal(refer(C, refer_body(good,
                                      reason="MigrationOrChangeOfLocation")),
                  "a change of location under identity + case summary",
                  "contact", ["contact", "documents"])
    check_refusal(refer(C, refer_body(good, services=["medical"])),
                  "a medical service without health", "health", ["health"])
    check_refusal(refer(C, refer_body(good, services=["legal"])),
                  "a legal service", "narrative", ["documents",
                                                   "narrative"])
    other = new_case()
    oc = consent(other)
    r = refer(C, refer_body(oc))
    T.check(r.status == 422 and "consent_id" in r.error_fields(),
            "another case's consent -> 422 naming consent_id",
            short(r.text))
    for field, body in (("reason", dict(refer_body(good), reason="Sad")),
                        ("services", refer_body(good, services=["spa"])),
                        ("consent_id", refer_body("x")),
                        ("organisation_id", refer_body(good, org="y"))):
        r = refer(C, body)
        T.check(r.status == 422 and field in r.error_fields(),
                "a bad %s -> 422 naming it" % field, short(r.text))
    full = consent(C, cats=CATS)
    r = refer(C, refer_body(full, reason="MigrationOrChangeOfLocation",
                            services=["medical", "legal"]))
    T.check(r.status == 201 and sorted(r.json()["categories"]) ==
            sorted(CATS), "a consent covering everything -> 201, all "
            "categories", short(r.text))
    T.eq(int(sql_value("SELECT count(*) FROM cb.referrals")),
         int(before) + 1, "only the allowed referral was stored")
    T.check(sum(1 for o, f in audit("referral.send", C)
                if o == "invalid") >= 8, "refused referrals are audited")
    K = new_case()
    kc = consent(K)
    sql("UPDATE cb.cases SET state = 'closed', stage = 'closed', "
        "htcds_status = 'Closed' WHERE id = '%s'" % K)
    r = refer(K, refer_body(kc))
    T.check(r.status == 422 and r.error_code() == "guard",
            "a closed case sends nothing -> 422 guard", short(r.text))


def test_referral_follow():
    C = S["case"]
    R = S["ref"]
    pid = sql_value("SELECT id FROM cb.users WHERE username = 'partner'")
    # The partner's answer and a service update, as the partner's side
    # writes them (its own functions are not this suite's).
    sql("UPDATE cb.referrals SET status = 'accepted', responded_at = "
        "now(), responded_by = '%s', version = version + 1 WHERE "
        "id = '%s'" % (pid, R))
    sql("INSERT INTO cb.referral_updates (id, referral_id, service, "
        "status, update_date, created_by) VALUES ('%s', '%s', 'shelter', "
        "'delivered', '%s', '%s')" % (random_uuid(), R, day(0), pid))
    r = api("GET", "/cases/%s/referrals" % C, TOK["caseworker"])
    it = [i for i in r.json()["items"] if i["id"] == R] if \
        r.status == 200 else []
    it = it[0] if it else {}
    T.check(it.get("status") == "accepted" and
            it.get("answer", {}).get("decision") == "accepted" and
            it.get("answer", {}).get("by") == "partner" and
            it.get("organisation") == "Safe House A %s" % TAG and
            it.get("updates") and it["updates"][0]["service"] ==
            "shelter" and it["updates"][0]["status"] == "delivered",
            "the list shows the partner's answer and its updates",
            short(it))
    r = api("GET", "/cases/%s/referrals" % C, TOK["supervisor"])
    T.status(r, 200, "the office's supervisor follows the referrals")
    T.check(["ok", "note"] in audit("referral.list", C),
            "referral.list audited with the sealed fields named")
    v = it.get("version", 0)
    url = "/cases/%s/referrals/%s/close" % (C, R)
    r = api("POST", url, TOK["caseworker"], body={"version": v - 1})
    T.status(r, 409, "closing with a stale version -> 409")
    T.check("referral was changed" in r.text,
            "...saying the referral (not the case) changed", short(r.text))
    T.status(api("POST", url, TOK["supervisor"], body={"version": v}), 403,
             "the office's supervisor may not close (403)")
    for u in OTHERS:
        T.status(api("POST", url, TOK[u], body={"version": v}), 404,
                 "%s cannot close it (404)" % u)
    T.check(api("POST", url, TOK["caseworker"],
                body={"version": "1"}).status == 422,
            "a version that is not a number -> 422")
    r = api("POST", url, TOK["caseworker"], body={"version": v})
    T.check(r.status == 200 and r.json()["status"] == "closed" and
            r.json()["version"] == v + 1, "the caseworker closes it",
            short(r.text))
    T.status(api("POST", url, TOK["caseworker"], body={"version": v + 1}),
             409, "closing it again -> 409")
    r = api("GET", "/cases/%s/referrals" % C, TOK["caseworker"])
    it = [i for i in r.json()["items"] if i["id"] == R][0]
    T.check(it["status"] == "closed" and it["closed_by"] == "caseworker"
            and it["answer"]["decision"] == "accepted",
            "closed, and the answer is kept", short(it))
    rows = audit("referral.close", C)
    T.check(["ok", "status"] in rows and ["conflict", ""] in rows and
            ["denied", ""] in rows, "closing audited", rows)
    r = api("GET", "/cases/%s/history" % C, TOK["caseworker"])
    kinds = [(i["kind"], i.get("event")) for i in r.json()["items"]]
    for k in (("consent", "recorded"), ("referral", "sent"),
              ("referral", "answered"), ("referral", "closed"),
              ("referral_update", None)):
        T.check(k in kinds, "the history shows %s %s" % k, kinds)
    sent = [i for i in r.json()["items"] if i["kind"] == "referral" and
            i["event"] == "sent" and i["ref"] == R][0]
    T.check(sent["comment"] and TAG in sent["comment"] and
            sent["actor"] == "caseworker", "the history opens the note "
            "for the case team, with who sent it", short(sent))


def test_idempotency():
    C = new_case()
    h = {"Idempotency-Key": "consent-%s-%d" % (TAG, n())}
    body = consent_body()
    r1 = add_consent(C, body, headers=h)
    r2 = add_consent(C, body, headers=h)
    T.check(r1.status == 201 and r2.status == 201 and
            r1.json()["id"] == r2.json()["id"] and
            r2.header("Idempotent-Replayed") == "true",
            "the same consent twice with one key -> the first one",
            "%s %s" % (r1.status, r2.status))
    r3 = add_consent(C, consent_body(), headers=h)
    T.status(r3, 422, "the key with another consent -> 422")
    con = r1.json()["id"] if r1.status == 201 else None
    h = {"Idempotency-Key": "referral-%s-%d" % (TAG, n())}
    body = refer_body(con, note="Double click %s" % TAG)
    res = []

    def go():
        res.append(refer(C, body, headers=h))
    ts = [threading.Thread(target=go) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    T.check(all(r.status == 201 for r in res) and
            len({r.json()["id"] for r in res}) == 1,
            "four racing sends with one key -> one referral",
            [r.status for r in res])
    T.eq(sql_value("SELECT count(*) FROM cb.referrals WHERE case_id = "
                   "'%s'" % C), "1", "one referral stored")
    r = refer(C, refer_body(con), headers=h)
    T.status(r, 422, "the key with another referral -> 422")


def test_roles():
    C = S["case"]
    con = S["consentA"]
    routes = [
        ("GET", "/cases/%s/consents" % C, None),
        ("POST", "/cases/%s/consents" % C, consent_body()),
        ("GET", "/cases/%s/referrals" % C, None),
        ("POST", "/cases/%s/referrals" % C, refer_body(con)),
        ("POST", "/cases/%s/referrals/%s/close" % (C, S["ref"]),
         {"version": 1}),
        ("POST", "/consents/%s/withdraw" % con, {}),
        ("GET", "/cases/%s/history" % C, None),
    ]
    before = sql("SELECT (SELECT count(*) FROM cb.consents), "
                 "(SELECT count(*) FROM cb.referrals)")
    for u in OTHERS:
        for method, path, body in routes:
            r = api(method, path, TOK[u], body=body)
            T.status(r, 404, "%s %s %s -> 404" % (u, method,
                                                  path.split("/")[-1]))
    for method, path, body in routes[:5]:
        r = api(method, path.replace(C, random_uuid()), TOK["caseworker"],
                body=body)
        T.status(r, 404, "a case that does not exist: %s %s -> 404" %
                 (method, path.split("/")[-1]))
    r = api("POST", "/cases/%s/consents" % C, TOK["supervisor"],
            body=consent_body())
    T.status(r, 403, "the office's supervisor may not record a consent")
    r = api("POST", "/cases/%s/referrals" % C, TOK["supervisor"],
            body=refer_body(con))
    T.status(r, 403, "the office's supervisor may not send a referral")
    for method, path, body in routes:
        T.status(api(method, path, None, body=body), 401,
                 "no token: %s %s -> 401" % (method, path.split("/")[-1]))
    after = sql("SELECT (SELECT count(*) FROM cb.consents), "
                "(SELECT count(*) FROM cb.referrals)")
    T.eq(after, before, "nobody outside the case team changed anything")
    T.check(any(o == "denied" for o, _ in audit("consent.list", C)) and
            any(o == "denied" for o, _ in audit("referral.list", C)) and
            any(o == "denied" for o, _ in audit("referral.send", C)),
            "the refused reads and sends are audited as denied")


def test_pages():
    C = new_case()
    b = browser_login("caseworker")
    r = b.get("/cases/%s" % C)
    p = Page(r.text)
    T.check(r.status == 200 and 'id="consents"' in r.text and
            'id="referrals"' in r.text and
            "/cases/%s/consents/new" % C in r.text,
            "the case page has Consents and Referrals sections", r.status)
    r = b.get("/cases/%s/referrals/new" % C)
    T.check(r.status == 200 and 'id="no-consent"' in r.text,
            "the send form says when no consent allows a referral",
            r.status)
    r = b.get("/cases/%s/consents/new" % C)
    p = Page(r.text)
    f = p.form_by_action("/cases/%s/consents/new" % C)
    opts = [o["value"] for o in (p.control("organisation_id") or {}).get(
        "options", [])]
    T.check(r.status == 200 and f and S["orgA"] in opts,
            "the consent form offers the organisations by name", opts[:3])
    purpose = secret("Legal aid for the residence permit %s" % TAG)
    fields = [("csrf", p.value("csrf")), ("form_token",
                                         p.value("form_token")),
              ("purpose", purpose), ("organisation_id", S["orgA"]),
              ("data_categories", "identity"),
              ("data_categories", "case_summary"),
              ("valid_from", day(-2)), ("valid_until", day(90)),
              ("method", "verbal_witnessed"), ("language", "ps")]
    r = b.post("/cases/%s/consents/new" % C, fields)
    p2 = Page(r.text)
    T.check(r.status == 422 and p2.value("purpose") == purpose and
            'id="err-valid_from"' in r.text,
            "a back-dated consent from the form -> 422, error next to the "
            "field, input kept", r.status)
    fields = [(k, day(0) if k == "valid_from" else v) for k, v in fields]
    r = b.post("/cases/%s/consents/new" % C, fields)
    T.check(r.status == 303, "the consent form records it", r.status)
    r = b.post("/cases/%s/consents/new" % C, fields)
    T.eq(sql_value("SELECT count(*) FROM cb.consents WHERE case_id = '%s'"
                   % C), "1", "a double submit of the form records one")
    con = sql_value("SELECT id FROM cb.consents WHERE case_id = '%s'" % C)
    r = b.get("/cases/%s/referrals/new" % C)
    p = Page(r.text)
    opts = [o["value"] for o in (p.control("consent_id") or {}).get(
        "options", [])]
    T.check(r.status == 200 and con in opts,
            "the send form offers the active consent", opts)
    base = [("csrf", p.value("csrf")), ("form_token", p.value("form_token")),
            ("consent_id", con)]
    r = b.post("/cases/%s/referrals/new" % C, base + [
        ("reason", "AdditionalServicesRequired"), ("services", "medical"),
        ("note", "Sees a doctor %s" % TAG)])
    p2 = Page(r.text)
    T.check(r.status == 422 and 'id="err-consent_id"' in r.text and
            "Health" in r.text and "Sees a doctor" in
            (p2.value("note") or ""), "a referral the consent does not "
            "cover -> 422, says what is missing, input kept", r.status)
    r = b.post("/cases/%s/referrals/new" % C, base + [
        ("reason", "Other"), ("services", "counselling")])
    T.check(r.status == 303, "the send form sends it", r.status)
    r = b.get("/cases/%s" % C)
    p = Page(r.text)
    rid = sql_value("SELECT id FROM cb.referrals WHERE case_id = '%s'" % C)
    T.check('data-referral="%s"' % rid in r.text and
            'data-consent="%s"' % con in r.text and purpose in r.text,
            "the case page lists the consent (purpose opened) and the "
            "referral")
    f = p.form_by_action("/cases/%s/referrals/%s/close" % (C, rid))
    T.check(f is not None, "an open referral has a close button")
    r = b.post("/cases/%s/referrals/%s/close" % (C, rid),
               [("csrf", p.value("csrf")), ("version", "1")])
    T.check(r.status == 303 and sql_value(
        "SELECT status FROM cb.referrals WHERE id = '%s'" % rid) ==
        "closed", "the close button closes it", r.status)
    f = p.form_by_action("/cases/%s/consents/%s/withdraw" % (C, con))
    T.check(f is not None, "an active consent has a withdraw form")
    r = b.post("/cases/%s/consents/%s/withdraw" % (C, con),
               [("csrf", p.value("csrf")), ("reason", "x" * 1001)])
    p2 = Page(r.text)
    T.check(r.status == 422 and 'id="err-reason"' in r.text and
            len(p2.value("reason") or "") == 1001,
            "a withdrawal reason too long -> 422 page, input kept",
            r.status)
    wr = secret("No longer wants contact %s" % TAG)
    r = b.post("/cases/%s/consents/%s/withdraw" % (C, con),
               [("csrf", p.value("csrf")), ("reason", wr)])
    T.check(r.status == 303 and sql_value(
        "SELECT withdrawn_at IS NOT NULL FROM cb.consents WHERE id = '%s'"
        % con) == "t", "the withdraw form withdraws it", r.status)
    r = b.get("/cases/%s" % C)
    T.check(wr in r.text and "Consent withdrawn" in r.text,
            "the case page shows the withdrawal and its reason")
    s = browser_login("supervisor")
    r = s.get("/cases/%s" % C)
    T.check(r.status == 200 and 'id="consents"' in r.text and
            "/withdraw" not in r.text and "/consents/new" not in r.text,
            "the supervisor sees the sections without the forms")
    T.status(s.get("/cases/%s/consents/new" % C), 403,
             "the supervisor has no consent form (403)")
    T.status(s.get("/cases/%s/referrals/new" % C), 403,
             "the supervisor has no send form (403)")
    o = browser_login("caseworker2")
    for path in ("/cases/%s/consents/new", "/cases/%s/referrals/new"):
        T.status(o.get(path % C), 404, "another office: %s -> 404" %
                 path.split("/")[-1])
    r = o.post("/cases/%s/consents/%s/withdraw" % (C, con),
               [("csrf", Page(o.get("/cases").text).value("csrf") or ""),
                ("reason", "")])
    T.status(r, 404, "another office cannot withdraw from a page")


def test_audit_values():
    rows = sql("SELECT DISTINCT coalesce(fields, '') FROM cb.audit_log "
               "WHERE action IN ('consent.add', 'consent.list', "
               "'consent.withdraw', 'referral.send', 'referral.list', "
               "'referral.close', 'org.create', 'org.list')")
    allowed = set("abcdefghijklmnopqrstuvwxyz_,")
    T.check(all(set(r[0]) <= allowed for r in rows),
            "audit fields are names only", rows)


def test_no_server_errors():
    T.check(healthy(), "server still healthy at the end of the suite")
    T.eq(SERVER_ERRORS, [], "no request of the suite got a 5xx")
    T.eq(sorted(UNTRANSLATED.items()), [], "every user-visible message is "
         "translated (no raw catalogue key shown)")


def main():
    if not STATE_DIR:
        print("not ok - referrals_case: CB_STATE_DIR is not set "
              "(run tests/e2e/run.sh)")
        sys.exit(1)
    try:
        setup()
        T.check(True, "set-up: tokens, two organisations, a case")
    except Exception as e:
        T.check(False, "set-up: tokens, two organisations, a case", str(e))
        T.finish()
    for fn in (test_organisations, test_consent_record, test_consent_rules,
               test_withdraw, test_referral_send, test_referral_rules,
               test_referral_follow, test_idempotency, test_roles,
               test_pages, test_audit_values, test_no_server_errors):
        T.run(fn)
    T.finish()


if __name__ == "__main__":
    main()
