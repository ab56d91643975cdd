#!/usr/bin/env python3
"""What the provider saw of a batch of contracts, checked against signchain: used by failover.sh, faults.sh and
compose-check.sh after a worker was killed mid-run.

    chain-audit.py SESSIONS_JSON EVENTS_JSON IDS INBOX [--withdrawn-orphans-ok] [--provider NAME]

SESSIONS_JSON and EVENTS_JSON are the simulator's control lists of the provider's sessions and of the events it
emitted (signicat-v2, the default: /simulator/control/sessions and /simulator/control/events; zignsec:
/simulator/control/zignsec/sessions and .../events; signicat-v1: /simulator/control/signicat-v1/tasks and
.../notifications). IDS holds the batch's contract ids, INBOX the event ids in signchain's webhook_inbox (one per
line each). Prints one line: "<duplicates> <checked> <lost>": sessions beyond one per contract and signer
(signchain's external reference, at every provider, is signchain:<contract>:<signer>:<attempt>), how many events of
the batch's sessions were checked, and how many of them are missing from the inbox. Events the simulator dropped on
purpose (knob dropEventRate) never reached signchain and are not counted as lost. With --withdrawn-orphans-ok (the
fault matrix, where answers are lost after the provider acted), a session signchain withdrew before anyone signed in
it is not a duplicate: at most one session per signer was ever signable. A session the simulator lists as never
signable (ZignSec's before its start: no link exists) is not counted either.

Posten signering (--provider posten) runs one job per contract, not a session per signer, and has a status queue
instead of events: SESSIONS_JSON is then {contract id: the fake's /simulator/control/posten/jobs?reference=<id>},
EVENTS_JSON {contract id: the job signchain stored (provider_job.job_ref) or null}, and INBOX the rows of
provider_job_change as "job_ref change_id confirmed" (confirmed: t or f). Prints "<duplicates> <checked> <lost>
<unconfirmed>": jobs beyond one per contract (a stored job that is not the one Posten has counts too), the status
changes the fake queued, how many of them signchain has not recorded (a change has one row however often it was
handed out), and the confirmations missing (a change the fake still waits for, and a recorded row without
confirmed_at, each counted).
"""
import collections
import json
import sys


def inbox_key(provider, event):
    """The id signchain's webhook endpoint stores the event under (see the api's webhook controllers)."""
    if provider == "zignsec":
        return event["signingSessionId"], "zignsec:%s:%s" % (event["signingSessionId"], event["status"])
    if provider == "signicat-v1":
        session = "%s:%s" % (event["requestId"], event["taskId"])
        return session, "signicat-v1:%s:%s" % (session, (event.get("message") or "").strip())
    return event["signingSessionId"], event["id"]


def posten(jobs_json, stored_json, ids_file, changes_file):
    jobs = json.load(open(jobs_json))
    stored = json.load(open(stored_json))
    ids = open(ids_file).read().split()
    recorded = collections.Counter()
    unconfirmed = 0
    for line in open(changes_file).read().splitlines():
        if line.strip():
            job_ref, _change, confirmed = line.split()
            recorded[job_ref] += 1
            unconfirmed += confirmed != "t"
    duplicates = checked = lost = 0
    for contract in ids:
        at_posten = jobs.get(contract, [])
        duplicates += max(0, len(at_posten) - 1)
        if len(at_posten) == 1 and stored.get(contract) not in (None, str(at_posten[0]["jobId"])):
            duplicates += 1  # signchain keeps a job Posten does not have for this contract
        for job in at_posten:
            checked += job["statusChanges"]
            lost += max(0, job["statusChanges"] - recorded[str(job["jobId"])])
            unconfirmed += job["statusChanges"] - job["confirmedStatusChanges"]
    print(duplicates, checked, lost, unconfirmed)


def main(sessions_json, events_json, ids_file, inbox_file, *flags):
    flags = list(flags)
    orphans_ok = "--withdrawn-orphans-ok" in flags
    provider = flags[flags.index("--provider") + 1] if "--provider" in flags else "signicat-v2"
    if provider == "posten":
        return posten(sessions_json, events_json, ids_file, inbox_file)
    sessions = json.load(open(sessions_json))
    events = json.load(open(events_json))["events"]
    ids = set(open(ids_file).read().split())
    inbox = set(open(inbox_file).read().split())
    per_step = collections.Counter()
    ours = set()
    for session in sessions:
        ref = (session.get("externalReference") or "").split(":")
        if len(ref) == 4 and ref[0] == "signchain" and ref[1] in ids:
            ours.add(session["id"])
            if session.get("signable") is False:
                continue  # never started (ZignSec: created, no redirect URL): no one could ever sign in it
            signed = session.get("signed", session.get("state") == "SIGNED")
            withdrawn = session.get("withdrawn", bool(session.get("deletedAt")))
            if not (orphans_ok and withdrawn and not signed):
                per_step[(ref[1], ref[2])] += 1
    duplicates = sum(n - 1 for n in per_step.values())
    mine = [(key, e.get("dropped")) for e in events for session, key in [inbox_key(provider, e)] if session in ours]
    lost = sum(1 for key, dropped in mine if not dropped and key not in inbox)
    print(duplicates, len(mine), lost)


if __name__ == "__main__":
    if not 5 <= len(sys.argv) <= 8:
        sys.exit(__doc__)
    main(*sys.argv[1:])
