#!/usr/bin/env python3
"""Languages: the interface in English and Bosnian. A browser asking for
bs, hr or sr-Latn gets Bosnian pages (lang="bs") and API messages; a
person's own choice (the profile page or POST /api/v1/profile) is kept
with their user, comes back at their next login on any browser, and
wins over the browser's; only en and bs are accepted. Run by
tests/e2e/run.sh."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (Suite, Browser, Page, api, request, token_for,  # noqa
                 browser_login, sql_value, login_page, demo_password)

T = Suite("language")


def main():
    r = request("GET", "/login", None, {"Accept-Language": "bs-BA,bs;q=0.9"})
    T.check('<html lang="bs"' in r.text and "Prijava" in r.text,
            "Accept-Language bs: the login page in Bosnian, lang=bs")
    r = request("GET", "/login", None, {"Accept-Language": "hr-HR"})
    T.check('<html lang="bs"' in r.text, "hr is answered in Bosnian too")
    r = request("GET", "/login", None, {"Accept-Language": "de, en;q=0.5"})
    T.check('<html lang="en"' in r.text and "Log in" in r.text,
            "other languages: English")
    r = request("POST", "/api/v1/session", b"{}",
                {"Accept-Language": "bs", "Content-Type":
                 "application/json"})
    T.check(r.try_json() and r.json()["error"]["message"] ==
            "Neka polja nisu ispravna", "API errors in Bosnian for bs")

    b = browser_login("supervisor2")
    r = b.get("/profile")
    T.status(r, 200, "the profile page opens")
    csrf = Page(r.text).value("csrf")
    r = b.post("/profile", [("csrf", csrf), ("language", "fr")])
    T.status(r, 422, "only en and bs can be chosen")
    r = b.post("/profile", [("csrf", csrf), ("language", "bs")])
    T.eq((r.status, r.location_path()), (303, "/profile"),
         "Bosnian chosen on the profile page")
    T.check(b.cookies.get("cb_lang") == "bs", "...kept in a cookie")
    T.eq(sql_value("SELECT language FROM cb.users WHERE username = "
                   "'supervisor2'"), "bs", "...and with the user")
    r = b.get("/cases", {"Accept-Language": "en"})
    T.check('<html lang="bs"' in r.text,
            "the person's choice wins over the browser's")
    # A new browser: the login brings the choice back.
    b2 = Browser()
    _, page = login_page(b2)
    r = b2.post("/login", [("username", "supervisor2"),
                           ("password", demo_password("supervisor2")),
                           ("csrf", page.value("csrf") or "")])
    T.check(b2.cookies.get("cb_lang") == "bs",
            "logging in on another browser sets the chosen language")
    r = b2.get("/")
    T.check('<html lang="bs"' in r.text, "...and its pages are in Bosnian")

    tok = token_for("supervisor2")
    r = api("POST", "/profile", tok, {"language": "en"})
    T.eq((r.status, r.try_json()), (200, {"language": "en"}),
         "POST /api/v1/profile sets English back")
    r = api("POST", "/profile", tok, {"language": "EN"})
    T.status(r, 422, "an unknown code is refused")
    r = api("POST", "/profile", tok, {"language": "en", "x": 1})
    T.status(r, 422, "an unknown member is refused")
    r = api("POST", "/profile", None, {"language": "en"})
    T.status(r, 401, "not without a session")
    n = sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                  "'user.language'")
    T.check(int(n) >= 2, "language changes are audited (%s)" % n)


if __name__ == "__main__":
    T.run(main)
    T.finish()
