#!/usr/bin/env bash
# Renders the manifests with kustomize and validates every resource offline against the Kubernetes API schemas
# (kubernetes-validate from PyPI, which carries the schemas of each Kubernetes release; strict: unknown fields fail).
# No cluster needed. Last line: "kubernetes: ok N resources" (exit 0) or the validator's errors (exit 1).
#   deploy/kubernetes/check.sh            # Kubernetes 1.33 (KUBERNETES_VERSION to change)
# Needs python3 with venv; kubectl (its built-in kustomize) or Go (kustomize is then built once and cached).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
K8S_VERSION=${KUBERNETES_VERSION:-1.33.0}
CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}
VALIDATE_VERSION=1.37.0
KUSTOMIZE_VERSION=v5.5.0
OUT=${OUT:-$(mktemp -d)}

say() { printf 'kubernetes: %s\n' "$*" >&2; }

render() {
  if command -v kubectl >/dev/null; then
    kubectl kustomize "$HERE"
    return
  fi
  local kustomize="$CACHE/kustomize-$KUSTOMIZE_VERSION/kustomize"
  if [ ! -x "$kustomize" ]; then
    say "building kustomize $KUSTOMIZE_VERSION with go install (once per machine)"
    (cd /tmp && GOBIN="$(dirname "$kustomize")" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION")
  fi
  "$kustomize" build "$HERE"
}

validator() {
  local venv="$CACHE/kubernetes-validate-$VALIDATE_VERSION"
  if [ ! -x "$venv/bin/kubernetes-validate" ]; then
    say "installing kubernetes-validate $VALIDATE_VERSION into $venv (once per machine)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "kubernetes-validate==$VALIDATE_VERSION"
  fi
  echo "$venv/bin/kubernetes-validate"
}

VALIDATE=$(validator)
render >"$OUT/signchain.yaml"
# The Secret template is applied by hand (not part of the kustomization); it must be valid too.
cp "$HERE/secret.example.yaml" "$OUT/secret.example.yaml"
"$VALIDATE" -k "$K8S_VERSION" --strict --quiet "$OUT/signchain.yaml" "$OUT/secret.example.yaml"
count=$(grep -c '^kind:' "$OUT/signchain.yaml")
echo "kubernetes: ok $count resources valid for Kubernetes $K8S_VERSION (strict), plus secret.example.yaml"
