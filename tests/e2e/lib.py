"""Shared helpers for casebook's end-to-end suites (Python 3 stdlib only).

Environment (set by tests/e2e/run.sh):
  CB_BASE_URL   http://127.0.0.1:PORT of a running server
  CB_STATE_DIR  the state directory made by scripts/db.sh (database
                queries, casebook-admin, secrets.txt, and demo-passwords
                with the demo users' random passwords)
  CB_TOP        the repository top

Every check prints one TAP-like line, "ok - ..." or "not ok - ...";
a suite ends with a comment line "# NAME: N passed, M failed" and exits
non-zero when anything failed. Plaintext values a suite sends that must
never be stored or logged in the clear go to $CB_STATE_DIR/secrets.txt
(record_secret), which run.sh greps against the server log and pg_dump.
"""

import binascii
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
from html.parser import HTMLParser

BASE_URL = os.environ.get("CB_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
STATE_DIR = os.environ.get("CB_STATE_DIR", "")
TOP = os.environ.get("CB_TOP") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
PGBIN = "/usr/lib/postgresql/15/bin"
TIMEOUT = 30

_u = urllib.parse.urlsplit(BASE_URL)
HOST = _u.hostname or "127.0.0.1"
PORT = _u.port or 80
# An ssl.SSLContext: requests go over TLS (test_tls.py, through nginx).
SSL_CONTEXT = None

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                     r"[0-9a-f]{12}$")
RFC3339_UTC_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?"
                            r"(Z|\+00:00)$")

# A tag made of letters that are not hex digits, so that values built
# from it can never be matched by chance inside hex-encoded ciphertext
# (pg_dump writes bytea as lower-case hex), and no two of them
# neighbours in the alphabet: cracklib calls passwords built from a tag
# with a run like "rstv" too systematic, which made tests flaky.
TAG = "".join(random.SystemRandom().choice("gjmpsvy")
              for _ in range(6))
RUNNUM = random.SystemRandom().randrange(100, 1000)

DEMO = ["caseworker", "caseworker2", "supervisor", "supervisor2",
        "partner", "auditor", "admin"]


_DEMO_PASSWORDS = {}


def demo_password(user):
    """The random password scripts/demo.sh gave a demo user, from
    $CB_STATE_DIR/demo-passwords ("username<TAB>password" lines)."""
    if not _DEMO_PASSWORDS:
        path = os.path.join(STATE_DIR, "demo-passwords")
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, sep, pw = line.rstrip("\n").partition("\t")
                if sep and pw:
                    _DEMO_PASSWORDS[name] = pw
    if user not in _DEMO_PASSWORDS:
        raise RuntimeError("no password for demo user %s in %s" % (
            user, os.path.join(STATE_DIR, "demo-passwords")))
    return _DEMO_PASSWORDS[user]


# ---------------------------------------------------------------- output

