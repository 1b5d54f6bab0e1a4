#!/usr/bin/env python3
"""End-to-end tests of the lifecycles and approvals over HTTP: an AVRR
case walked from intake to closed with monitoring, and a CT case from
identification to a linked AVRR return, both by following
allowed_transitions alone (the values are made from the field specs the
server sends); the four-eyes rules attacked directly through the API
(self-approval, another office, a caseworker, partner/auditor/admin,
two supervisors at once, the database itself); stale versions; guards;
withdrawal cancelling a request; the case page's forms keeping input on
errors and on a stale version; every new route for every role; and the
audit chain verifying afterwards. Run by tests/e2e/run.sh."""

import datetime
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, RUNNUM, Suite, api, token_for, add_user, sql,  # noqa
                 sql_value, record_secret, random_uuid, browser_login, Page,
                 short, demo_password as demo)

T = Suite("lifecycle")
TOK = {}
S = {}
TODAY = datetime.date.today().isoformat()
WALK = {}

# Values the walks choose where the first option would not do.
PREFER = {
    "migration_status": "stranded_migrant",
    "trafficking_status": "ActualVictimOfTrafficking",
    "identified_by": "NGO",
    "fit_to_travel": "fit",
    "closure_reason": "completed",
    "durable_solution": "voluntary_return",
    "consent_method": "signed",
    "referral_source": "ngo",
    "return_currency": "EUR",
    "plan_currency": "EUR",
    "support_currency": "BAM",
}
PREFER_MULTI = {"vulnerabilities": ["family_with_children"]}
# Yes/no answers that would stop a return when true.
FALSE = {"protection_need", "escort_needed", "trafficking_indicators"}


def tok(user):
    if user not in TOK:
        TOK[user] = token_for(user, S.get("pw", {}).get(user))
    return TOK[user]


def fill(fields, extra=None):
    """Values for a transition's fields, made from their specs alone."""
    out = {}
    for f in fields:
        name, typ = f["name"], f["type"]
        if typ == "bool":
            out[name] = name not in FALSE
        elif typ == "date":
            out[name] = "2031-06-30" if name == "planned_end_date" \
                else TODAY
        elif typ == "enum":
            opts = f["options"]
            out[name] = PREFER[name] if PREFER.get(name) in opts \
                else opts[0]
        elif typ == "multi":
            out[name] = PREFER_MULTI.get(name, f["options"][:2])
        elif typ == "number":
            out[name] = 1200
        elif typ == "country":
            out[name] = "PK"
        elif f["required"]:
            out[name] = "Note %s %s %d" % (name, TAG, RUNNUM)
    out.update(extra or {})
    for v in out.values():
        if isinstance(v, str) and TAG in v:
            record_secret(v)
    return out


def new_case(case_type, who="caseworker", n=0):
    body = {"case_type": case_type, "consent_data_processing": True,
            "person": {"given_name": "Zahra%s%d" % (TAG, n),
                       "family_name": "Rahimi%s%d" % (TAG, n),
                       "date_of_birth": "1994-03-%02d" % (1 + n % 27),
                       "citizenship": "AF", "gender": "Feminine"}}
    for k in ("given_name", "family_name", "date_of_birth"):
        record_secret(body["person"][k])
    r = api("POST", "/cases", tok(who), body)
    if r.status != 201:
        raise RuntimeError("create: %s %s" % (r.status, short(r.text)))
    return r.json()


class Walker:
    """Moves a case by what allowed_transitions offers; counts the
    requests and the time they took."""

    def __init__(self, cid, who="caseworker", approver="supervisor"):
        self.cid, self.who, self.approver = cid, who, approver
        self.requests = 0
        self.ms = 0.0

    def call(self, *args, **kw):
        t0 = time.monotonic()
        r = api(*args, **kw)
        self.ms += (time.monotonic() - t0) * 1000
        self.requests += 1
        return r

    def case(self):
        r = self.call("GET", "/cases/" + self.cid, tok(self.who))
        if r.status != 200:
            raise RuntimeError("GET case: %s" % r.status)
        return r.json()

    def go(self, to, extra=None, reason=None):
        c = self.case()
        offered = {t["to"]: t for t in c["allowed_transitions"]}
        if not T.check(to in offered, "%s: %s is offered from %s" % (
                self.cid[:8], to, c["state"]), sorted(offered)):
            return None
        body = {"to": to, "version": c["version"],
                "data": fill(offered[to]["fields"], extra)}
        if reason:
            body["reason"] = reason
            record_secret(reason)
        r = self.call("POST", "/cases/%s/transitions" % self.cid,
                      tok(self.who), body)
        if r.status == 202:
            ap = r.json()["approval_id"]
            T.check(r.json()["state"].endswith("_pending_approval"),
                    "%s -> %s waits in a pending state (%s)" % (
                        c["state"], to, r.json()["state"]))
            comment = "Approved %s %d" % (TAG, RUNNUM)
            record_secret(comment)
            d = self.call("POST", "/approvals/%s/decision" % ap,
                          tok(self.approver),
                          {"decision": "approve", "comment": comment})
            T.status(d, 200, "%s approves %s -> %s" % (self.approver,
                                                        c["state"], to))
            return d
        T.status(r, 200, "%s -> %s" % (c["state"], to))
        return r


