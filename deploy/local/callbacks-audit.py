#!/usr/bin/env python3
"""Checks what deploy/local/callbacks-receiver.py received against what signchain had to send.

Usage: callbacks-audit.py requests.jsonl ids SIGNERS
  ids: the contract ids submitted, one a line; SIGNERS: signers per contract (each signs).

Each contract must have delivered, in this order, contract.started, then per signer k signer.session_opened k and
signer.signed k, then contract.completed. A callback counts once by its webhook-id (the receiver deduplicates: a
delivery may arrive again after a crash, which at-least-once allows). Prints to stdout:
  EVENTS VERIFIED DUPLICATES LOST PROBLEMS
  EVENTS      distinct webhook-ids accepted (2xx) for these contracts
  VERIFIED    of those, the ones whose every request verified under every secret
  DUPLICATES  events accepted under more than one webhook-id, plus webhook-ids used for more than one event
  LOST        expected events never accepted
  PROBLEMS    out-of-order contracts, unexpected events, requests that did not verify
and details to stderr.
"""
import json
import sys
from collections import defaultdict


def expected(signers):
    keys = [("contract.started", None)]
    for k in range(1, signers + 1):
        keys += [("signer.session_opened", k), ("signer.signed", k)]
    return keys + [("contract.completed", None)]


def main():
    log_file, ids_file, signers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    contracts = [line.strip() for line in open(ids_file) if line.strip()]
    wanted = set(contracts)
    requests = [json.loads(line) for line in open(log_file) if line.strip()]
    requests = [r for r in requests if r.get("contractId") in wanted]

    key_of_id = {}            # webhook-id -> (contract, type, signer): one event per id
    ids_of_key = defaultdict(set)
    verified_ok = defaultdict(lambda: True)
    accepted_order = defaultdict(list)   # contract -> keys in the order first accepted
    accepted_ids = set()
    reaccepted = 0
    problems = []
    for r in requests:
        key = (r["contractId"], r["type"], r.get("signerIndex"))
        wid = r["webhookId"]
        if wid in key_of_id and key_of_id[wid] != key:
            problems.append(f"webhook-id {wid} carried two events: {key_of_id[wid]} and {key}")
        key_of_id.setdefault(wid, key)
        ids_of_key[key].add(wid)
        if not (r["verified"] and all(r["verified"])):
            verified_ok[wid] = False
            problems.append(f"{wid} ({r['type']}) did not verify under every secret: {r['verified']}")
        else:
            verified_ok[wid] = verified_ok[wid] and True
        if 200 <= r["status"] < 300:
            if wid in accepted_ids:
                reaccepted += 1
            else:
                accepted_ids.add(wid)
                accepted_order[r["contractId"]].append((r["type"], r.get("signerIndex")))

    duplicates = sum(len(ids) - 1 for ids in ids_of_key.values() if len(ids) > 1)
    duplicates += sum(1 for p in problems if "carried two events" in p)
    lost = 0
    for contract in contracts:
        want = expected(signers)
        got = accepted_order.get(contract, [])
        missing = [k for k in want if k not in got]
        lost += len(missing)
        if missing:
            print(f"callbacks-audit: {contract} never got {missing}", file=sys.stderr)
        extra = [k for k in got if k not in want]
        if extra:
            problems.append(f"{contract} got unexpected {extra}")
        if [k for k in got if k in want] != [k for k in want if k in got]:
            problems.append(f"{contract} out of order: {got}")

    events = len(accepted_ids)
    verified = sum(1 for wid in accepted_ids if verified_ok[wid])
    refused = sum(1 for r in requests if r["status"] >= 300)
    print(f"callbacks-audit: {len(requests)} requests for {len(contracts)} contracts: {refused} answered 500/401,"
          f" {reaccepted} accepted again under an id already accepted (at-least-once; counted once)",
          file=sys.stderr)
    for p in problems[:20]:
        print(f"callbacks-audit: {p}", file=sys.stderr)
    print(events, verified, duplicates, lost, len(problems))


if __name__ == "__main__":
    main()
