#!/usr/bin/env python3
"""End-to-end tests of casebook's JSON API (/api/v1) against a running
server: sessions and lock-out, intake and validation, idempotency, role
and office separation, list, search, transitions, the audit chain, the
security headers, and that no personal value reaches the database in
plaintext. Run by tests/e2e/run.sh (see lib.py for the environment)."""

import datetime
import hashlib
import http.client
import json
import os
import sys
import time
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, RUNNUM, DEMO, SECRETS, UUID_RE, RFC3339_UTC_RE,  # noqa
                 SERVER_ERRORS, UNTRANSLATED, HOST, PORT, Suite, api,
                 request, login, token_for,
                 healthy, list_all, ids, random_uuid, sql, sql_value,
                 count_cases_db, pg_dump, add_user, admin_cli,
                 record_secret,
                 demo_password, security_header_problems, short)

T = Suite("api")
TOK = {}          # demo user -> bearer token
S = {}            # state shared between tests (case ids, bodies)
SENT = {}         # category -> plaintext values sent (plaintext checks)

PERSON_SECRET_FIELDS = ("given_name", "family_name", "name_original_script",
                        "date_of_birth", "phone", "document_number")


# ------------------------------------------------------------- fixtures

def note(category, value):
    SENT.setdefault(category, [])
    if value not in SENT[category]:
        SENT[category].append(value)
    record_secret(value)


def person(n):
    return {
        "given_name": "Amir%s%d" % (TAG, n),
        "family_name": "Hodžić%s%d" % (TAG, n),
        "name_original_script": "Амир Хоџић %s %d" % (TAG, n),
        "date_of_birth": "19%02d-%02d-%02d" % (50 + n % 45, 1 + n % 12,
                                               1 + n % 28),
        "gender": "Masculine",
        "citizenship": "AF",
        "phone": "+38761%03d%03d" % (RUNNUM, n),
        "document_number": "ZK%s%04d" % (TAG.upper(), n),
        "languages": ["prs", "en"],
    }


def case_body(n, case_type="AVRR", p=None, location=True):
    body = {"case_type": case_type, "consent_data_processing": True,
            "person": p if p is not None else person(n)}
    if location:
        body["location"] = "Reception centre Ušivak %s %d" % (TAG, n)
    return body


def remember(body):
    """Records the personal values of a body about to be sent."""
    for k in PERSON_SECRET_FIELDS:
        v = (body.get("person") or {}).get(k)
        if isinstance(v, str):
            note(k, v)
    if isinstance(body.get("location"), str):
        note("location", body["location"])


def create(token, body, headers=None):
    remember(body)
    return api("POST", "/cases", token, body=body, headers=headers)


def create_ok(token, body, what):
    r = create(token, body)
    if r.status != 201:
        raise RuntimeError("create %s: %s %s" % (what, r.status,
                                                  short(r.text)))
    return r.json()


def same_person(got, sent):
    """Differences between a returned person and the one sent."""
    diffs = []
    got = got or {}
    for k, v in sent.items():
        g = got.get(k)
        if k == "languages":
            if sorted(g or []) != sorted(v):
                diffs.append("%s: %r != %r" % (k, g, v))
        elif g != v:
            diffs.append("%s: %r != %r" % (k, g, v))
    return diffs


def setup():
    for u in DEMO:
        TOK[u] = token_for(u)
        record_secret(demo_password(u))


# ------------------------------------------------------------- health

def test_healthz():
    r = request("GET", "/healthz")
    T.status(r, 200, "GET /healthz answers 200 without a session")
    T.eq(r.try_json(), {"ok": True, "db": True},
         "GET /healthz body is {\"ok\":true,\"db\":true}")
    T.check((r.header("Content-Type") or "").startswith("application/json"),
            "GET /healthz is application/json", r.header("Content-Type"))


def test_security_headers():
    cw = TOK["caseworker"]
    probes = [
        ("JSON /healthz", request("GET", "/healthz")),
        ("JSON 200 GET /api/v1/cases", api("GET", "/cases", cw)),
        ("JSON 401", api("GET", "/cases")),
        ("JSON 404 case", api("GET", "/cases/" + random_uuid(), cw)),
        ("JSON 404 unknown API path", api("GET", "/no-such-thing", cw)),
        ("JSON 422", api("POST", "/cases", cw, body={"case_type": "XYZ"})),
        ("HTML /login", request("GET", "/login")),
        ("HTML 404", request("GET", "/no-such-page")),
        ("303 /cases without session", request("GET", "/cases")),
    ]
    for name, r in probes:
        bad = security_header_problems(r)
        T.check(not bad, "security headers on %s (status %d)" % (
            name, r.status), "; ".join(bad))
    for name, r in probes[:6]:
        T.check((r.header("Content-Type") or "").lower().startswith(
            "application/json"), "%s has a JSON Content-Type" % name,
            r.header("Content-Type"))


# ------------------------------------------------------------ sessions

def test_login_ok():
    r = login("caseworker", demo_password("caseworker"))
    T.status(r, 201, "POST /session with good credentials -> 201")
    j = r.json()
    record_secret(j.get("token"), hexform=False)
    T.check(isinstance(j.get("token"), str) and len(j["token"]) >= 32,
            "session token is a string of at least 32 characters",
            short(j))
    T.eq(j.get("role"), "caseworker", "session role is caseworker")
    exp = j.get("expires_at")
    T.check(isinstance(exp, str) and RFC3339_UTC_RE.match(exp),
            "expires_at is an RFC 3339 UTC timestamp", exp)
    when = datetime.datetime.fromisoformat(exp.replace("Z", "+00:00"))
    now = datetime.datetime.now(datetime.timezone.utc)
    T.check(now < when <= now + datetime.timedelta(hours=12, minutes=5),
            "expires_at lies in the future, within the 12 h limit", exp)
    T.check(demo_password("caseworker") not in r.text,
            "login response does not echo the password")
    r2 = api("GET", "/cases", j["token"])
    T.status(r2, 200, "the new token authorises GET /cases")


def test_login_failures_identical():
    user, pw = "pw%s" % TAG, "Pw-%s-correct-2026" % TAG
    add_user(user, "caseworker", pw, "Sarajevo")
    record_secret("Pw-%s-wrong-2026" % TAG)
    wrong = login(user, "Pw-%s-wrong-2026" % TAG)
    unknown = login("nouser%s" % TAG, "Pw-%s-wrong-2026" % TAG)
    T.status(wrong, 401, "wrong password -> 401")
    T.status(unknown, 401, "unknown user -> 401")
    T.eq(wrong.error_code(), "unauthorized",
         "wrong password error code is unauthorized")
    T.eq(wrong.body, unknown.body,
         "wrong password and unknown user get byte-identical bodies")
    T.check("token" not in (wrong.try_json() or {}),
            "a failed login carries no token")
    ok = login(user, pw)
    T.status(ok, 201, "the created user logs in with its password")
    if ok.status == 201:
        record_secret(ok.json()["token"], hexform=False)


