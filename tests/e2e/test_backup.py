#!/usr/bin/env python3
"""Backups: `casebook-admin backup` of the running installation, with a
passphrase and sealed to a backup public key; the file holds nothing in
the clear (no SQL, no key, no sealed column); `scripts/db.sh restore`
into a new state directory; a server on the restored directory opens a
case created before the backup, with its person; the audit chain
verifies there. A wrong passphrase, a wrong key, a cut or altered file
restore nothing. Run by tests/e2e/run.sh."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lib  # noqa
from lib import (TAG, Suite, STATE_DIR, TOP, api, token_for,  # noqa
                 record_secret, demo_password)

T = Suite("backup")
PASS = "Backup passphrase %s long enough" % TAG


def admin(args, stdin=b"", conf=None):
    env = dict(os.environ)
    env["CASEBOOK_CONF"] = conf or os.path.join(STATE_DIR, "casebook.cfg")
    return subprocess.run([os.path.join(TOP, "casebook-admin")] + args,
                          input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=300)


def dbsh(args, stdin=b""):
    return subprocess.run([os.path.join(TOP, "scripts", "db.sh")] + args,
                          input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    record_secret(PASS)
    tok = token_for("caseworker")
    given, family = "Backup%s" % TAG, "Vraćen%s" % TAG
    for v in (given, family):
        record_secret(v)
    r = api("POST", "/cases", tok, {
        "case_type": "CT", "consent_data_processing": True,
        "person": {"given_name": given, "family_name": family,
                   "citizenship": "AF"}})
    T.status(r, 201, "a case to find again after a restore")
    cid = r.json()["id"]

    work = tempfile.mkdtemp(prefix="casebook-backup.",
                            dir=os.environ.get("CB_TEST_TMP", "/tmp"))
    os.chmod(work, 0o755)
    try:
        bk = os.path.join(work, "casebook.backup")
        r = admin(["backup", "--out", bk], (PASS + "\n").encode())
        T.eq(r.returncode, 0, "backup with a passphrase (%s)" %
             r.stderr.decode()[-200:])
        T.eq(os.stat(bk).st_mode & 0o777, 0o600, "the backup is 0600")
        data = open(bk, "rb").read()
        with open(os.path.join(STATE_DIR, "keys", "master.key"), "rb") as f:
            master = f.read()
        T.check(master not in data and master.hex().encode() not in data,
                "the master key is not in the file in the clear")
        T.check(b"casebook_owner" not in data and b"CREATE" not in data,
                "nothing of the dump is in the clear")
        T.check(b"PGDMP" not in data, "no pg_dump header in the clear")

        # Refusals first: nothing is restored.
        bad = os.path.join(work, "bad")
        r = dbsh(["restore", bad, bk], b"not the passphrase at all\n")
        T.check(r.returncode != 0, "a wrong passphrase restores nothing")
        T.check(not os.path.exists(os.path.join(bad, "keys", "master.key")),
                "...and writes no key")
        dbsh(["stop", bad])
        cut = os.path.join(work, "cut.backup")
        with open(cut, "wb") as f:
            f.write(data[: len(data) - 200])
        bad2 = os.path.join(work, "bad2")
        r = dbsh(["restore", bad2, cut], (PASS + "\n").encode())
        T.check(r.returncode != 0, "a cut backup is refused")
        T.check(not os.path.exists(os.path.join(bad2, "keys",
                                                "master.key")),
                "...and leaves no key behind")
        dbsh(["stop", bad2])
        flip = bytearray(data)
        flip[len(flip) // 2] ^= 1
        alt = os.path.join(work, "alt.backup")
        open(alt, "wb").write(bytes(flip))
        bad3 = os.path.join(work, "bad3")
        r = dbsh(["restore", bad3, alt], (PASS + "\n").encode())
        T.check(r.returncode != 0, "an altered backup is refused")
        dbsh(["stop", bad3])

        # Sealed to a public key: only the secret key opens it.
        kp = os.path.join(work, "office")
        r = admin(["backup-keypair", "--out", kp])
        T.eq(r.returncode, 0, "a backup key pair")
        bk2 = os.path.join(work, "sealed.backup")
        r = admin(["backup", "--out", bk2, "--recipient", kp + ".pub"])
        T.eq(r.returncode, 0, "a backup sealed to the public key")
        kp2 = os.path.join(work, "other")
        admin(["backup-keypair", "--out", kp2])
        bad4 = os.path.join(work, "bad4")
        r = dbsh(["restore", bad4, bk2, "--identity", kp2 + ".key"])
        T.check(r.returncode != 0, "another secret key restores nothing")
        dbsh(["stop", bad4])

        new = os.path.join(work, "restored")
        r = dbsh(["restore", new, bk2, "--identity", kp + ".key"])
        T.eq(r.returncode, 0, "restore into a new state directory (%s)" %
             r.stderr.decode()[-300:])
        port = free_port()
        env = dict(os.environ)
        env["CASEBOOK_INSTANCE"] = "restored"
        r = subprocess.run([os.path.join(TOP, "scripts", "serve.sh"), new,
                            str(port), "--bg"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        T.eq(r.returncode, 0, "a server starts on the restored directory")
        try:
            saved = (lib.HOST, lib.PORT)
            lib.PORT = port
            lib.RIDS_TO = rids = []
            try:
                t2 = lib.login("caseworker", demo_password("caseworker"))
                T.status(t2, 201, "the demo caseworker logs in there")
                c = api("GET", "/cases/" + cid, t2.json()["token"])
                T.status(c, 200, "the case created before the backup opens")
                T.eq((c.json()["person"].get("given_name"),
                      c.json()["person"].get("family_name")),
                     (given, family), "...with its person's names")
            finally:
                lib.HOST, lib.PORT = saved
                lib.RIDS_TO = None
        finally:
            subprocess.run([os.path.join(TOP, "scripts", "serve.sh"), new,
                            "-", "--stop"], env=env, timeout=60)
        # Its own log has an access line for each answer it gave.
        try:
            with open(os.path.join(new, "log", "restored.log"), "rb") as f:
                log = f.read().decode("utf-8", "replace")
        except OSError:
            log = ""
        T.check(len(rids) == 2 and
             all((" access rid=%s " % x) in log for x in rids),
             "the restored server logged both its requests (%d ids)" %
             len(rids))
        # Stopped: chain what is pending, then verify the whole log.
        conf = os.path.join(new, "casebook.cfg")
        admin(["audit", "chain"], conf=conf)
        r = admin(["audit", "verify"], conf=conf)
        T.eq(r.returncode, 0, "the audit chain verifies on the restored "
             "installation (%s)" % r.stdout.decode().strip())
        dbsh(["stop", new])
    finally:
        for d in ("bad", "bad2", "bad3", "bad4", "restored"):
            dbsh(["stop", os.path.join(work, d)])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    T.run(main)
    T.finish()