class Suite:
    """A minimal test runner: named checks, exceptions caught per test."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, cond, desc, detail=None):
        if cond:
            self.passed += 1
            print("ok - %s: %s" % (self.name, desc), flush=True)
        else:
            self.failed += 1
            print("not ok - %s: %s" % (self.name, desc), flush=True)
            if detail is not None:
                for line in str(detail).splitlines()[:12]:
                    print("#   " + line[:400], flush=True)
        return bool(cond)

    def eq(self, got, want, desc):
        return self.check(got == want, desc,
                          "got:  %s\nwant: %s" % (short(got), short(want)))

    def status(self, resp, want, desc):
        """resp.status == want (or in want, when a tuple)."""
        ok = resp.status in want if isinstance(want, tuple) \
            else resp.status == want
        return self.check(ok, desc, "status %s (want %s); body: %s" % (
            resp.status, want, short(resp.text)))

    def run(self, fn):
        try:
            fn()
        except Exception as e:  # one broken test must not stop the rest
            self.check(False, "%s raised %s: %s" % (
                fn.__name__, type(e).__name__, short(str(e))),
                traceback.format_exc())

    def finish(self):
        print("# %s: %d passed, %d failed" % (self.name, self.passed,
                                              self.failed), flush=True)
        sys.exit(1 if self.failed or not self.passed else 0)


def short(v, n=300):
    s = v if isinstance(v, str) else repr(v)
    return s if len(s) <= n else s[:n] + "...(%d chars)" % len(s)


def in_parallel(fns):
    """Runs the callables at the same moment; their results in order."""
    out = [None] * len(fns)
    barrier = threading.Barrier(len(fns))

    def one(i):
        barrier.wait()
        try:
            out[i] = fns[i]()
        except Exception as e:  # reported by the caller's checks
            out[i] = e

    threads = [threading.Thread(target=one, args=(i,))
               for i in range(len(fns))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


# ------------------------------------------------------------------ HTTP

SERVER_ERRORS = []   # (method, path, status) of every 5xx seen
UNTRANSLATED = {}    # raw catalogue key shown to a user -> a path showing it
KEY_RE = re.compile(r"^(err|page|field|opt|nav|action|hint|stage|state|"
                    r"list|role|label|msg|title|button)\.[a-z0-9_.]+$")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _note_untranslated(resp):
    """Remembers user-visible strings that are untranslated keys."""
    ctype = (resp.header("Content-Type") or "").lower()
    texts = []
    try:
        if ctype.startswith("application/json"):
            err = (resp.try_json() or {}).get("error")
            if isinstance(err, dict):
                texts.append(err.get("message"))
                f = err.get("fields")
                if isinstance(f, dict):
                    texts.extend(f.values())
        elif ctype.startswith("text/html"):
            p = _Text()
            p.feed(resp.text)
            p.close()
            texts = p.texts
    except Exception:
        return
    for t in texts:
        if isinstance(t, str) and KEY_RE.match(t.strip()):
            UNTRANSLATED.setdefault(t.strip(), resp.path)


class Resp:
    def __init__(self, status, headers, body, method, path):
        self.status = status
        self.headers = headers
        self.body = body
        self.method = method
        self.path = path
        self._json = None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def json(self):
        if self._json is None:
            self._json = json.loads(self.body.decode("utf-8"))
        return self._json

    def try_json(self):
        try:
            return self.json()
        except Exception:
            return None

    def error_code(self):
        j = self.try_json()
        if isinstance(j, dict) and isinstance(j.get("error"), dict):
            return j["error"].get("code")
        return None

    def error_fields(self):
        j = self.try_json()
        if isinstance(j, dict) and isinstance(j.get("error"), dict):
            f = j["error"].get("fields")
            return f if isinstance(f, dict) else {}
        return {}

    def set_cookies(self):
        return self.headers.get_all("Set-Cookie") or []

    def location_path(self):
        loc = self.header("Location")
        if loc is None:
            return None
        u = urllib.parse.urlsplit(loc)
        if u.scheme and (u.hostname, u.port or 80) != (HOST, PORT):
            return loc   # elsewhere: returned whole, so it never matches
        return u.path + ("?" + u.query if u.query else "")


def request(method, path, body=None, headers=None, timeout=TIMEOUT):
    """One request on a fresh connection; body is bytes, str or None."""
    hdrs = dict(headers or {})
    if isinstance(body, str):
        body = body.encode("utf-8")
    if SSL_CONTEXT is not None:
        conn = http.client.HTTPSConnection(HOST, PORT, timeout=timeout,
                                           context=SSL_CONTEXT)
    else:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        resp = Resp(r.status, r.headers, data, method, path)
    finally:
        conn.close()
    if SSL_CONTEXT is None:
        _note_request_id(resp)
    if resp.status >= 500:
        SERVER_ERRORS.append((method, path, resp.status))
    _note_untranslated(resp)
    return resp


# A list to collect request ids in instead of the file run.sh checks:
# for a suite that talks to a server of its own, whose log is not the
# one run.sh reads (test_backup.py checks its server's log itself).
RIDS_TO = None


def _note_request_id(resp):
    """Every answer casebook gives carries its request id; run.sh checks
    afterwards that each has its line in the server's access log. (Over
    TLS nginx may answer itself: test_tls.py checks those.)"""
    rid = resp.header("X-Request-Id")
    if rid and RIDS_TO is not None:
        RIDS_TO.append(rid)
    elif rid and STATE_DIR:
        # The suite, method, path and status go along so that a missing
        # line can be traced; run.sh compares the first word only.
        suite = os.path.basename(sys.argv[0]) if sys.argv else "?"
        with open(os.path.join(STATE_DIR, "reqids.txt"), "a") as f:
            f.write("%s %s %s %s %d %.3f\n" % (
                rid, suite, resp.method, resp.path.split("?")[0],
                resp.status, time.time()))


def api(method, path, token=None, body=None, raw=None, ctype=None,
        headers=None):
    """A JSON API call under /api/v1; body is encoded as JSON, raw sent
    as is (with ctype, default application/json)."""
    hdrs = {"Accept": "application/json"}
    if token:
        hdrs["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        hdrs["Content-Type"] = ctype or "application/json; charset=utf-8"
    elif raw is not None:
        data = raw
        if ctype is not False:
            hdrs["Content-Type"] = ctype or "application/json"
    hdrs.update(headers or {})
    return request(method, "/api/v1" + path, data, hdrs)


def login(username, password):
    return api("POST", "/session", body={"username": username,
                                         "password": password})


def token_for(username, password=None):
    r = login(username, password or demo_password(username))
    if r.status != 201:
        raise RuntimeError("login %s: status %s %s" % (username, r.status,
                                                       short(r.text)))
    tok = r.json()["token"]
    record_secret(tok, hexform=False)
    return tok


def healthy():
    try:
        r = request("GET", "/healthz")
        return r.status == 200 and r.try_json() == {"ok": True, "db": True}
    except OSError:
        return False


def list_all(token, query=""):
    """Every item of GET /cases?query, following next_cursor."""
    items, cursor = [], None
    for _ in range(200):
        q = query
        if cursor is not None:
            q += ("&" if q else "") + "cursor=" + urllib.parse.quote(
                cursor, safe="")
        r = api("GET", "/cases" + ("?" + q if q else ""), token)
        if r.status != 200:
            raise RuntimeError("GET /cases?%s: %s %s" % (q, r.status,
                                                         short(r.text)))
        j = r.json()
        items.extend(j["items"])
        cursor = j.get("next_cursor")
        if not cursor:
            return items
    raise RuntimeError("GET /cases: more than 200 pages")


def ids(items):
    return [i.get("id") for i in items]


def random_uuid():
    return str(uuid.uuid4())


# ------------------------------------------------------ database and CLI

def is_root():
    return os.geteuid() == 0


def sql(query):
    """Runs query as the database superuser; rows as lists of columns."""
    out = subprocess.run(
        [os.path.join(TOP, "scripts", "db.sh"), "super", STATE_DIR,
         "-q", "-t", "-A", "-F", "\x1f", "-c", query],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if out.returncode != 0:
        raise RuntimeError("psql failed (%d): %s" % (
            out.returncode, out.stderr.decode("utf-8", "replace")[:300]))
    text = out.stdout.decode("utf-8")
    return [line.split("\x1f") for line in text.split("\n") if line != ""]


def sql_value(query):
    rows = sql(query)
    return rows[0][0] if rows else None


def count_cases_db():
    return int(sql_value("SELECT count(*) FROM cb.cases"))


def pg_dump():
    """The whole database as SQL, dumped by the superuser (bytes)."""
    cmd = [os.path.join(PGBIN, "pg_dump"), "-h",
           os.path.join(STATE_DIR, "run"), "casebook"]
    if is_root():
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         timeout=120)
    if out.returncode != 0:
        raise RuntimeError("pg_dump failed: %s" % out.stderr[:300])
    return out.stdout


def admin_cli(args, stdin=b""):
    env = dict(os.environ)
    env["CASEBOOK_CONF"] = os.path.join(STATE_DIR, "casebook.cfg")
    return subprocess.run([os.path.join(TOP, "casebook-admin")] + args,
                          input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=120)


def add_user(username, role, password, office=None):
    args = ["user", "add", "--username", username, "--role", role]
    if office:
        args += ["--office", office]
    r = admin_cli(args, (password + "\n").encode("utf-8"))
    if r.returncode != 0:
        raise RuntimeError("casebook-admin user add %s: exit %d: %s" % (
            username, r.returncode, r.stderr.decode("utf-8", "replace")))
    record_secret(password)


# --------------------------------------------------------------- secrets

SECRETS = []


def record_secret(value, hexform=True):
    """Notes a plaintext value that must never appear in the database or
    the server log, and (where long enough to be unambiguous) its hex
    form, as a bytea column holding it unencrypted would show it."""
    if not isinstance(value, str) or value in SECRETS:
        return
    if any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in value):
        return   # rejected input; cannot be a grep pattern line
    lines = []
    # Short all-hex strings could match ciphertext by chance.
    if len(value) >= 16 or not re.fullmatch(r"[0-9a-fA-F-]*", value):
        if len(value) >= 6 and "\n" not in value:
            lines.append(value)
    if hexform and len(value.encode("utf-8")) >= 5:
        lines.append(binascii.hexlify(value.encode("utf-8")).decode())
    SECRETS.append(value)
    if STATE_DIR and lines:
        with open(os.path.join(STATE_DIR, "secrets.txt"), "a",
                  encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")


# ------------------------------------------------------------ HTML pages

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}


class Page(HTMLParser):
    """Forms, their controls, [data-field] and [id] texts, links."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.forms = []      # {"attrs": {...}, "controls": [...]}
        self.controls = []   # every input/select/textarea, in order
        self.data_fields = {}
        self.ids = {}
        self.links = []
        self.scripts = 0
        self._stack = []     # [tag, [capture keys]]
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None
        self.feed(text)
        self.close()

    def _capture(self, attrs):
        keys = []
        if attrs.get("data-field") is not None:
            keys.append(("data", attrs["data-field"]))
            self.data_fields.setdefault(attrs["data-field"], "")
        if attrs.get("id") is not None:
            keys.append(("id", attrs["id"]))
            self.ids.setdefault(attrs["id"], "")
        return keys

    def _control(self, tag, attrs):
        c = {"tag": tag, "name": attrs.get("name"),
             "type": (attrs.get("type") or "").lower(),
             "value": attrs.get("value"), "attrs": attrs,
             "options": [], "form": len(self.forms) - 1
             if self._form is not None else None}
        self.controls.append(c)
        if self._form is not None:
            self._form["controls"].append(c)
        return c

    def handle_starttag(self, tag, attrs_list):
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "script":
            self.scripts += 1
        if tag == "form":
            self._form = {"attrs": attrs, "controls": []}
            self.forms.append(self._form)
        elif tag == "input":
            self._control(tag, attrs)
        elif tag == "select":
            self._select = self._control(tag, attrs)
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"),
                            "selected": "selected" in attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = self._control(tag, attrs)
            self._textarea["value"] = ""
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag not in VOID:
            self._stack.append([tag, self._capture(attrs)])
        else:
            self._capture(attrs)

    def handle_startendtag(self, tag, attrs_list):
        self.handle_starttag(tag, attrs_list)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        for _, keys in self._stack:
            for kind, key in keys:
                if kind == "data":
                    self.data_fields[key] += data
                else:
                    self.ids[key] += data
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["value"] += data

    # queries

    def control(self, name, form=None):
        pool = self.controls if form is None else form["controls"]
        for c in pool:
            if c["name"] == name:
                return c
        return None

    def value(self, name, form=None):
        c = self.control(name, form)
        if c is None:
            return None
        if c["tag"] == "select":
            sel = [o for o in c["options"] if o["selected"]]
            return sel[0]["value"] if sel else None
        if c["type"] == "checkbox":
            return c["value"] if "checked" in c["attrs"] else None
        return c["value"] if c["value"] is not None else ""

    def form_by_action(self, action):
        for f in self.forms:
            if f["attrs"].get("action") == action:
                return f
        return None

    def text_of(self, data_field):
        v = self.data_fields.get(data_field)
        return v.strip() if v is not None else None