def test_login_malformed():
    cases = [
        ("empty object", {}),
        ("password missing", {"username": "caseworker"}),
        ("username a number", {"username": 5, "password": "x"}),
        ("password a list", {"username": "caseworker", "password": []}),
        ("10000-char username", {"username": "u" * 10000,
                                 "password": "x"}),
    ]
    for name, body in cases:
        r = api("POST", "/session", body=body)
        T.check(400 <= r.status < 500 and r.status != 201,
                "POST /session with %s -> 4xx" % name,
                "%s %s" % (r.status, short(r.text)))
    r = api("POST", "/session", raw=b'{"username":"caseworker",',
            ctype="application/json")
    T.status(r, 400, "POST /session with malformed JSON -> 400")
    r = api("POST", "/session", raw=b'username=caseworker&password=x',
            ctype="text/plain")
    T.status(r, 415, "POST /session with text/plain -> 415")
    T.check(healthy(), "server healthy after malformed logins")


def test_lockout():
    user, pw = "lock%s" % TAG, "Lock-%s-pass-2026" % TAG
    ghost = "ghost%s" % TAG
    add_user(user, "caseworker", pw, "Sarajevo")
    record_secret("Lock-%s-bad-2026" % TAG)
    statuses = [login(user, "Lock-%s-bad-2026" % TAG).status
                for _ in range(5)]
    T.eq(statuses, [401] * 5, "5 wrong passwords for one user -> 401 each")
    r6 = login(user, pw)
    T.status(r6, 429, "6th attempt with the CORRECT password -> 429")
    T.check("token" not in (r6.try_json() or {}),
            "the locked-out attempt carries no token")
    r7 = login(user, pw)
    T.status(r7, 429, "7th attempt is still refused (429)")

    gstat = [login(ghost, "Lock-%s-bad-2026" % TAG).status
             for _ in range(5)]
    T.eq(gstat, [401] * 5, "5 attempts for an unknown username -> 401 each")
    g6 = login(ghost, pw)
    T.status(g6, 429, "6th attempt for an unknown username -> 429 too")
    T.eq(g6.body, r6.body,
         "429 bodies for existing and unknown usernames are identical")
    T.eq(g6.error_code(), r6.error_code(),
         "429 error codes do not reveal whether the user exists")

    other, opw = "free%s" % TAG, "Free-%s-pass-2026" % TAG
    add_user(other, "caseworker", opw, "Sarajevo")
    r = login(other, opw)
    T.status(r, 201, "lock-out of one username does not lock out another")
    if r.status == 201:
        record_secret(r.json()["token"], hexform=False)


def test_admin_user_commands():
    """casebook-admin disable, enable, reset-password and
    revoke-sessions take effect on the running server at once."""
    user, pw = "adm%s" % TAG, "Adm-%s-first-2026" % TAG
    pw2 = "Adm-%s-second-2026" % TAG
    add_user(user, "caseworker", pw, "Sarajevo")
    record_secret(pw2)
    t1 = token_for(user, pw)
    T.status(api("GET", "/cases", t1), 200, "admin cmds: token works")

    r = admin_cli(["user", "disable", "--username", user])
    T.eq(r.returncode, 0, "admin cmds: user disable exits 0")
    T.status(api("GET", "/cases", t1), 401,
             "admin cmds: the session ends when the user is disabled")
    T.status(login(user, pw), 401,
             "admin cmds: a disabled user cannot log in")

    r = admin_cli(["user", "enable", "--username", user])
    T.eq(r.returncode, 0, "admin cmds: user enable exits 0")
    T.status(api("GET", "/cases", t1), 401,
             "admin cmds: enabling does not revive the old session")
    t2 = token_for(user, pw)

    r = admin_cli(["user", "reset-password", "--username", user],
                  (pw2 + "\n").encode("utf-8"))
    T.eq(r.returncode, 0, "admin cmds: user reset-password exits 0")
    T.status(api("GET", "/cases", t2), 401,
             "admin cmds: a password reset ends the open session")
    T.status(login(user, pw), 401,
             "admin cmds: the old password no longer logs in")
    t3 = token_for(user, pw2)
    T.status(api("GET", "/cases", t3), 200,
             "admin cmds: the new password logs in")

    r = admin_cli(["user", "revoke-sessions", "--username", user])
    T.eq((r.returncode, r.stdout), (0, b"1\n"),
         "admin cmds: revoke-sessions revokes the one session, says 1")
    T.status(api("GET", "/cases", t3), 401,
             "admin cmds: a revoked session is refused")

    r = admin_cli(["user", "reset-password", "--username", user],
                  b"password12345\n")
    T.eq(r.returncode, 2, "admin cmds: reset-password refuses a "
         "dictionary password (exit 2)")
    T.check(b"password12345" not in r.stdout + r.stderr,
            "admin cmds: the refused password is not echoed")
    T.status(login(user, "password12345"), 401,
             "admin cmds: the refused password was not set")


def test_logout():
    user, pw = "out%s" % TAG, "Out-%s-pass-2026" % TAG
    add_user(user, "caseworker", pw, "Sarajevo")
    t = token_for(user, pw)
    T.status(api("GET", "/cases", t), 200, "fresh token works before logout")
    r = api("DELETE", "/session", t)
    T.status(r, 204, "DELETE /session with the bearer -> 204")
    T.eq(r.body, b"", "204 logout has an empty body")
    r = api("GET", "/cases", t)
    T.status(r, 401, "token is rejected after logout (401)")
    r = api("DELETE", "/session", t)
    T.status(r, 401, "second DELETE /session with the dead token -> 401")
    r = api("DELETE", "/session")
    T.status(r, 401, "DELETE /session without a bearer -> 401")


def test_auth_required():
    u = random_uuid()
    body = case_body(1)
    remember(body)
    probes = [
        ("GET", "/cases", None),
        ("POST", "/cases", body),
        ("GET", "/cases/" + u, None),
        ("POST", "/cases/search", {"document_number": "ZKNONE"}),
        ("POST", "/cases/%s/transitions" % u, {"to": "counselling",
                                                "version": 1}),
        ("GET", "/audit/verify", None),
    ]
    before = count_cases_db()
    auths = [
        ("no Authorization", {}),
        ("a bogus bearer", {"Authorization": "Bearer bogus"}),
        ("a well-formed unknown bearer",
         {"Authorization": "Bearer " + "A" * 43}),
        ("an over-long bearer", {"Authorization": "Bearer " + "x" * 4000}),
        ("Basic credentials",
         {"Authorization": "Basic Y2FzZXdvcmtlcjpkZW1vLWNhc2V3b3JrZXItMjAyNg=="}),
        ("an empty bearer", {"Authorization": "Bearer "}),
    ]
    for aname, hdrs in auths:
        for method, path, b in probes:
            r = api(method, path, None, body=b, headers=hdrs)
            T.check(r.status == 401 and r.error_code() == "unauthorized",
                    "%s %s with %s -> 401 unauthorized" % (method, path.replace(
                        u, "{id}"), aname), "%s %s" % (r.status,
                                                       short(r.text)))
    T.eq(count_cases_db(), before, "no case created without a valid bearer")


def test_cookie_is_not_a_bearer():
    """The API authenticates with the bearer only: a session cookie alone
    (what a browser sends by itself) must not create anything."""
    before = count_cases_db()
    tok = TOK["caseworker"]
    body = case_body(2)
    remember(body)
    r = api("POST", "/cases", None, body=body,
            headers={"Cookie": "cb_session=" + tok})
    T.status(r, (401, 403), "POST /api/v1/cases with only a session cookie "
             "is refused (401/403)")
    T.eq(count_cases_db(), before, "no case created from a cookie alone")


