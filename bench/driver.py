#!/usr/bin/env python3
"""signchain's benchmark driver (stdlib only), run by bench/run.sh against processes it started.

Measures, on one Temporal server per run, what issue 11 asks: handoff latency (with a breakdown from Temporal history
and the raw-call floor beside it), throughput against a bare Temporal workflow, webhook ingest, worker memory with
waiting contracts, history size, heap growth for a large document and a long chain. Prints a Markdown table.

Environment (set by run.sh): MODE (full | quick | smoke), SERVER, SIM, API, TOKEN_URL, WEBHOOK_SECRET, WORKER_PID,
API_PID, CALLBACK_PORT, TEMPORAL_CLI, TEMPORAL_ADDRESS, OUT, JAVA, PG_HOST, PG_PORT, PG_DB, SIGNCHAIN_DB_USER, SIGNCHAIN_DB_PASSWORD,
WORKER_METRICS (the Prometheus scrape of the worker that runs workflow tasks).
"""
import base64
import concurrent.futures as cf
import contextlib
import datetime as dt
import http.client
import http.server
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

E = os.environ
MODE = E.get("MODE", "quick")
SIM = E["SIM"]
API = E["API"]
OUT = E["OUT"]
RUN = f"{int(time.time())}"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SIZES = {
    #             handoff contracts x signers, throughput contracts per level, waiting, large PDF MB, long chain
    "full": dict(handoff=(21, 6), tp=(20, 100), tp_total=200, waiting=10_000, big_mb=50, chain=50, burst=30_000,
                 ingest_s=20, ingest_warm_s=30),
    "quick": dict(handoff=(6, 6), tp=(20, 100), tp_total=100, waiting=1_000, big_mb=10, chain=20, burst=5_000,
                  ingest_s=8, ingest_warm_s=30),
    "smoke": dict(handoff=(1, 3), tp=(5,), tp_total=5, waiting=20, big_mb=1, chain=0, burst=200, ingest_s=2,
                  ingest_warm_s=2),
}[MODE]

rows = []  # (measure, figure, goal, verdict)


def log(msg):
    print(f"driver: {msg}", file=sys.stderr, flush=True)


def row(measure, figure, goal="", verdict=""):
    rows.append((measure, figure, goal, verdict))
    log(f"{measure}: {figure} {('goal ' + goal + ' ' + verdict) if goal else ''}")


def loadavg():
    return open("/proc/loadavg").read().split()[:3]


# ---------------------------------------------------------------- HTTP
class Http:
    """One keep-alive connection per thread and base URL."""
    local = threading.local()

    @classmethod
    def conn(cls, base):
        pool = getattr(cls.local, "pool", None)
        if pool is None:
            pool = cls.local.pool = {}
        c = pool.get(base)
        if c is None:
            u = urllib.parse.urlparse(base)
            c = pool[base] = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        return c

    @classmethod
    def call(cls, method, url, body=None, headers=None):
        u = urllib.parse.urlparse(url)
        base = f"{u.scheme}://{u.netloc}"
        path = u.path + (("?" + u.query) if u.query else "")
        for attempt in range(2):
            c = cls.conn(base)
            try:
                c.request(method, path, body=body, headers=headers or {})
                r = c.getresponse()
                data = r.read()
                return r.status, data
            except (http.client.HTTPException, OSError):
                c.close()
                cls.local.pool.pop(base, None)
                if attempt:
                    raise


_token = {"value": None, "at": 0}
_token_lock = threading.Lock()


def access_token(scope):
    """A client-credentials token of the local client for these scopes."""
    creds = base64.b64encode(b"signchain-local:signchain-local-secret").decode()
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": scope})
    st, data = Http.call("POST", E["TOKEN_URL"], body, {
        "Authorization": "Basic " + creds, "Content-Type": "application/x-www-form-urlencoded"})
    assert st == 200, (st, data)
    return json.loads(data)["access_token"]


def bearer():
    with _token_lock:
        if time.time() - _token["at"] > 120:
            _token["value"] = access_token("contracts:write contracts:read contracts:manage")
            _token["at"] = time.time()
        return {"Authorization": "Bearer " + _token["value"]}


def knobs(**kv):
    st, data = Http.call("PUT", SIM + "/simulator/control/knobs", json.dumps(kv), {"Content-Type": "application/json"})
    assert st == 200, (st, data)


