"""Anonymised statistics and the audit log viewer, over HTTP.

A population with small groups is seeded through SQL as the database's
superuser, in a registration year of its own (so every query filters by
it and sees nothing else), in three offices (one named "=..." for the
CSV's formula guard), both case types, three age bands, types of
exploitation on CT cases and assistance entries on some.

Every table the suite asks for is checked against the true counts,
computed here from the population: a published count is within 2 of
the truth and never below k, a count of 1..k-1 is listed as suppressed
(never 0, never left out), a zero is left out.

Then the attacks, each on every hidden count it applies to: a row or a
column margin minus the other published cells of that row or column;
the total minus the other margins; a one-way table minus the two-way
table's cells; differencing two queries that differ by a filter (all
case types minus case_type=CT, the year minus one office); the
unfiltered table minus the tables of every other value of a filter
(case type, office, age band). With random noise an estimate can equal
the truth by chance; a design flaw (an exact margin, a filter that
skips suppression) recovers it every time. So the population is keyed
again (UPDATE cases SET stats_key) KEYINGS times, and an attack fails
the suite when it recovers a hidden count under every keying; the
chance-match rate of each attack is printed. The same attacks on the
true counts (suppressed, but without noise) recover every hidden count,
so they are attacks that would catch a flaw.

Also: repeating a query gives the same numbers; roles (caseworker,
supervisor, partner, admin: 403; none of the API by cookie); the auditor
reaches no case (404) and no name; every statistics call is an audit
entry naming its dims and filters; bad queries are 422 naming the
parameter; the page and its CSV download; the audit log API's filters
and pages.
"""
import collections
import csv
import io
import itertools
import os
import random
import sys
import time
import urllib.parse

import lib
from lib import Page, api, sql, sql_value

T = lib.Suite("stats")
S = {}
K = 11
KEYINGS = 10
RND = random.SystemRandom()
Y = str(RND.randrange(1991, 2010))
OA = "StatsA-" + lib.TAG
OB = "StatsB-" + lib.TAG
OC = "=StatsC-" + lib.TAG
OFFICES = [OA, OB, OC]
BANDS = ["18-20", "24-26", "30-38"]
TYPES = ["AVRR", "CT"]

# (citizenship, gender) -> cases in (OA AVRR, OA CT, OB AVRR, OB CT)
GROUPS = {
    ("AF", "Masculine"): (15, 14, 13, 12),
    ("AF", "Feminine"): (3, 20, 2, 12),
    ("AF", "TransgenderFeminine"): (3, 3, 3, 3),
    ("SY", "Masculine"): (12, 11, 14, 16),
    ("SY", "Feminine"): (12, 13, 3, 4),
    ("SY", "TransgenderFeminine"): (4, 3, 4, 3),
    ("ER", "Masculine"): (13, 0, 12, 0),
    ("ER", "Feminine"): (2, 1, 3, 0),
    ("SO", "Masculine"): (2, 4, 1, 3),
    ("SO", "Feminine"): (1, 2, 0, 1),
    ("IQ", "Masculine"): (3, 0, 2, 0),
    ("IQ", "Feminine"): (1, 1, 0, 0),
    ("IQ", "TransgenderFeminine"): (1, 0, 2, 0),
}
# The third office: a few cases only.
GROUPS_C = {("SY", "Masculine", "AVRR"): 3, ("AF", "Feminine", "CT"): 1}


def population():
    pop = []
    for (cit, gender), counts in sorted(GROUPS.items()):
        for (office, ctype), n in zip(
                [(OA, "AVRR"), (OA, "CT"), (OB, "AVRR"), (OB, "CT")],
                counts):
            for i in range(n):
                pop.append((office, ctype, cit, gender, i))
    for (cit, gender, ctype), n in sorted(GROUPS_C.items()):
        for i in range(n):
            pop.append((OC, ctype, cit, gender, i))
    out = []
    for office, ctype, cit, gender, i in pop:
        # Uneven bands (2:2:1), so some bands of a group are small.
        band = BANDS[[0, 0, 1, 1, 2][i % 5]]
        expl = None
        if ctype == "CT" and i % 3 != 2:
            expl = ["ForcedLabour"] if i % 3 == 0 else \
                ["ForcedLabour", "SexualExploitation"]
        out.append({"office": office, "case_type": ctype,
                    "citizenship": cit, "gender": gender,
                    "age_band": band, "year": Y,
                    "exploitation_type": expl, "assistance_type": None})
    return out


POP = population()
MULTI = ("exploitation_type", "means_of_control", "assistance_type")


def values(case, dim):
    if dim in MULTI:
        return case.get(dim) or [None]
    return [case[dim]]


def truth(dims, filters):
    """True counts: ("cell", v...), ("m", i, v), ("total",)."""
    t = collections.Counter()
    for c in POP:
        if any(v not in values(c, d) for d, v in filters.items()):
            continue
        t[("total",)] += 1
        for combo in itertools.product(*(values(c, d) for d in dims)):
            t[("cell",) + combo] += 1
        for i, d in enumerate(dims):
            for v in values(c, d):
                t[("m", i, v)] += 1
    return t


