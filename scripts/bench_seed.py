"""Seeds cases for scripts/bench.sh through the real API, with several
connections at once, and writes the ids and a bearer token to DIR."""
import http.client
import json
import random
import sys
import threading
import urllib.parse

BASE, N, DIR = sys.argv[1], int(sys.argv[2]), sys.argv[3]
url = urllib.parse.urlsplit(BASE)
GIVEN = ["Ahmad", "Fatima", "Омар", "محمد", "Amina", "Đorđe", "Zainab", "Yusuf"]
FAMILY = ["Karimi", "Hadžić", "Rahimi", "Петровић", "Haidari", "Nuri"]


def conn():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def demo_password(user):
    """The random password scripts/demo.sh wrote for user."""
    with open(DIR + "/demo-passwords", encoding="utf-8") as f:
        for line in f:
            name, _, pw = line.rstrip("\n").partition("\t")
            if name == user and pw:
                return pw
    sys.exit("bench: no password for %s in %s/demo-passwords" % (user, DIR))


def login():
    c = conn()
    c.request("POST", "/api/v1/session",
              json.dumps({"username": "caseworker",
                          "password": demo_password("caseworker")}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    body = json.loads(r.read())
    if r.status != 201:
        sys.exit("bench: login failed %d" % r.status)
    return body["token"]


TOKEN = login()
ids = []
docs = []
lock = threading.Lock()
errors = [0]


def worker(count, seed):
    rnd = random.Random(seed)
    c = conn()
    hdr = {"Content-Type": "application/json",
           "Authorization": "Bearer " + TOKEN}
    for i in range(count):
        doc = "B%08d" % rnd.randint(0, 10**8)
        body = {"case_type": rnd.choice(["AVRR", "CT"]),
                "consent_data_processing": True,
                "person": {"given_name": rnd.choice(GIVEN),
                           "family_name": rnd.choice(FAMILY),
                           "date_of_birth": "19%02d-%02d-%02d" % (
                               rnd.randint(50, 99), rnd.randint(1, 12),
                               rnd.randint(1, 28)),
                           "gender": rnd.choice(["Feminine", "Masculine"]),
                           "citizenship": rnd.choice(["AF", "SY", "PK"]),
                           "phone": "+3876%07d" % rnd.randint(0, 9999999),
                           "document_number": doc,
                           "languages": ["prs", "en"]},
                "location": "Reception centre %d" % rnd.randint(1, 9)}
        c.request("POST", "/api/v1/cases", json.dumps(body), hdr)
        r = c.getresponse()
        data = r.read()
        if r.status != 201:
            with lock:
                errors[0] += 1
            continue
        with lock:
            ids.append(json.loads(data)["id"])
            docs.append(doc)


threads = []
per = N // 4
for t in range(4):
    n = per if t < 3 else N - 3 * per
    th = threading.Thread(target=worker, args=(n, t))
    th.start()
    threads.append(th)
for th in threads:
    th.join()

with open(DIR + "/ids", "w") as f:
    f.write("\n".join(ids) + "\n")
# The search run asks for these (a file the bench deletes with its dir).
with open(DIR + "/docs", "w") as f:
    f.write("\n".join(docs) + "\n")
with open(DIR + "/token", "w") as f:
    f.write(TOKEN)
print("bench: seeded %d cases (%d errors)" % (len(ids), errors[0]))