# ---------------------------------------------------------------- test data
def nin(rng):
    """A Norwegian national identity number with valid check digits (born 1940-1999)."""
    while True:
        d = dt.date(rng.randint(1940, 1999), rng.randint(1, 12), rng.randint(1, 28))
        digits = [int(c) for c in d.strftime("%d%m%y") + f"{rng.randint(0, 499):03d}"]
        k1 = 11 - sum(w * x for w, x in zip([3, 7, 6, 1, 8, 9, 4, 5, 2], digits)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(w * x for w, x in zip([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], digits + [k1])) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return "".join(map(str, digits + [k1, k2]))


def pdf(size_bytes=0):
    """A one-page PDF, padded to about size_bytes with an incompressible stream the page draws nothing from."""
    pad = os.urandom(max(0, size_bytes - 800))
    content = b"BT /F1 18 Tf 72 720 Td (signchain benchmark contract) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /PieceInfo << /Bench << /Private 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(pad) + pad + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


SMALL_PDF = pdf(30_000)


def submit(title, ref, signers, document=SMALL_PDF, callback_url=None):
    rng = random.Random(ref)
    contract = {"title": title, "externalRef": ref,
                "signers": [{"name": f"Signer {i + 1}", "nationalId": nin(rng)} for i in range(signers)]}
    if callback_url:
        contract["callbackUrl"] = callback_url
    boundary = uuid.uuid4().hex
    body = b"".join([
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"contract\"\r\n"
        f"Content-Type: application/json\r\n\r\n".encode(), json.dumps(contract).encode(), b"\r\n",
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"c.pdf\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n".encode(), document, f"\r\n--{boundary}--\r\n".encode()])
    h = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    h.update(bearer())
    st, data = Http.call("POST", API + "/api/v1/contracts", body, h)
    assert st in (200, 201, 202), (st, data[:500])
    return json.loads(data)["id"]


def contract(cid):
    st, data = Http.call("GET", f"{API}/api/v1/contracts/{cid}", None, bearer())
    assert st == 200, (st, data[:300])
    return json.loads(data)


def ts(s):
    """An ISO-8601 instant (any fraction length, Z or offset) as epoch seconds."""
    s = s.replace("Z", "+00:00")
    if "." in s:
        head, rest = s.split(".", 1)
        frac = "".join(ch for ch in rest if ch.isdigit())
        tz = rest[len(frac):]
        s = f"{head}.{(frac + '000000')[:6]}{tz}"
    return dt.datetime.fromisoformat(s).timestamp()


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def label(part):
    """A breakdown part's name without its sort key ("1a signature -> ..." -> "signature -> ...")."""
    return part.split(" ", 1)[1]


def ms(x):
    return f"{x * 1000:.0f} ms"


def sim_sessions():
    st, data = Http.call("GET", SIM + "/simulator/control/sessions")
    assert st == 200
    d = json.loads(data)
    return d if isinstance(d, list) else d.get("sessions", d.get("items", []))


def completed_events():
    """Signing session id -> when the simulator published its completed event: after it made the PAdES signature."""
    st, data = Http.call("GET", SIM + "/simulator/control/events")
    assert st == 200
    return {e["signingSessionId"]: ts(e["timestamp"]) for e in json.loads(data)["events"]
            if e.get("eventName") == "sign.session.completed" and e.get("signingSessionId")}


def after_event(handoffs):
    """(contract id, k) -> link seen minus the publication of signer k's completed event: signchain's part of the
    handoff. The simulator stamps finishedAt, then makes the PAdES LT signature on the same cores (the provider's
    work, on the provider's machines in production), then publishes the event."""
    published, refs = completed_events(), session_refs()
    return {(cid, k): link - published[refs[(cid, k)]] for cid, k, _, link in handoffs
            if refs.get((cid, k)) in published}


def psql(sql):
    env = dict(E, PGPASSWORD=E["SIGNCHAIN_DB_PASSWORD"])
    return subprocess.run(["psql", "-h", E["PG_HOST"], "-p", E["PG_PORT"], "-U", E["SIGNCHAIN_DB_USER"], "-d",
                           E["PG_DB"], "-Atq", "-F", "\t", "-c", sql], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def temporal(*args):
    return subprocess.run([E["TEMPORAL_CLI"], *args, "--address", E["TEMPORAL_ADDRESS"], "--namespace", "default"],
                          check=True, capture_output=True, text=True).stdout


def history(cid):
    """Every run's events, the oldest run first: a long contract continues as new, and `workflow show` alone shows
    the latest run only (event ids restart in each run; a handoff's events are all in one)."""
    runs = json.loads(temporal("workflow", "list", "--query", f"WorkflowId='contract-{cid}'", "-o", "json") or "[]")
    events = []
    for run in sorted(runs, key=lambda r: r["startTime"]):
        events += json.loads(temporal("workflow", "show", "-w", f"contract-{cid}", "-r", run["execution"]["runId"],
                                      "-o", "json"))["events"]
    return events or json.loads(temporal("workflow", "show", "-w", f"contract-{cid}", "-o", "json"))["events"]


def local_activity_totals():
    """The worker's local activities so far (count, seconds run), from the SDK's
    temporal_local_activity_execution_latency in its Prometheus scrape, summed over labels; None without it. The
    worker is the one that runs workflow tasks (WORKER_METRICS)."""
    url = E.get("WORKER_METRICS")
    if not url:
        return None
    try:
        status, body = Http.call("GET", url)
    except OSError:
        return None
    if status != 200:
        return None
    count = seconds = 0.0
    for line in body.decode().splitlines():
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name == "temporal_local_activity_execution_latency_seconds_count":
            count += float(line.rsplit(" ", 1)[1])
        elif name == "temporal_local_activity_execution_latency_seconds_sum":
            seconds += float(line.rsplit(" ", 1)[1])
    return count, seconds


def proc_status(pid):
    st = {}
    for line in open(f"/proc/{pid}/status"):
        k, _, v = line.partition(":")
        st[k] = v.strip()
    return int(st["VmRSS"].split()[0]) * 1024, int(st["Threads"])


# ---------------------------------------------------------------- handoff latency
def watch_contract(cid, signers, interval=0.02, timeout=600):
    """First moment each signer's link (signatureUrl) is seen in the API, polled every interval seconds."""
    seen = {}
    deadline = time.time() + timeout
    while time.time() < deadline:
        c = contract(cid)
        now = time.time()
        for s in c["signers"]:
            if s.get("signatureUrl") and s["index"] not in seen:
                seen[s["index"]] = now
        if c["status"] not in ("ACTIVE", "PENDING", "STARTING", "CREATED"):
            return seen, c
        time.sleep(interval)
    raise TimeoutError(cid)


def run_handoffs(n_contracts, n_signers, sign_after="PT0.5S", concurrency=2, label="handoff"):
    """Contracts whose signers sign sign_after after their link appears (so the link is visible long enough to be seen
    by polling); handoff k = link of k+1 seen in the API - signer k's signature (the simulator's finishedAt)."""
    knobs(autoSignAfter=sign_after)
    titles = {}

    def one(i):
        title = f"bench-{label}-{RUN}-{i}"
        cid = submit(title, f"{label}-{RUN}-{i}", n_signers)
        titles[cid] = title
        seen, final = watch_contract(cid, n_signers)
        return cid, seen, final

    with cf.ThreadPoolExecutor(concurrency) as ex:
        results = list(ex.map(one, range(n_contracts)))
    finished = {s["id"]: ts(s["finishedAt"]) for s in sim_sessions() if s.get("finishedAt")}
    refs = session_refs()
    handoffs = []  # (cid, k, signed_at, link_at)
    for cid, seen, final in results:
        if final["status"] != "COMPLETED":
            log(f"contract {cid} ended {final['status']} {final.get('reason')}")
        for k in range(1, n_signers):
            at = finished.get(refs.get((cid, k)))
            if at is None:
                log(f"no signature found for contract {cid} signer {k}")
                continue
            if k + 1 in seen:
                handoffs.append((cid, k, at, seen[k + 1]))
    return handoffs


WARMED = []


def warm_up():
    """Two 6-signer contracts, once per run, before the first scenario that measures handoffs: a production worker is
    warm, and the first verifications in a fresh JVM run before the JIT has compiled DSS and PDFBox (0.7-1 s for a
    version that takes 50-90 ms once warm). Returns their handoffs, reported apart by the handoff scenario."""
    if MODE == "smoke" or WARMED:
        return []
    WARMED.append(True)
    return run_handoffs(2, 6, label="warmup")


def session_refs():
    """(contract id, signer index) -> the provider's session id, from signchain's database."""
    refs = {}
    for line in psql("select contract_id, signer_index, provider_session_id from signing_session").splitlines():
        c, k, ref = line.split("\t")
        refs[(c, int(k))] = ref
    return refs


def local_activity(event):
    """The activity type of a local activity's marker (its "type" detail, written outside the codec), else None."""
    if not event["eventType"].endswith("MARKER_RECORDED"):
        return None
    marker = event.get("markerRecordedEventAttributes", {})
    if marker.get("markerName") != "LocalActivity":
        return None
    payloads = (marker.get("details", {}).get("type") or {}).get("payloads") or []
    if not payloads:
        return "?"
    data = payloads[0].get("data", "")
    try:
        return json.loads(base64.b64decode(data))
    except (ValueError, TypeError):
        return "?"


def breakdown(handoffs, verify_times, per_handoff=None):
    """Per handoff from Temporal history: sign -> webhook inbox -> relay -> signal -> workflow task -> activities."""
    parts = {}
    per_handoff = {} if per_handoff is None else per_handoff

    def add(name, v):
        parts.setdefault(name, []).append(v)

    inbox = {}
    for line in psql("select session_ref, extract(epoch from received_at), extract(epoch from relayed_at) "
                     "from webhook_inbox where relayed_at is not null").splitlines():
        ref, rec, rel = line.split("\t")
        inbox.setdefault(ref, []).append((float(rec), float(rel)))
    sess = session_refs()
    published = completed_events()
    histories = {}
    for cid, k, signed_at, link_at in handoffs:
        h = histories.get(cid) or histories.setdefault(cid, history(cid))
        ev = [(e, ts(e["eventTime"])) for e in h]
        ref = sess.get((cid, k))
        got = sorted(x for x in inbox.get(ref, []) if x[0] >= signed_at - 0.002)
        if got:
            add("1 signature -> webhook stored", got[0][0] - signed_at)
            if ref in published:
                # The simulator stamps finishedAt, then makes the PAdES LT signature, then publishes the event.
                add("1a signature -> event published (the simulator signs)", published[ref] - signed_at)
                add("1b event published -> webhook stored", got[0][0] - published[ref])
        signal = next((t for e, t in ev if e["eventType"].endswith("SIGNALED") and t >= signed_at - 0.005), None)
        if signal is None:
            continue
        if got:
            # relayed_at is stamped after the signal call returns, so the signal's own time splits "stored -> relayed"
            add("3 webhook stored -> signal in history (relay)", signal - got[0][0])
        window = []
        opened = False
        names = {}
        for e, t in ev:
            if t < signal:
                continue
            window.append((e, t))
            et = e["eventType"]
            if et.endswith("ACTIVITY_TASK_SCHEDULED"):
                names[int(e["eventId"])] = e["activityTaskScheduledEventAttributes"]["activityType"]["name"]
            elif et.endswith("ACTIVITY_TASK_COMPLETED"):
                name = names.get(int(e["activityTaskCompletedEventAttributes"]["scheduledEventId"]))
                if name == "OpenSession":
                    opened = True
                elif name == "RecordProgress" and opened:
                    break
            elif local_activity(e) == "RecordProgress" and opened:
                break  # since local-progress-records (v7) the record is a local activity's marker
        sched = {}
        started = {}
        act_n = 0
        local_n = 0
        verify_ran = []
        wft_queue = []
        wft_ran = []
        wft_started = {}
        for e, t in window:
            et = e["eventType"]
            eid = int(e["eventId"])
            if local_activity(e):
                local_n += 1
            if et.endswith("WORKFLOW_TASK_SCHEDULED"):
                sched[eid] = t
            elif et.endswith("WORKFLOW_TASK_STARTED"):
                a = e.get("workflowTaskStartedEventAttributes", {})
                s = sched.get(int(e.get("workflowTaskStartedEventAttributes", {}).get("scheduledEventId", 0)))
                if s is not None:
                    wft_queue.append(t - s)
                wft_started[eid] = t
            elif et.endswith("WORKFLOW_TASK_COMPLETED"):
                st0 = wft_started.get(int(e.get("workflowTaskCompletedEventAttributes", {}).get("startedEventId", 0)))
                if st0 is not None:
                    wft_ran.append(t - st0)
            elif et.endswith("ACTIVITY_TASK_SCHEDULED"):
                a = e["activityTaskScheduledEventAttributes"]
                sched[eid] = (a["activityType"]["name"], t)
            elif et.endswith("ACTIVITY_TASK_STARTED"):
                started[int(e["activityTaskStartedEventAttributes"]["scheduledEventId"])] = t
            elif et.endswith("ACTIVITY_TASK_COMPLETED"):
                sid = int(e["activityTaskCompletedEventAttributes"]["scheduledEventId"])
                if sid in sched and sid in started and isinstance(sched[sid], tuple):
                    name, s = sched[sid]
                    act_n += 1
                    add(f"5 activity {name}: queued", started[sid] - s)
                    add(f"5 activity {name}: ran", t - started[sid])
                    if name == "VerifySignedVersion":
                        verify_ran.append(t - started[sid])
                        verify_times.append(t - started[sid])
                        per_handoff.setdefault((cid, k), t - started[sid])
        add("4 workflow tasks: queued (sum per handoff)", sum(wft_queue))
        add("4 workflow tasks: ran (sum per handoff)", sum(wft_ran))
        if window:
            add("6 signal -> link's record completed (history)", window[-1][1] - signal)
            if verify_ran:
                # The orchestration's own share: DSS's run time swings with the machine's load more than the rest.
                add("6 signal -> link's record completed, less VerifySignedVersion's run",
                    window[-1][1] - signal - verify_ran[0])
        add("4 workflow tasks per handoff (count)", len(wft_queue) / 1000)
        add("5 activities per handoff (count)", act_n / 1000)
        add("5 local activities per handoff (count)", local_n / 1000)
        add("7 signal -> link seen in the API", link_at - signal)
    return parts


# ---------------------------------------------------------------- the floor
def floor_calls(n, verify_median, signers):
    """The Sign API calls one handoff makes, made directly against the same simulator: read the signed session,
    download the signed document, upload it, make a collection, open the next session; plus the verification as it
    ran in the activity (its 'ran' time in history: the same code without orchestration). In chains of the handoff
    contracts' length, so that the documents carry as many signatures as theirs (a document signed 35 times takes
    the simulator longer to sign and serve than one signed 5 times)."""
    sign = SIM + "/sign"
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "signchain-sim",
                                   "client_secret": "signchain-sim-secret", "scope": "signicat-api"})
    st, data = Http.call("POST", SIM + "/auth/open/connect/token", body,
                         {"Content-Type": "application/x-www-form-urlencoded"})
    assert st == 200, data
    h = {"Authorization": "Bearer " + json.loads(data)["access_token"]}
    knobs(autoSignAfter="PT0S")
    rng = random.Random(7)
    doc = SMALL_PDF
    times = []
    prev = None
    i = 0
    while len(times) < n:
        if i % signers == 0:  # a new chain: its first session opens on the original document, untimed
            prev, doc = None, SMALL_PDF
        t0 = time.time()
        if prev is not None:
            while True:  # read the signed session (auto-signed at once), then its result document
                st, data = Http.call("GET", f"{sign}/signing-sessions/{prev}", None, h)
                s = json.loads(data)
                if (s.get("lifecycle") or {}).get("stateIsFinal"):
                    break
                time.sleep(0.001)
            result = [x.get("resultDocumentId") for x in ((s.get("output") or {}).get("signatures") or [])]
            result = [x for x in result if x]
            if not result:
                return None, f"the floor's session ended without a result document: {s.get('lifecycle')}"
            st, doc = Http.call("GET", f"{sign}/documents/{result[0]}", None, h)
            assert st == 200, st
        st, data = Http.call("POST", f"{sign}/documents", doc, dict(h, **{"Content-Type": "application/pdf"}))
        assert st in (200, 201), (st, data[:300])
        did = json.loads(data)["documentId"]
        st, data = Http.call("POST", f"{sign}/document-collections",
                             json.dumps({"documents": [{"documentId": did}]}),
                             dict(h, **{"Content-Type": "application/json"}))
        assert st in (200, 201), (st, data[:300])
        due = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
        session = [{"title": "floor", "dueDate": due,
                    "documents": [{"documentCollectionId": json.loads(data)["id"], "documentId": did,
                                   "action": "SIGN"}],
                    "externalReference": f"floor-{RUN}-{i}",
                    "signingSetup": [{"signingFlow": "PKISIGNING", "vendor": "NBID"}],
                    "signer": {"nationalIdentificationNumber": nin(rng),
                               "validations": ["NATIONAL_IDENTIFICATION_NUMBER"]},
                    "ui": {"language": "nb"}}]
        st, data = Http.call("POST", f"{sign}/signing-sessions", json.dumps(session),
                             dict(h, **{"Content-Type": "application/json"}))
        if st not in (200, 201):
            return None, f"simulator refused the floor's session ({st}): {data[:200]!r}"
        prev = json.loads(data)[0]["id"]
        if i % signers:
            times.append(time.time() - t0 + verify_median)
        i += 1
    return times, None