def published(j):
    """What a JSON answer publishes, by the same keys; None: suppressed."""
    dims = j["dims"]
    p = {}
    for c in j["cells"]:
        p[("cell",) + tuple(c[d] for d in dims)] = c["count"]
    for i, d in enumerate(dims):
        for m in j["margins"][d]:
            p[("m", i, m[d])] = m["count"]
    p[("total",)] = j["total"]
    return p


def naive(t):
    """The true counts as a flawed design would publish them: small
    cells suppressed, everything else exact."""
    return {k: (None if 0 < n < K else n) for k, n in t.items() if n}


def qs(dims, filters):
    q = [("dims", ",".join(dims)), ("year", Y)]
    q += sorted(filters.items())
    return urllib.parse.urlencode(q)


def stats(dims, filters=None, token=None, path="/stats"):
    return api("GET", "%s?%s" % (path, qs(dims, filters or {})),
               token or S["aud"])


# ----------------------------------------------------------- seeding

def seed():
    uid = sql_value("SELECT id FROM cb.users WHERE username = '%s'" %
                    S["cw_user"])
    rows = []
    for n, c in enumerate(POP):
        expl = "NULL" if not c["exploitation_type"] else \
            "ARRAY[%s]" % ",".join("'%s'" % e for e in c["exploitation_type"])
        rows.append("(%d, '%s', '%s', '%s', '%s', '%s', %s)" % (
            n, c["office"], c["case_type"], c["citizenship"], c["gender"],
            c["age_band"], expl))
    sql("""CREATE TEMP TABLE pop (n int, office text, case_type text,
        cit text, gender text, band text, expl text[]);
        INSERT INTO pop VALUES %s;
        CREATE TEMP TABLE ids AS SELECT n, gen_random_uuid() AS pid,
            gen_random_uuid() AS cid, gen_random_uuid() AS pk,
            gen_random_uuid() AS ck FROM pop;
        INSERT INTO cb.data_keys (id, key_version, seal_version, wrapped)
            SELECT pk, 1, 1, '\\x00'::bytea FROM ids UNION ALL
            SELECT ck, 1, 1, '\\x00'::bytea FROM ids;
        INSERT INTO cb.persons (id, key_id, consent_data_processing,
            consent_at, gender, citizenship, age_band, created_by)
            SELECT i.pid, i.pk, true, now(), p.gender, p.cit, p.band, '%s'
            FROM pop p JOIN ids i USING (n);
        INSERT INTO cb.cases (id, person_id, key_id, case_type, state,
            stage, htcds_status, office, assigned_to, created_by,
            registration_year, exploitation_types)
            SELECT i.cid, i.pid, i.ck, p.case_type, CASE p.case_type
            WHEN 'CT' THEN 'identified' ELSE 'registered' END, 'intake',
            'Active', p.office, '%s', '%s', %s, p.expl
            FROM pop p JOIN ids i USING (n)""" % (
        ", ".join(rows), uid, uid, uid, Y))
    # Assistance entries on the first AF men of office A (AVRR): every
    # one counselling (some twice), the first 12 also medical.
    ids = [r[0] for r in sql(
        "SELECT c.id FROM cb.cases c JOIN cb.persons p ON p.id = "
        "c.person_id WHERE c.registration_year = %s AND c.office = '%s' "
        "AND c.case_type = 'AVRR' AND p.citizenship = 'AF' AND p.gender "
        "= 'Masculine' ORDER BY c.id LIMIT 14" % (Y, OA))]
    entries = []
    for i, cid in enumerate(ids):
        entries.append((cid, "counselling"))
        if i % 4 == 0:
            entries.append((cid, "counselling"))
        if i < 12:
            entries.append((cid, "medical"))
    sql("INSERT INTO cb.assistance (id, case_id, type, assisted_on, "
        "created_by) VALUES %s" % ", ".join(
            "(gen_random_uuid(), '%s', '%s', date '%s-06-01', '%s')" % (
                cid, t, Y, uid) for cid, t in entries))
    S["assist_ids"] = ids
    S["assist_cases"] = [c for c in POP if c["office"] == OA and
                         c["case_type"] == "AVRR" and
                         c["citizenship"] == "AF" and
                         c["gender"] == "Masculine"]
    return len(ids)


def mark_assistance():
    """The bands of the cases given entries, from the database, so that
    the population's truth matches which cases they were."""
    rows = sql("SELECT c.id, p.age_band FROM cb.cases c JOIN cb.persons p "
               "ON p.id = c.person_id WHERE c.id IN (%s)" % ", ".join(
                   "'%s'" % c for c in S["assist_ids"]))
    band = dict((r[0], r[1]) for r in rows)
    free = list(S["assist_cases"])
    for i, cid in enumerate(S["assist_ids"]):
        for c in free:
            if c["age_band"] == band[cid]:
                c["assistance_type"] = ["counselling"] + (
                    ["medical"] if i < 12 else [])
                free.remove(c)
                break


