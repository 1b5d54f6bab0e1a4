#!/usr/bin/env python3
"""The OpenAPI document (assets/openapi.json) against the running server.

- The document is served at /api/v1/openapi.json without a login, byte
  for byte the file, and says OpenAPI 3.1.0; every schema it holds is a
  valid JSON Schema (Draft 2020-12).
- Its paths are exactly the /api/v1 routes of conf/casebook.conf.in
  (regex routes with [0-9a-f-]{36} are {id}-style templates), and
  /healthz: a route the document does not describe fails, and so does a
  documented path without a route.
- The walk: for every documented path, every method of GET HEAD POST
  PUT PATCH DELETE that is not documented must answer 405 with the
  Error body and an Allow header naming exactly the documented ones;
  every documented operation is called as the table WALK says (allowed
  roles with real fixture ids and valid bodies, a bad body or query,
  no token and a bogus one, an id that does not exist, roles that may
  not), and every answer must be a documented status of the operation
  whose body validates against that response's schema. Sample bodies
  must validate against the request schema, bad ones must not.
- The other way round: every success status (2xx) documented is
  produced at least once by the walk.

Other branches add routes: extend the document and add rows to WALK
(fixtures in setup()). Run by tests/e2e/run.sh (see lib.py)."""

import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, UUID_RE, SERVER_ERRORS, Suite, api,  # noqa: E402
                 demo_password, random_uuid, record_secret, request,
                 short, token_for)

try:
    import jsonschema
except ImportError:
    # Debian's python3-jsonschema (scripts/deps.sh), when python3 is
    # another interpreter of the same version (pyenv).
    sys.path.append("/usr/lib/python3/dist-packages")
    import jsonschema

T = Suite("openapi")
DOC_PATH = os.path.join(os.environ.get("CB_TOP", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")),
    "assets", "openapi.json")
CONF_PATH = os.path.join(os.path.dirname(DOC_PATH), "..", "conf",
                         "casebook.conf.in")
with open(DOC_PATH, "rb") as _f:
    DOC_BYTES = _f.read()
DOC = json.loads(DOC_BYTES.decode("utf-8"))

METHODS = ["get", "head", "post", "put", "patch", "delete"]
TOK = {}          # role -> bearer token
F = {}            # fixture name -> value (ids, the caller's user id)
PRODUCED = set()  # (path template, method, status) seen in the walk
TODAY = datetime.date.today().isoformat()


# ------------------------------------------------------------ schemas

def validator(schema):
    """A Draft 2020-12 validator of schema, whose $refs point into the
    document's components."""
    root = dict(schema)
    root["components"] = DOC.get("components", {})
    return jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.FormatChecker())


def schema_errors(schema, instance):
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)",
                        e.message)
            for e in validator(schema).iter_errors(instance)]


def operation(path, method):
    return DOC["paths"].get(path, {}).get(method)


def resolve(obj):
    """A response or request body, itself or the component its $ref
    names."""
    if obj is not None and "$ref" in obj:
        kind, name = obj["$ref"].split("/")[-2:]
        return DOC["components"][kind][name]
    return obj


def json_schema_of(obj):
    """The application/json schema of a response or request body, or
    None without one."""
    media = (resolve(obj).get("content") or {}).get("application/json")
    return media.get("schema") if media else None


def documented_methods(path):
    return sorted(m for m in METHODS if m in DOC["paths"][path])


# ---------------------------------------------------------- fixtures

def body_of(value):
    return value() if callable(value) else value


def case_version(key, role="caseworker"):
    r = api("GET", "/cases/%s" % F[key], TOK[role])
    if r.status != 200:
        raise RuntimeError("GET case %s: %s %s" % (key, r.status,
                                                   short(r.text)))
    return r.json()["version"]


def person(n):
    p = {"given_name": "Walk%s%d" % (TAG, n),
         "family_name": "Openapi%s%d" % (TAG, n),
         "document_number": "WALK%s%d" % (TAG.upper(), n),
         "citizenship": "AF", "date_of_birth": "1990-01-%02d" % n}
    for k in ("given_name", "family_name", "document_number"):
        record_secret(p[k])
    return p


def new_case(n):
    r = api("POST", "/cases", TOK["caseworker"], body={
        "case_type": "AVRR", "consent_data_processing": True,
        "person": person(n)})
    if r.status != 201:
        raise RuntimeError("create case: %s %s" % (r.status, short(r.text)))
    return r.json()


