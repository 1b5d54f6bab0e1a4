#!/usr/bin/env python3
"""End-to-end tests of the homes, the case list and the pickers, in an
office of their own (two caseworkers and a supervisor made for the run),
so that every count is known: cases registered through the API, moved
through the transitions API (a closure requested and left pending,
another rejected) or, where the walk would be long, set by the database
owner. The list's filters each narrow to exactly the cases they name
(unknown values 422), every stage answers, pages keep every filter, and
the list's audit entry names the cases and person fields it returned;
names reach the assigned caseworker and the office's supervisor, nobody
else; each home's counts equal the database's; the pickers show names
and post codes. Run by tests/e2e/run.sh."""

import os
import re
import sys
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, RUNNUM, Suite, api, token_for, add_user, sql,  # noqa
                 sql_value, record_secret, random_uuid, browser_login,
                 Browser, Page, short, ids, list_all)

T = Suite("ui")
S = {"pw": {}, "tok": {}, "id": {}, "cases": {}}
OFFICE = "Mostar %s" % TAG
STAGES = ["intake", "screening", "referral", "return", "reintegration",
          "closed"]


def tok(user):
    if user not in S["tok"]:
        S["tok"][user] = token_for(user, S["pw"].get(user))
    return S["tok"][user]


def login(user):
    return browser_login(user, S["pw"].get(user))


def new_case(who, case_type, n, named=True):
    body = {"case_type": case_type}
    if named:
        body["consent_data_processing"] = True
        body["person"] = {"given_name": "Nadia%s%d" % (TAG, n),
                          "family_name": "Karimi%s%d" % (TAG, n),
                          "citizenship": "AF", "languages": ["prs", "en"]}
        record_secret(body["person"]["given_name"])
        record_secret(body["person"]["family_name"])
    r = api("POST", "/cases", tok(who), body)
    if r.status != 201:
        raise RuntimeError("create: %s %s" % (r.status, short(r.text)))
    return r.json()["id"]


def request_closure(who, cid):
    """Asks for a closure (needs a supervisor): the approval id."""
    c = api("GET", "/cases/" + cid, tok(who)).json()
    tr = [t for t in c["allowed_transitions"] if t["to"] == "closed"][0]
    data = {}
    for f in tr["fields"]:
        if f["type"] == "enum":
            data[f["name"]] = "withdrew" if "withdrew" in f["options"] \
                else f["options"][0]
        elif f["required"]:
            data[f["name"]] = "Closure note %s %d" % (TAG, RUNNUM)
            record_secret(data[f["name"]])
    r = api("POST", "/cases/%s/transitions" % cid, tok(who),
            {"to": "closed", "version": c["version"], "data": data})
    if r.status != 202:
        raise RuntimeError("closure: %s %s" % (r.status, short(r.text)))
    return r.json()["approval_id"]


def set_state(cid, state, stage):
    sql("UPDATE cb.cases SET state = '%s', stage = '%s' WHERE id = '%s'" %
        (state, stage, cid))


def last_list_entry(user):
    rows = sql("SELECT coalesce(array_to_string(l.records, ','), ''), "
               "coalesce(l.fields, ''), l.outcome FROM cb.audit_log l "
               "WHERE l.action = 'case.list' AND l.actor = '%s' "
               "ORDER BY l.id DESC LIMIT 1" % S["id"][user])
    return rows[0] if rows else None


def fold(s):
    return "".join(ch for ch in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(ch)).lower()


# ------------------------------------------------------------- fixtures