def rekey():
    sql("UPDATE cb.cases SET stats_key = floor(random() * 2147483648)::int "
        "WHERE registration_year = %s" % Y)


# --------------------------------------------------------- checking

VIOLATIONS = []


def check_table(name, j, t):
    """Every count against the truth (see the docstring)."""
    p = published(j)
    for key in set(p) | set(k for k, n in t.items() if n):
        n = t.get(key, 0)
        v = p.get(key, "absent")
        if n == 0:
            ok = v == "absent" or (key == ("total",) and v == 0)
        elif n < K:
            ok = key in p and v is None
        else:
            ok = isinstance(v, int) and v >= K and abs(v - n) <= 2
        if not ok:
            VIOLATIONS.append("%s %s: true %d, published %r" % (
                name, key, n, v))
    for c in j["cells"] + [m for d in j["dims"] for m in j["margins"][d]]:
        if c["count"] is None and c.get("suppressed") is not True:
            VIOLATIONS.append("%s: null count not marked suppressed" % name)
        if c["count"] is not None and c["count"] < K:
            VIOLATIONS.append("%s: published %r below k" % (name, c))
    if j["total"] is not None and 0 < j["total"] < K:
        VIOLATIONS.append("%s: total %r below k" % (name, j["total"]))


def val(p, key):
    """A published count as an attacker reads it: absent is 0."""
    return p.get(key, 0)


def attacks(tab, tru):
    """(attack, instance, estimate, truth) for every hidden count each
    attack applies to, given published tables tab and true tables tru
    (both by name: "two", "one.citizenship", "one.gender", and
    "<dim>=<value>" for the filtered two-way tables)."""
    out = []
    two_names = ["two"] + [n for n in tab if "=" in n]
    for name in two_names:
        p, t = tab[name], tru[name]
        rows = sorted(set(k[2] for k in t if k[0] == "m" and k[1] == 0),
                      key=str)
        cols = sorted(set(k[2] for k in t if k[0] == "m" and k[1] == 1),
                      key=str)
        # A margin minus the other cells of its row / column.
        for axis, lines, others in ((0, rows, cols), (1, cols, rows)):
            for a in lines:
                cells = [("cell", a, b) if axis == 0 else ("cell", b, a)
                         for b in others]
                hidden = [c for c in cells if 0 < t.get(c, 0) < K]
                if len(hidden) != 1 or val(p, ("m", axis, a)) is None:
                    continue
                rest = [val(p, c) for c in cells if c != hidden[0]]
                if None in rest:
                    continue
                out.append(("margin minus %s" % ("row" if axis == 0 else
                                                 "column"),
                            (name, hidden[0]),
                            val(p, ("m", axis, a)) - sum(rest),
                            t[hidden[0]]))
        # The total minus the other margins of a dim.
        for axis, lines in ((0, rows), (1, cols)):
            ms = [("m", axis, a) for a in lines]
            hidden = [m for m in ms if 0 < t.get(m, 0) < K]
            if len(hidden) != 1 or val(p, ("total",)) is None:
                continue
            rest = [val(p, m) for m in ms if m != hidden[0]]
            if None in rest:
                continue
            out.append(("total minus margins", (name, hidden[0]),
                        val(p, ("total",)) - sum(rest), t[hidden[0]]))
    # A one-way table minus the two-way table's other cells.
    p2, t2 = tab["two"], tru["two"]
    for axis, dim in ((0, "citizenship"), (1, "gender")):
        p1 = tab["one." + dim]
        lines = sorted(set(k[2] for k in t2 if k[0] == "m" and k[1] == axis),
                       key=str)
        others = sorted(set(k[2] for k in t2 if k[0] == "m" and
                            k[1] == 1 - axis), key=str)
        for a in lines:
            if val(p1, ("cell", a)) is None:
                continue
            cells = [("cell", a, b) if axis == 0 else ("cell", b, a)
                     for b in others]
            hidden = [c for c in cells if 0 < t2.get(c, 0) < K]
            rest = [val(p2, c) for c in cells if c not in hidden]
            if len(hidden) != 1 or None in rest:
                continue
            out.append(("one-way minus two-way", (dim, hidden[0]),
                        val(p1, ("cell", a)) - sum(rest), t2[hidden[0]]))
    # Differencing by filter, and every other value of a filter.
    keys = set(k for k in t2 if t2[k]) | set(
        k for n in tab if "=" in n for k in tru[n] if tru[n][k])
    for dim, vals in (("case_type", TYPES), ("office", OFFICES),
                      ("age_band", BANDS)):
        names = ["%s=%s" % (dim, v) for v in vals]
        for key in keys:
            # The unfiltered table minus the table of one value.
            for v, n in zip(vals, names):
                if dim == "case_type" and v != "CT":
                    continue
                if dim == "age_band":
                    continue
                target = t2.get(key, 0) - tru[n].get(key, 0)
                a, b = val(p2, key), val(tab[n], key)
                if 0 < target < K and a is not None and b is not None:
                    out.append(("%s minus %s=%s" % (
                        "all case types" if dim == "case_type" else "year",
                        dim, v), (key, v), a - b, target))
            # Minus every other value's table.
            for v0, n0 in zip(vals, names):
                target = tru[n0].get(key, 0)
                if not 0 < target < K:
                    continue
                terms = [val(tab[n], key) for n in names if n != n0]
                if val(p2, key) is None or None in terms:
                    continue
                out.append(("unfiltered minus every other %s" % dim,
                            (key, v0), val(p2, key) - sum(terms), target))
    return out


