#!/usr/bin/env python3
"""Where a JFR recording's CPU samples go below one method: the inclusive share of every method seen above it.

    bench/hot-frames.py RECORDING.jfr [ROOT] [TOP]

ROOT (default SignedVersionVerifier.verify) is matched against "Class.method" with the package left off; only samples
whose stack holds it count. TOP (default 25) rows are printed, most samples first: a method counts once per sample
however often it recurses, so the shares of nested methods overlap and do not add up to 100 %.

The recording comes from a worker run with JFR on, e.g. the long-chain scenario:
    BENCH_ONLY=chain BENCH_WORKER_OPTS="-XX:FlightRecorderOptions:stackdepth=256 \\
        -XX:StartFlightRecording=filename=/tmp/worker-%p.jfr,settings=profile,dumponexit=true" \\
        bench/run.sh --quick
(one file per worker process, written when it stops at the run's end). Needs JAVA_HOME's `jfr` tool.
"""
import collections
import json
import os
import subprocess
import sys


def frames(recording):
    jfr = os.path.join(os.environ["JAVA_HOME"], "bin", "jfr") if os.environ.get("JAVA_HOME") else "jfr"
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample",
                          recording], check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        stack = event["values"].get("stackTrace") or {}
        yield [short(f["method"]) for f in stack.get("frames", [])], stack.get("truncated", False)  # innermost first


def short(method):
    cls = method["type"]["name"].replace("/", ".").rsplit(".", 1)[-1]  # JFR's JSON names types java/util/...
    return f"{cls}.{method['name']}"


def main(recording, root="SignedVersionVerifier.verify", top="25"):
    inside = truncated = 0
    counts = collections.Counter()
    for stack, cut in frames(recording):
        truncated += cut
        if root not in stack:
            continue
        inside += 1
        counts.update(set(stack[: stack.index(root)]))
    if not inside:
        sys.exit(f"no sample has {root} on its stack (was the recording's worker verifying?)")
    print(f"{inside} samples inside {root}")
    if truncated:
        # JFR keeps 64 frames unless told more: a deeper sample lost its outer frames, ROOT among them, and is missed.
        print(f"({truncated} samples had truncated stacks and may be missing: record with "
              "-XX:FlightRecorderOptions:stackdepth=256)")
    print("| share | samples | method |")
    print("|---:|---:|---|")
    for method, n in counts.most_common(int(top)):
        print(f"| {100 * n / inside:.0f} % | {n} | `{method}` |")


if __name__ == "__main__":
    if not 2 <= len(sys.argv) <= 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