# ---------------------------------------------------------------- intake

def check_case_shape(c, want_type, want_state, prefix):
    T.check(isinstance(c.get("id"), str) and UUID_RE.match(c["id"]),
            "%s: id is a lower-case UUID" % prefix, c.get("id"))
    T.eq(c.get("case_type"), want_type, "%s: case_type" % prefix)
    T.eq(c.get("stage"), "intake", "%s: stage is intake" % prefix)
    T.eq(c.get("state"), want_state, "%s: state is %s" % (prefix,
                                                          want_state))
    T.eq(c.get("htcds_status"), "Active", "%s: htcds_status Active" % prefix)
    T.eq(c.get("version"), 1, "%s: version 1" % prefix)
    T.eq(c.get("linked_cases"), [], "%s: linked_cases is []" % prefix)
    T.check(c.get("assigned_to") not in (None, ""),
            "%s: assigned_to is set" % prefix, c.get("assigned_to"))
    for k in ("created_at", "updated_at"):
        T.check(isinstance(c.get(k), str) and RFC3339_UTC_RE.match(c[k]),
                "%s: %s is RFC 3339 UTC" % (prefix, k), c.get(k))
    at = c.get("allowed_transitions")
    T.check(isinstance(at, list) and len(at) > 0,
            "%s: allowed_transitions is a non-empty list" % prefix, at)
    shape_ok = isinstance(at, list) and all(
        isinstance(t, dict) and isinstance(t.get("to"), str) and
        isinstance(t.get("requires_approval"), bool) and
        isinstance(t.get("fields"), list) and
        all(isinstance(f, dict) and isinstance(f.get("name"), str) and
            f.get("type") in ("text", "date", "enum", "multi", "bool",
                              "number", "country") and
            isinstance(f.get("required"), bool) for f in t["fields"])
        for t in at)
    T.check(shape_ok, "%s: allowed_transitions entries have to, "
            "requires_approval and typed fields" % prefix, short(at, 600))


def test_create_avrr():
    body = case_body(10)
    r = create(TOK["caseworker"], body)
    T.status(r, 201, "POST /cases AVRR with consent -> 201")
    c = r.json()
    S["A"], S["A_body"] = c["id"], body
    check_case_shape(c, "AVRR", "intake_registered", "AVRR create")
    T.eq(same_person(c.get("person"), body["person"]), [],
         "AVRR create returns every person value as sent")
    T.eq(c.get("office"), "Sarajevo",
         "office defaults to the caseworker's office (Sarajevo)")
    T.check(any(t.get("to") == "counselling"
                for t in c.get("allowed_transitions") or []),
            "AVRR intake allows a transition to counselling",
            short(c.get("allowed_transitions")))
    T.check((r.header("Content-Type") or "").startswith("application/json"),
            "create answers application/json", r.header("Content-Type"))

    g = api("GET", "/cases/" + S["A"], TOK["caseworker"])
    T.status(g, 200, "creator GET /cases/{id} -> 200")
    gj = g.json()
    T.eq(same_person(gj.get("person"), body["person"]), [],
         "GET returns every person value as sent (decrypted)")
    if "location" in gj:
        T.eq(gj.get("location"), body["location"],
             "GET returns the location as sent")
    for k in ("id", "case_type", "stage", "state", "version", "office",
              "created_at"):
        T.eq(gj.get(k), c.get(k), "GET %s equals the create response" % k)


def test_create_ct():
    body = case_body(11, "CT")
    r = create(TOK["caseworker"], body)
    T.status(r, 201, "POST /cases CT with consent -> 201")
    c = r.json()
    S["CT"] = c["id"]
    check_case_shape(c, "CT", "identified", "CT create")
    T.eq(same_person(c.get("person"), body["person"]), [],
         "CT create returns every person value as sent")


def test_create_office():
    body = case_body(12)
    body["office"] = "Sarajevo"
    r = create(TOK["caseworker"], body)
    T.status(r, 201, "POST /cases with explicit office Sarajevo -> 201")
    T.eq((r.try_json() or {}).get("office"), "Sarajevo",
         "explicit own office is kept")

    body = case_body(13)
    body["office"] = "Belgrade"
    r = create(TOK["caseworker"], body)
    j = r.try_json() or {}
    T.check(not (r.status in (200, 201) and j.get("office") == "Belgrade"),
            "a Sarajevo caseworker cannot register a case into Belgrade",
            "%s %s" % (r.status, short(r.text)))
    if r.status in (200, 201):
        g = api("GET", "/cases/" + j["id"], TOK["caseworker"])
        T.status(g, 200, "the caseworker can still open what it created")


def test_role_create_denied():
    before = count_cases_db()
    for role in ("partner", "auditor", "admin"):
        body = case_body(14)
        r = create(TOK[role], body)
        T.status(r, (403, 404), "%s cannot create a case (403/404)" % role)
    T.eq(count_cases_db(), before, "no case created by non-caseworkers")


def test_create_refusal_order():
    """A valid registration goes to the database without asking who calls
    first (case_create knows the caller from the session and refuses
    there); one with errors still answers 401 and 403 before its errors,
    and a caseworker's form errors come with the office error at once."""
    def denied(user):
        return int(sql_value(
            "SELECT count(*) FROM cb.audit_log l JOIN cb.users u ON "
            "u.id = l.actor WHERE l.action = 'case.create' AND "
            "l.outcome = 'denied' AND u.username = '%s'" % user))

    bad = case_body(15)
    bad["person"]["date_of_birth"] = "not-a-date"
    before = count_cases_db()

    t = token_for("caseworker")
    T.status(api("DELETE", "/session", t), 204, "logout of a second token")
    for what, body in (("valid", case_body(15)), ("invalid", bad)):
        r = create(t, body)
        T.check(r.status == 401 and r.error_code() == "unauthorized",
                "POST /cases, %s body, logged-out token -> 401" % what,
                "%s %s" % (r.status, short(r.text)))

    d0 = denied("partner")
    r = create(TOK["partner"], case_body(15))
    T.status(r, 403, "partner, valid body -> 403 (refused in SQL)")
    T.eq(denied("partner"), d0 + 1,
         "the partner's refused registration is audited as denied")
    r = create(TOK["partner"], bad)
    T.status(r, 403, "partner, body with errors -> 403, not 422")

    body = dict(bad)
    body["office"] = "Belgrade"
    r = create(TOK["caseworker"], body)
    T.status(r, 422, "caseworker, bad date and another office -> 422")
    T.check({"person.date_of_birth", "office"} <= set(r.error_fields()),
            "both errors are named at once", short(r.text))
    T.eq(count_cases_db(), before, "no case created by any of these")