def fetch_tables():
    """Every table the attacks read, as published and as true."""
    tab, tru = {}, {}
    two = ["citizenship", "gender"]
    jobs = [("two", two, {}), ("one.citizenship", ["citizenship"], {}),
            ("one.gender", ["gender"], {})]
    for dim, vals in (("case_type", TYPES), ("office", OFFICES),
                      ("age_band", BANDS)):
        for v in vals:
            jobs.append(("%s=%s" % (dim, v), two, {dim: v}))
    for name, dims, filters in jobs:
        r = stats(dims, filters)
        if r.status != 200:
            raise RuntimeError("GET /stats %s: %s %s" % (
                name, r.status, lib.short(r.text)))
        tab[name] = published(r.json())
        tru[name] = truth(dims, filters)
        check_table(name, r.json(), tru[name])
        S.setdefault("bodies", {})[name] = r.body
    return tab, tru


# ------------------------------------------------------------- tests

def setup():
    S["aud"] = lib.token_for("auditor")
    S["cw"] = lib.token_for("caseworker")
    S["cw_user"] = "st" + lib.TAG
    pw = "Stats-%s-%d-Quarry" % (lib.TAG, lib.RUNNUM)
    lib.add_user(S["cw_user"], "caseworker", pw, office=OA)
    n = seed()
    mark_assistance()
    T.eq(int(sql_value("SELECT count(*) FROM cb.cases WHERE "
                       "registration_year = %s" % Y)), len(POP),
         "population of %d cases seeded in year %s (%d with assistance)"
         % (len(POP), Y, n))


def test_consistent_rows():
    T.eq(sql_value("SELECT count(*) FROM cb.cases c LEFT JOIN "
                   "cb.stats_cases s ON s.case_id = c.id WHERE s.case_id "
                   "IS NULL OR s.stats_key <> c.stats_key OR s.stage <> "
                   "c.stage OR s.office <> c.office"), "0",
         "every case has its statistics row, with its key, stage, office")
    T.eq(sql_value("SELECT count(*) FROM cb.stats_cases s JOIN cb.cases c "
                   "ON c.id = s.case_id WHERE c.registration_year = %s AND "
                   "s.assistance_types <> '{}'" % Y), "14",
         "assistance entries reach the statistics rows (each type once)")
    T.eq(sql_value("SELECT string_agg(DISTINCT array_to_string("
                   "s.assistance_types, '+'), ' ') FROM cb.stats_cases s "
                   "JOIN cb.cases c ON c.id = s.case_id WHERE "
                   "c.registration_year = %s AND s.assistance_types <> "
                   "'{}'" % Y), "counselling counselling+medical",
         "a case's types are a set")
    T.check(sql_value("SELECT count(DISTINCT stats_key) FROM cb.cases "
                      "WHERE registration_year = %s" % Y) == str(len(POP)),
            "every case has a key of its own")


