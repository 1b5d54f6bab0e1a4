#!/usr/bin/env python3
"""The database goes away and comes back: clients create and read cases
while PostgreSQL's postmaster is killed hard (SIGKILL) and started again.
Every create answered 201 must be in the database afterwards; requests
during the outage answer 503 with a JSON body within a few seconds (no
hang); no worker dies (no signal in the server log, the same worker
processes before and after); service comes back by itself within 30 s
of the database returning, without restarting Kore. Run by
tests/e2e/run.sh."""

import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import (TAG, Suite, STATE_DIR, TOP, api, in_parallel,  # noqa
                 request, token_for, sql, sql_value, record_secret, short)

T = Suite("outage")
LOG = os.path.join(STATE_DIR, "log", "server.log")


def workers():
    """This server's workers: its process group (scripts/serve.sh)."""
    with open(os.path.join(STATE_DIR, "kore.pid")) as f:
        pgid = f.read().strip()
    out = subprocess.run(["ps", "-eo", "pid=,pgid=,args="],
                         stdout=subprocess.PIPE)
    return {line.split()[0] for line in out.stdout.decode().splitlines()
            if line.split()[1] == pgid and "wrk" in line}


def postmaster_pid():
    with open(os.path.join(STATE_DIR, "pg", "postmaster.pid")) as f:
        return int(f.readline().strip())


def main():
    tok = token_for("caseworker")
    created, answers, slow = [], {}, []
    stop = threading.Event()
    lock = threading.Lock()

    def client(n):
        i = 0
        while not stop.is_set():
            i += 1
            body = {"case_type": "AVRR", "consent_data_processing": False}
            t0 = time.monotonic()
            try:
                r = api("POST", "/cases", tok, body)
            except Exception as e:  # a refused connection is a failure too
                with lock:
                    answers.setdefault("exception " + type(e).__name__, 0)
                    answers["exception " + type(e).__name__] += 1
                continue
            dt = time.monotonic() - t0
            with lock:
                answers[r.status] = answers.get(r.status, 0) + 1
                if dt > 5:
                    slow.append(dt)
                if r.status == 201:
                    created.append(r.json()["id"])
                    rr = api("GET", "/cases/" + r.json()["id"], tok)
                    answers["view %d" % rr.status] = \
                        answers.get("view %d" % rr.status, 0) + 1
                elif r.status == 503:
                    ok = r.try_json() and "error" in r.json()
                    answers["503 json"] = answers.get("503 json", 0) + \
                        (1 if ok else 0)
            time.sleep(0.01)

    def reader():
        """Reads side by side, so that batches of them (src/store/
        batch.c) are in flight when the database dies."""
        while not stop.is_set():
            with lock:
                cid = created[-1] if created else None
            if cid is None:
                time.sleep(0.05)
                continue
            t0 = time.monotonic()
            try:
                r = api("GET", "/cases/" + cid, tok)
            except Exception as e:
                with lock:
                    k = "exception " + type(e).__name__
                    answers[k] = answers.get(k, 0) + 1
                continue
            with lock:
                k = "read %d" % r.status
                answers[k] = answers.get(k, 0) + 1
                if time.monotonic() - t0 > 5:
                    slow.append(time.monotonic() - t0)
                if r.status == 503 and r.try_json() and "error" in r.json():
                    answers["503 json"] = answers.get("503 json", 0) + 1
                    answers[503] = answers.get(503, 0) + 1

    before = workers()
    log_at = os.path.getsize(LOG)
    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    threads += [threading.Thread(target=reader) for n in range(8)]
    for t in threads:
        t.start()
    time.sleep(2)
    T.check(len(created) > 0, "cases are being created (%d)" % len(created))

    os.kill(postmaster_pid(), signal.SIGKILL)
    t_kill = time.monotonic()
    time.sleep(5)
    during = dict(answers)
    r = subprocess.run([os.path.join(TOP, "scripts", "db.sh"), "start",
                        STATE_DIR], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    T.check(r.returncode == 0, "PostgreSQL starts again",
            r.stderr.decode()[-300:])
    t_back = time.monotonic()
    # Service must come back by itself.
    recovered = None
    while time.monotonic() - t_back < 30:
        n = len(created)
        time.sleep(0.5)
        if len(created) > n:
            recovered = time.monotonic() - t_back
            break
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join(timeout=60)

    print("# outage: answers %s; recovered %.1f s after the database "
          "returned; outage %.1f s" % (
              answers, recovered if recovered is not None else -1,
              t_back - t_kill), flush=True)
    T.check(recovered is not None,
            "service comes back within 30 s of the database (%.1f s)" % (
                recovered if recovered is not None else -1))
    T.check(during.get(503, 0) > 0,
            "requests during the outage answer 503 (%d)" % during.get(503, 0))
    T.eq(answers.get("503 json", 0), answers.get(503, 0),
         "every 503 has a JSON error body")
    T.check(not slow, "no request hung beyond 5 s (%s)" % slow[:5])
    T.check(not any(isinstance(k, str) and k.startswith("exception")
                    for k in answers), "no connection was refused or reset")
    T.check(during.get("read 503", 0) > 0, "parallel reads during the "
            "outage answer 503 (%d)" % during.get("read 503", 0))
    T.check(set(answers) <= {201, 503, "503 json", "view 200", "view 503",
                             "read 200", "read 503"},
            "only 201 and 503 answers (%s)" % sorted(map(str, answers)))
    ids = "','".join(created)
    n = int(sql_value("SELECT count(*) FROM cb.cases WHERE id IN ('%s')"
                      % ids))
    T.eq(n, len(created), "every create answered 201 is in the database "
         "(%d)" % len(created))
    T.eq(workers(), before, "the same workers serve: none died")
    with open(LOG, "rb") as f:
        f.seek(log_at)
        tail = f.read().decode("utf-8", "replace")
    T.check("signal" not in tail and "exited" not in tail,
            "the server log reports no worker death",
            [l for l in tail.splitlines() if "signal" in l or "exited" in l][:5])
    r = api("GET", "/cases/" + created[-1], tok)
    T.status(r, 200, "a case created before the outage opens after it")
    # Every pooled connection, also those idle through the outage (dead
    # since, without knowing it), serves again: bursts wider than the
    # clients above, of the statements they did not use, get no 503.
    for burst in range(3):
        rs = in_parallel([
            (lambda: api("GET", "/cases/" + created[0], tok))
            if i % 3 == 0 else
            (lambda: api("GET", "/cases?limit=5", tok)) if i % 3 == 1 else
            (lambda: api("GET", "/approvals", tok))
            for i in range(48)])
        codes = sorted(set(getattr(x, "status", repr(x)) for x in rs))
        T.check(codes == [200], "after the outage, burst %d of 48 reads "
                "over the pool: all 200 (%s)" % (burst + 1, codes))
    r = request("GET", "/healthz")
    T.status(r, 200, "/healthz answers after the outage")
    # The chainer was likely mid-statement when the database died: it
    # must not wait for ever for an answer that never comes.
    lag = None
    t0 = time.monotonic()
    while time.monotonic() - t0 < 20:
        lag = int(sql_value("SELECT (SELECT count(*) FROM cb.audit_log) "
                            "- head_seq FROM cb.audit_chain_state"))
        if lag <= 0:
            break
        time.sleep(0.5)
    T.check(lag is not None and lag <= 0, "the audit chain catches up "
            "after the outage (%s entries left unchained)" % lag)


if __name__ == "__main__":
    T.run(main)
    T.finish()
