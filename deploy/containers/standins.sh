#!/usr/bin/env bash
# Local stand-ins for the official images that deploy/compose/compose.yaml and the Testcontainers tests use, for
# machines that reach no container registry (CI here). Built with podman from Debian packages, a jlink'd Temurin and
# Go-built Temporal binaries, on a debootstrap base image; each plays the role of one official image:
#
#   role             stand-in (default tag)                                 in the role of
#   base             localhost/debian:bookworm                              debian:bookworm (debootstrap minbase)
#   java             localhost/signchain-standin/java:25-jre                eclipse-temurin:21-jre (JAVA_IMAGE build arg;
#                                                                           the tag names Temurin 25, STANDIN_JDK's version)
#   postgres         localhost/signchain-standin/postgres:15                postgres:17 (POSTGRES_IMAGE)
#   temporal-server  localhost/signchain-standin/temporal-server:1.31.2     temporalio/server:1.30.1 (TEMPORAL_SERVER_IMAGE)
#   admin-tools      localhost/signchain-standin/temporal-admin-tools:1.31.2  temporalio/admin-tools:1.30.1 (TEMPORAL_ADMIN_TOOLS_IMAGE)
#   temporal-ui      localhost/signchain-standin/temporal-ui:2.42.1         temporalio/ui:2.34.0 (TEMPORAL_UI_IMAGE)
#   temporal-dev     localhost/signchain-standin/temporal:1.5.1             temporalio/temporal:1.5.1 (the CLI's dev server;
#                                                                           Testcontainers)
#
#   deploy/containers/standins.sh build [ROLE...]   # default: all; each is built only when missing or when its inputs
#                                                   # changed (Containerfile, entrypoint, binary, base image)
#   deploy/containers/standins.sh env               # export lines naming the images for compose and Testcontainers
#   deploy/containers/standins.sh clean             # remove the stand-in images and their saved tars (not the Go builds)
#
# Caches, per machine, kept between CI runs (same folder as deploy/local/temporal-*.sh):
#   podman's own image store (checked first: `podman image exists` plus an inputs label), then a saved image
#   ~/.cache/signchain/images/<role>-<inputs>.tar.gz (`podman save | gzip -1`, loaded with `gunzip -c | podman load`;
#   STANDIN_SAVE=none skips saving), and the Go binaries: temporal-server, temporal-sql-tool and the schema files
#   (deploy/local/temporal-postgres.sh build), the temporal CLI (deploy/local/temporal-dev.sh build) and the Web UI
#   server (built here, ~/.cache/signchain/temporal-ui-server-<version>).
# Environment: SIGNCHAIN_TOOLS_CACHE, STANDIN_REPO (localhost/signchain-standin), STANDIN_JDK (Temurin 25),
#              DEBIAN_MIRROR (the one apt uses here), DEBIAN_ROOTFS (an existing debootstrap'd bookworm minbase to
#              import instead of running debootstrap), TEMPORAL_SERVER_VERSION (v1.31.2), TEMPORAL_CLI_VERSION
#              (v1.5.1), TEMPORAL_UI_SERVER_VERSION (v2.42.1), STANDIN_SAVE (all|base|none; all).
# Needs root and podman (deploy/containers/podman.sh setup), Go for the Temporal binaries, debootstrap for the base.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/containers"
CACHE=${SIGNCHAIN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/signchain}
IMAGES_CACHE="$CACHE/images"
CONTEXTS="$CACHE/contexts"
REPO=${STANDIN_REPO:-localhost/signchain-standin}
SAVE=${STANDIN_SAVE:-all}

SERVER_VERSION=${TEMPORAL_SERVER_VERSION:-v1.31.2}
CLI_VERSION=${TEMPORAL_CLI_VERSION:-v1.5.1}
UI_VERSION=${TEMPORAL_UI_SERVER_VERSION:-v2.42.1}
# The JDK whose jlink makes the runtime: STANDIN_JDK, else Temurin 25, else the newest JDK >= 21 in /usr/lib/jvm.
pick_jdk() {
  local d v best="" best_v=0
  for d in "${STANDIN_JDK:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    [ -n "$d" ] && [ -x "$d/bin/jlink" ] && { echo "$d"; return; }
  done
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/jlink" ] && [ -f "$d/release" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release")
    [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ] && { best=$d; best_v=$v; }
  done
  echo "${best:-/usr/lib/jvm/temurin-25-jdk-amd64}"
}
JDK=$(pick_jdk)
PG_MAJOR=15
SUITE=bookworm