def test_attacks():
    matches = collections.defaultdict(int)
    attempts = collections.defaultdict(int)
    recovered = collections.defaultdict(int)
    kinds = {}
    changed = 0
    first = None
    for keying in range(KEYINGS):
        if keying > 0:
            rekey()
        tab, tru = fetch_tables()
        # The same query again: the same numbers, byte for byte.
        r = stats(["citizenship", "gender"])
        if r.body != S["bodies"]["two"]:
            VIOLATIONS.append("keying %d: a repeated query differed" %
                              keying)
        if first is None:
            first = S["bodies"]["two"]
        elif S["bodies"]["two"] != first:
            changed += 1
        for attack, inst, est, target in attacks(tab, tru):
            kinds[(attack, inst)] = attack
            attempts[attack] += 1
            if est == target:
                matches[attack] += 1
                recovered[(attack, inst)] += 1
        if keying == 0:
            # The attacks are real: on exact numbers they all succeed.
            nai = dict((n, naive(t)) for n, t in tru.items())
            found = attacks(nai, tru)
            T.check(found and all(e == t for _, _, e, t in found),
                    "on exact margins every attack recovers its hidden "
                    "count (%d instances)" % len(found))
            names = set(a for a, _, _, _ in found)
            for want in ("margin minus row", "margin minus column",
                         "total minus margins", "one-way minus two-way",
                         "all case types minus case_type=CT",
                         "year minus office=" + OA,
                         "unfiltered minus every other case_type",
                         "unfiltered minus every other office",
                         "unfiltered minus every other age_band"):
                T.check(want in names, "the population gives the attack "
                        "'%s' a hidden count to try" % want, sorted(names))
    T.eq(VIOLATIONS[:10], [], "every published count is within 2 of the "
         "truth and at least k; every count of 1..k-1 is suppressed "
         "(never 0, never left out); zeros are left out; repeats are "
         "identical (%d keyings, %d tables each)" % (
             KEYINGS, len(S["bodies"])))
    T.check(changed > 0, "keying again changes the published numbers")
    always = sorted(str(i) for i, n in recovered.items() if n == KEYINGS)
    T.eq(always, [], "no attack recovers a hidden count under all %d "
         "keyings" % KEYINGS)
    total_m = sum(matches.values())
    total_a = sum(attempts.values())
    for attack in sorted(attempts):
        n = len([1 for k, a in kinds.items() if a == attack])
        print("# chance-match rate: %-44s %4d/%-4d = %.3f (%d hidden "
              "counts, best %d/%d)" % (
                  attack, matches[attack], attempts[attack],
                  matches[attack] / attempts[attack], n,
                  max([recovered.get((attack, i[1]), 0) for i in kinds
                       if i[0] == attack] or [0]), KEYINGS))
    T.check(total_a > 0 and total_m / total_a < 0.5,
            "chance-match rate over all attacks %d/%d = %.3f" % (
                total_m, total_a, total_m / max(total_a, 1)))


def test_multi_valued():
    dims = ["exploitation_type", "gender"]
    r = stats(dims, {"case_type": "CT"})
    T.status(r, 200, "a table of a dim with several values per case")
    j = r.json()
    t = truth(dims, {"case_type": "CT"})
    VIOLATIONS.clear()
    check_table("exploitation_type x gender (CT)", j, t)
    T.eq(VIOLATIONS[:5], [], "its counts hold against the truth (a case "
         "once under each of its types, or not recorded)")
    m = dict((c["exploitation_type"], c["count"])
             for c in j["margins"]["exploitation_type"])
    T.check(None in m and "ForcedLabour" in m and "SexualExploitation" in m,
            "its margin lists each type and 'not recorded'", m)
    T.check(sum(v for v in m.values() if v) > j["total"],
            "its margins are not sums: the total counts cases",
            (m, j["total"]))
    r = stats(["assistance_type"])
    t = truth(["assistance_type"], {})
    VIOLATIONS.clear()
    check_table("assistance_type", r.json(), t)
    T.eq(VIOLATIONS[:5], [], "types of assistance counted from the "
         "entries (counselling %d, medical %d)" % (
             t[("cell", "counselling")], t[("cell", "medical")]))
    r = stats(["gender"], {"exploitation_type": "SexualExploitation",
                           "assistance_type": "medical"})
    T.status(r, 200, "filters on dims with several values")
    T.eq(r.json()["total"], 0, "no case has both (a true zero is 0)")


def test_more_dims():
    dims = ["case_type", "office", "age_band", "gender"]
    r = stats(dims)
    T.status(r, 200, "a table of four dims")
    VIOLATIONS.clear()
    check_table("four dims", r.json(), truth(dims, {}))
    T.eq(VIOLATIONS[:5], [], "its cells and margins hold against the truth")
    r = stats(["office"], {"office": OC})
    j = r.json()
    T.eq([c["office"] for c in j["cells"]], [OC],
         "an office whose name starts with '=' is a filter like any")


def test_csv():
    r = stats(["office", "gender"], path="/stats.csv")
    T.status(r, 200, "GET /api/v1/stats.csv")
    T.check((r.header("Content-Type") or "").startswith("text/csv"),
            "it is text/csv", r.header("Content-Type"))
    T.check("attachment" in (r.header("Content-Disposition") or ""),
            "it is a download")
    T.check(r.text.endswith("\r\n") and "\r\n" in r.text,
            "lines end with CRLF (RFC 4180)")
    rows = list(csv.reader(io.StringIO(r.text)))
    T.eq(rows[0], ["office", "gender", "count", "suppressed"],
         "a header row of the export columns, then count and suppressed")
    bad = [row for row in rows[1:] if row[0].startswith(("=", "+", "-",
                                                           "@"))]
    T.eq(bad, [], "no cell starts a formula")
    T.check(any(row[0] == "'" + OC for row in rows),
            "the office named '=...' is written with a leading '", rows[:4])
    sup = [row for row in rows[1:] if row[3] == "true"]
    T.check(sup and all(row[2] == "" for row in sup),
            "a suppressed count is empty, never 0")
    T.check(rows[-1][:2] == ["Total", "Total"], "the total is the last row")
    j = stats(["office", "gender"]).json()
    n = dict(((c["office"], c["gender"]), c["count"]) for c in j["cells"])
    same = all((n.get((row[0].lstrip("'"), row[1])) is None and
                row[2] == "") or str(n.get((row[0].lstrip("'"), row[1])))
               == row[2] for row in rows[1:] if "Total" not in row[:2])
    T.check(same, "the CSV holds the JSON's numbers")
    r = stats(["year", "age_band"], path="/stats.csv")
    T.eq(list(csv.reader(io.StringIO(r.text)))[0][:2],
         ["yearOfRegistration", "ageBroad"],
         "CTDC column names where there is one")