def setup():
    for key, role in (("cwa", "caseworker"), ("cwb", "caseworker"),
                      ("sup", "supervisor")):
        name = "ui%s%s" % (key, TAG)
        pw = "Homepage-%s-%d-%s" % (TAG, RUNNUM, key)
        add_user(name, role, pw, OFFICE)
        S["pw"][name] = pw
        S[key] = name
        S["id"][name] = sql_value("SELECT id FROM cb.users WHERE "
                                  "username = '%s'" % name)
    a, b, sup = S["cwa"], S["cwb"], S["sup"]
    c = S["cases"]
    c["c1"] = new_case(a, "AVRR", 1)
    c["c2"] = new_case(a, "CT", 2)
    c["c3"] = new_case(a, "AVRR", 3)
    c["c4"] = new_case(a, "AVRR", 4)
    c["c5"] = new_case(a, "AVRR", 5)
    c["c6"] = new_case(a, "AVRR", 6, named=False)
    c["c7"] = new_case(b, "CT", 7)
    # c3 waits for the supervisor; c4's request was rejected.
    S["pending"] = request_closure(a, c["c3"])
    ap = request_closure(a, c["c4"])
    comment = "Not yet %s %d" % (TAG, RUNNUM)
    record_secret(comment)
    r = api("POST", "/approvals/%s/decision" % ap, tok(sup),
            {"decision": "reject", "comment": comment})
    if r.status != 200:
        raise RuntimeError("reject: %s %s" % (r.status, short(r.text)))
    set_state(c["c5"], "closed", "closed")
    set_state(c["c6"], "screening", "screening")


# ---------------------------------------------------------------- lists

def test_filters_narrow():
    c = S["cases"]
    sup = tok(S["sup"])
    everything = set(ids(list_all(sup)))
    T.eq(everything, set(c.values()), "the supervisor lists the office's "
         "seven cases, no more")
    for q, want in (
            ("case_type=CT", {"c2", "c7"}),
            ("case_type=AVRR", {"c1", "c3", "c4", "c5", "c6"}),
            ("stage=screening", {"c6"}),
            ("state=closure_pending_approval", {"c3"}),
            ("state=identified", {"c2", "c7"}),
            ("state=intake_registered", {"c1", "c4"}),
            ("assigned_to=" + S["id"][S["cwb"]], {"c7"}),
            ("assigned_to=" + S["id"][S["cwa"]],
             {"c1", "c2", "c3", "c4", "c5", "c6"}),
            ("assigned_to=me", set()),
            ("case_type=AVRR&stage=intake", {"c1", "c3", "c4"}),
            ("case_type=CT&state=identified&assigned_to=" +
             S["id"][S["cwb"]], {"c7"})):
        got = set(ids(list_all(sup, q)))
        T.eq(got, {c[k] for k in want}, "?%s lists exactly %s" % (
            q.replace(S["id"][S["cwb"]], "<cwb>").replace(
                S["id"][S["cwa"]], "<cwa>"), sorted(want) or "nothing"))
    mine = set(ids(list_all(tok(S["cwa"]), "assigned_to=me")))
    T.eq(mine, {c[k] for k in ("c1", "c2", "c3", "c4", "c5", "c6")},
         "a caseworker's ?assigned_to=me lists their six")
    own = set(ids(list_all(tok(S["cwa"]), "assigned_to=" +
                           S["id"][S["cwa"]])))
    T.eq(own, mine, "a caseworker may name themselves by id")


def test_every_stage():
    want = {"intake": 5, "screening": 1, "closed": 1}
    b = login(S["sup"])
    for stage in STAGES:
        r = api("GET", "/cases?stage=" + stage, tok(S["sup"]))
        T.status(r, 200, "?stage=%s answers" % stage)
        items = (r.try_json() or {}).get("items") or []
        T.check(all(i.get("stage") == stage for i in items),
                "?stage=%s lists only %s cases" % (stage, stage))
        T.eq(len(items), want.get(stage, 0),
             "?stage=%s lists the office's %d" % (stage, want.get(stage, 0)))
        p = b.get("/cases?stage=" + stage)
        T.status(p, 200, "the list page with ?stage=%s answers" % stage)
        sel = Page(p.text).control("stage")
        T.eq([o["value"] for o in sel["options"] if o["selected"]],
             [stage], "the page keeps stage %s selected" % stage)