BASE_IMAGE=localhost/debian:$SUITE
JAVA_IMAGE=$REPO/java:$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JDK/release" 2>/dev/null || echo 25)-jre
POSTGRES_IMAGE=$REPO/postgres:$PG_MAJOR
TEMPORAL_SERVER_IMAGE=$REPO/temporal-server:${SERVER_VERSION#v}
TEMPORAL_ADMIN_TOOLS_IMAGE=$REPO/temporal-admin-tools:${SERVER_VERSION#v}
TEMPORAL_UI_IMAGE=$REPO/temporal-ui:${UI_VERSION#v}
TEMPORAL_DEV_IMAGE=$REPO/temporal:${CLI_VERSION#v}
ROLES=(base java postgres temporal-server admin-tools temporal-ui temporal-dev)

SERVER_CACHE="$CACHE/temporal-server-$SERVER_VERSION"      # written by deploy/local/temporal-postgres.sh build
CLI_BIN="$CACHE/temporal-cli-$CLI_VERSION/temporal"          # written by deploy/local/temporal-dev.sh build
UI_CACHE="$CACHE/temporal-ui-server-$UI_VERSION"

# Modules of the jlink'd runtime: java.se (what a JRE image has) plus the jdk.* modules Spring Boot, Netty/gRPC,
# the PostgreSQL driver and JFR/JMX tooling use at run time.
JAVA_MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.jfr,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.localedata,jdk.charsets,jdk.naming.dns,jdk.net,jdk.httpserver,jdk.jdwp.agent,jdk.security.auth,jdk.security.jgss,jdk.naming.rmi,jdk.xml.dom

LABEL_KEY=io.signchain.standin.inputs

CLEANUP=()
cleanup() { [ ${#CLEANUP[@]} -eq 0 ] || rm -rf "${CLEANUP[@]}"; }
trap cleanup EXIT

say() { printf 'standins: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

image_of() {
  case "$1" in
    base) echo "$BASE_IMAGE" ;;
    java) echo "$JAVA_IMAGE" ;;
    postgres) echo "$POSTGRES_IMAGE" ;;
    temporal-server) echo "$TEMPORAL_SERVER_IMAGE" ;;
    admin-tools) echo "$TEMPORAL_ADMIN_TOOLS_IMAGE" ;;
    temporal-ui) echo "$TEMPORAL_UI_IMAGE" ;;
    temporal-dev) echo "$TEMPORAL_DEV_IMAGE" ;;
    *) die "unknown role '$1' (roles: ${ROLES[*]})" ;;
  esac
}

label_of() { podman image inspect --format "{{index .Labels \"$LABEL_KEY\"}}" "$1" 2>/dev/null || true; }
hash_stdin() { sha256sum | cut -c1-16; }

# --- the base image --------------------------------------------------------------------------------------------------

mirror() {
  local m=${DEBIAN_MIRROR:-}
  if [ -z "$m" ]; then
    m=$(cat /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '/^URIs:/ { print $2; exit }')
    [ -n "$m" ] || m=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$m" ] || m=http://deb.debian.org/debian
  fi
  echo "$m"
}