# ------------------------------------------------------------- fixtures

def setup():
    S["pw"] = {}
    for user, role in (("supb", "supervisor"), ("cwb", "caseworker")):
        name = "%s%s" % (user, TAG)
        pw = "Lifecycle-%s-%d-%s" % (TAG, RUNNUM, user)
        add_user(name, role, pw, "Sarajevo")
        S["pw"][name] = pw
        S[user] = name


# ------------------------------------------------------------ the walks

def test_avrr_walk():
    c = new_case("AVRR", n=1)
    S["avrr"] = c["id"]
    w = Walker(c["id"])
    t0 = time.monotonic()
    w.go("counselling")
    w.go("screening")
    w.go("return_planning")
    w.go("travel_preparation", {"route": "Sarajevo - Istanbul - Lahore %s"
                                % TAG})
    w.go("departed", {"escort_booked": False})
    w.go("arrived")
    w.go("reintegration_planning")
    w.go("reintegration_assistance")
    w.go("monitoring")
    w.go("closed", {"closure_note": "Closed well %s" % TAG})
    WALK["avrr"] = (w.requests, w.ms, (time.monotonic() - t0) * 1000)
    c = w.case()
    T.eq((c["stage"], c["state"], c["htcds_status"]),
         ("closed", "closed", "Closed"), "the AVRR case ends closed")
    T.eq(c["facts"].get("destination_country"), "PK",
         "the coded answers are recorded (destination)")
    T.eq(c["facts"].get("closure_reason"), "completed",
         "the closure reason is recorded")
    T.eq(c["allowed_transitions"] and [t["to"] for t in
                                       c["allowed_transitions"]],
         ["monitoring"], "a closed case offers only reopening")
    print("# AVRR walk: %d requests, %.0f ms in requests, %.0f ms in all"
          % WALK["avrr"], flush=True)

    h = api("GET", "/cases/%s/history" % c["id"], tok("caseworker"))
    T.status(h, 200, "the history opens")
    items = h.json()["items"]
    kinds = [i["kind"] for i in items]
    T.eq(kinds.count("request"), 3, "three requests in the history")
    T.eq(kinds.count("decision"), 3, "three decisions in the history")
    T.check(all(i["actor"] for i in items), "every entry names its actor")
    T.eq([i["at"] for i in items], sorted(i["at"] for i in items),
         "the history is in order")
    dec = [i for i in items if i["kind"] == "decision"]
    T.check(all(i["role"] == "supervisor" and i["comment"]
                and TAG in i["comment"] for i in dec),
            "each decision shows the supervisor and the comment")
    reqs = [i for i in items if i["kind"] == "request"]
    T.check(all(i["actor"] == "caseworker" and i["status"] == "approved"
                for i in reqs), "each request shows who asked and that "
            "it was approved")
    route = [i for i in items if i["data"] and "route" in i["data"]]
    T.check(route and TAG in route[0]["data"]["route"],
            "the sealed route opens in the history for the case team")
    T.check(sql_value("SELECT count(*) FROM cb.case_transitions WHERE "
                      "case_id = '%s' AND data IS NOT NULL" % c["id"])
            != "0", "the transitions' sealed data is stored")
    T.eq(sql_value("SELECT destination_country || ':' || "
                   "array_to_string(assistance_types, ',') FROM cb.cases "
                   "WHERE id = '%s'" % c["id"]).split(":")[0], "PK",
         "destination is a plain column statistics can count")


