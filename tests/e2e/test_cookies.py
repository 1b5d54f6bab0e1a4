"""Cookies behind TLS (CASEBOOK_SECURE_COOKIES=1), against a second
server on the same database started by tests/e2e/run.sh (its URL in
CB_SECURE_URL): the session and pre-login cookies are __Host- prefixed
and Secure, the session cookie has no Max-Age (it dies with the
browser), and the plain names are not taken for them."""
import os
import urllib.parse

import lib

T = lib.Suite("cookies")


def main():
    url = urllib.parse.urlsplit(os.environ["CB_SECURE_URL"])
    lib.HOST, lib.PORT = url.hostname, url.port
    b = lib.Browser()
    r, page = lib.login_page(b)
    pre = b.last_set.get("__Host-cb_pre")
    T.check(pre is not None, "the pre-login cookie is __Host-cb_pre",
            r.set_cookies())
    T.check(pre is not None and "secure" in pre and pre.get("path") == "/"
            and "domain" not in pre, "...Secure, Path=/, no Domain")
    r = b.post("/login", [("username", "caseworker"),
                          ("password", lib.demo_password("caseworker")),
                          ("csrf", page.value("csrf") or "")])
    T.status(r, 303, "login through the form")
    s = b.last_set.get("__Host-cb_session")
    T.check(s is not None and "secure" in s and "httponly" in s and
            s.get("samesite", "").lower() == "strict" and
            s.get("path") == "/" and "domain" not in s,
            "the session cookie is __Host-cb_session, Secure, HttpOnly, "
            "SameSite=Strict, Path=/", r.set_cookies())
    T.check(s is not None and "max-age" not in s and "expires" not in s,
            "the session cookie has no Max-Age or Expires",
            r.set_cookies())
    if s is not None:
        lib.record_secret(s["_value"], hexform=False)
    r = b.get("/cases")
    T.status(r, 200, "the __Host- session opens the pages")
    plain = lib.request("GET", "/cases", None, {
        "Cookie": "cb_session=%s" % (s or {}).get("_value", ""),
        "Accept": "text/html"})
    T.eq((plain.status, plain.location_path()), (303, "/login"),
         "the same token under the plain name is not taken")
    T.finish()


if __name__ == "__main__":
    main()
