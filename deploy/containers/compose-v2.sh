#!/usr/bin/env bash
# Docker Compose v2 for machines without Docker's packages (CI here): built with go install from the Go module proxy
# once per machine and kept in ~/.cache/signchain, then used as a standalone `docker-compose` against any Docker API
# (podman's socket: DOCKER_HOST from deploy/containers/podman.sh setup).
#   deploy/containers/compose-v2.sh build    # build if missing; prints the binary's path
#   deploy/containers/compose-v2.sh path     # the path (builds if missing)
#   deploy/containers/compose-v2.sh plugin   # also link it as the docker CLI plugin (~/.docker/cli-plugins), so
#                                            # `docker compose` works with the docker CLI
# Environment: COMPOSE_V2_VERSION (v2.40.3: the newest v2 the proxy serves that Go 1.26 builds), SIGNCHAIN_TOOLS_CACHE.
set -euo pipefail
VERSION=${COMPOSE_V2_VERSION:-v2.40.3}
CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}/docker-compose-$VERSION
BIN="$CACHE/docker-compose"

say() { printf 'compose-v2: %s\n' "$*" >&2; }

build() {
  if [ -x "$BIN" ]; then echo "$BIN"; return 0; fi
  command -v go >/dev/null || { say "Go is needed to build Docker Compose $VERSION"; exit 1; }
  local start tmp
  start=$(date +%s)
  say "building Docker Compose $VERSION with go install (once per machine; several minutes)"
  mkdir -p "$CACHE"
  tmp=$(mktemp -d "$CACHE/.build.XXXXXX")
  # shellcheck disable=SC2064 # expand now
  trap "rm -rf '$tmp'" EXIT
  # `go install ...@version` refuses compose's module (its go.mod has exclude directives), so: the module's source
  # from the module proxy (go mod download), built as the main module, as compose's own Makefile does (./cmd, the
  # version stamped into internal.Version).
  local dir
  dir=$(cd "$tmp" && go mod download -json "github.com/docker/compose/v2@$VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -f "$dir/go.mod" ] || { say "go mod download gave no module source for $VERSION"; exit 1; }
  cp -R "$dir" "$tmp/src"
  chmod -R u+w "$tmp/src"
  (cd "$tmp/src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
      -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$VERSION" -o "$tmp/docker-compose" ./cmd)
  mv "$tmp/docker-compose" "$BIN"
  say "built $("$BIN" version 2>/dev/null || echo "$BIN") in $(( $(date +%s) - start )) s"
  echo "$BIN"
}

plugin() {
  build >/dev/null
  mkdir -p "$HOME/.docker/cli-plugins"
  ln -sf "$BIN" "$HOME/.docker/cli-plugins/docker-compose"
  say "linked $HOME/.docker/cli-plugins/docker-compose -> $BIN"
  echo "$BIN"
}

case "${1:-}" in
  build|path) build ;;
  plugin) plugin ;;
  *) echo "usage: $0 build|path|plugin" >&2; exit 2 ;;
esac