def test_scripts_roundtrip():
    samples = [
        ("Arabic", "محمد", "عبد الله", "محمد عبد الله"),
        ("Cyrillic", "Јован", "Петровић", "Јован Петровић"),
        ("Latin with diacritics", "Đorđe", "Šćekić", "Đorđe Šćekić"),
    ]
    for i, (script, given, family, full) in enumerate(samples):
        p = person(20 + i)
        p["given_name"], p["family_name"] = given, family
        p["name_original_script"] = full
        body = case_body(20 + i, p=p)
        r = create(TOK["caseworker"], body)
        if not T.status(r, 201, "create with %s names -> 201" % script):
            continue
        c = r.json()
        S.setdefault("script_cases", []).append((c["id"], p))
        for k in ("given_name", "family_name", "name_original_script"):
            T.check((c.get("person") or {}).get(k, "").encode("utf-8") ==
                    p[k].encode("utf-8"),
                    "%s %s round-trips byte-exact through create" % (
                        script, k), (c.get("person") or {}).get(k))
        g = api("GET", "/cases/" + c["id"], TOK["caseworker"]).try_json()
        for k in ("given_name", "family_name", "name_original_script"):
            got = ((g or {}).get("person") or {}).get(k, "")
            T.check(got.encode("utf-8") == p[k].encode("utf-8"),
                    "%s %s round-trips byte-exact through GET" % (
                        script, k), got)

    # Decomposed (NFD) input is kept as typed, not normalised; a 4-byte
    # UTF-8 character (CJK extension B) survives.
    p = person(23)
    p["given_name"] = unicodedata.normalize("NFD", "Šćekić") + TAG
    p["family_name"] = "Li\U0002070e" + TAG
    body = case_body(23, p=p)
    r = create(TOK["caseworker"], body)
    if T.status(r, 201, "create with NFD and astral-plane names -> 201"):
        g = api("GET", "/cases/" + r.json()["id"],
                TOK["caseworker"]).try_json() or {}
        gp = g.get("person") or {}
        T.eq(gp.get("given_name"), p["given_name"],
             "NFD given_name is returned exactly as typed")
        T.eq(gp.get("family_name"), p["family_name"],
             "4-byte UTF-8 character round-trips")


def test_boundary_lengths():
    p = person(24)
    p["given_name"] = "Ж" * 100   # 100 characters, 200 bytes
    r = create(TOK["caseworker"], case_body(24, p=p))
    T.status(r, 201, "a 100-character Cyrillic given_name (200 bytes) is "
             "accepted: the limit counts characters")
    if r.status == 201:
        T.eq((r.json().get("person") or {}).get("given_name"), "Ж" * 100,
             "100-character given_name round-trips")


def test_no_consent():
    r = api("POST", "/cases", TOK["caseworker"],
            body={"case_type": "AVRR", "consent_data_processing": False})
    T.status(r, 201, "AVRR without consent and without person -> 201")
    c = r.try_json() or {}
    S["NC"] = c.get("id")
    p = c.get("person")
    empty = p is None or p == {} or all(v in (None, "", [])
                                        for v in p.values())
    T.check(empty, "pseudonymous case has no person values", short(p))
    T.eq(c.get("state"), "intake_registered",
         "pseudonymous AVRR case is intake_registered")
    if S["NC"]:
        v = sql_value("SELECT (p.given_name IS NULL AND p.family_name IS "
                      "NULL AND p.document_number IS NULL)::text FROM "
                      "cb.persons p JOIN cb.cases c ON c.person_id = p.id "
                      "WHERE c.id = '%s'" % S["NC"])
        T.eq(v, "true", "pseudonymous case stores no identifiers")

    before = count_cases_db()
    for consent, cname in ((False, "consent false"), (None, "consent absent")):
        body = {"case_type": "AVRR",
                "person": {"given_name": "Nadir%s" % TAG}}
        note("given_name", "Nadir%s" % TAG)
        if consent is not None:
            body["consent_data_processing"] = consent
        r = api("POST", "/cases", TOK["caseworker"], body=body)
        T.status(r, 422, "%s with person.given_name -> 422" % cname)
        T.check("person.given_name" in r.error_fields(),
                "%s: error.fields names person.given_name" % cname,
                short(r.text))
    body = {"case_type": "AVRR", "consent_data_processing": False,
            "person": {"document_number": "ZK%sNC" % TAG.upper()}}
    note("document_number", "ZK%sNC" % TAG.upper())
    r = api("POST", "/cases", TOK["caseworker"], body=body)
    T.status(r, 422, "consent false with person.document_number -> 422")
    T.check("person.document_number" in r.error_fields(),
            "error.fields names person.document_number", short(r.text))
    T.eq(count_cases_db(), before, "no case created without consent")


# ------------------------------------------------------------ validation

def mutated(fn):
    body = case_body(50)
    fn(body)
    return body


def setp(k, v):
    return lambda b: b["person"].__setitem__(k, v)


def delp(k):
    return lambda b: b["person"].pop(k)


def test_validation():
    cw = TOK["caseworker"]
    before_db = count_cases_db()
    before_api = len(list_all(cw))
    tomorrow = (datetime.date.today() +
                datetime.timedelta(days=2)).isoformat()
    cases = [
        ("missing given_name with consent", delp("given_name"),
         "person.given_name"),
        ("date 2024-02-30", setp("date_of_birth", "2024-02-30"),
         "person.date_of_birth"),
        ("date 1990-13-01", setp("date_of_birth", "1990-13-01"),
         "person.date_of_birth"),
        ("future date 2099-01-01", setp("date_of_birth", "2099-01-01"),
         "person.date_of_birth"),
        ("future date (the day after tomorrow)",
         setp("date_of_birth", tomorrow),
         "person.date_of_birth"),
        ("date 17.05.1990", setp("date_of_birth", "17.05.1990"),
         "person.date_of_birth"),
        ("date 1990-5-17", setp("date_of_birth", "1990-5-17"),
         "person.date_of_birth"),
        ("citizenship XX", setp("citizenship", "XX"), "person.citizenship"),
        ("citizenship af (lower case)", setp("citizenship", "af"),
         "person.citizenship"),
        ("citizenship AFG", setp("citizenship", "AFG"),
         "person.citizenship"),
        ("gender Male", setp("gender", "Male"), "person.gender"),
        ("phone 12345abc", setp("phone", "12345abc"), "person.phone"),
        ("given_name of 101 characters", setp("given_name", "a" * 101),
         "person.given_name"),
        ("given_name of 101 Cyrillic characters",
         setp("given_name", "Ж" * 101), "person.given_name"),
        ("unknown member person.nickname", setp("nickname", "Ami"),
         "person.nickname"),
        ("unknown top-level member foo",
         lambda b: b.__setitem__("foo", "bar"), "foo"),
        ("given_name of wrong type (5)", setp("given_name", 5),
         "person.given_name"),
        ("given_name null", setp("given_name", None), "person.given_name"),
        ("given_name with a newline", setp("given_name", "Amir\nX"),
         "person.given_name"),
        ("languages not a list", setp("languages", "prs"),
         "person.languages"),
        ("languages with an unknown code", setp("languages", ["xx9"]),
         "person.languages"),
        ("case_type XYZ", lambda b: b.__setitem__("case_type", "XYZ"),
         "case_type"),
        ("case_type missing", lambda b: b.pop("case_type"), "case_type"),
        ("consent as the string \"true\"",
         lambda b: b.__setitem__("consent_data_processing", "true"),
         "consent_data_processing"),
    ]
    unhealthy = []
    for name, fn, field in cases:
        body = mutated(fn)
        remember(body)
        r = api("POST", "/cases", cw, body=body)
        T.status(r, 422, "%s -> 422" % name)
        T.eq(r.error_code(), "invalid", "%s: error.code invalid" % name)
        fields = r.error_fields()
        T.check(isinstance(fields.get(field), str) and fields[field],
                "%s: error.fields names %s with a message" % (name, field),
                short(r.text))
        msg = ((r.try_json() or {}).get("error") or {}).get("message")
        T.check(isinstance(msg, str) and msg,
                "%s: error.message is a non-empty string" % name)
        if not healthy():
            unhealthy.append(name)

    body = mutated(setp("given_name", "Amir\u0000X"))
    r = api("POST", "/cases", cw, body=body)
    T.status(r, (400, 422), "given_name with an escaped NUL -> 400/422")
    if r.status == 422:
        T.check("person.given_name" in r.error_fields(),
                "escaped NUL: error.fields names person.given_name")
    if not healthy():
        unhealthy.append("NUL")

    # person not an object
    body = case_body(50)
    body["person"] = "Amir"
    r = api("POST", "/cases", cw, body=body)
    T.status(r, (400, 422), "person as a string -> 400/422")

    T.eq(unhealthy, [], "server answered /healthz after every invalid body")
    T.eq(count_cases_db(), before_db, "no case stored by any invalid body "
         "(database count)")
    T.eq(len(list_all(cw)), before_api, "no case stored by any invalid body "
         "(GET /cases count)")