# The AVRR steps from registration to reintegration assistance, with the
# data each needs; "travel_preparation" waits for a supervisor.
AVRR_STEPS = [
    ("counselling", {"counselling_date": TODAY}),
    ("screening", {"decision_date": TODAY}),
    ("return_planning", {"migration_status": "irregular_migrant",
                         "return_declaration": True,
                         "consent_share": True}),
    ("travel_preparation", {"destination_country": "AF"}),
    ("departed", {"departure_date": TODAY, "fit_to_travel": "fit"}),
    ("arrived", {"arrival_date": TODAY}),
    ("reintegration_planning", {}),
    ("reintegration_assistance", {"assistance_types": ["cash_grant"]}),
]


def advance(cid, until):
    """Moves case cid along AVRR_STEPS up to state until (approving a
    request as the supervisor); returns the last pending approval id."""
    approval = None
    for to, data in AVRR_STEPS:
        r = api("GET", "/cases/%s" % cid, TOK["caseworker"])
        state = r.json()["state"]
        if state == until:
            return approval
        r = api("POST", "/cases/%s/transitions" % cid, TOK["caseworker"],
                body={"to": to, "version": r.json()["version"],
                      "data": data})
        if r.status == 202:
            approval = r.json()["approval_id"]
            if to == until:
                return approval
            d = api("POST", "/approvals/%s/decision" % approval,
                    TOK["supervisor"], body={"decision": "approve"})
            if d.status != 200:
                raise RuntimeError("approve: %s %s" % (d.status,
                                                       short(d.text)))
        elif r.status != 200:
            raise RuntimeError("to %s: %s %s" % (to, r.status,
                                                 short(r.text)))
    return approval


def setup():
    for role in ("caseworker", "caseworker2", "supervisor", "supervisor2",
                 "partner", "auditor", "admin"):
        TOK[role] = token_for(role)
    c = new_case(1)
    F["case"] = c["id"]
    F["me"] = c["assigned_to"]
    F["case_t"] = new_case(2)["id"]
    F["case_r"] = new_case(3)["id"]
    advance(F["case_r"], "return_planning")
    q = new_case(4)["id"]
    F["approval"] = advance(q, "travel_preparation")
    F["case_s"] = new_case(5)["id"]
    advance(F["case_s"], "reintegration_assistance")
    # Consents and referrals: the demo partner's organisation (demo.sh).
    r = api("GET", "/organisations", TOK["admin"])
    F["org"] = next((o["id"] for o in r.json().get("items", [])
                     if o["name"] == DEMO_ORG), None)
    F["case_c"] = new_case(6)["id"]
    F["consent"] = new_consent("walk-c1-" + TAG)
    F["consent_w"] = new_consent("walk-c2-" + TAG)
    F["ref_close"] = new_referral("walk-r1-" + TAG)
    F["ref_answer"] = new_referral("walk-r2-" + TAG)
    F["ref_update"] = new_referral("walk-r3-" + TAG)
    r = api("POST", "/referrals/%s/response" % F["ref_update"],
            TOK["partner"], body={"decision": "accept"})
    if r.status != 200:
        raise RuntimeError("accept: %s %s" % (r.status, short(r.text)))
    T.check(all(UUID_RE.match(F[k] or "") for k in (
        "case", "me", "case_t", "case_r", "approval", "case_s", "org",
        "case_c", "consent", "consent_w", "ref_close", "ref_answer",
        "ref_update")),
        "fixtures made through the API (cases in intake, return planning "
        "and reintegration assistance; a pending approval; consents and "
        "referrals to the demo partner's organisation, one accepted)",
        repr(F))


DEMO_ORG = "Centre for Social Work Sarajevo"


def consent_body():
    return {"purpose": secret("Walk purpose %s" % TAG),
            "organisation_id": F["org"],
            "data_categories": ["identity", "case_summary", "health"],
            "valid_until": TODAY, "method": "signed", "language": "bs"}


def referral_body():
    return {"organisation_id": F["org"], "consent_id": F["consent"],
            "reason": "AdditionalServicesRequired", "services": ["medical"],
            "note": secret("Walk note %s" % TAG)}


def new_consent(key):
    r = api("POST", "/cases/%s/consents" % F["case_c"], TOK["caseworker"],
            body=consent_body(), headers={"Idempotency-Key": key})
    if r.status != 201:
        raise RuntimeError("consent: %s %s" % (r.status, short(r.text)))
    return r.json()["id"]


def new_referral(key):
    r = api("POST", "/cases/%s/referrals" % F["case_c"], TOK["caseworker"],
            body=referral_body(), headers={"Idempotency-Key": key})
    if r.status != 201:
        raise RuntimeError("referral: %s %s" % (r.status, short(r.text)))
    return r.json()["id"]


def secret(text):
    record_secret(text)
    return text


SURVEY = {"income_sources": "one_regular", "employment": "working",
          "debt": "no_debt", "food_security": "never",
          "economic_satisfaction": "satisfied", "housing": "adequate",
          "education_access": "no_school_age_children",
          "health_access": "good_access", "documents": "all_documents",
          "public_services": "same", "support_network": "strong",
          "participation": "often", "discrimination": "never",
          "distress": "sometimes", "ability_to_stay": "wants_to_stay"}


