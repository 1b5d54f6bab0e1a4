#!/usr/bin/env python3
"""End-to-end tests of casebook's HTML pages (cookie session, CSRF,
one-time form tokens, escaping, input kept on errors) against a running
server. Run by tests/e2e/run.sh (see lib.py for the environment)."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, RUNNUM, SERVER_ERRORS, UNTRANSLATED,  # noqa
                 login_page, browser_login,
                 Suite, Browser, Page,
                 request, api, token_for, healthy, random_uuid,
                 count_cases_db, add_user, record_secret, demo_password,
                 security_header_problems, short, UUID_RE)

T = Suite("pages")
S = {}
CASE_PATH_RE = re.compile(r"^/cases/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                          r"[0-9a-f]{4}-[0-9a-f]{12})$")

TEXT_FIELDS = ["person.given_name", "person.family_name",
               "person.name_original_script", "person.date_of_birth",
               "person.citizenship", "person.phone",
               "person.document_number", "person.languages", "office",
               "location"]
SECRET_FIELDS = ["person.given_name", "person.family_name",
                 "person.name_original_script", "person.date_of_birth",
                 "person.phone", "person.document_number", "location"]


# ------------------------------------------------------------- helpers

def is_html(r):
    return (r.header("Content-Type") or "").lower().startswith("text/html")


login = browser_login


def values(n, **over):
    v = {
        "case_type": "AVRR",
        "person.given_name": "Fatima%s%d" % (TAG, n),
        "person.family_name": "Begović%s%d" % (TAG, n),
        "person.name_original_script": "فاطمة بيغوفيتش %s %d" % (TAG, n),
        "person.date_of_birth": "1985-03-%02d" % (1 + n % 28),
        "person.gender": "Feminine",
        "person.citizenship": "IQ",
        "person.phone": "+38762%03d%03d" % (RUNNUM, n),
        "person.document_number": "PG%s%04d" % (TAG.upper(), n),
        "person.languages": ["ar", "bs"],
        "office": "",
        "location": "Collective centre Salakovac %s %d" % (TAG, n),
    }
    v.update(over)
    for k in SECRET_FIELDS:
        record_secret(v[k])
    return v


def form_pairs(page, v, consent=True, csrf=True, token=True):
    pairs = []
    if csrf:
        pairs.append(("csrf", page.value("csrf") or ""))
    if token:
        pairs.append(("form_token", page.value("form_token") or ""))
    pairs.append(("case_type", v["case_type"]))
    if consent:
        pairs.append(("consent_data_processing", "true"))
    pairs.append(("person.gender", v["person.gender"]))
    for k in TEXT_FIELDS:
        if isinstance(v[k], list):
            # A multiple select posts one pair per chosen item.
            pairs.extend((k, item) for item in v[k])
        else:
            pairs.append((k, v[k]))
    return pairs


def new_form(b):
    r = b.get("/cases/new")
    if r.status != 200:
        raise RuntimeError("GET /cases/new: %s" % r.status)
    return Page(r.text)


def submit_case(b, v):
    page = new_form(b)
    return b.post("/cases/new", form_pairs(page, v))


# --------------------------------------------------------------- login

def test_login_page():
    b = Browser()
    r, page = login_page(b)
    T.status(r, 200, "GET /login -> 200")
    T.check(is_html(r), "GET /login is text/html", r.header("Content-Type"))
    form = page.form_by_action("/login")
    T.check(form is not None and form["attrs"].get("method", "").lower()
            == "post", "login page has a POST form to /login")
    T.check(page.control("username") is not None,
            "login form has an input named username")
    pw = page.control("password")
    T.check(pw is not None and pw["type"] == "password",
            "login form has a password input named password")
    T.check(pw is not None and not pw.get("value"),
            "the password input carries no value")
    csrf = page.control("csrf")
    T.check(csrf is not None and csrf["type"] == "hidden" and
            csrf.get("value"), "login form has a hidden, non-empty csrf")
    pre = b.last_set.get("cb_pre")
    T.check(pre is not None and pre.get("_value"),
            "GET /login sets the cb_pre cookie", r.set_cookies())
    T.check(pre is not None and "httponly" in pre,
            "cb_pre cookie is HttpOnly", r.set_cookies())
    T.check(pre is not None and pre.get("samesite", "").lower() in
            ("strict", "lax"), "cb_pre cookie has SameSite", r.set_cookies())
    T.eq(page.scripts, 0, "login page has no <script> (CSP without scripts)")


def test_login_post():
    b = Browser()
    _, page = login_page(b)
    pre = b.cookies.get("cb_pre")
    r = b.post("/login", [("username", "caseworker"),
                          ("password", demo_password("caseworker")),
                          ("csrf", page.value("csrf") or "")])
    T.status(r, 303, "POST /login with good credentials -> 303")
    T.eq(r.location_path(), "/", "login redirects to the role's home (/)")
    h = b.get("/")
    T.status(h, 200, "a caseworker's home opens at /")
    T.check("<h1>My work</h1>" in h.text, "... with the caseworker's work",
            h.text[:400])
    sess = b.last_set.get("cb_session")
    T.check(sess is not None and len(sess.get("_value", "")) >= 32,
            "login sets a cb_session cookie", r.set_cookies())
    T.check(sess is not None and "httponly" in sess,
            "cb_session cookie is HttpOnly", r.set_cookies())
    T.check(sess is not None and sess.get("samesite", "").lower() == "strict",
            "cb_session cookie is SameSite=Strict", r.set_cookies())
    T.check(sess is not None and sess.get("_value") != pre,
            "session cookie is not the pre-login cookie (no fixation)")
    if sess is not None:
        record_secret(sess["_value"], hexform=False)
    g = b.get("/cases")
    T.status(g, 200, "the session cookie opens GET /cases")
    T.check(is_html(g), "GET /cases is text/html")
    T.check(demo_password("caseworker") not in r.text + g.text,
            "the password is echoed nowhere")


def test_login_wrong_password():
    user, pw = "pg%s" % TAG, "Pg-%s-correct-2026" % TAG
    add_user(user, "caseworker", pw, "Sarajevo")
    wrong = "Pg-%s-wrong-2026" % TAG
    record_secret(wrong)
    b = Browser()
    _, page = login_page(b)
    r = b.post("/login", [("username", user), ("password", wrong),
                          ("csrf", page.value("csrf") or "")])
    T.status(r, 401, "wrong password -> 401 page")
    T.check(is_html(r), "the 401 login answer is an HTML page")
    p2 = Page(r.text)
    T.eq(p2.value("username"), user, "the username is kept in the form")
    T.check(wrong not in r.text, "the wrong password is not echoed")
    T.check(not p2.control("password") or
            not p2.control("password").get("value"),
            "the password input is empty again")
    T.check(p2.value("csrf"), "the 401 page carries a csrf to retry with")
    T.check("cb_session" not in b.cookies,
            "no session cookie after a failed login")
    # Retrying with the csrf of the 401 page works.
    r = b.post("/login", [("username", user), ("password", pw),
                          ("csrf", p2.value("csrf") or "")])
    T.status(r, 303, "retry from the 401 page with the right password -> "
             "303")
    if "cb_session" in b.cookies:
        record_secret(b.cookies["cb_session"], hexform=False)


def test_login_csrf():
    creds = [("username", "caseworker"),
             ("password", demo_password("caseworker"))]
    b = Browser()
    _, page = login_page(b)
    r = b.post("/login", creds)
    T.status(r, 403, "POST /login without csrf -> 403")
    T.check("cb_session" not in b.cookies, "no session without csrf")
    r = b.post("/login", creds + [("csrf", "x" * len(page.value("csrf")
                                                     or "x" * 43))])
    T.status(r, 403, "POST /login with a wrong csrf -> 403")
    other = Browser()
    _, opage = login_page(other)
    r = b.post("/login", creds + [("csrf", opage.value("csrf") or "")])
    T.status(r, 403, "POST /login with another browser's csrf -> 403")
    fresh = Browser()
    r = fresh.post("/login", creds + [("csrf", page.value("csrf") or "")])
    T.status(r, 403, "POST /login with a csrf but no cb_pre cookie -> 403")
    T.check("cb_session" not in b.cookies and
            "cb_session" not in fresh.cookies,
            "no session cookie from any refused login")


# --------------------------------------------------------------- pages

def test_requires_session():
    for path in ("/cases", "/cases/new", "/search", "/cases/{random id}"):
        r = request("GET", path.replace("{random id}", random_uuid()),
                    headers={"Accept": "text/html"})
        T.status(r, 303, "GET %s without a session -> 303" % path)
        T.eq(r.location_path(), "/login", "GET %s without a session "
             "redirects to /login" % path)
    b = Browser()
    b.cookies["cb_session"] = "A" * 43
    r = b.get("/cases")
    T.status(r, 303, "GET /cases with a bogus session cookie -> 303")
    T.eq(r.location_path(), "/login", "bogus session redirects to /login")
    before = count_cases_db()
    r = request("POST", "/cases/new",
                b"case_type=AVRR&consent_data_processing=false",
                {"Content-Type": "application/x-www-form-urlencoded"})
    T.status(r, (303, 401, 403), "POST /cases/new without a session is "
             "refused")
    T.eq(count_cases_db(), before, "no case created without a session")


def test_intake_form():
    b = S["cw"]
    r = b.get("/cases/new")
    T.status(r, 200, "GET /cases/new -> 200")
    page = Page(r.text)
    form = page.form_by_action("/cases/new")
    T.check(form is not None and form["attrs"].get("method", "").lower()
            == "post", "intake page has a POST form to /cases/new")
    ct = page.control("case_type", form)
    T.check(ct is not None and ct["tag"] == "select" and
            {"AVRR", "CT"} <= {o["value"] for o in ct["options"]},
            "case_type is a select offering AVRR and CT")
    cons = page.control("consent_data_processing", form)
    T.check(cons is not None and cons["type"] == "checkbox" and
            cons.get("value") == "true",
            "consent_data_processing is a checkbox with value \"true\"")
    g = page.control("person.gender", form)
    T.check(g is not None and g["tag"] == "select" and
            {"Feminine", "Masculine"} <= {o["value"] for o in g["options"]},
            "person.gender is a select with HTCDS codes")
    for name in TEXT_FIELDS:
        c = page.control(name, form)
        T.check(c is not None and c["tag"] in ("input", "select",
                                               "textarea"),
                "intake form has a control named %s" % name)
    for name in ("csrf", "form_token"):
        c = page.control(name, form)
        T.check(c is not None and c["type"] == "hidden" and c.get("value"),
                "intake form has a hidden, non-empty %s" % name)
    again = Page(b.get("/cases/new").text)
    T.check(again.value("form_token") != page.value("form_token"),
            "each intake form gets a fresh form_token")
    T.eq(page.scripts, 0, "intake page has no <script>")
    for role in ("partner", "auditor"):
        r = S[role].get("/cases/new")
        T.status(r, (403, 404), "%s GET /cases/new -> 403/404" % role)


def test_intake_valid():
    b = S["cw"]
    v = values(1)
    before = count_cases_db()
    r = submit_case(b, v)
    T.status(r, 303, "POST /cases/new with valid values -> 303")
    m = CASE_PATH_RE.match(r.location_path() or "")
    T.check(m is not None, "redirect goes to /cases/<uuid>",
            r.header("Location"))
    T.eq(count_cases_db(), before + 1, "one case created by the form")
    if not m:
        return
    cid = S["form_case"] = m.group(1)
    S["form_values"] = v
    g = b.get("/cases/" + cid)
    T.status(g, 200, "GET the new case page -> 200")
    page = Page(g.text)
    for k in ("person.given_name", "person.family_name",
              "person.name_original_script", "person.date_of_birth",
              "person.phone", "person.document_number"):
        T.eq(page.text_of(k), v[k], "case page shows %s as typed "
             "(data-field)" % k)
    T.eq(page.text_of("person.citizenship"), "Iraq",
         "case page shows the citizenship by name")
    T.eq(page.text_of("person.languages"), "Arabic, Bosnian",
         "case page shows the languages by name")
    T.check(v["person.name_original_script"] in g.text or
            page.text_of("person.name_original_script") ==
            v["person.name_original_script"],
            "Arabic original-script name is shown exactly")
    T.eq(page.scripts, 0, "case page has no <script>")

    apitok = token_for("caseworker")
    j = api("GET", "/cases/" + cid, apitok).try_json() or {}
    p = j.get("person") or {}
    T.check(all(p.get(k.split(".", 1)[1]) == v[k] for k in
                ("person.given_name", "person.family_name",
                 "person.name_original_script", "person.date_of_birth",
                 "person.phone", "person.document_number")),
            "the form's case reads back identically through the API",
            short(p))
    T.check(sorted(p.get("languages") or []) == ["ar", "bs"],
            "the two languages chosen became [ar, bs]", p.get("languages"))
    T.eq(j.get("office"), "Sarajevo", "blank office defaults to Sarajevo")
    lst = b.get("/cases")
    T.check(("/cases/" + cid) in Page(lst.text).links,
            "the case list page links the new case")


def test_case_page_access():
    cid = S["form_case"]
    v = S["form_values"]
    r = S["supervisor"].get("/cases/" + cid)
    T.status(r, 200, "supervisor (same office) opens the case page")
    T.eq(Page(r.text).text_of("person.given_name"), v["person.given_name"],
         "supervisor sees the decrypted given name")
    for role in ("caseworker2", "supervisor2", "partner", "auditor",
                 "admin"):
        r = S[role].get("/cases/" + cid)
        T.status(r, 404, "%s opens another office's case page -> 404" % role)
        T.check(v["person.given_name"] not in r.text,
                "%s: the 404 page shows no person value" % role)
        missing = S[role].get("/cases/" + random_uuid())
        T.eq(r.body, missing.body, "%s: 404 page for 'not yours' equals the "
             "one for 'does not exist'" % role)


def test_intake_invalid_keeps_input():
    b = S["cw"]
    v = values(2, **{"person.date_of_birth": "2024-02-30"})
    before = count_cases_db()
    r = submit_case(b, v)
    T.status(r, 422, "invalid date -> 422 page")
    T.check(is_html(r), "the 422 answer is an HTML page")
    page = Page(r.text)
    for k in TEXT_FIELDS:
        if k == "person.languages":
            continue
        T.eq(page.value(k), v[k], "422 page keeps %s as typed" % k)
    langs = page.control("person.languages")
    T.eq(sorted(o["value"] for o in (langs or {}).get("options", [])
                if o["selected"]), v["person.languages"],
         "422 page keeps the languages chosen")
    T.eq(page.value("case_type"), "AVRR", "422 page keeps case_type selected")
    T.eq(page.value("person.gender"), "Feminine",
         "422 page keeps person.gender selected")
    T.eq(page.value("consent_data_processing"), "true",
         "422 page keeps the consent box checked")
    err = page.ids.get("err-person.date_of_birth")
    T.check(err is not None and err.strip(),
            "422 page has a non-empty id=\"err-person.date_of_birth\"",
            short(r.text, 2000))
    i_in = r.text.find('name="person.date_of_birth"')
    i_err = r.text.find('id="err-person.date_of_birth"')
    T.check(i_in >= 0 and i_err >= 0 and abs(i_err - i_in) < 800,
            "the date error stands beside its field", (i_in, i_err))
    T.check("err-person.given_name" not in page.ids,
            "no error is shown for valid fields")
    T.eq(count_cases_db(), before, "an invalid form creates no case")
    # Correct the one field on the redrawn form and send it again.
    v2 = dict(v, **{"person.date_of_birth": "1984-02-29"})
    record_secret(v2["person.date_of_birth"])
    T.check(page.value("csrf") and page.value("form_token"),
            "the 422 page carries csrf and form_token")
    r = b.post("/cases/new", form_pairs(page, v2))
    T.status(r, 303, "the corrected form from the 422 page -> 303")
    T.eq(count_cases_db(), before + 1, "the corrected form creates one case")

    v3 = values(3, **{"person.given_name": ""})
    r = submit_case(b, v3)
    T.status(r, 422, "missing given name -> 422 page")
    p3 = Page(r.text)
    T.check("err-person.given_name" in p3.ids,
            "missing given name: id=\"err-person.given_name\" shown")
    T.eq(p3.value("person.family_name"), v3["person.family_name"],
         "missing given name: family name kept")


def test_attribute_injection():
    b = S["cw"]
    evil = '"><script>alert(2)</script>'
    v = values(4, **{"person.given_name": evil,
                     "person.date_of_birth": "1990-13-01"})
    r = submit_case(b, v)
    T.status(r, 422, "invalid form with markup in given_name -> 422")
    T.check("<script>alert(2)" not in r.text,
            "markup typed into a field is escaped in the redrawn value")
    T.eq(Page(r.text).value("person.given_name"), evil,
         "the escaped value reads back exactly")


def test_script_injection():
    b = S["cw"]
    evil = "<script>alert(1)</script>"
    given = "Seán O'Brien & \"Co\" %s" % TAG
    v = values(5, **{"person.family_name": evil,
                     "person.given_name": given})
    r = submit_case(b, v)
    T.status(r, 303, "a family name of <script>alert(1)</script> is "
             "accepted as text")
    m = CASE_PATH_RE.match(r.location_path() or "")
    if not m:
        return
    g = b.get("/cases/" + m.group(1))
    T.check("&lt;script&gt;alert(1)&lt;/script&gt;" in g.text,
            "case page shows the family name escaped (&lt;script&gt;)")
    T.check(evil not in g.text, "case page never contains the raw <script>")
    page = Page(g.text)
    T.eq(page.text_of("person.family_name"), evil,
         "the escaped family name reads back exactly")
    T.eq(page.text_of("person.given_name"), given,
         "quotes and ampersand in a name read back exactly")
    T.eq(page.scripts, 0, "no <script> element on the page")


def test_double_submit():
    b = S["cw"]
    v = values(6)
    page = new_form(b)
    pairs = form_pairs(page, v)
    before = count_cases_db()
    r1 = b.post("/cases/new", pairs)
    r2 = b.post("/cases/new", pairs)
    T.status(r1, 303, "first submit of a form -> 303")
    T.status(r2, 303, "second submit of the same form_token -> 303")
    T.check(r1.location_path() and CASE_PATH_RE.match(r1.location_path())
            and r1.location_path() == r2.location_path(),
            "both submits redirect to the same case",
            (r1.header("Location"), r2.header("Location")))
    T.eq(count_cases_db(), before + 1, "a double click creates one case")
    # The same token from another user's session creates nothing of theirs.
    r3 = S["caseworker2"].post("/cases/new", form_pairs(
        new_form(S["caseworker2"]), v, token=False) +
        [("form_token", page.value("form_token") or "")])
    T.check(r3.location_path() != r1.location_path(),
            "another user's replay of the form_token never reaches the "
            "first user's case", (r3.status, r3.header("Location")))


def test_intake_csrf():
    b = S["cw"]
    v = values(7)
    before = count_cases_db()
    page = new_form(b)
    r = b.post("/cases/new", form_pairs(page, v, csrf=False))
    T.status(r, 403, "POST /cases/new without csrf -> 403")
    page = new_form(b)
    bad = [(k, ("x" * len(val) if k == "csrf" else val))
           for k, val in form_pairs(page, v)]
    r = b.post("/cases/new", bad)
    T.status(r, 403, "POST /cases/new with a wrong csrf -> 403")
    other = new_form(S["caseworker2"])
    page = new_form(b)
    mixed = [(k, (other.value("csrf") if k == "csrf" else val))
             for k, val in form_pairs(page, v)]
    r = b.post("/cases/new", mixed)
    T.status(r, 403, "POST /cases/new with another session's csrf -> 403")
    r = b.post("/cases/new", form_pairs(new_form(b), v),
               ctype="text/plain")
    T.status(r, (400, 403, 415), "POST /cases/new as text/plain is refused")
    T.eq(count_cases_db(), before, "no case created by a refused form")


def test_search_page():
    b = S["cw"]
    cid = S["form_case"]
    doc = S["form_values"]["person.document_number"]
    r = b.get("/search")
    T.status(r, 200, "GET /search -> 200")
    page = Page(r.text)
    form = page.form_by_action("/search")
    T.check(form is not None and form["attrs"].get("method", "").lower()
            == "post", "search form posts (no identifier in a URL)")
    T.check(page.control("document_number", form) is not None,
            "search form has a document_number input")
    csrf = page.value("csrf") or ""
    r = b.post("/search", [("csrf", csrf), ("document_number", doc)])
    T.status(r, 200, "POST /search -> 200 results page")
    T.check(("/cases/" + cid) in Page(r.text).links,
            "results page links /cases/<id> of the match")
    r = b.post("/search", [("csrf", csrf),
                           ("document_number", "  " + doc.lower() + " ")])
    T.check(("/cases/" + cid) in Page(r.text).links,
            "lower-case document number with spaces finds it too")
    v = S["form_values"]
    r = b.post("/search", [("csrf", csrf),
                           ("given_name", v["person.given_name"]),
                           ("family_name", v["person.family_name"]),
                           ("date_of_birth", v["person.date_of_birth"])])
    T.check(("/cases/" + cid) in Page(r.text).links,
            "name + date of birth search finds it")
    r = b.post("/search", [("document_number", doc)])
    T.status(r, 403, "POST /search without csrf -> 403")
    T.check(("/cases/" + cid) not in r.text, "no result without csrf")
    o = S["caseworker2"]
    ocsrf = Page(o.get("/search").text).value("csrf") or ""
    r = o.post("/search", [("csrf", ocsrf), ("document_number", doc)])
    T.check(r.status == 200 and ("/cases/" + cid) not in r.text,
            "caseworker2 (Belgrade) finds nothing", r.status)
    r = b.get("/search?document_number=" + doc)
    T.check(("/cases/" + cid) not in r.text,
            "GET /search?document_number=... shows no result")


def test_logout():
    user, pw = "pgout%s" % TAG, "Pgout-%s-pass-2026" % TAG
    add_user(user, "caseworker", pw, "Sarajevo")
    b = login(user, pw)
    old = b.cookies["cb_session"]
    page = Page(b.get("/cases").text)
    form = page.form_by_action("/logout")
    T.check(form is not None and form["attrs"].get("method", "").lower()
            == "post", "pages carry a POST logout form")
    csrf = page.value("csrf", form) if form else page.value("csrf")
    r = b.post("/logout", [])
    T.status(r, 403, "POST /logout without csrf -> 403")
    T.status(b.get("/cases"), 200, "the session survives a refused logout")
    r = b.post("/logout", [("csrf", csrf or "")])
    T.status(r, 303, "POST /logout with csrf -> 303")
    T.eq(r.location_path(), "/login", "logout redirects to /login")
    b.cookies["cb_session"] = old
    r = b.get("/cases")
    T.status(r, 303, "the old session cookie no longer opens /cases")
    T.eq(r.location_path(), "/login", "the old cookie is sent to /login")
    r = api("GET", "/cases", old)
    T.status(r, 401, "the old session token is dead for the API too")


def test_headers():
    b = S["cw"]
    probes = [
        ("GET /login", request("GET", "/login")),
        ("GET /cases", b.get("/cases")),
        ("GET /cases/new", b.get("/cases/new")),
        ("case page", b.get("/cases/" + S.get("form_case", random_uuid()))),
        ("303 without session", request("GET", "/cases")),
        ("404 page", b.get("/cases/" + random_uuid())),
        ("403 page", b.post("/cases/new", [("case_type", "AVRR")])),
        ("422 page", submit_case(b, values(8, **{
            "person.date_of_birth": "2099-01-01"}))),
    ]
    for name, r in probes:
        bad = security_header_problems(r)
        T.check(not bad, "security headers on %s (status %d)" % (
            name, r.status), "; ".join(bad))


def test_no_server_errors():
    T.check(healthy(), "server still healthy at the end of the pages suite")
    T.eq(SERVER_ERRORS, [], "no request of the pages suite got a 5xx")
    T.eq(sorted(UNTRANSLATED.items()), [], "every user-visible message is "
         "translated (no raw catalogue key shown)")


def setup():
    S["cw"] = login("caseworker")
    for u in ("caseworker2", "supervisor", "supervisor2", "partner",
              "auditor", "admin"):
        S[u] = login(u)


def main():
    if not os.environ.get("CB_STATE_DIR"):
        print("not ok - pages: CB_STATE_DIR is not set (run tests/e2e/run.sh)")
        sys.exit(1)
    T.run(test_login_page)
    T.run(test_login_post)
    T.run(test_login_wrong_password)
    T.run(test_login_csrf)
    T.run(test_requires_session)
    try:
        setup()
        T.check(True, "all demo users log in through the form")
    except Exception as e:
        T.check(False, "all demo users log in through the form", str(e))
        T.finish()
    for fn in (test_intake_form, test_intake_valid, test_case_page_access,
               test_intake_invalid_keeps_input, test_attribute_injection,
               test_script_injection, test_double_submit, test_intake_csrf,
               test_search_page, test_headers, test_logout,
               test_no_server_errors):
        T.run(fn)
    T.finish()


if __name__ == "__main__":
    main()