def valid_raw(given_bytes):
    """A valid intake body as bytes with given_name's bytes spliced in."""
    p = person(51)
    note("family_name", p["family_name"])
    return (b'{"case_type":"AVRR","consent_data_processing":true,'
            b'"person":{"given_name":"' + given_bytes + b'",'
            b'"family_name":"' + p["family_name"].encode() + b'",'
            b'"citizenship":"AF"}}')


def test_body_errors():
    cw = TOK["caseworker"]
    before_db = count_cases_db()
    unhealthy = []

    def probe(desc, raw, ctype, want, code=None):
        r = api("POST", "/cases", cw, raw=raw, ctype=ctype)
        T.status(r, want, desc)
        if code is not None:
            T.eq(r.error_code(), code, "%s: error.code %s" % (desc, code))
        if not healthy():
            unhealthy.append(desc)
        return r

    for name, bad in (("0xFF byte", b"Am\xffir"),
                      ("overlong encoding C0 AF", b"Am\xc0\xafir"),
                      ("UTF-8-encoded surrogate ED A0 80", b"Am\xed\xa0\x80"),
                      ("truncated sequence", b"Amir\xd0"),
                      ("bare continuation byte", b"\x80Amir")):
        probe("invalid UTF-8 (%s) -> 400" % name, valid_raw(bad), None, 400,
              "invalid")
    probe("lone surrogate escape \\ud800 -> 400/422",
          valid_raw(b"Am\\ud800ir"), None, (400, 422))
    probe("malformed JSON -> 400",
          b'{"case_type": "AVRR", "consent_data_processing": true,', None,
          400, "invalid")
    probe("empty body -> 400", b"", None, 400)
    probe("JSON array body -> 400/422", b'[{"case_type":"AVRR"}]', None,
          (400, 422))
    probe("JSON string body -> 400/422", b'"AVRR"', None, (400, 422))
    probe("trailing garbage after the object -> 400",
          b'{"case_type":"AVRR","consent_data_processing":false} x', None,
          400)
    probe("duplicate member name -> 400/422",
          b'{"case_type":"AVRR","case_type":"CT",'
          b'"consent_data_processing":false}', None, (400, 422))
    probe("10000-deep nesting -> 400/422",
          b'{"case_type":"AVRR","x":' + b"[" * 10000 + b"]" * 10000 + b"}",
          None, (400, 422))
    probe("huge number -> 400/422",
          b'{"case_type":"AVRR","consent_data_processing":false,'
          b'"version":1' + b"0" * 400 + b"}", None, (400, 422))
    good = valid_raw(b"Amir" + TAG.encode())
    note("given_name", "Amir" + TAG)
    probe("Content-Type text/plain -> 415", good, "text/plain", 415)
    probe("Content-Type form-urlencoded -> 415", good,
          "application/x-www-form-urlencoded", 415)
    probe("no Content-Type -> 415", good, False, 415)
    probe("JSON with charset latin-1 -> 415", good,
          "application/json; charset=iso-8859-1", 415)

    big = dict(case_body(52))
    big["location"] = "L" * (70 * 1024)
    raw = json.dumps(big).encode()
    r = probe("70 KiB body -> 413", raw, None, 413)

    # Beyond Kore's own limit (1 MiB): declared, never sent.
    conn = http.client.HTTPConnection(HOST, PORT, timeout=15)
    status = None
    try:
        conn.putrequest("POST", "/api/v1/cases")
        conn.putheader("Authorization", "Bearer " + cw)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(2 * 1024 * 1024))
        conn.endheaders()
        conn.send(b"{")
        status = conn.getresponse().status
    except OSError as e:
        status = "error: %s" % e
    finally:
        conn.close()
    T.check(status == 413, "declared 2 MiB body refused with 413 before it "
            "is sent", status)
    if not healthy():
        unhealthy.append("2 MiB")

    T.eq(unhealthy, [], "server answered /healthz after every bad body")
    T.eq(count_cases_db(), before_db, "no case stored by any bad body")


# ------------------------------------------------------------ idempotency

def test_idempotency():
    cw = TOK["caseworker"]
    key = "idem-%s-1" % TAG
    body = case_body(60)
    before = count_cases_db()
    r1 = create(cw, body, {"Idempotency-Key": key})
    T.status(r1, 201, "first POST with an Idempotency-Key -> 201")
    r2 = create(cw, body, {"Idempotency-Key": key})
    T.status(r2, (200, 201), "repeat with the same key and body -> 200/201")
    id1 = (r1.try_json() or {}).get("id")
    id2 = (r2.try_json() or {}).get("id")
    T.check(id1 is not None and id1 == id2,
            "same key and body replay the same case id", (id1, id2))
    T.eq(same_person((r2.try_json() or {}).get("person"), body["person"]),
         [], "the replayed response carries the person values")
    T.eq(count_cases_db(), before + 1, "only one case created for the key")

    other = case_body(61)
    r3 = create(cw, other, {"Idempotency-Key": key})
    T.status(r3, 422, "same key with a different body -> 422")
    T.eq(count_cases_db(), before + 1, "reused key with another body "
         "creates nothing")

    r4 = create(TOK["caseworker2"], body, {"Idempotency-Key": key})
    j4 = r4.try_json() or {}
    T.check(j4.get("id") != id1,
            "another user's request with the same key never replays the "
            "first user's case", "%s %s" % (r4.status, short(r4.text)))
    T.check(r4.status not in (200, 201) or j4.get("office") == "Belgrade",
            "another user's same-key request is its own (Belgrade) case",
            short(j4))


# ----------------------------------------------------------- access rules