def test_unknown_values():
    cw = tok(S["cwa"])
    for q, field in (("case_type=XYZ", "case_type"),
                     ("case_type=avrr", "case_type"),
                     ("stage=nowhere", "stage"),
                     ("stage=Intake", "stage"),
                     ("state=nowhere", "state"),
                     ("state=closed%20", "state"),
                     ("state=%27%20OR%201=1--", "state"),
                     ("assigned_to=someone", "assigned_to"),
                     ("assigned_to=" + random_uuid(), "assigned_to"),
                     ("assigned_to=" + S["id"][S["cwb"]], "assigned_to")):
        r = api("GET", "/cases?" + q, cw)
        T.status(r, 422, "caseworker ?%s -> 422" % q)
        T.check(field in r.error_fields(), "... naming %s" % field,
                r.text)
    # A supervisor names the office's staff only.
    other = sql_value("SELECT id FROM cb.users WHERE username = "
                      "'caseworker2'")
    r = api("GET", "/cases?assigned_to=" + other, tok(S["sup"]))
    T.status(r, 422, "supervisor ?assigned_to=<another office's "
             "caseworker> -> 422")
    T.eq(last_list_entry(S["sup"]), ["", "assigned_to", "invalid"],
         "... audited as invalid, naming the filter")
    b = login(S["cwa"])
    r = b.get("/cases?state=nowhere")
    T.status(r, 422, "the list page with an unknown state -> 422")
    T.check("<nav" in r.text and "state." not in r.text,
            "... a page with the bar and no catalogue key")


def test_pagination_with_filters():
    sup = tok(S["sup"])
    full = ids(list_all(sup, "case_type=AVRR"))
    pages, cursor = [], None
    for _ in range(10):
        q = "case_type=AVRR&limit=2"
        if cursor:
            q += "&cursor=" + urllib.parse.quote(cursor, safe="")
        r = api("GET", "/cases?" + q, sup)
        if not T.status(r, 200, "a filtered page answers"):
            return
        j = r.json()
        pages.append(ids(j["items"]))
        T.check(all(i["case_type"] == "AVRR" for i in j["items"]),
                "every filtered page holds AVRR cases only")
        cursor = j.get("next_cursor")
        if not cursor:
            break
    T.eq([len(p) for p in pages], [2, 2, 1], "five AVRR cases in pages "
         "of 2, 2, 1")
    T.eq([i for p in pages for i in p], full, "the pages together are the "
         "filtered list, in order")
    # The page's next link keeps every filter and the page size.
    b = login(S["sup"])
    r = b.get("/cases?case_type=AVRR&state=intake_registered&limit=1")
    nxt = [h for h in Page(r.text).links if "cursor=" in h]
    T.check(len(nxt) == 1 and "case_type=AVRR" in nxt[0] and
            "state=intake_registered" in nxt[0] and "limit=1" in nxt[0],
            "the next link keeps the filters", nxt)
    if nxt:
        r2 = b.get(nxt[0])
        T.status(r2, 200, "the next page opens")
        p1 = [h for h in Page(r.text).links if re.match(
            r"^/cases/[0-9a-f-]{36}$", h)]
        p2 = [h for h in Page(r2.text).links if re.match(
            r"^/cases/[0-9a-f-]{36}$", h)]
        T.eq(sorted(p.rsplit("/", 1)[1] for p in p1 + p2),
             sorted([S["cases"]["c1"], S["cases"]["c4"]]),
             "the two pages hold the two registered AVRR cases")


# ---------------------------------------------------------------- names

def test_names():
    c = S["cases"]
    for who in (S["cwa"], S["sup"]):
        items = {i["id"]: i for i in list_all(tok(who))}
        it = items.get(c["c1"], {})
        T.eq(it.get("person"), {"given_name": "Nadia%s1" % TAG,
                                "family_name": "Karimi%s1" % TAG},
             "%s's list carries c1's names" % who)
        T.eq(it.get("assigned_to_username"), S["cwa"],
             "%s's list names the assignee" % who)
        T.eq(items.get(c["c6"], {}).get("person"),
             {"given_name": None, "family_name": None},
             "a pseudonymous case has no names to show")
        T.check(not any(k in (it.get("person") or {}) for k in
                        ("date_of_birth", "document_number", "phone")),
                "a list item carries the names, nothing else of the "
                "person")
    b = login(S["sup"])
    r = b.get("/cases?case_type=CT")
    T.check("Nadia%s2" % TAG in r.text and "Karimi%s7" % TAG in r.text,
            "the supervisor's list page shows the names")
    T.check(">%s</td>" % S["cwb"] in r.text and
            ">%s</td>" % S["cwa"] in r.text,
            "the list page names the assignees")
    # Nobody else sees the case, let alone the names.
    for user in ("caseworker", "caseworker2", "supervisor", "supervisor2"):
        t = token_for(user)
        seen = list_all(t)
        T.check(c["c1"] not in ids(seen),
                "%s's list lacks another office's case" % user)
        T.check(all("Nadia%s" % TAG not in str(i) for i in seen),
                "%s's list holds none of the names" % user)
        T.status(api("GET", "/cases/" + c["c1"], t), 404,
                 "%s GET another office's case -> 404" % user)
    cw_b = list_all(tok(S["cwb"]))
    T.eq(ids(cw_b), [c["c7"]], "a caseworker of the office lists only "
         "their own case")
    for role in ("partner", "auditor", "admin"):
        r = api("GET", "/cases?assigned_to=me&stage=intake", token_for(role))
        T.status(r, 403, "%s GET /cases with filters -> 403" % role)
        T.check("Nadia" not in r.text, "... and no name in it")
        r = api("GET", "/cases/" + c["c1"], token_for(role))
        T.status(r, 404, "%s GET the case -> 404" % role)
        r = api("GET", "/cases?assigned_to=" + S["id"][S["cwa"]],
                token_for(role))
        T.status(r, 403, "%s GET /cases?assigned_to=<id> -> 403" % role)
        T.eq(sql("SELECT outcome FROM cb.audit_log WHERE action = "
                 "'case.list' ORDER BY id DESC LIMIT 1"), [["denied"]],
             "... audited as denied")