# Settings an official debian image carries: no recommends, no apt caches or translations left in layers.
prepare_rootfs() { # rootfs dir
  local r=$1 m
  m=$(mirror)
  cat >"$r/etc/apt/sources.list" <<EOF
deb $m $SUITE main
deb $m $SUITE-updates main
deb ${m%/debian}/debian-security $SUITE-security main
EOF
  cat >"$r/etc/apt/apt.conf.d/90signchain-container" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* "$r"/tmp/* 2>/dev/null || true
}

base_inputs() { { echo "$SUITE minbase $(mirror)"; declare -f prepare_rootfs; } | hash_stdin; }

build_base() {
  local tmp
  tmp=$(mktemp -d "$CACHE/.rootfs.XXXXXX")
  CLEANUP+=("$tmp")
  if [ -n "${DEBIAN_ROOTFS:-}" ] && [ -x "${DEBIAN_ROOTFS}/bin/bash" ]; then
    say "base: copying the rootfs at $DEBIAN_ROOTFS"
    cp -a "$DEBIAN_ROOTFS/." "$tmp/"
  else
    command -v debootstrap >/dev/null || die "debootstrap is missing (deploy/containers/podman.sh setup installs it)"
    say "base: debootstrap --variant=minbase $SUITE from $(mirror) (a few minutes)"
    debootstrap --variant=minbase "$SUITE" "$tmp" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed; see $CACHE/debootstrap.log"; }
  fi
  prepare_rootfs "$tmp"
  tar -C "$tmp" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . \
    | podman import --quiet --change 'CMD ["bash"]' --change "LABEL $LABEL_KEY=$1" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        - "$BASE_IMAGE" >/dev/null
  rm -rf "$tmp"
}

# --- the Go binaries -------------------------------------------------------------------------------------------------

server_binaries() { "$ROOT/deploy/local/temporal-postgres.sh" build; }   # temporal-server, temporal-sql-tool, schema
cli_binary() { TEMPORAL_CLI_VERSION=$CLI_VERSION "$ROOT/deploy/local/temporal-dev.sh" build; }

# The Web UI server (the backend of temporalio/ui; its static assets are embedded in the module) and its env-templated
# config, both from github.com/temporalio/ui-server/v2 at the version the Temporal CLI embeds.
ui_binary() {
  [ -x "$UI_CACHE/ui-server" ] && [ -f "$UI_CACHE/config/docker.yaml" ] && return 0
  command -v go >/dev/null || die "Go is needed to build the Temporal Web UI server"
  local t tmp dir
  t=$(now)
  say "building the Temporal Web UI server $UI_VERSION with go install (once per machine)"
  mkdir -p "$CACHE"
  tmp=$(mktemp -d "$CACHE/.ui-build.XXXXXX")
  CLEANUP+=("$tmp")
  (cd "$tmp" && GOBIN="$tmp/bin" CGO_ENABLED=0 go install "github.com/temporalio/ui-server/v2/cmd/server@$UI_VERSION")
  dir=$(cd "$tmp" && go mod download -json "github.com/temporalio/ui-server/v2@$UI_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -f "$dir/config/docker.yaml" ] || die "no config/docker.yaml in $dir"
  mkdir -p "$tmp/out/config"
  mv "$tmp/bin/server" "$tmp/out/ui-server"
  cp "$dir/config/docker.yaml" "$tmp/out/config/docker.yaml"
  cp "$dir/docker/start-ui-server.sh" "$tmp/out/start-ui-server.sh"
  chmod -R u+w "$tmp/out"
  rm -rf "$UI_CACHE"
  mv "$tmp/out" "$UI_CACHE"
  rm -rf "$tmp"
  say "built the Web UI server $UI_VERSION in $(took "$t") s"
}

# --- build contexts --------------------------------------------------------------------------------------------------

# stage <role>: a fresh build context in $CONTEXTS/<role> from deploy/containers/standins/<role> and the binaries the
# role needs (hard links into the caches where possible).
stage() {
  local role=$1 ctx="$CONTEXTS/$1" src="$HERE/standins/$1"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -R "$src/." "$ctx/"
  link() { cp -l "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
  case "$role" in
    java)
      [ -x "$JDK/bin/jlink" ] || die "no jlink in $JDK (STANDIN_JDK)"
      "$JDK/bin/jlink" --add-modules "$JAVA_MODULES" --strip-debug --no-man-pages --no-header-files \
          --compress=zip-6 --output "$ctx/jre"
      ;;
    temporal-server)
      link "$SERVER_CACHE/temporal-server" "$ctx/temporal-server"
      # The official image's entrypoint, from the same server module; it wants pipefail, which Debian's dash lacks.
      sed '1s|^#!/bin/sh|#!/bin/bash|' "$(server_module_dir)/docker/scripts/sh/entrypoint.sh" >"$ctx/entrypoint.sh"
      chmod 755 "$ctx/entrypoint.sh"
      ;;
    admin-tools)
      link "$SERVER_CACHE/temporal-sql-tool" "$ctx/temporal-sql-tool"
      link "$CLI_BIN" "$ctx/temporal"
      mkdir -p "$ctx/schema"
      cp -R "$SERVER_CACHE/schema/." "$ctx/schema/"
      ;;
    temporal-ui)
      link "$UI_CACHE/ui-server" "$ctx/ui-server"
      mkdir -p "$ctx/config"
      cp "$UI_CACHE/config/docker.yaml" "$ctx/config/docker.yaml"
      cp "$UI_CACHE/start-ui-server.sh" "$ctx/start-ui-server.sh"
      chmod 755 "$ctx/start-ui-server.sh"
      ;;
    temporal-dev)
      link "$CLI_BIN" "$ctx/temporal"
      ;;
  esac
}

server_module_dir() {
  (cd /tmp && go mod download -json "go.temporal.io/server@$SERVER_VERSION" \
     | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
}

# inputs <role>: a hash of everything the image is made of, so a changed Containerfile, entrypoint or binary (or a
# rebuilt base) rebuilds it, and an unchanged one is reused.
inputs() {
  local role=$1
  {
    echo "$role"
    podman image inspect --format '{{.Id}}' "$BASE_IMAGE"
    (cd "$HERE/standins/$role" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    case "$role" in
      java) echo "$JAVA_MODULES"; cat "$JDK/release" ;;
      postgres) echo "$PG_MAJOR" ;;
      temporal-server) sha256sum "$SERVER_CACHE/temporal-server"; echo "$SERVER_VERSION" ;;
      admin-tools) sha256sum "$SERVER_CACHE/temporal-sql-tool" "$CLI_BIN"
                   (cd "$SERVER_CACHE/schema" && find . -type f -print0 | sort -z | xargs -0 sha256sum) ;;
      temporal-ui) sha256sum "$UI_CACHE/ui-server" "$UI_CACHE/config/docker.yaml" "$UI_CACHE/start-ui-server.sh" ;;
      temporal-dev) sha256sum "$CLI_BIN" ;;
    esac
  } | hash_stdin
}

save_tar() { # role image inputs
  [ "$SAVE" = none ] && return 0
  [ "$SAVE" = base ] && [ "$1" != base ] && return 0
  local t tar="$IMAGES_CACHE/$1-$3.tar.gz"
  t=$(now)
  mkdir -p "$IMAGES_CACHE"
  rm -f "$IMAGES_CACHE/$1"-*.tar.gz
  podman save "$2" | gzip -1 >"$tar.tmp"
  mv "$tar.tmp" "$tar"
  say "$1: saved to $tar ($(du -h "$tar" | cut -f1), $(took "$t") s)"
}

# ensure <role>: the image exists with these inputs, from podman's store, a saved tar, or a build.
ensure() {
  local role=$1 image want t tar
  image=$(image_of "$role")
  t=$(now)
  case "$role" in
    base) want=$(base_inputs) ;;
    temporal-server) server_binaries; want=$(inputs "$role") ;;
    admin-tools) server_binaries; cli_binary; want=$(inputs "$role") ;;
    temporal-ui) ui_binary; want=$(inputs "$role") ;;
    temporal-dev) cli_binary; want=$(inputs "$role") ;;
    *) want=$(inputs "$role") ;;
  esac
  if podman image exists "$image" && [ "$(label_of "$image")" = "$want" ]; then
    say "$role: $image is up to date"
    return 0
  fi
  tar="$IMAGES_CACHE/$role-$want.tar.gz"
  if [ -f "$tar" ]; then
    gunzip -c "$tar" | podman load >/dev/null
    if podman image exists "$image" && [ "$(label_of "$image")" = "$want" ]; then
      say "$role: $image loaded from $tar in $(took "$t") s"
      return 0
    fi
    say "$role: $tar did not hold $image with inputs $want; rebuilding"
    rm -f "$tar"
  fi
  say "$role: building $image"
  local old
  old=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  if [ "$role" = base ]; then
    build_base "$want"
  else
    stage "$role"
    podman build --pull=never --label "$LABEL_KEY=$want" \
        --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$image" "$CONTEXTS/$role" >"$CONTEXTS/$role.log" 2>&1 \
      || { tail -30 "$CONTEXTS/$role.log" >&2; die "$role: podman build failed; see $CONTEXTS/$role.log"; }
    rm -rf "${CONTEXTS:?}/$role"
  fi
  say "$role: built $image in $(took "$t") s"
  # The image this one replaces, now untagged: removed unless something still uses it.
  [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
  save_tar "$role" "$image" "$want"
}

build() {
  [ "$(id -u)" = 0 ] || die "run as root (podman's rootful store, debootstrap)"
  command -v podman >/dev/null || die "podman is missing: deploy/containers/podman.sh setup"
  mkdir -p "$CACHE" "$CONTEXTS"
  local roles=("$@") r t
  [ ${#roles[@]} -gt 0 ] || roles=("${ROLES[@]}")
  t=$(now)
  ensure base
  for r in "${roles[@]}"; do
    [ "$r" = base ] || ensure "$r"
  done
  say "stand-ins ready in $(took "$t") s"
}

env_lines() {
  cat <<EOF
export JAVA_IMAGE=$JAVA_IMAGE
export POSTGRES_IMAGE=$POSTGRES_IMAGE
export TEMPORAL_SERVER_IMAGE=$TEMPORAL_SERVER_IMAGE
export TEMPORAL_ADMIN_TOOLS_IMAGE=$TEMPORAL_ADMIN_TOOLS_IMAGE
export TEMPORAL_UI_IMAGE=$TEMPORAL_UI_IMAGE
export TEMPORAL_DEV_IMAGE=$TEMPORAL_DEV_IMAGE
EOF
}

clean() {
  local r
  for r in "${ROLES[@]}"; do
    podman rmi -f "$(image_of "$r")" >/dev/null 2>&1 && say "removed $(image_of "$r")" || true
  done
  rm -rf "$IMAGES_CACHE" "$CONTEXTS"
}

case "${1:-}" in
  build) shift; build "$@" ;;
  env) env_lines ;;
  clean) clean ;;
  *) echo "usage: $0 build [${ROLES[*]}] | env | clean" >&2; exit 2 ;;
esac