def test_access():
    A = S["A"]
    sent = S["A_body"]["person"]
    r = api("GET", "/cases/" + A, TOK["supervisor"])
    T.status(r, 200, "supervisor of the same office (Sarajevo) -> 200")
    T.eq(same_person((r.try_json() or {}).get("person"), sent), [],
         "supervisor sees the decrypted person")
    for role in ("caseworker2", "supervisor2", "partner", "auditor", "admin"):
        r = api("GET", "/cases/" + A, TOK[role])
        T.status(r, 404, "%s GET another office's / unseen case -> 404" % role)
        T.eq(r.error_code(), "not_found", "%s: error.code not_found" % role)
        missing = api("GET", "/cases/" + random_uuid(), TOK[role])
        T.eq(r.body, missing.body, "%s: 404 for 'exists but not yours' is "
             "byte-identical to 'does not exist'" % role)
        T.check(all(v not in r.text for v in (sent["given_name"],
                                              sent["document_number"])),
                "%s: the 404 body reveals no person value" % role)
    cw = TOK["caseworker"]
    r = api("GET", "/cases/" + random_uuid(), cw)
    T.status(r, 404, "a random UUID -> 404")
    for name, path in (("non-UUID", "/cases/not-a-uuid"),
                       ("36 dashes", "/cases/" + "-" * 36),
                       ("upper-case UUID", "/cases/" + A.upper()),
                       ("UUID with trailing slash", "/cases/" + A + "/"),
                       ("UUID with a quote", "/cases/%27" + A[3:]),
                       ("36 zeros", "/cases/" + "0" * 36)):
        r = api("GET", path, cw)
        T.check(r.status in (400, 404) and r.status != 200,
                "%s case path -> 404" % name, "%s %s" % (r.status,
                                                       short(r.text)))
    T.check(healthy(), "server healthy after odd case paths")


def test_list_and_filters():
    cw, cw2 = TOK["caseworker"], TOK["caseworker2"]
    r = create(cw2, case_body(70))
    T.status(r, 201, "caseworker2 (Belgrade) creates a case")
    B = (r.try_json() or {}).get("id")
    S["B"] = B
    T.eq((r.try_json() or {}).get("office"), "Belgrade",
         "caseworker2's case is in Belgrade")

    r = api("GET", "/cases", cw)
    T.status(r, 200, "GET /cases -> 200")
    j = r.try_json() or {}
    T.check(isinstance(j.get("items"), list) and "next_cursor" in j,
            "list has items and next_cursor", short(j))
    mine = ids(list_all(cw))
    T.check(S["A"] in mine and S["CT"] in mine,
            "caseworker's list holds its AVRR and CT cases")
    T.check(B not in mine, "caseworker's list lacks Belgrade's case")
    theirs = ids(list_all(cw2))
    T.check(B in theirs, "caseworker2's list holds its own case")
    T.check(S["A"] not in theirs and S["CT"] not in theirs,
            "caseworker2's list lacks Sarajevo's cases")
    sup = ids(list_all(TOK["supervisor"]))
    T.check(S["A"] in sup and S["CT"] in sup,
            "supervisor (Sarajevo) lists the office's cases")
    T.check(B not in sup, "supervisor (Sarajevo) does not list Belgrade's")
    sup2 = ids(list_all(TOK["supervisor2"]))
    T.check(B in sup2 and S["A"] not in sup2,
            "supervisor2 (Belgrade) lists Belgrade's case, not Sarajevo's")
    for role in ("partner", "auditor", "admin"):
        r = api("GET", "/cases", TOK[role])
        items = (r.try_json() or {}).get("items")
        T.check(r.status == 403 or (r.status == 200 and items == []),
                "%s GET /cases -> 403 or an empty list" % role,
                "%s %s" % (r.status, short(r.text)))

    ct = list_all(cw, "case_type=CT")
    T.check(ct and all(i.get("case_type") == "CT" for i in ct),
            "?case_type=CT returns only CT cases", short(ct))
    T.check(S["CT"] in ids(ct) and S["A"] not in ids(ct),
            "?case_type=CT holds the CT case and not the AVRR one")
    av = list_all(cw, "case_type=AVRR")
    T.check(av and all(i.get("case_type") == "AVRR" for i in av) and
            S["A"] in ids(av), "?case_type=AVRR returns AVRR cases only")
    st = list_all(cw, "stage=intake")
    T.check(st and all(i.get("stage") == "intake" for i in st) and
            S["A"] in ids(st), "?stage=intake returns intake cases only")
    closed = list_all(cw, "stage=closed")
    T.check(S["A"] not in ids(closed), "?stage=closed lacks an intake case")
    both = list_all(cw, "case_type=CT&stage=intake")
    T.check(S["CT"] in ids(both) and S["A"] not in ids(both),
            "case_type and stage filters combine")

    for label, q in (("case_type=XYZ", "case_type=XYZ"),
                     ("stage=nowhere", "stage=nowhere"),
                     ("limit=abc", "limit=abc"), ("limit=-1", "limit=-1"),
                     ("limit=0", "limit=0"), ("limit=100000", "limit=100000"),
                     ("a cursor of NUL and 0xFF", "cursor=%00%ff"),
                     ("a 600-character cursor", "cursor=" + "A" * 600),
                     ("an SQL-injection case_type",
                      "case_type=%27%20OR%201=1--")):
        r = api("GET", "/cases?" + q, cw)
        items = (r.try_json() or {}).get("items")
        T.check(r.status in (400, 422) or
                (r.status == 200 and isinstance(items, list) and
                 B not in ids(items)),
                "GET /cases with %s -> 400/422 or a list of own cases" %
                label, "%s %s" % (r.status, short(r.text)))
    T.check(healthy(), "server healthy after odd list queries")


def test_pagination():
    cw = TOK["caseworker"]
    full = ids(list_all(cw))
    T.check(len(full) >= 3, "caseworker has at least 3 cases", len(full))
    r = api("GET", "/cases?limit=2", cw)
    T.status(r, 200, "GET /cases?limit=2 -> 200")
    j = r.try_json() or {}
    T.eq(len(j.get("items") or []), 2, "?limit=2 returns 2 items")
    T.check(isinstance(j.get("next_cursor"), str) and j["next_cursor"],
            "?limit=2 returns a next_cursor", short(j.get("next_cursor")))
    pages = [ids(j.get("items") or [])]
    cursor = j.get("next_cursor")
    for _ in range(100):
        if not cursor:
            break
        r = api("GET", "/cases?limit=2&cursor=" +
                urllib.parse.quote(cursor, safe=""), cw)
        if not T.status(r, 200, "following next_cursor -> 200"):
            break
        j = r.json()
        pages.append(ids(j["items"]))
        cursor = j.get("next_cursor")
    T.check(len(pages) >= 2 and pages[1] and not set(pages[0]) &
            set(pages[1]), "page 2 shares no item with page 1", pages[:2])
    flat = [i for p in pages for i in p]
    T.check(all(len(p) <= 2 for p in pages), "every page has <= 2 items")
    T.eq(len(flat), len(set(flat)), "no item repeats across pages")
    T.eq(sorted(flat), sorted(full), "the pages together are the full list")
    T.check(cursor is None, "the last page has next_cursor null")


# ---------------------------------------------------------------- search

def search(token, body):
    return api("POST", "/cases/search", token, body=body)


def found(r):
    return ids((r.try_json() or {}).get("items") or [])