def test_list_audit():
    a = S["cwa"]
    r = api("GET", "/cases?case_type=AVRR&limit=3", tok(a))
    shown = ids(r.json()["items"])
    T.eq(last_list_entry(a), [",".join(shown), "case_type,person.given_name,"
                              "person.family_name", "ok"],
         "the list's entry: the ids shown, the filter and the person "
         "fields returned (never values)")
    r = api("GET", "/cases?stage=screening", tok(a))
    T.eq(ids(r.json()["items"]), [S["cases"]["c6"]],
         "?stage=screening shows the pseudonymous case")
    T.eq(last_list_entry(a), [S["cases"]["c6"], "stage", "ok"],
         "no person field named where no name was returned")
    n = int(sql_value("SELECT count(*) FROM cb.audit_log WHERE "
                      "action = 'case.list' AND fields ~ 'Nadia|Karimi'"))
    T.eq(n, 0, "no list entry holds a name")


# ---------------------------------------------------------------- homes

def db_counts(user, role):
    uid = S["id"][user]
    vis = ("assigned_to = '%s'" % uid if role == "caseworker" else
           "office = '%s'" % OFFICE)
    out = {}
    for stage in STAGES:
        out["stage." + stage] = int(sql_value(
            "SELECT count(*) FROM cb.cases WHERE %s AND stage = '%s'" %
            (vis, stage)))
    out["waiting"] = int(sql_value(
        "SELECT count(*) FROM cb.cases WHERE assigned_to = '%s' AND "
        "stage <> 'closed' AND pending_approval IS NULL AND state NOT "
        "LIKE '%%\\_pending\\_approval'" % uid))
    out["rejected"] = int(sql_value(
        "SELECT count(*) FROM cb.approvals WHERE requested_by = '%s' AND "
        "status = 'rejected' AND decided_at > now() - interval '30 days'"
        % uid))
    out["approvals"] = int(sql_value(
        "SELECT count(*) FROM cb.approvals ap JOIN cb.cases c ON c.id = "
        "ap.case_id WHERE c.office = '%s' AND ap.status = 'pending' AND "
        "ap.requested_by <> '%s'" % (OFFICE, uid)))
    for aid, n, o in sql("SELECT assigned_to, count(*), count(*) FILTER "
                         "(WHERE stage <> 'closed') FROM cb.cases WHERE "
                         "office = '%s' GROUP BY assigned_to" % OFFICE):
        out["assignee.%s.all" % aid] = int(n)
        out["assignee.%s.open" % aid] = int(o)
    return out


def home(user):
    b = login(user)
    r = b.get("/")
    T.status(r, 200, "%s's home (/) opens" % user)
    return r, {k: int(v) for k, v in Page(r.text).data_fields.items()
               if re.fullmatch(r"\d+", v.strip())}


