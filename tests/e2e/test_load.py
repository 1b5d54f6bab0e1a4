"""Concurrent reads: a wrk burst of case views (API and page) must be
answered 200 without a worker dying (the batched audit path grows its
buffers under load, which once tripped the seccomp sandbox), and every
view must end up as exactly one case.view entry in the audit chain once
the batch has been written."""
import os
import re
import subprocess
import tempfile
import time

import lib

T = lib.Suite("load")
CONNS = 32
SECONDS = 3


def main():
    tok = lib.token_for("caseworker")
    body = {"case_type": "AVRR", "consent_data_processing": True,
            "person": {"given_name": "Load%s" % lib.TAG,
                       "family_name": "Test%s" % lib.TAG,
                       "citizenship": "AF"}}
    lib.record_secret(body["person"]["given_name"])
    lib.record_secret(body["person"]["family_name"])
    r = lib.api("POST", "/cases", tok, body)
    if not T.status(r, 201, "case to read is created"):
        T.finish()
    cid = r.json()["id"]
    q = "SELECT count(*) FROM cb.audit_log WHERE action = 'case.view' " \
        "AND record_id = '%s' AND outcome = 'ok'" % cid
    before = int(lib.sql_value(q))

    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write("""
local n = 0
request = function()
	n = n + 1
	if n %% 2 == 0 then
		return wrk.format("GET", "/api/v1/cases/%s",
		    {["Authorization"] = "Bearer %s"})
	end
	return wrk.format("GET", "/cases/%s", {["Cookie"] = "cb_session=%s"})
end
""" % (cid, tok, cid, tok))
    script.close()
    # wrk's own 2 s client timeout is shorter than a slow request of the
    # sanitizer build; a dropped connection shows as a socket error.
    out = subprocess.run(["wrk", "-t2", "-c%d" % CONNS, "-d%ds" % SECONDS,
                          "--timeout", "10s", "-s", script.name,
                          lib.BASE_URL],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=SECONDS + 30).stdout.decode()
    os.unlink(script.name)
    m = re.search(r"(\d+) requests in", out)
    total = int(m.group(1)) if m else 0
    T.check(total > 500, "wrk burst completed views (%d)" % total, out)
    T.check("Non-2xx" not in out, "every view in the burst answered 2xx",
            out)
    T.check("Socket errors" not in out,
            "no connection dropped during the burst", out)
    T.check(lib.healthy(), "server healthy after the burst")

    # The batch is written every few milliseconds; allow a generous wait.
    deadline = time.time() + 10
    n = -1
    while time.time() < deadline:
        n = int(lib.sql_value(q)) - before
        if n >= total:
            break
        time.sleep(0.2)
    time.sleep(0.5)
    n = int(lib.sql_value(q)) - before
    # wrk does not count the responses still in flight when it stops,
    # but the server has served (and audited) them: at most one per
    # connection more.
    T.check(total <= n <= total + CONNS,
            "one case.view audit entry per view (%d views, %d entries)"
            % (total, n))

    auditor = lib.token_for("auditor")
    r = lib.api("GET", "/audit/verify", auditor)
    T.check(r.status == 200 and r.json().get("ok") is True,
            "audit chain verifies after the burst", lib.short(r.text))
    T.finish()


if __name__ == "__main__":
    main()