def survey_body(answers=SURVEY):
    return {"kind": "baseline", "survey_date": TODAY,
            "answers": dict(answers)}


def credentials():
    return {"username": "caseworker",
            "password": demo_password("caseworker")}


# ------------------------------------------------------------- the table
#
# path template -> method -> what to call, walked in this order (a
# path's POST before its GET, so that lists have items). Path parameters
# come from fixtures: "ids" maps a parameter to a key of F (default
# {"id": "case"}).
#   ok:   the valid calls, in order (role, query, body, headers, want,
#         reply: headers the answer must carry, expect: (what, a test of
#         the parsed answer)); each want is a success
#         status that must be documented, and together they must produce
#         every documented success status.
#   bad:  a call with a bad body or query (the status wanted); a bad
#         body must also fail the request schema.
#   deny: (role, status) of roles that may not (with the first ok body).
# Every operation with a path parameter is also called with an id that
# does not exist (404); every operation that needs a session without a
# token and with a bogus one (401); every operation with a JSON body with
# a body that is not JSON (400) and one of another type (415).
# A role of None calls without a token; "fresh" logs caseworker in anew.

WALK = {
    "/api/v1/openapi.json": {
        "get": {"ok": [{"role": None, "want": 200}]},
        "head": {"ok": [{"role": None, "want": 200}]},
    },
    "/healthz": {
        "get": {"ok": [{"role": None, "want": 200}]},
        "head": {"ok": [{"role": None, "want": 200}]},
    },
    "/api/v1/session": {
        "post": {"ok": [{"role": None, "body": credentials, "want": 201}],
                 "bad": {"role": None, "body": {"username": "caseworker"},
                         "want": 400}},
        "delete": {"ok": [{"role": "fresh", "want": 204}]},
    },
    "/api/v1/cases": {
        "post": {"ok": [{"role": "caseworker", "body": {"case_type": "CT"},
                         "headers": {"Idempotency-Key": "walk-%s" % TAG},
                         "want": 201},
                        {"role": "caseworker", "body": {"case_type": "CT"},
                         "headers": {"Idempotency-Key": "walk-%s" % TAG},
                         "want": 201,
                         "reply": {"Idempotent-Replayed": "true"}}],
                 "bad": {"role": "caseworker",
                         "body": {"case_type": "XYZ"}, "want": 422},
                 "deny": [("supervisor", 403), ("admin", 403)]},
        "get": {"ok": [{"role": "caseworker", "query": "case_type=AVRR"
                        "&limit=2", "want": 200},
                       {"role": "supervisor", "want": 200}],
                "bad": {"role": "caseworker", "query": "stage=nowhere",
                        "want": 422},
                "deny": [("partner", 403), ("auditor", 403)]},
    },
    "/api/v1/cases/search": {
        "post": {"ok": [{"role": "caseworker", "body": {
                            "document_number": person(1)[
                                "document_number"]},
                         "want": 200,
                         "expect": ("finds the case", lambda j: [
                             i["id"] for i in j["items"]] == [F["case"]])},
                        {"role": "supervisor", "body": {
                            k: person(5)[k] for k in (
                                "given_name", "family_name",
                                "date_of_birth")},
                         "want": 200,
                         "expect": ("finds the case", lambda j: [
                             i["id"] for i in j["items"]] == [F["case_s"]])
                         }],
                 "bad": {"role": "caseworker", "body": {}, "want": 422},
                 "deny": [("auditor", 403)]},
    },
    "/api/v1/cases/{id}/transitions": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "case_t"},
                         "body": lambda: {
                             "to": "counselling",
                             "version": case_version("case_t"),
                             "data": {"counselling_date": TODAY}},
                         "want": 200},
                        {"role": "caseworker", "ids": {"id": "case_r"},
                         "body": lambda: {
                             "to": "travel_preparation",
                             "version": case_version("case_r"),
                             "data": {"destination_country": "AF"}},
                         "want": 202}],
                 "bad": {"role": "caseworker", "ids": {"id": "case_t"},
                         "body": {"to": "counselling"}, "want": 422},
                 "deny": [("caseworker2", 404), ("partner", 404)]},
    },
    "/api/v1/approvals/{id}/decision": {
        "post": {"ok": [{"role": "supervisor", "ids": {"id": "approval"},
                         "body": {"decision": "approve"}, "want": 200}],
                 "bad": {"role": "supervisor", "ids": {"id": "approval"},
                         "body": {"decision": "maybe"}, "want": 422},
                 "deny": [("caseworker", 403), ("supervisor2", 404)]},
    },
    "/api/v1/approvals": {
        "get": {"ok": [{"role": "supervisor", "want": 200},
                       {"role": "caseworker", "query": "status=all",
                        "want": 200}],
                "bad": {"role": "supervisor", "query": "status=maybe",
                        "want": 422},
                "deny": [("auditor", 403), ("partner", 403)]},
    },
    "/api/v1/cases/{id}/assistance": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                         "body": {"type": "cash_grant", "date": TODAY,
                                  "amount": 120.5, "currency": "EUR",
                                  "provider": "Centre for Social Work"},
                         "want": 201}],
                 "bad": {"role": "caseworker", "ids": {"id": "case_s"},
                         "body": {"type": "cash_grant", "date": TODAY},
                         "want": 422},
                 "deny": [("supervisor", 403), ("caseworker2", 404)]},
        "get": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                        "want": 200},
                       {"role": "supervisor", "ids": {"id": "case_s"},
                        "query": "limit=1", "want": 200}],
                "bad": {"role": "caseworker", "ids": {"id": "case_s"},
                        "query": "limit=0", "want": 400},
                "deny": [("partner", 404), ("caseworker2", 404)]},
    },
    "/api/v1/cases/{id}/assignment": {
        "post": {"ok": [{"role": "supervisor", "ids": {"id": "case_s"},
                         "body": lambda: {
                             "assigned_to": F["me"],
                             "version": case_version("case_s")},
                         "want": 200}],
                 "bad": {"role": "supervisor", "ids": {"id": "case_s"},
                         "body": {"assigned_to": "nobody", "version": 1},
                         "want": 422},
                 "deny": [("caseworker", 403), ("supervisor2", 404)]},
    },
    "/api/v1/cases/{id}/links": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                         "body": {"case_type": "CT"}, "want": 201}],
                 "bad": {"role": "caseworker", "ids": {"id": "case_s"},
                         "body": {"case_type": "XX"}, "want": 422},
                 "deny": [("supervisor", 403), ("caseworker2", 404),
                          ("auditor", 404)]},
    },
    "/api/v1/cases/{id}/surveys": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                         "body": survey_body, "want": 201}],
                 "bad": {"role": "caseworker", "ids": {"id": "case_s"},
                         "body": lambda: dict(survey_body(), answers={
                             "debt": "no_debt"}),
                         "want": 422},
                 "deny": [("supervisor", 403), ("partner", 404)]},
        "get": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                        "want": 200},
                       {"role": "supervisor", "ids": {"id": "case_s"},
                        "want": 200}],
                "deny": [("auditor", 404), ("caseworker2", 404)]},
    },
    "/api/v1/cases/{id}": {
        "get": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                        "want": 200},
                       {"role": "supervisor", "ids": {"id": "case_r"},
                        "want": 200}],
                "deny": [("caseworker2", 404), ("supervisor2", 404),
                         ("partner", 404), ("auditor", 404),
                         ("admin", 404)]},
    },
    "/api/v1/cases/{id}/history": {
        "get": {"ok": [{"role": "caseworker", "ids": {"id": "case_s"},
                        "want": 200}],
                "deny": [("supervisor2", 404), ("admin", 404)]},
    },
    "/api/v1/audit/verify": {
        "get": {"ok": [{"role": "auditor", "want": 200},
                       {"role": "admin", "want": 200}],
                "deny": [("caseworker", 403), ("partner", 403)]},
    },
    "/api/v1/cases/{id}/consents": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "case_c"},
                         "body": consent_body,
                         "headers": {"Idempotency-Key": "walk-c-%s" % TAG},
                         "want": 201},
                        {"role": "caseworker", "ids": {"id": "case_c"},
                         "body": consent_body,
                         "headers": {"Idempotency-Key": "walk-c-%s" % TAG},
                         "want": 201,
                         "reply": {"Idempotent-Replayed": "true"}}],
                 "bad": {"role": "caseworker", "ids": {"id": "case_c"},
                         "body": {"purpose": "x"}, "want": 422},
                 "deny": [("supervisor", 403), ("caseworker2", 404),
                          ("partner", 404), ("admin", 404)]},
        "get": {"ok": [{"role": "caseworker", "ids": {"id": "case_c"},
                        "want": 200,
                        "expect": ("lists the consents", lambda j: {
                            F["consent"], F["consent_w"]} <= {
                            i["id"] for i in j["items"]})},
                       {"role": "supervisor", "ids": {"id": "case_c"},
                        "want": 200}],
                "bad": {"role": "caseworker", "ids": {"id": "case_c"},
                        "query": "limit=1", "want": 400},
                "deny": [("caseworker2", 404), ("partner", 404),
                         ("auditor", 404)]},
    },
    "/api/v1/consents/{id}/withdraw": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "consent_w"},
                         "body": lambda: {"reason": secret(
                             "Walk withdrawal %s" % TAG)},
                         "want": 200}],
                 "bad": {"role": "caseworker", "ids": {"id": "consent_w"},
                         "body": {"because": "x"}, "want": 422},
                 "deny": [("supervisor", 403), ("caseworker2", 404),
                          ("partner", 404)]},
    },
    "/api/v1/cases/{id}/referrals": {
        "post": {"ok": [{"role": "caseworker", "ids": {"id": "case_c"},
                         "body": referral_body,
                         "headers": {"Idempotency-Key": "walk-r-%s" % TAG},
                         "want": 201},
                        {"role": "caseworker", "ids": {"id": "case_c"},
                         "body": referral_body,
                         "headers": {"Idempotency-Key": "walk-r-%s" % TAG},
                         "want": 201,
                         "reply": {"Idempotent-Replayed": "true"}}],
                 "bad": {"role": "caseworker", "ids": {"id": "case_c"},
                         "body": lambda: dict(referral_body(),
                                              reason="Elsewhere"),
                         "want": 422},
                 "deny": [("supervisor", 403), ("caseworker2", 404),
                          ("partner", 404), ("auditor", 404)]},
        "get": {"ok": [{"role": "caseworker", "ids": {"id": "case_c"},
                        "want": 200,
                        "expect": ("shows the partner's answer", lambda j:
                                   [i["answer"]["decision"] for i in
                                    j["items"] if i["id"] ==
                                    F["ref_update"]] == ["accepted"])},
                       {"role": "supervisor", "ids": {"id": "case_c"},
                        "want": 200}],
                "bad": {"role": "caseworker", "ids": {"id": "case_c"},
                        "query": "status=sent", "want": 400},
                "deny": [("caseworker2", 404), ("partner", 404),
                         ("admin", 404)]},
    },
    "/api/v1/cases/{id}/referrals/{rid}/close": {
        "post": {"ok": [{"role": "caseworker",
                         "ids": {"id": "case_c", "rid": "ref_close"},
                         "body": {"version": 1}, "want": 200}],
                 "bad": {"role": "caseworker",
                         "ids": {"id": "case_c", "rid": "ref_close"},
                         "body": {"version": "one"}, "want": 422},
                 "deny": [("supervisor", 403), ("caseworker2", 404),
                          ("partner", 404)]},
    },
    "/api/v1/organisations": {
        "post": {"ok": [{"role": "admin", "body": {
                            "name": "Walk organisation %s" % TAG,
                            "type": "NGO", "country": "BA"},
                         "want": 201}],
                 "bad": {"role": "admin", "body": {
                            "name": "Walk", "type": "Club",
                            "country": "BA"}, "want": 422},
                 "deny": [("caseworker", 403), ("partner", 403),
                          ("auditor", 403)]},
        "get": {"ok": [{"role": "admin", "want": 200},
                       {"role": "caseworker", "want": 200},
                       {"role": "partner", "want": 200,
                        "expect": ("only its own", lambda j: [
                            i["name"] for i in j["items"]] == [
                            DEMO_ORG])}],
                "deny": [("auditor", 403)]},
    },
    "/api/v1/referrals": {
        "get": {"ok": [{"role": "partner", "query": "limit=2",
                        "want": 200},
                       {"role": "partner", "want": 200,
                        "expect": ("lists the referrals", lambda j: {
                            F["ref_answer"], F["ref_update"]} <= {
                            i["id"] for i in j["items"]})}],
                "bad": {"role": "partner", "query": "limit=0",
                        "want": 400},
                "deny": [("caseworker", 403), ("supervisor", 403),
                         ("auditor", 403), ("admin", 403)]},
    },
    "/api/v1/referrals/{id}": {
        "get": {"ok": [{"role": "partner", "ids": {"id": "ref_update"},
                        "want": 200,
                        "expect": ("only the shared categories", lambda j:
                                   "case" in j and "health" in j and
                                   "narrative" not in j and
                                   "phone" not in j["person"])}],
                "deny": [("caseworker", 404), ("supervisor", 404),
                         ("auditor", 404), ("admin", 404)]},
    },
    "/api/v1/referrals/{id}/response": {
        "post": {"ok": [{"role": "partner", "ids": {"id": "ref_answer"},
                         "body": lambda: {"decision": "decline",
                                          "reason": secret(
                                              "Walk decline %s" % TAG),
                                          "version": 1},
                         "want": 200}],
                 "bad": {"role": "partner", "ids": {"id": "ref_answer"},
                         "body": {"decision": "decline"}, "want": 422},
                 "deny": [("caseworker", 404), ("auditor", 404),
                          ("admin", 404)]},
    },
    "/api/v1/referrals/{id}/updates": {
        "post": {"ok": [{"role": "partner", "ids": {"id": "ref_update"},
                         "body": {"service": "medical",
                                  "status": "delivered", "date": TODAY},
                         "headers": {"Idempotency-Key": "walk-u-%s" % TAG},
                         "want": 201},
                        {"role": "partner", "ids": {"id": "ref_update"},
                         "body": {"service": "medical",
                                  "status": "delivered", "date": TODAY},
                         "headers": {"Idempotency-Key": "walk-u-%s" % TAG},
                         "want": 201,
                         "reply": {"Idempotent-Replayed": "true"}}],
                 "bad": {"role": "partner", "ids": {"id": "ref_update"},
                         "body": {"service": "medical", "status": "done",
                                  "date": TODAY}, "want": 422},
                 "deny": [("caseworker", 404), ("auditor", 404)]},
    },
    "/api/v1/stats": {
        "get": {"ok": [{"role": "auditor", "query": "dims=gender,case_type",
                        "want": 200},
                       {"role": "auditor", "query": "dims=citizenship&"
                        "dims=stage&case_type=CT&year=" + TODAY[:4],
                        "want": 200}],
                "bad": {"role": "auditor", "query": "dims=name",
                        "want": 422},
                "deny": [("caseworker", 403), ("supervisor", 403),
                         ("partner", 403), ("admin", 403)]},
    },
    "/api/v1/stats.csv": {
        "get": {"ok": [{"role": "auditor", "query": "dims=gender,age_band",
                        "want": 200}],
                "bad": {"role": "auditor", "query": "dims=gender&"
                        "gender=female", "want": 422},
                "deny": [("caseworker", 403), ("partner", 403),
                         ("admin", 403)]},
    },
    "/api/v1/audit": {
        "get": {"ok": [{"role": "auditor", "query": "limit=2",
                        "want": 200},
                       {"role": "admin", "query": "actor=caseworker&"
                        "limit=3", "want": 200}],
                "bad": {"role": "auditor", "query": "since=yesterday",
                        "want": 422},
                "deny": [("caseworker", 403), ("supervisor", 403),
                         ("partner", 403)]},
    },
    "/api/v1/profile": {
        # supervisor2 as in test_language.py, which leaves it in English.
        "post": {"ok": [{"role": "supervisor2", "body": {"language": "en"},
                         "want": 200}],
                 "bad": {"role": "supervisor2", "body": {"language": "fr"},
                         "want": 422}},
    },
}