def test_home_caseworker():
    a = S["cwa"]
    r, got = home(a)
    T.check("<h1>My work</h1>" in r.text, "the caseworker's home is "
            "titled My work")
    db = db_counts(a, "caseworker")
    want = {"waiting": 4, "rejected": 1, "stage.intake": 4,
            "stage.screening": 1, "stage.referral": 0, "stage.return": 0,
            "stage.reintegration": 0, "stage.total": 5}
    T.eq(got, want, "the caseworker's counts: waiting, rejected, open "
         "cases by stage")
    for k in ("waiting", "rejected", "stage.intake", "stage.screening"):
        T.eq(got.get(k), db[k], "the caseworker's %s equals the "
             "database's" % k)
    T.eq(got.get("stage.total"), sum(db["stage." + s] for s in STAGES
                                      if s != "closed"),
         "all open cases equal the database's")
    links = Page(r.text).links
    T.check("/cases?stage=intake&assigned_to=me" in links and
            "/approvals?status=rejected" in links and
            "/cases?assigned_to=me" in links,
            "each count links to the list it counts", links)
    rows = sql("SELECT coalesce(array_to_string(records, ','), ''), "
               "coalesce(fields, ''), outcome FROM cb.audit_log WHERE "
               "action = 'home.view' AND actor = '%s' ORDER BY id DESC "
               "LIMIT 1" % S["id"][a])
    T.eq(rows, [["", "", "ok"]], "the home view is audited, without "
         "records or fields")
    r = login(S["cwb"]).get("/")
    T.eq({k: v for k, v in Page(r.text).data_fields.items()
          if k in ("waiting", "stage.intake", "stage.total")},
         {"waiting": "1", "stage.intake": "1", "stage.total": "1"},
         "the other caseworker counts only their own")


def test_home_supervisor():
    s = S["sup"]
    r, got = home(s)
    T.check("<h1>My office</h1>" in r.text, "the supervisor's home is "
            "titled My office")
    db = db_counts(s, "supervisor")
    a, b = S["id"][S["cwa"]], S["id"][S["cwb"]]
    want = {"approvals": 1, "stage.intake": 5, "stage.screening": 1,
            "stage.referral": 0, "stage.return": 0,
            "stage.reintegration": 0, "stage.closed": 1, "stage.total": 7,
            "assignee.%s.open" % a: 5, "assignee.%s.all" % a: 6,
            "assignee.%s.open" % b: 1, "assignee.%s.all" % b: 1}
    T.eq(got, want, "the supervisor's counts: approvals, cases by stage "
         "and by assignee")
    for k, v in db.items():
        if k in ("waiting", "rejected"):
            continue
        T.eq(got.get(k, 0), v, "the supervisor's %s equals the database's"
             % k.replace(a, "<cwa>").replace(b, "<cwb>"))
    links = Page(r.text).links
    T.check("/approvals" in links and "/cases?stage=closed" in links and
            "/cases?assigned_to=" + b in links,
            "the counts link to the approvals and the filtered lists")
    T.check(S["cwa"] in r.text and S["cwb"] in r.text,
            "assignees are shown by username")
    # The count is what the approvals page lists for them.
    pend = api("GET", "/approvals?status=pending", tok(s)).json()["items"]
    T.eq(len(pend), got.get("approvals"), "the approvals count is what "
         "/approvals lists")
    # Another office's supervisor counts none of these.
    r = browser_login("supervisor2").get("/")
    other = Page(r.text).data_fields
    T.check(("assignee.%s.all" % a) not in other,
            "another office's supervisor does not see these assignees")


def test_homes_others():
    for role in ("partner", "auditor", "admin"):
        r = browser_login(role).get("/")
        T.status(r, 200, "%s's home still opens" % role)
        T.check("data-field=\"stage.total\"" not in r.text,
                "%s's home counts no cases" % role)
    r = Browser().get("/")
    T.eq((r.status, r.location_path()), (303, "/login"),
         "/ without a session sends to the login page")
    b = Browser()
    b.cookies["cb_session"] = "x" * 43
    r = b.get("/")
    T.eq((r.status, r.location_path()), (303, "/login"),
         "/ with a bogus session sends to the login page")


# -------------------------------------------------------------- pickers