def test_search():
    A, p = S["A"], S["A_body"]["person"]
    cw = TOK["caseworker"]
    doc = p["document_number"]
    r = search(cw, {"document_number": doc})
    T.status(r, 200, "search by document_number -> 200")
    T.check("next_cursor" in (r.try_json() or {}) or
            isinstance((r.try_json() or {}).get("items"), list),
            "search answers the list shape", short(r.text))
    T.check(A in found(r), "exact document number finds the case")
    sloppy = "  " + doc.lower() + " "
    note("document_number", doc.lower())
    T.check(A in found(search(cw, {"document_number": sloppy})),
            "lower-case document number with surrounding spaces finds it")
    T.check(A in found(search(cw, {"given_name": p["given_name"],
                                   "family_name": p["family_name"],
                                   "date_of_birth": p["date_of_birth"]})),
            "exact full name + date of birth finds the case")
    T.check(A in found(search(cw, {"given_name": p["given_name"].upper(),
                                   "family_name": p["family_name"].upper(),
                                   "date_of_birth": p["date_of_birth"]})),
            "name search is case-insensitive")
    d = datetime.date.fromisoformat(p["date_of_birth"]) + \
        datetime.timedelta(days=1)
    r = search(cw, {"given_name": p["given_name"],
                    "family_name": p["family_name"],
                    "date_of_birth": d.isoformat()})
    T.status(r, 200, "search with a wrong date of birth -> 200")
    T.eq(found(r), [], "a wrong date of birth finds nothing")
    r = search(cw, {"given_name": p["given_name"],
                    "family_name": "Other%s" % TAG,
                    "date_of_birth": p["date_of_birth"]})
    T.eq(found(r), [], "a wrong family name finds nothing")
    r = search(TOK["caseworker2"], {"document_number": doc})
    T.status(r, 200, "caseworker2 search -> 200")
    T.eq(found(r), [], "caseworker2 (Belgrade) finds nothing for Sarajevo's "
         "document number")
    T.check(A in found(search(TOK["supervisor"], {"document_number": doc})),
            "supervisor (Sarajevo) finds the office's case")
    T.check(A not in found(search(TOK["supervisor2"],
                                  {"document_number": doc})),
            "supervisor2 (Belgrade) does not find Sarajevo's case")
    for role in ("partner", "auditor", "admin"):
        r = search(TOK[role], {"document_number": doc})
        T.check(r.status in (403, 404) or (r.status == 200 and
                                           found(r) == []),
                "%s search -> 403/404 or nothing" % role,
                "%s %s" % (r.status, short(r.text)))
    for cid, sp in S.get("script_cases", []):
        r = search(cw, {"given_name": sp["given_name"],
                        "family_name": sp["family_name"],
                        "date_of_birth": sp["date_of_birth"]})
        T.check(cid in found(r), "name + DOB search finds %s %s" % (
            sp["given_name"], sp["family_name"]))

    for name, body in (("empty object", {}),
                       ("document_number a number", {"document_number": 5}),
                       ("unknown member", {"document_number": doc,
                                           "nickname": "x"}),
                       ("name without date of birth",
                        {"given_name": p["given_name"],
                         "family_name": p["family_name"]}),
                       ("malformed date", {"given_name": p["given_name"],
                                           "family_name": p["family_name"],
                                           "date_of_birth": "1990-02-30"})):
        r = search(cw, body)
        T.status(r, (400, 422), "search with %s -> 400/422" % name)
    r = api("GET", "/cases/search?document_number=" + doc, cw)
    T.check(r.status in (400, 404, 405) and A not in r.text,
            "GET search with the identifier in the URL is not served",
            "%s %s" % (r.status, short(r.text)))


# ----------------------------------------------------------- transitions

def transition_data(entry, n):
    """Values for every required field of an allowed transition, and for
    every free-text field (free text is E2: it must be stored sealed, so
    the values are recorded as secrets)."""
    data = {}
    for f in entry.get("fields") or []:
        t, opts = f.get("type"), f.get("options") or []
        if t == "text":
            v = "Transition note %s %d %s: wants to go home" % (
                TAG, n, f.get("name"))
            note("free_text", v)
        elif not f.get("required"):
            continue
        elif t == "date":
            v = datetime.date.today().isoformat()
        elif t == "enum":
            v = opts[0] if opts else ""
        elif t == "multi":
            v = opts[:1]
        elif t == "bool":
            v = True
        elif t == "number":
            v = 1
        elif t == "country":
            v = "BA"
        else:
            v = "x"
        data[f["name"]] = v
    return data


def test_transitions():
    cw = TOK["caseworker"]
    c = create_ok(cw, case_body(80), "transition case")
    cid = c["id"]
    path = "/cases/%s/transitions" % cid
    entry = next((t for t in c.get("allowed_transitions") or []
                  if t.get("to") == "counselling"), None)
    if not T.check(entry is not None, "counselling is an allowed transition",
                   short(c.get("allowed_transitions"))):
        return
    data = transition_data(entry, 80)
    good = {"to": "counselling", "version": 1, "data": data}

    r = api("POST", path, TOK["caseworker2"], body=good)
    T.status(r, 404, "another office's caseworker transition -> 404")
    for role in ("partner", "auditor"):
        r = api("POST", path, TOK[role], body=good)
        T.status(r, 404, "%s transition -> 404" % role)
    T.eq((api("GET", "/cases/" + cid, cw).try_json() or {}).get("version"), 1,
         "denied transitions left version 1")

    required = [f["name"] for f in entry.get("fields") or []
                if f.get("required")]
    if required:
        r = api("POST", path, cw, body={"to": "counselling", "version": 1})
        T.status(r, 422, "transition without its required field %s -> 422"
                 % required[0])
        fields = r.error_fields()
        T.check(required[0] in fields or "data." + required[0] in fields,
                "error.fields names the missing %s" % required[0],
                short(r.text))
    for name, body in (("missing version", {"to": "counselling",
                                             "data": data}),
                       ("version as a string", {"to": "counselling",
                                                "version": "1",
                                                "data": data}),
                       ("unknown member", dict(good, sneaky=True))):
        r = api("POST", path, cw, body=body)
        T.status(r, (400, 422), "transition with %s -> 400/422" % name)
    r = api("POST", path, cw, raw=b'to=counselling&version=1',
            ctype="application/x-www-form-urlencoded")
    T.status(r, 415, "transition with a form body -> 415")
    T.eq((api("GET", "/cases/" + cid, cw).try_json() or {}).get("version"), 1,
         "refused transition requests left version 1")

    r = api("POST", path, cw, body=good)
    T.status(r, 200, "owner transition to counselling (with its fields) "
             "-> 200")
    j = r.try_json() or {}
    T.eq(j.get("version"), 2, "transition returns version 2")
    T.eq(j.get("state"), "counselling", "transition returns state "
         "counselling")
    r = api("POST", path, cw, body=good)
    T.status(r, 409, "repeating with the stale version 1 -> 409")
    T.eq(r.error_code(), "conflict", "stale version error.code is conflict")
    g = api("GET", "/cases/" + cid, cw).try_json() or {}
    T.eq((g.get("version"), g.get("state")), (2, "counselling"),
         "GET shows version 2 and state counselling")
    T.check(g.get("updated_at", "") >= g.get("created_at", "~"),
            "updated_at is not before created_at",
            (g.get("created_at"), g.get("updated_at")))
    allowed = [t.get("to") for t in g.get("allowed_transitions") or []]
    for target in ("arrived", "departed", "reintegration_planning",
                   "nonsense_state"):
        if target in allowed:
            continue
        r = api("POST", path, cw, body={"to": target, "version": 2,
                                        "data": {}})
        T.status(r, 422, "transition to %s (not allowed) -> 422" % target)
    g2 = api("GET", "/cases/" + cid, cw).try_json() or {}
    T.eq((g2.get("version"), g2.get("state")), (2, "counselling"),
         "refused transitions change nothing")
    r = api("POST", "/cases/%s/transitions" % random_uuid(), cw, body=good)
    T.status(r, 404, "transition on a random UUID -> 404")