def test_ct_walk_to_avrr():
    c = new_case("CT", n=2)
    S["ct"] = c["id"]
    w = Walker(c["id"])
    w.go("immediate_assistance", {"safety_risk": "high"})
    w.go("screening_interview")
    w.go("consent", {"narrative": "Recruited online %s %d" % (TAG,
                                                             RUNNUM)})
    w.go("support_plan")
    w.go("referral", {"support_budget": 350, "plan_objectives":
                      "Shelter and counselling %s" % TAG})
    w.go("durable_solution")
    w.go("follow_up")
    ct = w.case()
    T.eq(ct["facts"].get("durable_solution"), "voluntary_return",
         "the durable solution is recorded")
    T.eq(ct["facts"].get("trafficking_status"),
         "ActualVictimOfTrafficking", "the trafficking status is recorded")

    r = api("POST", "/cases/%s/links" % c["id"], tok("caseworker"),
            {"case_type": "AVRR"}, headers={"Idempotency-Key":
                                            "link-%s" % TAG})
    T.status(r, 201, "a linked AVRR case for the survivor")
    av = r.json()
    S["linked"] = av["id"]
    T.eq((av["case_type"], av["state"]), ("AVRR", "intake_registered"),
         "the linked case starts at intake")
    T.eq(av["person"].get("given_name"), "Zahra%s2" % TAG,
         "the person is carried over without retyping")
    r2 = api("POST", "/cases/%s/links" % c["id"], tok("caseworker"),
             {"case_type": "AVRR"}, headers={"Idempotency-Key":
                                             "link-%s" % TAG})
    T.eq((r2.status, r2.json().get("id")), (201, av["id"]),
         "the same Idempotency-Key replays the first link")
    r3 = api("POST", "/cases/%s/links" % c["id"], tok("caseworker"),
             {"case_type": "AVRR"})
    T.status(r3, 422, "a second open linked AVRR case is refused")
    T.eq(r3.try_json() and r3.json()["error"]["code"], "guard",
         "...as a guard")
    r4 = api("POST", "/cases/%s/links" % c["id"], tok("caseworker"),
             {"case_type": "CT"})
    T.status(r4, 422, "a link to the same type is refused")
    ct = w.case()
    T.eq([l["id"] for l in ct["links"]], [av["id"]],
         "the CT case shows the link")
    T.eq(api("GET", "/cases/" + av["id"], tok("caseworker")).json()
         ["linked_cases"], [c["id"]], "the AVRR case links back")

    wa = Walker(av["id"])
    wa.go("counselling")
    wa.go("screening")
    wa.go("return_planning")
    wa.go("travel_preparation")
    wa.go("departed")
    wa.go("arrived")
    T.eq(wa.case()["stage"], "return", "the linked AVRR case returned")
    w.go("closed_referred", {"closure_reason": "referred_out"})
    T.eq(w.case()["htcds_status"], "ClosedReferred",
         "the CT case ends closed and referred")


# ----------------------------------------------------- four eyes, attacked

def pending_return():
    """An AVRR case waiting for approval of its return; (case, approval)."""
    c = new_case("AVRR", n=3 + len(S.setdefault("pend", [])))
    w = Walker(c["id"])
    w.go("counselling")
    w.go("screening")
    w.go("return_planning")
    cur = w.case()
    r = api("POST", "/cases/%s/transitions" % c["id"], tok("caseworker"),
            {"to": "travel_preparation", "version": cur["version"],
             "data": {"destination_country": "IQ"}})
    T.status(r, 202, "the return movement waits for approval")
    S["pend"].append(c["id"])
    return c["id"], r.json()["approval_id"]