class Browser:
    """A cookie-keeping client for the HTML pages (no redirects
    followed: the tests look at every 303)."""

    def __init__(self):
        self.cookies = {}
        self.last_set = {}   # name -> attributes of the last Set-Cookie

    def _update(self, resp):
        for sc in resp.set_cookies():
            parts = [p.strip() for p in sc.split(";")]
            if "=" not in parts[0]:
                continue
            name, value = parts[0].split("=", 1)
            attrs = {}
            for p in parts[1:]:
                k, _, v = p.partition("=")
                attrs[k.strip().lower()] = v.strip()
            self.last_set[name] = dict(attrs, _value=value)
            expired = attrs.get("max-age") == "0" or value == "" or \
                "1970" in attrs.get("expires", "")
            if expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def _headers(self, extra=None):
        h = {"Accept": "text/html"}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv
                                    for kv in self.cookies.items())
        h.update(extra or {})
        return h

    def get(self, path, headers=None):
        r = request("GET", path, None, self._headers(headers))
        self._update(r)
        return r

    def post(self, path, fields, headers=None, ctype=None):
        """fields: list of (name, value) pairs, urlencoded as UTF-8."""
        body = urllib.parse.urlencode(fields).encode("ascii")
        h = {"Content-Type": ctype or "application/x-www-form-urlencoded"}
        h.update(headers or {})
        r = request("POST", path, body, self._headers(h))
        self._update(r)
        return r


