#!/bin/sh
# One-shot Temporal setup for deploy/compose/compose.yaml, run in the temporalio/admin-tools image (Alpine, busybox sh;
# temporal-sql-tool and the temporal CLI are on the PATH). Both steps are idempotent: safe on every `compose up`.
#
#   setup.sh schema      before the server starts: create the temporal and temporal_visibility databases and bring
#                        their schemas to the version this admin-tools image ships (postgres12 plugin)
#   setup.sh namespace   once the server answers: create signchain's namespace and its search attributes
#
# Environment: POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, SQL_PASSWORD (read by temporal-sql-tool itself), DBNAME,
#              VISIBILITY_DBNAME, TEMPORAL_SCHEMA_DIR; TEMPORAL_ADDRESS, NAMESPACE, NAMESPACE_RETENTION.
set -eu

# retry <attempts> <command...>: run the command until it succeeds, 3 s apart.
retry() {
  attempts=$1
  shift
  n=1
  until "$@"; do
    if [ "$n" -ge "$attempts" ]; then
      echo "setup: giving up after $attempts attempts: $*" >&2
      return 1
    fi
    echo "setup: not yet ($n/$attempts): $*" >&2
    n=$((n + 1))
    sleep 3
  done
}

sql_tool() {
  temporal-sql-tool --plugin postgres12 --endpoint "$POSTGRES_SEEDS" --port "${DB_PORT:-5432}" \
      --user "$POSTGRES_USER" "$@"
}

schema() {
  : "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
  main_db=${DBNAME:-temporal}
  visibility_db=${VISIBILITY_DBNAME:-temporal_visibility}
  schema_dir=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}
  retry 40 nc -z -w 3 "$POSTGRES_SEEDS" "${DB_PORT:-5432}"
  # create: a no-op when the database exists. setup-schema -v 0.0: the version tables only (CREATE TABLE IF NOT
  # EXISTS). update-schema: applies the versioned migrations not yet applied, so a newer image upgrades in place.
  sql_tool --database "$main_db" create
  sql_tool --database "$main_db" setup-schema -v 0.0
  sql_tool --database "$main_db" update-schema -d "$schema_dir/postgresql/v12/temporal/versioned"
  sql_tool --database "$visibility_db" create
  sql_tool --database "$visibility_db" setup-schema -v 0.0
  sql_tool --database "$visibility_db" update-schema -d "$schema_dir/postgresql/v12/visibility/versioned"
  echo "setup: Temporal schemas ready in $main_db and $visibility_db"
}

create_namespace() {
  temporal operator namespace describe --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 \
    || temporal operator namespace create --namespace "$NAMESPACE" --retention "${NAMESPACE_RETENTION:-720h}" \
           --address "$TEMPORAL_ADDRESS"
}

# search_attribute <name> <type>: one per call (the CLI pairs the i-th --name with the i-th --type). An attribute
# that exists with the same type is left alone, so this is safe to repeat.
search_attribute() {
  temporal operator search-attribute create --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS" \
      --name "$1" --type "$2"
}

namespace() {
  : "${TEMPORAL_ADDRESS:?}" "${NAMESPACE:?}"
  retry 60 temporal operator cluster health --address "$TEMPORAL_ADDRESS"
  retry 20 create_namespace
  # signchain's search attributes. The worker registers them too, but a fresh server should have them before any
  # contract workflow runs. Retried: the frontend sees a new namespace only after its cache refresh (seconds).
  # PostgreSQL visibility allows 10 Keyword, 3 Int, 3 Datetime attributes per namespace.
  retry 20 search_attribute ContractStatus Keyword
  retry 20 search_attribute BusinessRef Keyword
  retry 20 search_attribute SigningProvider Keyword
  retry 20 search_attribute SignerIndex Int
  retry 20 search_attribute SignerCount Int
  retry 20 search_attribute StepDeadline Datetime
  temporal operator search-attribute list --namespace "$NAMESPACE" --address "$TEMPORAL_ADDRESS"
  echo "setup: namespace $NAMESPACE ready"
}

case "${1:-}" in
  schema) schema ;;
  namespace) namespace ;;
  *)
    echo "usage: $0 schema|namespace" >&2
    exit 2
    ;;
esac
