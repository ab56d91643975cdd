#!/usr/bin/env bash
# Podman as the container engine for CI (and any Debian 12 machine without Docker): a Docker-compatible API socket
# that docker-compose, the docker CLI and Testcontainers talk to. Run as root.
#
#   deploy/containers/podman.sh setup          # install the Debian packages if missing, write containers.conf if
#                                              # missing, start `podman system service` on the socket (pid file) and
#                                              # wait for /_ping. Safe to repeat. Last line on stdout:
#                                              #   export DOCKER_HOST=unix:///run/podman/podman.sock
#   deploy/containers/podman.sh env            # just that export line (eval "$(deploy/containers/podman.sh env)")
#   deploy/containers/podman.sh health-loop start|stop
#                                              # podman runs no health checks by itself (it schedules them with
#                                              # systemd, and a CI VM has none): a background loop runs
#                                              # `podman healthcheck run` for every running container that has one,
#                                              # so compose's `depends_on: condition: service_healthy` works
#   deploy/containers/podman.sh stop           # stop the health loop and the API service; remove the containers,
#                                              # volumes and networks left behind by the compose project
#                                              # ($SIGNCHAIN_COMPOSE_PROJECT) and by Testcontainers (label
#                                              # org.testcontainers=true). Images are kept: they are the cache.
#
# Environment: PODMAN_SOCKET (/run/podman/podman.sock), SIGNCHAIN_PODMAN_STATE (/run/signchain-podman: pid files
#              and the service's log), SIGNCHAIN_COMPOSE_PROJECT (signchain-ci), HEALTH_INTERVAL (2 s, for
#              containers still starting or unhealthy), HEALTHY_INTERVAL (30 s, for healthy ones).
#
# Why containers.conf: without it every `podman run` on this VM kind fails with
# "crun: setrlimit RLIMIT_NOFILE: Operation not permitted" (no CAP_SYS_RESOURCE, hard nofile limit 20000), and crun
# cannot handle the hybrid cgroup layout; runc with these ulimits works.
set -euo pipefail

SOCKET=${PODMAN_SOCKET:-/run/podman/podman.sock}
STATE=${SIGNCHAIN_PODMAN_STATE:-/run/signchain-podman}
PROJECT=${SIGNCHAIN_COMPOSE_PROJECT:-signchain-ci}
SERVICE_PID="$STATE/service.pid"
SERVICE_LOG="$STATE/service.log"
LOOP_PID="$STATE/health-loop.pid"
LOOP_LOG="$STATE/health-loop.log"
# golang-github-containernetworking-plugin-dnsname: name resolution between containers on a CNI network (Debian 12's
# podman uses CNI); without it compose services cannot reach each other by service name ("postgres", "temporal").
PACKAGES=(podman buildah runc fuse-overlayfs uidmap slirp4netns debootstrap
          golang-github-containernetworking-plugin-dnsname)
CONTAINERS_CONF=/etc/containers/containers.conf