def login_page(b):
    r = b.get("/login")
    return r, Page(r.text)


def browser_login(user, password=None):
    """A Browser logged in through the form; raises when it fails."""
    b = Browser()
    _, page = login_page(b)
    r = b.post("/login", [("username", user),
                          ("password", password or demo_password(user)),
                          ("csrf", page.value("csrf") or "")])
    if r.status != 303 or "cb_session" not in b.cookies:
        raise RuntimeError("form login %s: %s %s" % (user, r.status,
                                                      short(r.text)))
    record_secret(b.cookies["cb_session"], hexform=False)
    return b


def secure_login(T, how=""):
    """Logs caseworker in through the form of a server that runs with
    secure cookies (at HOST, PORT, SSL_CONTEXT) and checks, in suite T,
    that both cookies are __Host-, Secure, Path=/, without Domain, the
    session's also HttpOnly, SameSite=Strict and without Max-Age.
    Returns the Browser and the session cookie's attributes (or None)."""
    b = Browser()
    r, page = login_page(b)
    pre = b.last_set.get("__Host-cb_pre")
    T.check(pre is not None, "the pre-login cookie is __Host-cb_pre" + how,
            r.set_cookies())
    T.check(pre is not None and "secure" in pre and pre.get("path") == "/"
            and "domain" not in pre, "...Secure, Path=/, no Domain")
    r = b.post("/login", [("username", "caseworker"),
                          ("password", demo_password("caseworker")),
                          ("csrf", page.value("csrf") or "")])
    T.status(r, 303, "login through the form" + how)
    s = b.last_set.get("__Host-cb_session")
    T.check(s is not None and "secure" in s and "httponly" in s and
            s.get("samesite", "").lower() == "strict" and
            s.get("path") == "/" and "domain" not in s,
            "the session cookie is __Host-cb_session, Secure, HttpOnly, "
            "SameSite=Strict, Path=/" + how, r.set_cookies())
    T.check(s is not None and "max-age" not in s and "expires" not in s,
            "the session cookie has no Max-Age or Expires",
            r.set_cookies())
    if s is not None:
        record_secret(s["_value"], hexform=False)
    return b, s


# -------------------------------------------------------------- headers

def security_header_problems(resp):
    """What is missing from the security headers of one response."""
    h = resp.headers
    bad = []
    csp = h.get("Content-Security-Policy") or ""
    if not csp.strip():
        bad.append("no Content-Security-Policy")
    elif "default-src" not in csp:
        bad.append("CSP without default-src: %s" % csp)
    if (h.get("X-Content-Type-Options") or "").strip().lower() != "nosniff":
        bad.append("X-Content-Type-Options: %r" %
                   h.get("X-Content-Type-Options"))
    rp = (h.get("Referrer-Policy") or "").strip().lower()
    if rp not in ("no-referrer", "same-origin", "strict-origin",
                  "strict-origin-when-cross-origin"):
        bad.append("Referrer-Policy: %r" % h.get("Referrer-Policy"))
    xfo = (h.get("X-Frame-Options") or "").strip().upper()
    if xfo not in ("DENY", "SAMEORIGIN"):
        bad.append("X-Frame-Options: %r" % h.get("X-Frame-Options"))
    cc = (h.get("Cache-Control") or "").lower()
    if "no-store" not in cc:
        bad.append("Cache-Control: %r" % h.get("Cache-Control"))
    return bad