def test_roles():
    for user in ("caseworker", "supervisor", "partner", "admin"):
        tok = lib.token_for(user)
        for path in ("/stats", "/stats.csv"):
            r = stats(["gender"], token=tok, path=path)
            T.status(r, 403, "%s GET /api/v1%s -> 403" % (user, path))
        r = api("GET", "/stats?dims=bogus", tok)
        T.status(r, 403, "%s with a bad query -> still 403" % user)
    n = int(sql_value("SELECT count(*) FROM cb.audit_log WHERE action = "
                      "'stats.query' AND outcome = 'denied'"))
    T.check(n >= 12, "each refusal is an audit entry (%d)" % n)
    for user in ("caseworker", "supervisor", "partner", "admin"):
        tok = lib.token_for(user)
        r = api("GET", "/audit?limit=1", tok)
        T.status(r, 200 if user == "admin" else 403,
                 "%s GET /api/v1/audit" % user)
    r = api("GET", "/stats?dims=gender")
    T.status(r, 401, "no token -> 401")
    b = lib.browser_login("auditor")
    r = lib.request("GET", "/api/v1/stats?dims=gender", None,
                    {"Cookie": "cb_session=" + b.cookies["cb_session"]})
    T.status(r, 401, "the API takes no cookie")
    r = lib.request("POST", "/api/v1/stats?dims=gender", b"",
                    {"Authorization": "Bearer " + S["aud"]})
    T.status(r, 405, "POST /api/v1/stats -> 405")
    cw = lib.browser_login("caseworker")
    r = cw.get("/stats.csv?dims=gender")
    T.status(r, 403, "a caseworker's /stats.csv -> 403")
    r = cw.get("/?dims=gender")
    T.check(r.status == 200 and "stats-result" not in r.text,
            "a caseworker's home shows no statistics")


def test_auditor_sees_no_case():
    given, family = "Statsname%s" % lib.TAG, "Hidden%s" % lib.TAG
    lib.record_secret(given)
    lib.record_secret(family)
    r = api("POST", "/cases", S["cw"], {
        "case_type": "CT", "consent_data_processing": True,
        "person": {"given_name": given, "family_name": family,
                   "citizenship": "ER", "gender": "Feminine"}})
    T.status(r, 201, "a case with a name")
    cid = r.json()["id"]
    S["cid"] = cid
    for path in ("/cases/%s" % cid, "/cases/%s/history" % cid,
                 "/cases/%s/assistance" % cid):
        r = api("GET", path, S["aud"])
        T.status(r, 404, "the auditor GET /api/v1%s -> 404" % path)
    b = lib.browser_login("auditor")
    r = b.get("/cases/%s" % cid)
    T.status(r, 404, "the auditor's /cases/{id} page -> 404")
    seen = b.get("/?dims=citizenship,gender").text + \
        stats(["citizenship", "gender", "office"], path="/stats").text
    S["aud_page"] = b
    T.check(given not in seen and family not in seen,
            "no name in the auditor's tables")


def test_audit_entries():
    before = int(sql_value("SELECT max(id) FROM cb.audit_log"))
    r = stats(["citizenship", "gender"], {"case_type": "CT"})
    T.status(r, 200, "a query to find in the log")
    rows = sql("SELECT l.fields, l.outcome, u.username, l.record_id IS "
               "NULL FROM cb.audit_log l JOIN cb.users u ON u.id = l.actor "
               "WHERE l.id > %d AND l.action = 'stats.query'" % before)
    T.eq(rows, [["dims.citizenship,dims.gender,filter.case_type,filter.year",
                 "ok", "auditor", "t"]],
         "one stats.query entry: who, the dims and the filters by name")
    before = int(sql_value("SELECT max(id) FROM cb.audit_log"))
    r = api("GET", "/stats?dims=gender&gender=female", S["aud"])
    T.eq(sql("SELECT outcome FROM cb.audit_log WHERE id > %d AND action = "
             "'stats.query'" % before), [["invalid"]],
         "a refused query is an entry too")