# --------------------------------------------------------------- calls

def concrete(path, ids):
    """The path with its {parameters} replaced by fixture ids (or by the
    values given in ids as {"id": "=<value>"})."""
    def sub(m):
        key = ids.get(m.group(1), "case")
        return key[1:] if key.startswith("=") else F[key]
    return re.sub(r"\{([a-z_]+)\}", sub, path)


def token(role):
    if role is None:
        return None
    if role == "fresh":
        return token_for("caseworker")
    return TOK[role]


def send(method, url, role, body=None, raw=None, ctype=None,
         headers=None, bearer=None):
    hdrs = {"Accept": "application/json"}
    tok = bearer if bearer is not None else token(role)
    if tok:
        hdrs["Authorization"] = "Bearer " + tok
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        hdrs["Content-Type"] = "application/json"
    elif raw is not None:
        data = raw
        hdrs["Content-Type"] = ctype
    elif method in ("POST", "PUT", "PATCH"):
        data = b""
    hdrs.update(headers or {})
    return request(method, url, data, hdrs)


def check_answer(path, method, r, want, what):
    """One line per call: r has the status wanted, which the operation
    documents, carries X-Request-Id, and has the documented body (JSON
    matching the response's schema, or none). Records what was
    produced."""
    op = operation(path, method)
    responses = op.get("responses", {})
    PRODUCED.add((path, method, r.status))
    bad = []
    if r.status != want:
        bad.append("status %d, wanted %d" % (r.status, want))
    resp = resolve(responses.get(str(r.status)))
    if resp is None:
        bad.append("status %d is not documented (documented: %s)" % (
            r.status, ", ".join(sorted(responses))))
    if not re.fullmatch(r"[0-9a-f]{32}", r.header("X-Request-Id") or ""):
        bad.append("no X-Request-Id")
    content = (resp or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema")
    ctype = (r.header("Content-Type") or "").split(";")[0].strip()
    if resp is None:
        pass
    elif method == "head" or not content:
        if r.body != b"":
            bad.append("a body where none is documented")
    elif ctype not in content:
        bad.append("Content-Type %r, documented: %s" % (
            r.header("Content-Type"), ", ".join(sorted(content))))
    elif schema is not None:
        try:
            inst = json.loads(r.body.decode("utf-8"))
        except ValueError as e:
            inst = None
            bad.append("the body is not JSON: %s" % e)
        if isinstance(inst, dict) and isinstance(inst.get("token"), str):
            record_secret(inst["token"], hexform=False)
        if inst is not None:
            bad.extend("schema of %d: %s" % (r.status, e)
                       for e in schema_errors(schema, inst)[:8])
    T.check(not bad, "%s %s (%s): %d, documented%s" % (
        method.upper(), path, what, want,
        "" if method == "head" or schema is None else
        ", body matches its schema"),
        "\n".join(bad + ["body: " + short(r.text)]))


def check_request_schema(path, method, body, valid, what):
    op = operation(path, method)
    rb = op.get("requestBody")
    if rb is None or body is None:
        return
    errs = schema_errors(json_schema_of(rb), body)
    if valid:
        T.check(not errs, "%s %s (%s): the body sent matches the request "
                "schema" % (method.upper(), path, what), "\n".join(errs))
    else:
        T.check(bool(errs), "%s %s (%s): the request schema refuses the "
                "bad body" % (method.upper(), path, what), json.dumps(body))


def run_call(path, method, call, what, role=None, want=None, ids=None,
             bearer=None):
    ids = dict(call.get("ids", {}), **(ids or {}))
    url = concrete(path, ids) + ("?" + call["query"] if call.get("query")
                                 else "")
    body = body_of(call.get("body"))
    r = send(method.upper(), url, call.get("role") if role is None
             else role, body=body, headers=call.get("headers"),
             bearer=bearer)
    check_answer(path, method, r, call["want"] if want is None else want,
                 what)
    if want is None and "expect" in call:
        desc, fn = call["expect"]
        T.check(fn(r.try_json()), "%s %s (%s): %s" % (
            method.upper(), path, what, desc), short(r.text))
    if want is None:
        for name, value in call.get("reply", {}).items():
            T.check(r.header(name) == value, "%s %s (%s): %s: %s" % (
                method.upper(), path, what, name, value), repr(
                r.header(name)))
    return r, body


def walk_operation(path, method, entry):
    op = operation(path, method)
    secured = op.get("security", DOC.get("security")) != []
    first = entry["ok"][0]
    has_body = "requestBody" in op

    bad = entry.get("bad")
    if bad is not None:
        _, body = run_call(path, method, bad, "bad input")
        check_request_schema(path, method, body, False, "bad input")
    if secured:
        run_call(path, method, first, "no token", role=None, want=401,
                 bearer="")
        run_call(path, method, first, "bogus token", want=401,
                 bearer="A" * 43)
    if "{" in path:
        run_call(path, method, first, "an id that does not exist",
                 want=404, ids={k: "=" + random_uuid() for k in
                                re.findall(r"\{([a-z_]+)\}", path)})
    for role, status in entry.get("deny", []):
        run_call(path, method, first, "as %s" % role, role=role,
                 want=status)
    if has_body:
        url = concrete(path, first.get("ids", {}))
        r = send(method.upper(), url, first["role"], raw=b"{\"a\":",
                 ctype="application/json")
        check_answer(path, method, r, 400, "a body that is not JSON")
        r = send(method.upper(), url, first["role"], raw=b"a=b",
                 ctype="application/x-www-form-urlencoded")
        check_answer(path, method, r, 415, "a form body")
    for i, call in enumerate(entry["ok"]):
        what = "as %s" % (call["role"] or "anyone") + (
            " #%d" % (i + 1) if len(entry["ok"]) > 1 else "")
        r, body = run_call(path, method, call, what)
        check_request_schema(path, method, body, True, what)
        if path == "/api/v1/openapi.json" and method == "get":
            T.check(r.body == DOC_BYTES, "the served document is "
                    "assets/openapi.json, byte for byte",
                    "%d bytes served, %d in the file" % (len(r.body),
                                                         len(DOC_BYTES)))


def walk_undocumented(path):
    """Each method the document does not give this path answers 405 with
    the Error body and Allow: the documented methods."""
    url = concrete(path, {})
    allowed = documented_methods(path)
    for m in METHODS:
        if m in allowed:
            continue
        r = send(m.upper(), url, "caseworker",
                 body={} if m in ("post", "put", "patch") else None)
        bad = []
        if r.status != 405:
            bad.append("status %d" % r.status)
        allow = sorted(a.strip().lower() for a in
                       (r.header("Allow") or "").split(",") if a.strip())
        if allow != allowed:
            bad.append("Allow: %r, documented: %r" % (r.header("Allow"),
                                                      allowed))
        if m != "head":
            bad.extend(schema_errors(
                {"$ref": "#/components/schemas/Error"}, r.try_json()))
            if r.error_code() != "method_not_allowed":
                bad.append("code %r" % r.error_code())
        T.check(not bad, "%s %s (not documented): 405, Allow: %s%s" % (
            m.upper(), path, ", ".join(a.upper() for a in allowed),
            "" if m == "head" else ", the Error body"),
            "\n".join(bad + ["body: " + short(r.text)]))


# --------------------------------------------------------------- tests

def test_served():
    r = request("GET", "/api/v1/openapi.json")
    T.check(r.status == 200, "GET /api/v1/openapi.json needs no login",
            "%d %s" % (r.status, short(r.text)))
    T.check(r.body == DOC_BYTES, "the served document equals "
            "assets/openapi.json")
    T.check((r.header("Content-Type") or "").startswith("application/json"),
            "it is served as application/json", r.header("Content-Type"))
    T.check("no-store" not in (r.header("Cache-Control") or "") and
            "max-age" in (r.header("Cache-Control") or ""),
            "it may be cached (public, no personal data)",
            r.header("Cache-Control"))
    T.eq(DOC.get("openapi"), "3.1.0", "the document is OpenAPI 3.1.0")
    T.eq([s.get("url") for s in DOC.get("servers", [])], ["/"],
         "the server is relative (\"/\")")
    schemes = DOC.get("components", {}).get("securitySchemes", {})
    T.check(any(s.get("type") == "http" and s.get("scheme") == "bearer"
                for s in schemes.values()),
            "a bearer security scheme is declared")
    T.check(DOC_BYTES.decode("utf-8") == json.dumps(
        DOC, indent=2, ensure_ascii=False) + "\n",
        "the file is JSON with a 2-space indent (as json.dumps writes it)")
    bad = []
    for name, s in DOC.get("components", {}).get("schemas", {}).items():
        try:
            jsonschema.Draft202012Validator.check_schema(s)
        except jsonschema.exceptions.SchemaError as e:
            bad.append("%s: %s" % (name, e.message))
    T.check(not bad, "every component schema is a valid Draft 2020-12 "
            "schema", "\n".join(bad))
    ids = [op["operationId"] for p in DOC["paths"].values()
           for m, op in p.items() if m in METHODS]
    T.check(len(ids) == len(set(ids)), "operationIds are unique")


def conf_routes():
    """The routes of the Kore configuration, in order, as path templates
    ([0-9a-f-]{36} becomes {}); None where a regex cannot be one."""
    out = []
    with open(CONF_PATH, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*route\s+(\S+)\s+(\S+)\s*$", line)
            if not m:
                continue
            p = m.group(1)
            if p.startswith("^"):
                p = p[1:].rstrip("$").replace("[0-9a-f-]{36}", "{}")
                if re.search(r"[\^$\\\[\](){}*+?|]",
                             p.replace("{}", "")):
                    out.append((m.group(1), None))
                    continue
            out.append((m.group(1), p))
    return out


def template(path):
    return re.sub(r"\{[a-z_]+\}", "{}", path)


def test_routes():
    routes = conf_routes()
    T.eq(routes[-1][0] if routes else None, "^/.*$",
         "the catch-all route stays last in the configuration")
    served = {p for _, p in routes if p is not None}
    documented = {template(p): p for p in DOC["paths"]}
    for raw, p in routes:
        if p is None:
            if raw.startswith("^/api/"):
                T.check(False, "route %s is a template the walk can map"
                        % raw)
            continue
        if p.startswith("/api/"):
            T.check(p in documented, "route %s is described by the "
                    "document" % raw)
    for t, p in sorted(documented.items()):
        T.check(t in served, "documented path %s has a route" % p)
    for p in sorted(DOC["paths"]):
        T.check(p in WALK, "documented path %s has a row in the walk" % p)
        for m in documented_methods(p):
            T.check(m in WALK.get(p, {}), "documented %s %s has a row in "
                    "the walk" % (m.upper(), p))
    for p, methods in sorted(WALK.items()):
        for m in sorted(methods):
            T.check(operation(p, m) is not None, "the walk's %s %s is "
                    "documented" % (m.upper(), p))


def test_walk():
    setup()
    for path in list(WALK) + sorted(set(DOC["paths"]) - set(WALK)):
        if path not in DOC["paths"]:
            continue
        walk_undocumented(path)
        for m in WALK.get(path, {}):
            if m in DOC["paths"][path]:
                walk_operation(path, m, WALK[path][m])


def test_every_success_produced():
    for path in sorted(DOC["paths"]):
        for m in documented_methods(path):
            for status in sorted(operation(path, m)["responses"]):
                if not status.startswith("2"):
                    continue
                T.check((path, m, int(status)) in PRODUCED,
                        "%s %s: documented %s was produced by the walk" % (
                            m.upper(), path, status))


def test_no_server_errors():
    T.eq(SERVER_ERRORS, [], "no request of the walk got a 5xx")


for fn in (test_served, test_routes, test_walk, test_every_success_produced,
           test_no_server_errors):
    T.run(fn)
T.finish()