# ----------------------------------------------------------------- audit

def poll(get, done, seconds=5.0):
    """get() until done(value) or the time is up; the last value."""
    end = time.monotonic() + seconds
    v = get()
    while not done(v) and time.monotonic() < end:
        time.sleep(0.05)
        v = get()
    return v


def verify(role):
    return api("GET", "/audit/verify", TOK[role])


def test_audit_verify_api():
    for role in ("auditor", "admin"):
        r = verify(role)
        T.status(r, 200, "%s GET /audit/verify -> 200" % role)
        j = r.try_json() or {}
        T.check(j.get("ok") is True and j.get("first_bad", 0) is None and
                isinstance(j.get("entries"), int) and j["entries"] > 0,
                "%s: chain ok, entries > 0, first_bad null" % role, short(j))
    n1 = (verify("auditor").try_json() or {}).get("entries", 0)
    c = create_ok(TOK["caseworker"], case_body(90), "audit case")
    api("GET", "/cases/" + c["id"], TOK["caseworker"])
    n2 = poll(lambda: (verify("auditor").try_json() or {}).get("entries", 0),
              lambda n: n >= n1 + 2)
    T.check(n2 >= n1 + 2, "entries grow after a create and a view",
            (n1, n2))
    for role in ("caseworker", "supervisor", "partner"):
        T.status(verify(role), (403, 404),
                 "%s GET /audit/verify -> 403/404" % role)


def test_audit_db():
    A = S["A"]
    acts = [r[0] for r in sql("SELECT action FROM cb.audit_log WHERE "
                              "record_id = '%s' ORDER BY id" % A)]
    T.check("case.create" in acts, "audit_log has case.create for the case",
            acts)
    T.check("case.view" in acts, "audit_log has case.view for the case", acts)
    q = ("SELECT count(*) FROM cb.audit_log WHERE record_id = '%s' AND "
         "action = 'case.view'" % A)
    v1 = int(sql_value(q))
    api("GET", "/cases/" + A, TOK["supervisor"])
    # Committed before the reply left: counted at once, no waiting.
    v2 = int(sql_value(q))
    T.eq(v2, v1 + 1, "every view has its case.view entry committed before "
         "the reply (supervisor)")
    for action in ("login.ok", "login.fail"):
        n = int(sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                          "'%s'" % action))
        T.check(n > 0, "audit_log has %s rows" % action, n)
    rows = "\n".join("|".join(r) for r in
                     sql("SELECT t::text FROM cb.audit_log t"))
    T.check(len(rows) > 0, "audit_log is readable")
    leaked = [s for s in SECRETS if s and s in rows]
    T.eq(leaked, [], "no audit row contains a personal value, password "
         "or token")


# ------------------------------------------------------------- plaintext

def test_plaintext():
    v = sql_value("SELECT data_type FROM information_schema.columns WHERE "
                  "table_schema = 'cb' AND table_name = 'persons' AND "
                  "column_name = 'given_name'")
    T.eq(v, "bytea", "persons.given_name is a bytea (ciphertext) column")
    A, p = S["A"], S["A_body"]["person"]
    row = sql("SELECT octet_length(p.given_name), octet_length("
              "p.document_number), octet_length(c.location) FROM cb.persons "
              "p JOIN cb.cases c ON c.person_id = p.id WHERE c.id = '%s'" % A)
    T.check(row and all(x not in ("", None) for x in row[0]),
            "the case's given_name, document_number and location are "
            "stored (non-null)", row)
    if row and row[0][0]:
        T.check(int(row[0][0]) >= len(p["given_name"].encode()) + 16,
                "stored given_name is longer than the plaintext (nonce/tag)",
                row)

    dump = pg_dump()
    T.check(b"given_name" in dump and b"persons" in dump and
            len(dump) > 10000, "pg_dump produced the database", len(dump))
    labels = {"given_name": "given names", "family_name": "family names",
              "name_original_script": "original-script names",
              "date_of_birth": "dates of birth", "phone": "phone numbers",
              "document_number": "document numbers",
              "location": "locations", "free_text": "free-text notes"}
    for cat, label in labels.items():
        vals = SENT.get(cat, [])
        plain = [v for v in vals if v.encode("utf-8") in dump]
        if not vals and cat == "free_text":
            continue
        T.check(vals and not plain, "pg_dump contains none of the %d %s "
                "sent" % (len(vals), label), "found: %s" % short(plain))
        hexed = [v for v in vals if len(v.encode()) >= 5 and
                 v.encode().hex().encode() in dump]
        T.check(not hexed, "pg_dump contains no hex-encoded %s" % label,
                "found: %s" % short(hexed))
    docs = SENT.get("document_number", [])
    digests = []
    for d in docs:
        for variant in (d, d.lower(), d.upper(), d.strip()):
            digests.append(hashlib.sha256(variant.encode()).hexdigest())
    T.check(not [h for h in digests if h.encode() in dump],
            "document blind index is keyed (no plain SHA-256 in the dump)")
    others = [s for s in SECRETS if s.encode() in dump]
    T.eq(others, [], "pg_dump contains no password or token used here")


# ------------------------------------------------------------------ main

def test_no_server_errors():
    T.check(healthy(), "server still healthy at the end of the API suite")
    T.eq(SERVER_ERRORS, [], "no request of the API suite got a 5xx")
    T.eq(sorted(UNTRANSLATED.items()), [], "every user-visible message is "
         "translated (no raw catalogue key shown)")


def main():
    if not os.environ.get("CB_STATE_DIR"):
        print("not ok - api: CB_STATE_DIR is not set (run tests/e2e/run.sh)")
        sys.exit(1)
    T.run(test_healthz)
    try:
        setup()
        T.check(True, "all demo users log in")
    except Exception as e:
        T.check(False, "all demo users log in", str(e))
        T.finish()
    for fn in (test_security_headers, test_login_ok,
               test_login_failures_identical, test_login_malformed,
               test_lockout, test_admin_user_commands, test_logout,
               test_auth_required,
               test_cookie_is_not_a_bearer, test_create_avrr, test_create_ct,
               test_create_office, test_role_create_denied,
               test_create_refusal_order,
               test_scripts_roundtrip, test_boundary_lengths, test_no_consent,
               test_validation, test_body_errors, test_idempotency,
               test_access, test_list_and_filters, test_pagination,
               test_search, test_transitions, test_audit_verify_api,
               test_audit_db, test_plaintext, test_no_server_errors):
        T.run(fn)
    T.finish()


if __name__ == "__main__":
    main()