def test_four_eyes():
    cid, ap = pending_return()
    c = api("GET", "/cases/" + cid, tok("caseworker")).json()
    T.eq(c["pending_approval"] and c["pending_approval"]["id"], ap,
         "the case names the request it waits for")
    T.eq(c["stage"], "return", "a pending state keeps its stage")
    T.eq([t["to"] for t in c["allowed_transitions"]], ["withdrawn"],
         "while it waits, only a withdrawal is open")

    body = {"decision": "approve", "comment": "ok"}
    path = "/approvals/%s/decision" % ap
    r = api("POST", path, tok("caseworker"), body)
    T.status(r, 403, "a caseworker cannot decide (even on own case)")
    r = api("POST", path, tok("supervisor2"), body)
    T.status(r, 404, "a supervisor of another office: 404")
    for who in ("partner", "auditor", "admin", "caseworker2"):
        r = api("POST", path, tok(who), body)
        T.status(r, 404, "%s cannot decide: 404" % who)
    r = api("POST", "/approvals/%s/decision" % random_uuid(),
            tok("supervisor"), body)
    T.status(r, 404, "an unknown request: 404")
    r = api("POST", path, tok("supervisor"), {"decision": "reject"})
    T.status(r, 422, "a rejection needs a comment")
    T.check(r.try_json() and "comment" in r.json()["error"].get("fields",
                                                               {}),
            "...named in the error")
    r = api("POST", path, tok("supervisor"), {"decision": "maybe"})
    T.status(r, 422, "an unknown decision is refused")
    r = api("POST", path, tok("supervisor"), {"decision": "approve",
                                               "extra": 1})
    T.status(r, 422, "an unknown member is refused")
    lst = api("GET", "/approvals?status=pending", tok("supervisor")).json()
    mine = [i for i in lst["items"] if i["id"] == ap]
    T.check(mine and mine[0]["case"]["person"].get("given_name"),
            "the supervisor's list has it, with the person's name")
    T.eq(mine and mine[0]["facts"].get("destination_country"), "IQ",
         "...and what it asks for")
    lst2 = api("GET", "/approvals?status=pending", tok("supervisor2"))
    T.check(ap not in [i["id"] for i in lst2.json()["items"]],
            "another office's supervisor does not see it")
    for who, want in (("partner", 403), ("auditor", 403), ("admin", 403)):
        T.status(api("GET", "/approvals", tok(who)), want,
                 "%s lists no approvals" % who)
    T.status(api("GET", "/approvals?status=bogus", tok("supervisor")), 422,
             "an unknown status filter is refused")

    # Two supervisors decide at once: one wins.
    results = []

    def decide(who, d):
        results.append(api("POST", path, tok(who),
                           {"decision": d, "comment": "race %s" % who}))
    tok(S["supb"])
    th = [threading.Thread(target=decide, args=("supervisor", "approve")),
          threading.Thread(target=decide, args=(S["supb"], "reject"))]
    for t in th:
        t.start()
    for t in th:
        t.join()
    T.eq(sorted(r.status for r in results), [200, 409],
         "two decisions at once: exactly one wins, the other gets 409")
    r = api("POST", path, tok("supervisor"), body)
    T.status(r, 409, "a decided request cannot be decided again")
    T.eq(sql_value("SELECT status FROM cb.approvals WHERE id = '%s'" % ap)
         in ("approved", "rejected"), True, "the decision is stored")

    # The database holds the rules too, whoever writes.
    for q, what in (
            ("UPDATE cb.approvals SET comment = NULL WHERE id = '%s'" % ap,
             "a decided approval cannot change"),
            ("DELETE FROM cb.approvals WHERE id = '%s'" % ap,
             "an approval cannot be deleted")):
        try:
            sql(q)
            T.check(False, what)
        except RuntimeError as e:
            T.check("already" in str(e) or "never deleted" in str(e),
                    what, str(e))
    cid2, ap2 = pending_return()
    uid = sql_value("SELECT requested_by FROM cb.approvals WHERE id = '%s'"
                    % ap2)
    try:
        sql("UPDATE cb.approvals SET status = 'approved', decided_by = "
            "requested_by, decided_at = now() WHERE id = '%s'" % ap2)
        T.check(False, "the database refuses a requester as decider")
    except RuntimeError as e:
        T.check("check" in str(e).lower() or "supervisor" in str(e),
                "the database refuses a requester as decider", str(e))
    sup2 = sql_value("SELECT id FROM cb.users WHERE username = "
                     "'supervisor2'")
    try:
        sql("UPDATE cb.approvals SET status = 'approved', decided_by = "
            "'%s', decided_at = now() WHERE id = '%s'" % (sup2, ap2))
        T.check(False, "the database refuses another office's supervisor")
    except RuntimeError as e:
        T.check("supervisor of office" in str(e),
                "the database refuses another office's supervisor", str(e))
    T.check(uid, "the request has its requester")
    S["ap2"] = (cid2, ap2)


