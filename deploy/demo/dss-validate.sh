#!/usr/bin/env bash
# Validates a signed PDF with EU DSS outside signchain (dss-validate/DssValidate.java, DSS's default policy, offline),
# with one certificate as the only trust anchor, e.g. the simulator's CA:
#   curl -s -o ca.pem <simulator>/simulator/ca.pem
#   deploy/demo/dss-validate.sh signed.pdf ca.pem
# Prints one line per signature (indication, level, signer, serialNumber); exits 0 when every one is TOTAL_PASSED.
# Needs a JDK >= 21 (JAVA_HOME) and the Maven wrapper's repository (DSS comes from Maven Central once).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 <signed.pdf> <trust-anchor.pem>" >&2; exit 2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CP=$(mktemp)
trap 'rm -f "$CP"' EXIT
# DSS and what it needs, from a small project of its own (not signchain's build): dss-validate/pom.xml.
"$ROOT/mvnw" -q -f "$ROOT/deploy/demo/dss-validate/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
"$JAVA" -cp "$(cat "$CP")" "$ROOT/deploy/demo/dss-validate/DssValidate.java" "$1" "$2"