# ---------------------------------------------------------------- throughput
ENDED = {"contract.completed": "COMPLETED", "contract.rejected": "REJECTED", "contract.expired": "EXPIRED",
         "contract.cancelled": "CANCELLED", "contract.failed": "FAILED"}


class CallbackReceiver:
    """A business system's callback endpoint on loopback: the moment each contract's ending event arrives.

    Answers every callback 204 without checking its signature (the callbacks check does that, with Standard Webhooks'
    own library); the API delivers every event of the contract (started, each session opened, each signed, completed:
    8 for 3 signers), as it would to a real receiver, so their cost is in the API's CPU."""

    def __init__(self, port):
        self.ended = {}  # contract id -> (time, status)
        self.received = 0  # every callback, of every type
        self.cond = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                status = ENDED.get(body.get("type"))
                with receiver.cond:
                    receiver.received += 1
                    if status:
                        receiver.ended.setdefault((body.get("data") or {}).get("contractId"), (time.time(), status))
                        receiver.cond.notify_all()
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{port}/signchain-callbacks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, cid, timeout=1800):
        with self.cond:
            if not self.cond.wait_for(lambda: cid in self.ended, timeout):
                raise TimeoutError(f"no ending callback for {cid} in {timeout} s")
            return self.ended[cid]


_receiver = []