def test_pickers():
    b = login(S["cwb"])
    page = Page(b.get("/cases/new").text)
    cit = page.control("person.citizenship")
    T.check(cit is not None and cit["tag"] == "select",
            "citizenship is a select")
    opts = [o for o in (cit or {}).get("options", []) if o["value"]]
    names = {o["value"]: o["text"] for o in opts}
    T.eq((names.get("SY"), names.get("XK"), names.get("BA")),
         ("Syria", "Kosovo", "Bosnia and Herzegovina"),
         "countries are offered by name, valued by code")
    T.eq(len(opts), 250, "every country of the vocabulary is offered")
    T.eq([fold(o["text"]) for o in opts],
         sorted(fold(o["text"]) for o in opts), "countries sorted by name")
    langs = page.control("person.languages")
    T.check(langs is not None and langs["tag"] == "select" and
            "multiple" in langs["attrs"], "languages is a multiple select")
    lnames = {o["value"]: o["text"] for o in (langs or {}).get("options", [])}
    T.eq((lnames.get("prs"), lnames.get("ar"), lnames.get("ckb")),
         ("Dari", "Arabic", "Central Kurdish"), "languages by name")
    T.check(all(not re.fullmatch(r"[a-z]{2,3}", t) for t in lnames.values()),
            "no language is shown as a bare code")

    given = "Leila%s" % TAG
    record_secret(given)
    pairs = [("csrf", page.value("csrf")), ("form_token",
                                            page.value("form_token")),
             ("case_type", "AVRR"), ("consent_data_processing", "true"),
             ("person.given_name", given),
             ("person.family_name", "Haidari%s" % TAG),
             ("person.citizenship", "SY"), ("person.languages", "ar"),
             ("person.languages", "ckb")]
    record_secret("Haidari%s" % TAG)
    r = b.post("/cases/new", pairs)
    T.status(r, 303, "the intake form with a chosen country and two "
             "languages -> 303")
    cid = (r.location_path() or "").rsplit("/", 1)[-1]
    j = api("GET", "/cases/" + cid, tok(S["cwb"])).try_json() or {}
    p = j.get("person") or {}
    T.eq((p.get("citizenship"), sorted(p.get("languages") or [])),
         ("SY", ["ar", "ckb"]), "the form posted codes: SY, [ar, ckb]")
    cp = Page(b.get("/cases/" + cid).text)
    T.eq((cp.text_of("person.citizenship"), cp.text_of("person.languages")),
         ("Syria", "Arabic, Central Kurdish"),
         "the case page shows the names")

    # A crafted code comes back selected and escaped beside its error.
    page = Page(b.get("/cases/new").text)
    bad = "<b>ZZ</b>"
    r = b.post("/cases/new", [("csrf", page.value("csrf")),
                              ("form_token", page.value("form_token")),
                              ("case_type", "AVRR"),
                              ("consent_data_processing", "true"),
                              ("person.given_name", given),
                              ("person.family_name", "H"),
                              ("person.citizenship", bad),
                              ("person.languages", "prs")])
    T.status(r, 422, "an unknown country -> 422 page")
    T.check("<b>ZZ</b>" not in r.text, "the value is escaped")
    rp = Page(r.text)
    T.eq(rp.value("person.citizenship"), bad, "the country sent stays "
         "selected")
    T.eq([o["value"] for o in rp.control("person.languages")["options"]
          if o["selected"]], ["prs"], "the language chosen stays selected")
    T.check("err-person.citizenship" in rp.ids, "the error sits by the "
            "country")

    # A transition's country is a picker too.
    c = S["cases"]["c7"]
    sql("UPDATE cb.cases SET case_type = 'AVRR', state = 'return_planning',"
        " stage = 'return' WHERE id = '%s'" % c)
    cp = Page(b.get("/cases/" + c).text)
    dc = cp.control("data.destination_country")
    T.check(dc is not None and dc["tag"] == "select" and
            any(o["value"] == "PK" and o["text"] == "Pakistan"
                for o in dc["options"]),
            "the return form's destination is chosen by name")


def main():
    try:
        setup()
    except Exception as e:
        T.check(False, "setup: %s" % e)
        T.finish()
    for fn in (test_filters_narrow, test_every_stage, test_unknown_values,
               test_pagination_with_filters, test_names, test_list_audit,
               test_home_caseworker, test_home_supervisor,
               test_homes_others, test_pickers):
        T.run(fn)
    T.finish()


if __name__ == "__main__":
    main()
