#!/usr/bin/env python3
"""What the provider saw of a batch of contracts, checked against signchain: used by failover.sh and
compose-check.sh after a worker was killed mid-run.

    chain-audit.py SESSIONS_JSON EVENTS_JSON IDS INBOX

SESSIONS_JSON and EVENTS_JSON are the simulator's /simulator/control/sessions and /simulator/control/events; IDS the
batch's contract ids, INBOX the event ids in signchain's webhook_inbox (one per line each). Prints one line:
"<duplicates> <checked> <lost>": sessions beyond one per contract and signer (signchain's external reference is
signchain:<contract>:<signer>:<attempt>), how many events of the batch's sessions were checked, and how many of them
are missing from the inbox.
"""
import collections
import json
import sys


def main(sessions_json, events_json, ids_file, inbox_file):
    sessions = json.load(open(sessions_json))
    events = json.load(open(events_json))["events"]
    ids = set(open(ids_file).read().split())
    inbox = set(open(inbox_file).read().split())
    per_step = collections.Counter()
    ours = set()
    for session in sessions:
        ref = (session.get("externalReference") or "").split(":")
        if len(ref) == 4 and ref[0] == "signchain" and ref[1] in ids:
            per_step[(ref[1], ref[2])] += 1
            ours.add(session["id"])
    duplicates = sum(n - 1 for n in per_step.values())
    checked = [e for e in events if e["signingSessionId"] in ours]
    lost = sum(1 for e in checked if e["id"] not in inbox)
    print(duplicates, len(checked), lost)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