say() { printf 'podman.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
need_root() { [ "$(id -u)" = 0 ] || die "run as root (apt-get, /run/podman, podman's rootful storage)"; }

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (apt-get, --no-install-recommends)"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

write_containers_conf() {
  [ -e "$CONTAINERS_CONF" ] && return 0
  say "writing $CONTAINERS_CONF (runc, cgroupfs, file events, ulimits within this VM's hard limits)"
  mkdir -p "$(dirname "$CONTAINERS_CONF")"
  cat >"$CONTAINERS_CONF" <<'EOF'
# Written by signchain's deploy/containers/podman.sh. crun fails on this VM kind (setrlimit RLIMIT_NOFILE without
# CAP_SYS_RESOURCE, hybrid cgroups); runc with ulimits inside the VM's hard limits works. No systemd: cgroupfs and
# a file event log.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
}

ping() { curl -fsS --max-time 2 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_service() {
  mkdir -p "$STATE" "$(dirname "$SOCKET")"
  if alive "$SERVICE_PID" && ping; then
    say "podman API service already running (pid $(cat "$SERVICE_PID")) on $SOCKET"
    return 0
  fi
  if ping; then
    # Someone else's service (e.g. podman.socket under systemd) already answers there: use it, do not own it.
    say "a podman API service already answers on $SOCKET (not started by this script); using it"
    return 0
  fi
  rm -f "$SOCKET"
  # --time=0: never exit for idleness. setsid: not in the caller's process group, so a CI step's Ctrl-C or
  # kill of its group does not take the socket down half-way through a teardown.
  setsid nohup podman system service --time=0 "unix://$SOCKET" >"$SERVICE_LOG" 2>&1 </dev/null &
  echo $! >"$SERVICE_PID"
  for _ in $(seq 1 60); do
    ping && { say "podman API service (pid $(cat "$SERVICE_PID")) answers on $SOCKET"; return 0; }
    alive "$SERVICE_PID" || { cat "$SERVICE_LOG" >&2; die "podman system service exited"; }
    sleep 0.5
  done
  die "no answer from $SOCKET after 30 s; see $SERVICE_LOG"
}

stop_pid() { # pid file, name
  if alive "$1"; then
    local pid
    pid=$(cat "$1")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    say "stopped $2 (pid $pid)"
  fi
  rm -f "$1"
}

# --- health checks ---------------------------------------------------------------------------------------------------

# One pass: every running container whose status shows a health state. Those still "starting" (or "unhealthy") are
# checked on every pass; healthy ones every HEALTHY_INTERVAL only, to spare the CPU (each check is a runc exec).
health_pass() {
  local now id status last
  now=$(date +%s)
  podman ps --format '{{.ID}} {{.Status}}' 2>/dev/null | while read -r id status; do
    case "$status" in
      *"(healthy)"*)
        last=$(cat "$STATE/health.$id" 2>/dev/null || echo 0)
        [ $((now - last)) -ge "${HEALTHY_INTERVAL:-30}" ] || continue ;;
      *"(starting)"*|*"(unhealthy)"*) ;;
      *) continue ;;
    esac
    echo "$now" >"$STATE/health.$id"
    podman healthcheck run "$id" >/dev/null 2>&1 || true
  done
}

health_loop() {
  trap 'exit 0' TERM INT
  while :; do
    health_pass
    sleep "${HEALTH_INTERVAL:-2}" &
    wait $! || true
  done
}

health_loop_start() {
  mkdir -p "$STATE"
  if alive "$LOOP_PID"; then say "health loop already running (pid $(cat "$LOOP_PID"))"; return 0; fi
  setsid nohup "$0" __health-loop >"$LOOP_LOG" 2>&1 </dev/null &
  echo $! >"$LOOP_PID"
  say "health loop started (pid $(cat "$LOOP_PID")): podman healthcheck run every ${HEALTH_INTERVAL:-2} s"
}

health_loop_stop() {
  stop_pid "$LOOP_PID" "health loop"
  rm -f "$STATE"/health.* 2>/dev/null || true
}

# --- teardown --------------------------------------------------------------------------------------------------------

remove_leftovers() {
  command -v podman >/dev/null || return 0
  local ids
  # One query per label: two label filters on one `podman ps` are ANDed.
  ids="$(podman ps -aq --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null || true)
$(podman ps -aq --filter label=org.testcontainers=true 2>/dev/null || true)"
  ids=$(printf '%s\n' "$ids" | sed '/^$/d' | sort -u)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086 # one id per word
    podman rm -f -t 5 $ids >/dev/null 2>&1 || true
    say "removed $(printf '%s\n' "$ids" | wc -l) leftover container(s)"
  fi
  podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null | xargs -r podman volume rm -f >/dev/null 2>&1 || true
  podman network ls -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null | xargs -r podman network rm -f >/dev/null 2>&1 || true
}

setup() {
  need_root
  install_packages
  write_containers_conf
  start_service
  echo "export DOCKER_HOST=unix://$SOCKET"
}

stop() {
  need_root
  health_loop_stop
  remove_leftovers
  stop_pid "$SERVICE_PID" "podman API service"
  # Only a socket this script's service left behind; someone else's live service keeps its socket.
  if [ -S "$SOCKET" ] && ! ping; then rm -f "$SOCKET"; fi
  rm -f "$SERVICE_LOG" "$LOOP_LOG"
  rmdir "$STATE" 2>/dev/null || true
}

case "${1:-}" in
  setup) setup ;;
  env) echo "export DOCKER_HOST=unix://$SOCKET" ;;
  health-loop)
    case "${2:-}" in
      start) health_loop_start ;;
      stop) health_loop_stop ;;
      *) die "usage: $0 health-loop start|stop" ;;
    esac ;;
  __health-loop) health_loop ;;
  stop) stop ;;
  *) echo "usage: $0 setup|env|health-loop start|stop|stop" >&2; exit 2 ;;
esac