def test_self_approval():
    """A supervisor asks to reopen a closed case: never decides it."""
    cid = S["avrr"]
    c = api("GET", "/cases/" + cid, tok("supervisor")).json()
    T.eq([t["to"] for t in c["allowed_transitions"]], ["monitoring"],
         "a supervisor may ask to reopen (after departure: monitoring)")
    r = api("POST", "/cases/%s/transitions" % cid, tok("supervisor"),
            {"to": "monitoring", "version": c["version"],
             "data": {"reopen_reason": "Follow-up visit %s" % TAG}})
    T.status(r, 202, "the supervisor's reopening waits for approval")
    ap = r.json()["approval_id"]
    d = api("POST", "/approvals/%s/decision" % ap, tok("supervisor"),
            {"decision": "approve", "comment": "self"})
    T.status(d, 403, "the requester cannot approve their own request")
    T.eq(d.try_json() and d.json()["error"]["code"], "forbidden",
         "...with code forbidden")
    lst = api("GET", "/approvals?status=pending", tok("supervisor")).json()
    T.check(ap not in [i["id"] for i in lst["items"]],
            "own requests are not in 'waiting for me'")
    d = api("POST", "/approvals/%s/decision" % ap, tok(S["supb"]),
            {"decision": "approve", "comment": "second pair of eyes"})
    T.status(d, 200, "a second supervisor approves the reopening")
    c = api("GET", "/cases/" + cid, tok("caseworker")).json()
    T.eq((c["state"], c["stage"]), ("monitoring", "reintegration"),
         "the reopened case is in monitoring again")
    rows = sql("SELECT requested_by::text, decided_by::text FROM "
               "cb.approvals WHERE id = '%s'" % ap)
    T.check(rows and rows[0][0] != rows[0][1],
            "requester and decider differ in the database")


def test_reject_and_withdraw():
    cid, ap = S["ap2"]
    r = api("POST", "/approvals/%s/decision" % ap, tok("supervisor"),
            {"decision": "reject", "comment": "Budget missing %s" % TAG})
    record_secret("Budget missing %s" % TAG)
    T.status(r, 200, "a supervisor rejects a return")
    c = api("GET", "/cases/" + cid, tok("caseworker")).json()
    T.eq(c["state"], "return_planning",
         "a rejected request goes back where it was asked")
    T.eq(c["facts"].get("destination_country"), None,
         "a rejected request records none of its facts")

    cid, ap = pending_return()
    c = api("GET", "/cases/" + cid, tok("caseworker")).json()
    r = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
            {"to": "withdrawn", "version": c["version"],
             "data": {"withdrawal_date": TODAY}})
    T.status(r, 200, "the migrant withdraws while the return waits")
    T.eq(sql_value("SELECT status FROM cb.approvals WHERE id = '%s'" % ap),
         "cancelled", "withdrawing cancels the request")
    d = api("POST", "/approvals/%s/decision" % ap, tok("supervisor"),
            {"decision": "approve", "comment": "late"})
    T.status(d, 409, "a cancelled request cannot be approved")