def test_bad_queries():
    cases = [("", "dims"), ("dims=", "dims"), ("dims=name", "dims"),
             ("dims=gender,gender", "dims"),
             ("dims=gender,year,stage,office,age_band", "dims"),
             ("dims=gender&gender=female", "gender"),
             ("dims=gender&citizenship=xx", "citizenship"),
             ("dims=gender&year=20x6", "year"),
             ("dims=gender&year=99999", "year"),
             ("dims=gender&case_type=CT&case_type=AVRR", "case_type"),
             ("dims=gender&person.given_name=x", "person.given_name"),
             ("dims=gender&office=" + "x" * 80, "office"),
             ("dims=gender&stage=%00", None),
             ("dims=gender&means_of_control=DebtBondage%27--", "means_of_control")]
    for q, field in cases:
        r = api("GET", "/stats?" + q, S["aud"])
        ok = r.status in (400, 422) if field is None else (
            r.status == 422 and field in r.error_fields())
        T.check(ok, "GET /stats?%s -> 422 naming %s" % (q[:50], field),
                "%s %s" % (r.status, lib.short(r.text)))


def test_page():
    b = S.get("aud_page") or lib.browser_login("auditor")
    r = b.get("/")
    T.status(r, 200, "the auditor's home")
    page = Page(r.text)
    T.check(page.form_by_action("/") is not None and
            page.form_by_action("/")["attrs"].get("method") == "get",
            "the home is the statistics form (GET)")
    opts = [o for c in page.controls if c["name"] == "dims"
            for o in c["options"]]
    T.check(opts and all(o["text"] != o["value"] for o in opts
                         if o["value"]),
            "dims are offered by label, not by code")
    T.eq(page.scripts, 0, "no script")
    q = qs(["citizenship", "gender"], {"case_type": "CT"})
    r = b.get("/?" + q)
    T.status(r, 200, "the home with a table")
    page = Page(r.text)
    j = stats(["citizenship", "gender"], {"case_type": "CT"}).json()
    bad = []
    for c in j["cells"]:
        f = "cell|%s|%s" % (c["citizenship"] or "-", c["gender"] or "-")
        want = "suppressed" if c["count"] is None else str(c["count"])
        if page.text_of(f) != want:
            bad.append((f, page.text_of(f), want))
    T.eq(bad, [], "the page's cells are the API's numbers")
    T.eq(page.text_of("total"), str(j["total"]), "and its total")
    T.check("<svg" in r.text and "stats-hatch" in r.text,
            "the chart, with suppressed counts marked")
    link = [h for h in page.links if h.startswith("/stats.csv?")]
    T.check(len(link) == 1, "a link to the CSV", page.links)
    if link:
        r2 = b.get(link[0].replace("&amp;", "&"))
        T.status(r2, 200, "the page's CSV download (cookie)")
        r3 = stats(["citizenship", "gender"], {"case_type": "CT"},
                   path="/stats.csv")
        T.eq(r2.body, r3.body, "the same CSV as the API's")
    r = b.get("/?dims=citizenship&gender=female")
    T.status(r, 422, "a bad filter on the page -> 422")
    T.check("err-gender" in r.text and 'value="female" selected' in r.text,
            "the error beside its field, the input kept")
    T.check('<option value="%s">' % OA in r.text,
            "and the offices still offered")


def poll(fn, timeout=15):
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > end:
            return v
        time.sleep(0.3)


