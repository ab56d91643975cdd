#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
# One server, three databases: temporal and temporal_visibility (created and migrated by temporal-sql-tool, as the
# temporal role) and signchain (migrated by the application's Flyway, as the signchain role).
# Changing the passwords later needs ALTER ROLE (or a fresh volume): this script does not run again.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v temporal_password="$TEMPORAL_DB_PASSWORD" -v signchain_password="$SIGNCHAIN_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
CREATE ROLE signchain LOGIN PASSWORD :'signchain_password';
CREATE DATABASE signchain OWNER signchain;
SQL