def callback_receiver():
    if not _receiver:
        _receiver.append(CallbackReceiver(int(E["CALLBACK_PORT"])))
    return _receiver[0]


def throughput(concurrency, total, signers=3, wait="callbacks"):
    """Contracts/s with `concurrency` in flight. wait: how the driver learns a contract ended, "callbacks" (the
    contract.* ending callback, as a business system would; the API dispatches every PT1S, so up to a second later)
    or "polls" (GET the contract every 0.25 s, each poll a request the API serves on the same cores)."""
    knobs(autoSignAfter="PT0S")
    prefix = f"tp{concurrency}{wait[0]}-{RUN}"
    lock = threading.Lock()
    done = []
    receiver = callback_receiver() if wait == "callbacks" else None
    start = time.time()

    def one(i):
        if receiver:
            cid = submit(f"bench-{prefix}-{i}", f"{prefix}-{i}", signers, callback_url=receiver.url)
            ended = receiver.wait(cid)
            with lock:
                done.append(ended)
            return
        cid = submit(f"bench-{prefix}-{i}", f"{prefix}-{i}", signers)
        while True:
            time.sleep(0.25)
            c = contract(cid)
            if c["status"] not in ("ACTIVE", "PENDING", "STARTING", "CREATED"):
                with lock:
                    done.append((time.time(), c["status"]))
                return

    received = receiver.received if receiver else 0
    with CpuSampler() as sampler, cf.ThreadPoolExecutor(concurrency) as ex:
        list(ex.map(one, range(total)))
    end = max(t for t, _ in done)
    bad = sum(1 for _, s in done if s != "COMPLETED")
    told = f"; {(receiver.received - received) / total:.1f} callbacks received per contract" if receiver else ""
    return total / (end - start), f"{bad} not completed{told}", sampler.per_unit(start, end, total / (end - start))


def bare(concurrency, total, activities):
    """Workflows/s of BareWorkflow, and its CPU per workflow by process (CpuSampler.per_unit)."""
    cp = classpath()
    with CpuSampler() as sampler:
        out = subprocess.run([E["JAVA"], "-cp", cp, os.path.join(ROOT, "bench", "BareWorkflow.java"),
                              E["TEMPORAL_ADDRESS"], str(concurrency), str(total), str(activities)],
                             capture_output=True, text=True)
    if out.returncode:
        log(out.stderr[-2000:])
        return None, None
    lines = out.stdout.strip().splitlines()
    rate = float(lines[-1].split()[-1])
    start, end = (int(x) / 1000 for x in lines[-2].split()[1:3])
    return rate, sampler.per_unit(start, end, rate)


_cp = {}


def classpath():
    """The worker's own libraries (the Temporal SDK among them), unpacked from its jar: no Maven, no network."""
    if "cp" not in _cp:
        d = os.path.abspath(os.path.join(OUT, "..", "worker-libs"))
        if not os.path.isdir(os.path.join(d, "lib")):
            subprocess.run([E["JAVA"], "-Djarmode=tools", "-jar", E["WORKER_JAR"], "extract", "--destination", d],
                           check=True, capture_output=True)
        _cp["cp"] = os.path.join(d, "lib", "*")
    return _cp["cp"]


# ---------------------------------------------------------------- CPU by process
CPU_HZ = os.sysconf("SC_CLK_TCK")


def cpu_role(cmdline):
    """Which part of the bench a process is, from its command line."""
    if "WebhookLoad" in cmdline:
        return "load generator"
    if "BareWorkflow" in cmdline:
        return "bare workflow's worker"
    if "signchain-api.jar" in cmdline:
        return "second API" if f"--server.port={E.get('API2_PORT')}" in cmdline else "API"
    for jar, role in (("signchain-worker.jar", "worker"), ("signchain-simulator.jar", "simulator"),
                      ("signchain-authorization-server.jar", "authorization server")):
        if jar in cmdline:
            return role
    program = os.path.basename(cmdline.split(" ")[0])
    if program.startswith("postgres"):  # the postmaster and its backends ("postgres: user db ...")
        return "PostgreSQL"
    if program.startswith("temporal"):
        return "Temporal server"
    return "other"