def test_stale_and_guards():
    c = new_case("AVRR", n=9)
    cid = c["id"]
    body = {"to": "counselling", "version": c["version"],
            "data": {"counselling_date": TODAY}}
    r1 = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
             body)
    T.status(r1, 200, "the first save with version %d" % c["version"])
    r2 = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
             body)
    T.status(r2, 409, "the same version again: 409, nothing overwritten")
    T.eq(sql_value("SELECT count(*) FROM cb.case_transitions WHERE "
                   "case_id = '%s'" % cid), "2",
         "the stale request wrote no transition")

    # Parallel moves with one version: exactly one applies.
    c = api("GET", "/cases/" + cid, tok("caseworker")).json()
    res = []

    def move():
        res.append(api("POST", "/cases/%s/transitions" % cid,
                       tok("caseworker"),
                       {"to": "screening", "version": c["version"],
                        "data": {"decision_date": TODAY}}).status)
    th = [threading.Thread(target=move) for _ in range(6)]
    for t in th:
        t.start()
    for t in th:
        t.join()
    T.eq(sorted(res), [200] + [409] * 5,
         "six parallel moves on one version: one applies")

    w = Walker(cid)
    c = w.case()
    r = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
            {"to": "return_planning", "version": c["version"],
             "data": {"migration_status": "asylum_seeker",
                      "protection_need": True, "return_declaration": True,
                      "consent_share": True}})
    T.status(r, 422, "a protection need stops the return")
    T.eq(r.try_json() and r.json()["error"]["code"], "guard",
         "...as a guard, with its message")
    w.go("return_planning", {"vulnerabilities": ["unaccompanied_child"]})
    c = w.case()
    r = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
            {"to": "travel_preparation", "version": c["version"],
             "data": {"destination_country": "AF"}})
    T.status(r, 422, "an unaccompanied child's return without a "
             "best-interest determination is refused")
    T.check(r.try_json() and "best-interest" in
            r.json()["error"]["message"], "...saying what is missing")
    w.go("travel_preparation", {"bid_date": TODAY,
                                "guardian_consent": True})
    c = w.case()
    r = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
            {"to": "departed", "version": c["version"],
             "data": {"departure_date": TODAY,
                      "fit_to_travel": "unfit_deferred"}})
    T.status(r, 422, "no departure when unfit")
    T.eq(r.try_json() and r.json()["error"]["code"], "guard",
         "...a guard refusal")
    r = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
            {"to": "departed", "version": c["version"],
             "data": {"departure_date": "2999-01-01",
                      "fit_to_travel": "fit"}})
    T.status(r, 422, "a departure date in the future is refused")
    T.check(r.try_json() and "departure_date" in
            r.json()["error"].get("fields", {}), "...naming the field")
    r = api("POST", "/cases/%s/transitions" % cid, tok("caseworker"),
            {"to": "departed", "version": c["version"],
             "data": {"departure_date": TODAY, "fit_to_travel": "fit",
                      "bogus": 1}})
    T.status(r, 422, "an unknown field is refused")
    T.eq(api("GET", "/cases/" + cid, tok("caseworker")).json()["version"],
         c["version"], "refusals changed nothing")


def test_other_roles():
    cid = S["avrr"]
    routes = (("GET", "/cases/%s" % cid, None),
              ("GET", "/cases/%s/history" % cid, None),
              ("POST", "/cases/%s/transitions" % cid,
               {"to": "closed", "version": 1}),
              ("POST", "/cases/%s/links" % cid, {"case_type": "CT"}))
    for who in ("caseworker2", "supervisor2", "partner", "auditor",
                "admin", S["cwb"]):
        for method, path, body in routes:
            r = api(method, path, tok(who), body)
            T.status(r, 404, "%s %s %s -> 404" % (who, method, path[:40]))
    r = api("GET", "/cases/%s/history" % random_uuid(), tok("caseworker"))
    T.status(r, 404, "history of an unknown case: 404")
    r = api("GET", "/cases/%s/history" % cid, None)
    T.status(r, 401, "history without a session: 401")
    n = int(sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                      "'case.history' AND outcome = 'denied'"))
    T.check(n >= 6, "denied history reads are audited (%d)" % n)


def test_pages():
    """The forms: a refusal keeps what was typed; a stale version says
    what changed and keeps the input; success redirects to the case."""
    c = new_case("AVRR", n=11)
    cid = c["id"]
    b = browser_login("caseworker")
    r = b.get("/cases/" + cid)
    T.status(r, 200, "the case page opens")
    page = Page(r.text)
    T.check('id="to-counselling"' in r.text,
            "the page offers counselling as a form")
    csrf = page.value("csrf")
    note = "Typed at length %s %d" % (TAG, RUNNUM)
    record_secret(note)
    r = b.post("/cases/%s/transitions" % cid, [
        ("csrf", csrf), ("to", "counselling"), ("version", str(c["version"])),
        ("data.counselling_date", "not a date"),
        ("data.counselling_note", note)])
    T.status(r, 422, "a bad date is refused on the page")
    T.check(note in r.text, "the note typed is kept")
    T.check('id="err-t-counselling-counselling_date"' in r.text,
            "the error sits next to its field")
    T.check("<details class=\"step\" id=\"to-counselling\" open>" in r.text,
            "the failed form is open")
    r = b.post("/cases/%s/transitions" % cid, [
        ("csrf", csrf), ("to", "counselling"), ("version", str(c["version"])),
        ("data.counselling_date", TODAY), ("data.counselling_note", note)])
    T.eq((r.status, r.location_path()), (303, "/cases/" + cid),
         "a good form redirects to the case")
    # The same form again, with the old version: 409 and the input kept.
    r = b.post("/cases/%s/transitions" % cid, [
        ("csrf", csrf), ("to", "withdrawn"), ("version", str(c["version"])),
        ("data.withdrawal_date", TODAY),
        ("data.withdrawal_note", note)])
    T.status(r, 409, "a stale form answers 409")
    T.check('id="stale"' in r.text and "Counselling" in r.text,
            "the page says the case changed and what it is now")
    T.check(note in r.text, "what was typed is kept")
    T.eq(api("GET", "/cases/" + cid, tok("caseworker")).json()["state"],
         "counselling", "nothing was overwritten")
    r = b.post("/cases/%s/transitions" % cid, [
        ("to", "screening"), ("version", "2"),
        ("data.decision_date", TODAY)])
    T.status(r, 403, "a form without its CSRF token is refused")
    h = b.get("/cases/" + cid)
    T.check('class="history"' in h.text and "Counselling" in h.text,
            "the history section shows the step")
    T.check(note in h.text, "the sealed note opens for the case team")

    sb = browser_login("supervisor")
    r = sb.get("/approvals")
    T.status(r, 200, "the supervisor's approvals page opens")


