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
    b, s = lib.secure_login(T)
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