def cpu_seconds(stat_path):
    fields = open(stat_path).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CPU_HZ  # utime and stime (stat's 14th and 15th fields)


def cpu_snapshot():
    """CPU seconds used so far by every process ({pid: (role, seconds)}), the API's relay thread as its own entry, and
    by the whole machine."""
    used = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            role = cpu_role(cmdline)
            used[pid] = (role, cpu_seconds(f"/proc/{pid}/stat"))
            if role == "API":
                for tid in os.listdir(f"/proc/{pid}/task"):
                    if open(f"/proc/{pid}/task/{tid}/comm").read().strip() == "webhook-relay":
                        used[f"{pid}/{tid}"] = ("API's relay", cpu_seconds(f"/proc/{pid}/task/{tid}/stat"))
        except (OSError, IndexError):
            continue  # the process ended while being read
    cpu = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    machine = (sum(cpu) - cpu[3] - cpu[4]) / CPU_HZ  # all but idle and iowait
    return time.time(), used, machine


class CpuSampler:
    """cpu_snapshot() every half second in the background while a measured stretch runs (a with block)."""

    def __init__(self):
        self.snapshots, self._done = [], threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._done.wait(0.5):
            self.snapshots.append(cpu_snapshot())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._done.set()
        self._thread.join()

    def per_unit(self, start, end, rate):
        """CPU milliseconds per unit of work (an event, a contract) by role, from the first to the last snapshot
        between start and end (epoch seconds; a process counts if it lived through both), with rate the units done per
        second then; and the machine's busy share of its cores. None with under two snapshots or no work done."""
        inside = [s for s in self.snapshots if start <= s[0] <= end]
        if len(inside) < 2 or not rate:
            return None
        (t0, a, machine0), (t1, b, machine1) = inside[0], inside[-1]
        units = rate * (t1 - t0)
        per_unit = {}
        for key, (role, seconds) in b.items():
            if key in a:
                per_unit[role] = per_unit.get(role, 0) + (seconds - a[key][1]) * 1000 / units
        return per_unit, (machine1 - machine0) / (t1 - t0) / os.cpu_count(), t1 - t0


def cpu_row(measure, measured):
    """A row of where the CPU went (CpuSampler.per_unit's answer), the largest share first."""
    if not measured:
        row(measure, "not measured: under two CPU samples in the measured window, or no work done")
        return
    per_event, busy, seconds = measured
    parts = ", ".join(f"{role} {ms:.2f}" for role, ms in sorted(per_event.items(), key=lambda kv: -kv[1]) if ms >= 0.005)
    total = sum(ms for role, ms in per_event.items() if role != "API's relay")  # the relay is inside the API's figure
    row(measure, f"{total:.2f} ms in all: {parts} (ms; the API's includes its relay's); "
                 f"the machine {busy * 100:.0f} % busy over {seconds:.1f} s")


# ---------------------------------------------------------------- webhook ingest
def ingest(seconds, clients, session_ref=None, api=None, cpu=False):
    """One WebhookLoad run; with cpu, r["cpu"] holds the CPU per answered event by process (CpuSampler.per_unit)."""
    sampler = CpuSampler()
    with sampler if cpu else contextlib.nullcontext():
        out = subprocess.run([E["JAVA"], os.path.join(ROOT, "bench", "WebhookLoad.java"),
                              (api or API) + "/webhooks/signicat", E["WEBHOOK_SECRET"], str(seconds), str(clients),
                              session_ref or ""], capture_output=True, text=True)
    if out.returncode:
        log(out.stderr[-2000:])
        return None
    r = json.loads(out.stdout.strip().splitlines()[-1])
    if cpu:
        r["cpu"] = sampler.per_unit(r["from"] / 1000, r["to"] / 1000, r["rate"] if r["ok"] else 0)
    return r