def test_draft_survives_timeout():
    """An interview outlasting the idle timeout: the form posted after
    the session ended is carried through the login and sent again; only
    to the same person."""
    c = new_case("AVRR", n=13)
    cid = c["id"]
    b = browser_login("caseworker")
    page = Page(b.get("/cases/" + cid).text)
    csrf = page.value("csrf")
    note = "Long interview notes %s %d" % (TAG, RUNNUM)
    record_secret(note)
    form = [("csrf", csrf), ("to", "counselling"),
            ("version", str(c["version"])),
            ("data.counselling_date", TODAY),
            ("data.counselling_note", note)]
    # The session idles out while the person types.
    sql("UPDATE cb.sessions SET last_seen = now() - interval '3 hours' "
        "WHERE user_id = (SELECT id FROM cb.users WHERE username = "
        "'caseworker') AND revoked_at IS NULL")
    TOK.pop("caseworker", None)
    r = b.post("/cases/%s/transitions" % cid, form)
    T.status(r, 401, "a form sent after the idle timeout: log in again")
    lp = Page(r.text)
    draft = lp.value("draft")
    T.check(draft and 'id="draft"' in r.text,
            "the login page carries the form, and says so")
    T.check(note not in r.text, "...sealed, not in the clear")
    # Someone else logging in on that browser does not get it.
    other = b.post("/login", [("username", "caseworker2"),
                              ("password", demo("caseworker2")),
                              ("csrf", lp.value("csrf")), ("draft", draft)])
    T.eq((other.status, other.location_path()), (303, "/"),
         "another user logging in gets no draft")
    lp2 = Page(b.get("/login").text)
    r = b.post("/login", [("username", "caseworker"),
                          ("password", demo("caseworker")),
                          ("csrf", lp2.value("csrf")), ("draft", draft)])
    T.status(r, 200, "the same person logs in: the form is ready again")
    rp = Page(r.text)
    T.check(note in r.text and 'id="resend"' in r.text,
            "...with what was typed")
    fields = [(k, rp.value(k)) for k in ("csrf", "to", "version",
                                          "data.counselling_date",
                                          "data.counselling_note")]
    r = b.post("/cases/%s/transitions" % cid, fields)
    T.eq((r.status, r.location_path()), (303, "/cases/" + cid),
         "sending it again saves it")
    h = api("GET", "/cases/%s/history" % cid, tok("caseworker")).json()
    T.check(any(i["data"] and i["data"].get("counselling_note") == note
                for i in h["items"]), "the note typed before the timeout "
            "is in the case")


def test_audit_after():
    r = api("GET", "/audit/verify", tok("auditor"))
    T.status(r, 200, "audit verify answers")
    T.eq(r.try_json() and r.json().get("ok"), True,
         "the audit chain verifies after the lifecycle suite")
    n = sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                  "'approval.decide' AND outcome = 'approved'")
    T.check(int(n) >= 4, "approvals are audited (%s)" % n)
    n = sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                  "'approval.request'")
    T.check(int(n) >= 5, "requests are audited (%s)" % n)


if __name__ == "__main__":
    T.run(setup)
    for fn in (test_avrr_walk, test_ct_walk_to_avrr, test_four_eyes,
               test_self_approval, test_reject_and_withdraw,
               test_stale_and_guards, test_other_roles, test_pages,
               test_draft_survives_timeout, test_audit_after):
        T.run(fn)
    T.finish()