def test_audit_log():
    cid = S["cid"]
    r = api("GET", "/cases/" + cid, S["cw"])
    T.status(r, 200, "the caseworker reads the case")
    for _ in range(12):
        api("GET", "/cases?limit=1", S["cw"])
    T.check(poll(lambda: sql_value(
        "SELECT count(*) FROM cb.audit_log l JOIN cb.users u ON u.id = "
        "l.actor WHERE u.username = 'caseworker' AND NOT EXISTS (SELECT 1 "
        "FROM cb.audit_chain c WHERE c.entry_id = l.id)") == "0"),
        "the caseworker's entries are chained")

    def entries():
        r = api("GET", "/audit?record_id=" + cid, S["aud"])
        items = r.json()["items"] if r.status == 200 else []
        acts = set(i["action"] for i in items)
        return items if {"case.create", "case.view"} <= acts else None
    items = poll(entries)
    T.check(items, "GET /api/v1/audit?record_id= finds the case's create "
            "and view", items)
    items = items or []
    T.check(all(i["record_id"] == cid for i in items),
            "every entry is about that record")
    T.check(all(i["actor_username"] == "caseworker" and i["role"] ==
                "caseworker" for i in items if i["action"] in
                ("case.create", "case.view") and i["outcome"] == "ok"),
            "with who did it")
    T.check(any(i["actor_username"] == "auditor" and i["outcome"] ==
                "denied" for i in items), "and the auditor's refused "
            "reads of it")
    seqs = [i["seq"] for i in items]
    T.eq(seqs, sorted(seqs, reverse=True), "newest first")
    T.check(all(lib.RFC3339_UTC_RE.match(i["at"]) for i in items),
            "times in RFC 3339 UTC")
    body = api("GET", "/audit?record_id=" + cid, S["aud"]).text
    T.check("Statsname" not in body and "Hidden" + lib.TAG not in body,
            "no personal value in the log")
    r = api("GET", "/audit?actor=caseworker&limit=5", S["aud"])
    T.check(r.status == 200 and r.json()["items"] and all(
        i["actor_username"] == "caseworker" for i in r.json()["items"]),
        "actor= keeps that user's entries", lib.short(r.text))
    uid = sql_value("SELECT id FROM cb.users WHERE username = 'auditor'")
    r = api("GET", "/audit?actor=%s&limit=3" % uid, S["aud"])
    T.check(r.status == 200 and all(i["actor"] == uid
                                    for i in r.json()["items"]),
            "actor= takes a user id too")
    r = api("GET", "/audit?actor=nobody-%s" % lib.TAG, S["aud"])
    T.eq((r.status, r.json().get("items")), (200, []),
         "an unknown actor has no entries")
    r = api("GET", "/audit?since=2999-01-01", S["aud"])
    T.eq((r.status, r.json().get("items")), (200, []),
         "since= in the future: nothing")
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ",
                          time.gmtime(time.time() - 120))
    r = api("GET", "/audit?since=" + since + "&limit=50", S["aud"])
    T.check(r.status == 200 and r.json()["items"] and all(
        i["at"] >= since for i in r.json()["items"]),
        "since= keeps entries from then on")
    # Pages: limit and cursor, no entry twice, none skipped.
    pages, cursor, seen = 0, None, []
    while pages < 4:
        q = "/audit?actor=caseworker&limit=3" + (
            "&cursor=" + cursor if cursor else "")
        r = api("GET", q, S["aud"])
        if r.status != 200:
            break
        j = r.json()
        seen += [i["seq"] for i in j["items"]]
        pages += 1
        cursor = j["next_cursor"]
        if not cursor:
            break
    T.check(pages == 4 and len(seen) == 12 and len(set(seen)) == 12 and
            seen == sorted(seen, reverse=True),
            "pages of 3 follow each other through next_cursor", seen)
    r = api("GET", "/audit?actor=caseworker&limit=12", S["aud"])
    T.eq([i["seq"] for i in r.json()["items"]], seen,
         "and are the same as one page of 12")
    for q, field in (("record_id=nope", "record_id"),
                     ("since=yesterday", "since"), ("limit=0", "limit"),
                     ("limit=201", "limit"), ("cursor=abc", "cursor"),
                     ("actor=Robert%27);", "actor"), ("order=asc", "order")):
        r = api("GET", "/audit?" + q, S["aud"])
        T.check(r.status == 422 and field in r.error_fields(),
                "GET /audit?%s -> 422 naming %s" % (q, field),
                "%s %s" % (r.status, lib.short(r.text)))
    n = sql_value("SELECT fields FROM cb.audit_log WHERE action = "
                  "'audit.list' AND record_id = '%s' ORDER BY id DESC "
                  "LIMIT 1" % cid)
    T.eq(n, "filter.record_id", "reading the log is itself an entry, "
         "with its filters and record")
    b = S.get("aud_page") or lib.browser_login("auditor")
    r = b.get("/audit/log?record_id=" + cid)
    T.status(r, 200, "the page /audit/log")
    page = Page(r.text)
    T.check("case.create" in r.text and "case.view" in r.text,
            "it shows the record's entries")
    T.check(page.value("record_id") == cid, "and keeps the filter")
    r = b.get("/audit/log?actor=caseworker&limit=2")
    nxt = [h for h in Page(r.text).links if h.startswith("/audit/log?") and
           "cursor=" in h]
    T.check(nxt and "actor=caseworker" in nxt[0] and "limit=2" in nxt[0],
            "its next page keeps the filters", nxt)
    r = b.get("/audit/log?since=nope")
    T.status(r, 422, "a bad filter on the page -> 422")
    sup = lib.browser_login("supervisor")
    T.status(sup.get("/audit/log"), 403, "a supervisor's /audit/log -> 403")
    T.status(lib.browser_login("admin").get("/audit/log"), 200,
             "an admin's /audit/log")


def test_no_server_errors():
    T.check(lib.healthy(), "server still healthy at the end")
    T.eq(lib.SERVER_ERRORS, [], "no request of the stats suite got a 5xx")
    T.eq(sorted(lib.UNTRANSLATED.items()), [], "every user-visible "
         "message is translated")


def main():
    if not os.environ.get("CB_STATE_DIR"):
        print("not ok - stats: CB_STATE_DIR is not set (run "
              "tests/e2e/run.sh)")
        sys.exit(1)
    try:
        setup()
    except Exception as e:
        T.check(False, "setup", str(e))
        T.finish()
    for fn in (test_consistent_rows, test_attacks, test_multi_valued,
               test_more_dims, test_csv, test_roles,
               test_auditor_sees_no_case, test_audit_entries,
               test_bad_queries, test_page, test_audit_log,
               test_no_server_errors):
        T.run(fn)
    T.finish()


if __name__ == "__main__":
    main()
