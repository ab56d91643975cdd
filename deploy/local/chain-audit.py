#!/usr/bin/env python3
"""What the provider saw of a batch of contracts, checked against signchain: used by failover.sh and
compose-check.sh after a worker was killed mid-run.

    chain-audit.py SESSIONS_JSON EVENTS_JSON IDS INBOX [--withdrawn-orphans-ok]

SESSIONS_JSON and EVENTS_JSON are the simulator's /simulator/control/sessions and /simulator/control/events; IDS the
batch's contract ids, INBOX the event ids in signchain's webhook_inbox (one per line each). Prints one line:
"<duplicates> <checked> <lost>": sessions beyond one per contract and signer (signchain's external reference is
signchain:<contract>:<signer>:<attempt>), how many events of the batch's sessions were checked, and how many of them
are missing from the inbox. Events the simulator dropped on purpose (knob dropEventRate) never reached signchain and
are not counted as lost. With --withdrawn-orphans-ok (the fault matrix, where answers are lost after the provider
acted), a session signchain withdrew before anyone signed in it is not a duplicate: at most one session per signer
was ever signable.
"""
import collections
import json
import sys


def main(sessions_json, events_json, ids_file, inbox_file, *flags):
    orphans_ok = "--withdrawn-orphans-ok" in flags
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
            withdrawn_unsigned = session.get("deletedAt") and session.get("state") != "SIGNED"
            if not (orphans_ok and withdrawn_unsigned):
                per_step[(ref[1], ref[2])] += 1
    duplicates = sum(n - 1 for n in per_step.values())
    checked = [e for e in events if e["signingSessionId"] in ours]
    lost = sum(1 for e in checked if e["id"] not in inbox and not e.get("dropped"))
    print(duplicates, len(checked), lost)


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    main(*sys.argv[1:])
