"""Key rotation while the server serves: `casebook-admin keys rotate`
rewraps every data key under a new KEK version while readers keep
opening cases; afterwards every case still opens, search by blind index
still finds, new cases are wrapped under the new version, and the old
version can be retired (and is then refused). Ciphertexts, blind
indexes and sessions are untouched by the rotation."""
import threading
import time

import lib

T = lib.Suite("keys")


def main():
    tok = lib.token_for("caseworker")
    cases = []
    for i in range(12):
        doc = "ROT%s%d%02d" % (lib.TAG.upper(), lib.RUNNUM, i)
        lib.record_secret(doc)
        r = lib.api("POST", "/cases", tok, {
            "case_type": "AVRR", "consent_data_processing": True,
            "person": {"given_name": "Rot%s" % lib.TAG,
                       "family_name": "Key%d%s" % (i, lib.TAG),
                       "citizenship": "PK", "document_number": doc,
                       "languages": ["ur", "en"]},
            "location": "Krnjača %s" % lib.TAG})
        if r.status != 201:
            T.status(r, 201, "case %d created" % i)
            T.finish()
        cases.append((r.json()["id"], doc))
    lib.record_secret("Rot%s" % lib.TAG)
    before = lib.sql("SELECT id, encode(given_name, 'hex') FROM cb.persons "
                     "ORDER BY id")
    sessions0 = lib.sql_value("SELECT count(*) FROM cb.sessions")

    stop = threading.Event()
    bad = []
    reads = [0]

    def reader():
        while not stop.is_set():
            for cid, _ in cases:
                r = lib.api("GET", "/cases/" + cid, tok)
                reads[0] += 1
                if r.status != 200 or \
                        r.json()["person"]["given_name"] != \
                        "Rot%s" % lib.TAG:
                    bad.append((cid, r.status))

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    out = lib.admin_cli(["keys", "rotate", "--settle", "4", "--batch", "5"])
    stop.set()
    for t in threads:
        t.join()
    text = out.stdout.decode()
    T.eq(out.returncode, 0, "keys rotate exits 0 (%s)" %
         text.strip().replace("\n", "; "))
    T.check("rotating to KEK version 2" in text, "it rotated to version 2",
            text + out.stderr.decode())
    T.check(reads[0] > 20, "readers kept reading during the rotation "
            "(%d reads)" % reads[0])
    T.eq(bad, [], "every read during the rotation answered 200 with the "
         "decrypted name")
    T.eq(lib.sql("SELECT DISTINCT key_version FROM cb.data_keys WHERE "
                 "wrapped IS NOT NULL"), [["2"]],
         "every data key is now under version 2")
    T.eq(lib.sql("SELECT id, encode(given_name, 'hex') FROM cb.persons "
                 "WHERE id IN (%s) ORDER BY id" % ",".join(
                     "'%s'" % r[0] for r in before)), before,
         "no ciphertext was touched")
    T.check(int(lib.sql_value("SELECT count(*) FROM cb.sessions")) >=
            int(sessions0), "no session was touched")
    for cid, doc in cases[:3]:
        r = lib.api("POST", "/cases/search", tok, {"document_number": doc})
        T.eq([i["id"] for i in r.json()["items"]], [cid],
             "search by document still finds %s" % cid[:8])
    r = lib.api("GET", "/cases/" + cases[0][0], tok)
    T.eq((r.status, r.json()["person"]["languages"],
          r.json()["location"]),
         (200, ["ur", "en"], "Krnjača %s" % lib.TAG),
         "a case opens whole after the rotation (languages sealed too)")
    r = lib.api("POST", "/cases", tok, {"case_type": "CT",
                                        "consent_data_processing": False})
    T.status(r, 201, "a new case after the rotation")
    T.eq(lib.sql_value("SELECT k.key_version FROM cb.cases c JOIN "
                       "cb.data_keys k ON k.id = c.key_id WHERE c.id = "
                       "'%s'" % r.json()["id"]), "2",
         "...is wrapped under the new version (the workers followed)")

    out = lib.admin_cli(["keys", "rotate", "--settle", "0"])
    T.eq(out.returncode, 0, "a second rotation goes on to version 3")
    out = lib.admin_cli(["keys", "retire", "--version", "2"])
    T.eq(out.returncode, 1, "version 2 cannot be retired before 1")
    out = lib.admin_cli(["keys", "retire", "--version", "3"])
    T.eq(out.returncode, 1, "the current version cannot be retired")
    for v in ("1", "2"):
        out = lib.admin_cli(["keys", "retire", "--version", v])
        T.eq(out.returncode, 0, "version %s retired" % v)
    out = lib.admin_cli(["keys", "status"])
    T.eq(out.stdout.decode().splitlines()[1:4],
         ["1\tretired\t0", "2\tretired\t0",
          "3\tcurrent\t%s" % lib.sql_value(
              "SELECT count(*) FROM cb.data_keys WHERE key_version = 3")],
         "keys status lists the versions and their data keys")
    # The workers refuse a retired version from their next poll on.
    cid = cases[1][0]
    w = lib.sql("SELECT k.id FROM cb.cases c JOIN cb.data_keys k ON "
                "k.id = c.key_id WHERE c.id = '%s'" % cid)[0][0]
    time.sleep(4)
    lib.sql("UPDATE cb.data_keys SET key_version = 1 WHERE id = '%s'" % w)
    r = lib.api("GET", "/cases/" + cid, tok)
    T.status(r, 500, "a key that claims a retired version does not open")
    lib.sql("UPDATE cb.data_keys SET key_version = 3 WHERE id = '%s'" % w)
    r = lib.api("GET", "/cases/" + cid, tok)
    T.status(r, 200, "...and opens again under its own")
    T.eq([x for x in lib.SERVER_ERRORS if x[2] != 500 or cid not in x[1]],
         [], "no other request of this suite got a 5xx")
    del lib.SERVER_ERRORS[:]
    T.finish()


if __name__ == "__main__":
    main()