def second_api(jdbc_options):
    """Another API process on the same database, its connections opened with jdbc_options (e.g. synchronous_commit
    off: the inbox insert still runs, but the answer no longer waits for the write to reach disk)."""
    url = E["SIGNCHAIN_DB_URL"] + ("&" if "?" in E["SIGNCHAIN_DB_URL"] else "?") + "options=" + \
        urllib.parse.quote(jdbc_options)
    env = dict(E, SIGNCHAIN_DB_URL=url, SIGNICAT_WEBHOOK_SECRET=E["WEBHOOK_SECRET"])
    p = subprocess.Popen([E["JAVA"], "-jar", E["API_JAR"], f"--server.port={E['API2_PORT']}"], env=env,
                         stdout=open(os.path.join(OUT, "api-2.log"), "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{E['API2_PORT']}"
    for _ in range(360):
        try:
            st, _ = Http.call("GET", base + "/actuator/health/readiness")
            if st == 200:
                return p, base
        except OSError:
            pass
        time.sleep(0.5)
    p.terminate()
    raise RuntimeError("the second API did not become ready")


def inbox_writes(api=None):
    """(events, statements) the API's webhook inbox has written so far, from its Prometheus scrape; None where the API
    has no such series (jars from before 2026-12-03's grouping metric)."""
    try:
        st, body = Http.call("GET", (api or API) + "/actuator/prometheus",
                             headers={"Authorization": "Bearer " + access_token("actuator:read")})
    except (OSError, AssertionError):
        return None
    totals = {}
    for line in body.decode().splitlines():
        for part in ("sum", "count"):
            if line.startswith(f"signchain_webhook_inbox_group_size_events_{part}{{"):
                totals[part] = totals.get(part, 0.0) + float(line.rsplit(" ", 1)[1])
    return (totals["sum"], totals["count"]) if st == 200 and len(totals) == 2 else None


def per_write(before, after):
    """', 3.2 events per inbox write' between two inbox_writes(); empty where either is unknown or nothing was written."""
    if not before or not after or after[1] == before[1]:
        return ""
    return f", {(after[0] - before[0]) / (after[1] - before[1]):.1f} events per inbox write"


def inbox_count(prefix):
    return int(psql(f"select count(*) from webhook_inbox where event_id like '{prefix}%'"))


def give_up_bench_events():
    """Marks the bench's unknown-session events given up. The relay would otherwise keep looking for their sessions for
    15 minutes (their give-up time) and skew whatever is measured next, on the same cores."""
    psql("update webhook_inbox set relayed_at = now(), outcome = 'UNKNOWN_SESSION' "
         "where event_id like 'bench-%' and relayed_at is null")


# ---------------------------------------------------------------- main
ONLY = set(filter(None, E.get("BENCH_ONLY", "").split(",")))


def want(scenario):
    """BENCH_ONLY=handoff,throughput,... runs only those (handoff history large chain throughput ingest burst memory)."""
    return not ONLY or scenario in ONLY


def main():
    la0 = loadavg()
    log(f"mode {MODE}, server {E['SERVER']}, load average {la0}")
    results_meta = [f"server: {E['SERVER']} ({E['TEMPORAL_ADDRESS']}), mode {MODE}, started "
                    f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, load average at start {' '.join(la0)}, "
                    f"{os.cpu_count()} cores"]
    # BENCH_WORKFLOW_WORKER=yes: memory is the workflow worker's, which holds waiting contracts and no document.
    MEMORY_PID = E.get("WORKFLOW_WORKER_PID") or E["WORKER_PID"]
    rss_idle, threads_idle = proc_status(MEMORY_PID)

    if want("handoff"):
        # Handoff latency, breakdown and floor.
        nc, ns = SIZES["handoff"]
        cold = warm_up()
        la0 = local_activity_totals()
        hs = run_handoffs(nc, ns)
        la1 = local_activity_totals()
        lat = [link - signed for _, _, signed, link in hs]
        verify_times = []
        parts = breakdown(hs, verify_times)
        vmed = statistics.median(verify_times) if verify_times else 0.0
        floor, why = floor_calls(max(10, len(lat) // 3 if MODE != "smoke" else 3), vmed, ns)
        p50, p90, p99 = pct(lat, 50), pct(lat, 90), pct(lat, 99)
        row(f"handoff latency, {len(lat)} handoffs ({nc} contracts x {ns} signers, 2 at a time, API polled every 20 ms)",
            f"p50 {ms(p50)}, p90 {ms(p90)}, p99 {ms(p99)}", "p99 <= 250 ms", "met" if p99 <= 0.25 else "not met")
        ours = list(after_event(hs).values())
        if ours:
            row("  handoff from the completed event's publication (signchain's part, without the simulator's signing)",
                f"p50 {ms(pct(ours, 50))}, p90 {ms(pct(ours, 90))}, p99 {ms(pct(ours, 99))}")
        if cold:
            cl = [link - signed for _, _, signed, link in cold]
            row(f"  first {len(cl)} handoffs after the workers started (2 contracts before the above, not counted)",
                f"p50 {ms(pct(cl, 50))}, max {ms(max(cl))}")
        if floor:
            f50 = pct(floor, 50)
            row("raw-call floor (same Sign API calls direct + verification's run time)",
                f"p50 {ms(f50)}, p99 {ms(pct(floor, 99))}; handoff p50 = {p50 / f50:.1f}x floor", "p50 <= 3x floor",
                "met" if p50 <= 3 * f50 else "not met")
        else:
            row("raw-call floor", f"not measured: {why}")
        if la0 and la1 and la1[0] > la0[0]:
            n_la = la1[0] - la0[0]
            row("  local activities (progress records) while the handoffs ran: mean run time (the SDK's metric)",
                f"{(la1[1] - la0[1]) * 1000 / n_la:.1f} ms over {n_la:.0f}")
        for name in sorted(parts):
            v = parts[name]
            if "(count)" in name:
                row(f"  breakdown: {label(name)}", f"{statistics.median(v) * 1000:.0f} (median; signal to the link's record)")
            else:
                row(f"  breakdown: {label(name)}", f"p50 {ms(pct(v, 50))}, p90 {ms(pct(v, 90))}")

    big = SIZES["big_mb"]
    if want("history"):
        # History size per 3-signer contract (the handoff contracts are 6 signers: one 3-signer contract of each size).
        def hist_size(cid):
            d = json.loads(temporal("workflow", "describe", "-w", f"contract-{cid}", "-o", "json"))
            info = d.get("workflowExecutionInfo", d)
            return int(info.get("historySizeBytes", 0)), int(info.get("historyLength", 0))

        big = SIZES["big_mb"]
        for i, mb in enumerate((1, big)):
            cid = submit(f"bench-hist{i}-{RUN}", f"hist{i}-{RUN}", 3, pdf(mb * 1_000_000))
            knobs(autoSignAfter="PT0S")
            _, final = watch_contract(cid, 3, interval=0.25)
            size, events = hist_size(cid)
            row(f"history, 3 signers, {mb} MB PDF (run {i + 1}) ({final['status']})", f"{size / 1024:.1f} KB, {events} events",
                "<= 64 KB, same for 1 and 50 MB", "met" if size <= 64 * 1024 else "not met")

    if want("large"):
        # Large document: worker heap growth through 5 signers (jcmd GC.heap_info sampled every 100 ms).
        stop = threading.Event()
        peaks = []

        def heap_used():
            out = subprocess.run([os.path.join(os.path.dirname(E["JAVA"]) or "", "jcmd") if os.path.dirname(E["JAVA"])
                                  else "jcmd", E["WORKER_PID"], "GC.heap_info"], capture_output=True, text=True).stdout
            # G1: " garbage-first heap   total reserved 4096000K, committed 262144K, used 123456K". Serial (the
            # worker as the Kubernetes pod runs it): "DefNew     total 19648K, used 13280K [...]" and "Tenured ...".
            used = [int(line.split("used")[1].split()[0].rstrip("K,")) * 1024 for line in out.splitlines()
                    if " used " in line and (line.lower().lstrip().startswith(("garbage-first heap", "defnew", "tenured")))]
            return sum(used) if used else None

        def sampler():
            while not stop.is_set():
                u = heap_used()
                if u:
                    peaks.append(u)
                time.sleep(0.1)

        subprocess.run(["jcmd" if not os.path.dirname(E["JAVA"]) else os.path.join(os.path.dirname(E["JAVA"]), "jcmd"),
                        E["WORKER_PID"], "GC.run"], capture_output=True)
        time.sleep(1)
        base = heap_used() or 0
        gc_log = os.path.join(OUT, "worker-gc.log")
        gc_from = os.path.getsize(gc_log) if os.path.exists(gc_log) else 0
        th = threading.Thread(target=sampler, daemon=True)
        th.start()
        cid = submit(f"bench-big-{RUN}", f"big-{RUN}", 5, pdf(big * 1_000_000))
        _, final = watch_contract(cid, 5, interval=0.25)
        stop.set()
        th.join()
        growth = (max(peaks) - base) if peaks else float("nan")
        # From the worker's GC log: the most the heap held right after a collection (what the document kept alive) and
        # right before one (what was allocated in between, garbage included).
        # A full collection's "after" is what was live; a young one's (Serial's above all) also counts the old
        # generation's garbage, so the full ones are taken when there are any.
        import re
        before, after, after_full = [], [], []
        if os.path.exists(gc_log):
            with open(gc_log) as f:
                f.seek(gc_from)
                for m in re.finditer(r"Pause (\w+).*?(\d+)M->(\d+)M\(\d+M\)", f.read()):
                    before.append(int(m.group(2)) * 2**20)
                    after.append(int(m.group(3)) * 2**20)
                    if m.group(1) == "Full":
                        after_full.append(int(m.group(3)) * 2**20)
        retained = (max(after_full or after) - base) if after else float("nan")
        # Without a full collection the figure is an upper bound, not the live set: no verdict is drawn from it.
        kept = (f"{retained / 1e6:.0f} MB retained at peak (after-full-GC high-water over {base / 1e6:.0f} MB)"
                if after_full else
                f"live set not measured: no full collection ran ({retained / 1e6:.0f} MB young-GC 'after' high-water "
                f"over {base / 1e6:.0f} MB, old-generation garbage included)")
        row(f"large document: worker heap growth, {big} MB PDF through 5 signers ({final['status']})",
            f"{kept}; "
            f"{growth / 1e6:.0f} MB peak used incl. garbage (sampled), "
            f"{(max(before) - base) / 1e6 if before else float('nan'):.0f} MB before-GC high-water; {len(after)} GCs",
            "<= 150 MB (50 MB PDF)",
            ("met" if retained <= 150e6 else "not met") if big == 50 and after_full
            else "not the goal's size" if big != 50 else "not measured")

    if want("chain"):
        # Long chain: second vs last handoff.
        if SIZES["chain"]:
            n = SIZES["chain"]
            warm_up()
            la0 = local_activity_totals()
            hs = run_handoffs(1, n, label="chain", concurrency=1)
            la1 = local_activity_totals()
            by_k = {k: link - signed for _, k, signed, link in hs}
            if 1 in by_k and n - 1 in by_k:
                second, last = by_k[1], by_k[n - 1]
                verify = {}
                first_parts = breakdown([h for h in hs if h[1] == 1], [], verify)
                last_parts = breakdown([h for h in hs if h[1] == n - 1], [], verify)
                v1 = next((v for (c, k), v in verify.items() if k == 1), float("nan"))
                vn = next((v for (c, k), v in verify.items() if k == n - 1), float("nan"))
                row(f"long chain: {n} signers, handoff to signer 2 vs to signer {n}", f"{ms(second)} vs {ms(last)} "
                    f"({(last / second - 1) * 100:+.0f} %); VerifySignedVersion ran {ms(v1)} vs {ms(vn)}", "last within 20 % of second (50 signers)",
                    ("met" if last <= 1.2 * second else "not met") if n == 50 else "not the goal's size")
            if la0 and la1 and la1[0] > la0[0]:
                row(f"  long chain: local activities (progress records of {n} signers): mean run time (the SDK's metric)",
                    f"{(la1[1] - la0[1]) * 1000 / (la1[0] - la0[0]):.1f} ms over {la1[0] - la0[0]:.0f}")
            row("  long chain: handoff to signer k+1, by k", ", ".join(f"{k}: {ms(by_k[k])}" for k in sorted(by_k)
                                                                     if k in (1, 2, 5, 10, 20, 30, 40, n - 1)))
            if 1 in by_k and n - 1 in by_k:
                # The simulator's signing grows with the chain too: it adds validation data for every earlier signature.
                after = {k: v for (_, k), v in after_event(hs).items()}
                if 1 in after and n - 1 in after:
                    a, b = after[1], after[n - 1]
                    row("  long chain: completed event published -> link seen (signchain's part), second vs last",
                        f"{ms(a)} vs {ms(b)} ({(b / a - 1) * 100:+.0f} %); the simulator's signing before it "
                        f"{ms(by_k[1] - a)} vs {ms(by_k[n - 1] - b)}")
                # Where the growth outside the verification goes: each part of the second and the last handoff.
                for name in sorted(set(first_parts) | set(last_parts)):
                    if "(count)" in name:
                        continue
                    a, b = (ms(sum(p[name])) if name in p else "none" for p in (first_parts, last_parts))
                    row(f"  long chain breakdown: {label(name)}", f"{a} vs {b}")

    if want("throughput"):
        # Throughput.
        # With the CPU per contract (and per bare workflow) by process: the two share the machine's two cores with
        # different parties (the simulator's signing, the verification, the API's callback deliveries or the driver's
        # status polls).
        # BENCH_THROUGHPUT_WAIT: callbacks (default; the goal's verdict), polls (every earlier run's way), or both in
        # turn ("both" = "callbacks,polls"; "polls,callbacks" starts with polls): the first named first at the first
        # level, last first at the next, so that neither is always the colder.
        # Warm first, like the handoff scenarios (since 2026-12-03; throughput-only runs measured a cold worker).
        wait = E.get("BENCH_THROUGHPUT_WAIT", "callbacks")
        waits = tuple(("callbacks,polls" if wait == "both" else wait).split(","))
        assert set(waits) <= {"callbacks", "polls"}, f"BENCH_THROUGHPUT_WAIT={wait}"
        warm_up()
        for level, c in enumerate(SIZES["tp"]):
            total = max(SIZES["tp_total"], c * 2 if MODE == "full" else c)
            measured = [(w, *throughput(c, total, wait=w)) for w in (waits if level % 2 == 0 else waits[::-1])]
            ceiling, bare_cpu = bare(c, total, 22)
            for w, rate, bad, cpu in measured:
                how = "ends told by callbacks" if w == "callbacks" else "status polled 4 a second per contract"
                ratio = f", {rate / ceiling * 100:.0f} % of bare Temporal ({ceiling:.1f} wf/s, 22 no-op activities)" \
                    if ceiling else ", bare Temporal not measured"
                verdict = w == ("callbacks" if "callbacks" in waits else waits[0]) and c == 100
                row(f"throughput, 3-signer contracts, concurrency {c}, {how}",
                    f"{rate:.2f} contracts/s ({bad}){ratio}",
                    ">= 70 % of bare at 100" if verdict else "",
                    ("met" if ceiling and rate >= 0.7 * ceiling else "not met") if verdict else "")
                cpu_row(f"throughput, concurrency {c}, {how}: CPU per contract, by process"
                        + (" (the API's includes the polls)" if w == "polls" else
                           " (the API's includes every event's callback delivery)"), cpu)
            if ceiling:
                cpu_row(f"throughput, concurrency {c}: CPU per bare workflow, by process", bare_cpu)

    if want("burst"):
        # Burst of unknown-session events beside real contracts.
        if SIZES["burst"]:
            burst = SIZES["burst"]
            res = {}

            def fire():
                res["r"] = subprocess.run([E["JAVA"], os.path.join(ROOT, "bench", "WebhookLoad.java"),
                                           API + "/webhooks/signicat", E["WEBHOOK_SECRET"], "0", "16", "", str(burst)],
                                          capture_output=True, text=True)

            warm_up()
            writes = inbox_writes()
            t = threading.Thread(target=fire)
            t.start()
            time.sleep(1)
            hs = run_handoffs(4 if MODE != "smoke" else 1, 6 if MODE != "smoke" else 2, label="burst")
            t.join()
            grouped = per_write(writes, inbox_writes())
            lat_b = [link - signed for _, _, signed, link in hs]
            r = json.loads(res["r"].stdout.strip().splitlines()[-1]) if res["r"].returncode == 0 else None
            row(f"handoffs under a burst of {burst} unknown-session events ({len(lat_b)} handoffs)",
                f"p50 {ms(pct(lat_b, 50))}, p99 {ms(pct(lat_b, 99))}; burst accepted at "
                f"{r['rate']:.0f}/s{grouped}" if r else "burst failed", "p99 <= 1 s (30,000 events)",
                ("met" if pct(lat_b, 99) <= 1 else "not met") if burst >= 30_000 else "not the goal's size")
            # Where the real events waited: in the provider's signing, its delivery into the inbox, the relay or the worker.
            parts_b = breakdown(hs, [])
            for name in ("1 signature -> webhook stored", "1a signature -> event published (the simulator signs)",
                         "1b event published -> webhook stored", "3 webhook stored -> signal in history (relay)",
                         "6 signal -> link's record completed (history)", "7 signal -> link seen in the API"):
                if parts_b.get(name):
                    row(f"  under the burst: {label(name)}", f"p50 {ms(pct(parts_b[name], 50))}, "
                                                                        f"p99 {ms(pct(parts_b[name], 99))}")
        give_up_bench_events()

    if want("ingest"):
        # Webhook ingest: signed events for unknown sessions, stored durably; at 4 clients and at saturation (64), then the
        # same endpoint on a second API process whose inbox write does not wait for the disk (synchronous_commit off).
        # The comparison alternates the two processes twice, each row starting with no bench events left to relay
        # (the relay's work on an earlier row's events would otherwise fall on the next row), both processes warmed up.
        durable, not_waiting = "durable inbox write", "inbox write not waiting for disk (synchronous_commit=off)"
        rates = {durable: [], not_waiting: []}

        def ingest_row(clients, label, api=None, warm_up=True, note=""):
            if warm_up:
                # Not counted: the JIT and the pools. A few seconds left the API's request path half compiled: the same
                # jars took ~350-750/s after 4 s and ~1,500/s after the throughput scenario's minutes of requests.
                ingest(SIZES["ingest_warm_s"], clients, api=api)
            give_up_bench_events()
            first = not note and label == durable
            writes = inbox_writes(api)
            r = ingest(SIZES["ingest_s"], clients, api=api, cpu=first)
            grouped = per_write(writes, inbox_writes(api))
            if not r:
                row(f"webhook ingest, {clients} clients, {label}{note}", "failed; see the driver's log")
                return
            time.sleep(1)
            landed = inbox_count(r["prefix"])
            if clients == 64:
                rates[label].append(r["rate"])
            goal = ">= 4,000/s, p99 <= 30 ms, 0 lost" if clients == 64 and label == durable and not note else ""
            verdict = ("met" if r["rate"] >= 4000 and r["p99"] <= 30 and landed == r["ok"] else "not met") if goal else ""
            row(f"webhook ingest, {clients} clients, {SIZES['ingest_s']} s, {label}{note}",
                f"{r['rate']:.0f} events/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, {r['ok']} answered 2xx, "
                f"{landed} landed, {r['failed']} failed{grouped}", goal, verdict)
            if first:
                cpu_row(f"webhook ingest, {clients} clients, {label}: CPU per event, by process", r["cpu"])

        for clients in (4, 64):
            ingest_row(clients, durable)
        try:
            p2, api2 = second_api("-c synchronous_commit=off")
            try:
                ingest_row(64, not_waiting, api2)
                ingest_row(64, durable, warm_up=False, note=", second pass")
                ingest_row(64, not_waiting, api2, warm_up=False, note=", second pass")
            finally:
                p2.terminate()
                p2.wait()
            if rates[durable] and rates[not_waiting]:
                a, b = statistics.mean(rates[durable]), statistics.mean(rates[not_waiting])
                row("webhook ingest, durable vs not waiting for disk, 64 clients (mean of the passes)",
                    f"{a / b * 100:.0f} % ({a:.0f}/s vs {b:.0f}/s)", ">= 50 %", "met" if a >= 0.5 * b else "not met")
        except RuntimeError as e:
            row("webhook ingest without waiting for disk", f"not measured: {e}")
        give_up_bench_events()

    if want("memory"):
        # Memory: worker RSS idle and with contracts waiting for their first signer.
        knobs(autoSignAfter=None)
        waiting = int(E.get("BENCH_WAITING") or SIZES["waiting"])
        with cf.ThreadPoolExecutor(8) as ex:
            list(ex.map(lambda i: submit(f"bench-wait-{RUN}-{i}", f"wait-{RUN}-{i}", 3), range(waiting)))
        # Wait until every one has its first link (the workflow is then parked on its signal).
        # The peak matters, not only the end: a pod is killed at its limit whenever it reaches it.
        split = MEMORY_PID != E["WORKER_PID"]
        started, peak, other_peak, last_log = time.time(), 0, 0, 0
        deadline = started + max(1800 if MODE == "full" else 600, waiting / 2)
        while time.time() < deadline:
            n = int(psql(f"select count(*) from contract c join contract_signer s on s.contract_id = c.id "
                         f"where c.external_ref like 'wait-{RUN}-%' and s.signer_index = 1 and s.signature_url is not null"))
            rss, threads = proc_status(MEMORY_PID)
            peak = max(peak, rss)
            if split:
                other_peak = max(other_peak, proc_status(E["WORKER_PID"])[0])
            if time.time() - last_log >= 60:
                last_log = time.time()
                log(f"memory: {time.time() - started:.0f} s, {n} of {waiting} with their link, worker RSS "
                    f"{rss / 2**20:.0f} MB (peak {peak / 2**20:.0f}), {threads} threads"
                    + (f"; the activity worker's peak {other_peak / 2**20:.0f} MB" if other_peak else ""))
            if n >= waiting:
                break
            time.sleep(2)
        time.sleep(5)
        rss, threads = proc_status(MEMORY_PID)
        peak = max(peak, rss)
        row(f"{'workflow worker' if split else 'worker'} RSS / threads: idle, then {waiting} contracts waiting "
            f"({n} with their link)",
            f"{rss_idle / 2**20:.0f} MB / {threads_idle} threads; {rss / 2**20:.0f} MB (peak {peak / 2**20:.0f}) / "
            f"{threads} threads",
            "<= 512 MB with 10,000, bounded threads",
            ("met" if peak <= 512 * 2**20 else "not met") if waiting >= 10_000 else "not the goal's size")
        if split:
            row("the activity worker beside it: RSS peak", f"{other_peak / 2**20:.0f} MB")

    la1 = loadavg()
    results_meta.append(f"load average at end {' '.join(la1)}")
    if E.get("BENCH_TABLE_HEADER", "yes") == "yes":
        print(f"### signchain benchmark: {E['SERVER']}\n")
        for m in results_meta:
            print(f"- {m}")
        print("\n| measure | figure | goal | |\n|---|---|---|---|")
    else:
        print(f"| (fresh worker; load average {' '.join(la0)} -> {' '.join(la1)}) | | | |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
