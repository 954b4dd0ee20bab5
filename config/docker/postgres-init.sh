#!/bin/bash
# Runs once, when the postgres:16 image initialises an empty data volume
# (mounted into /docker-entrypoint-initdb.d/): creates the database role of
# Odoo without superuser rights and the database it owns. Odoo never gets the
# superuser password (POSTGRES_PASSWORD); its role cannot create databases or
# roles, read other databases or load server-side extensions.
set -euo pipefail
: "${FM_DB_PASSWORD:?FM_DB_PASSWORD is empty: set it in .env (see .env.example)}"
role=${FM_DB_USER:-odoo}
db=${FM_DB_NAME:-fallmanagement}
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$role" -v pw="$FM_DB_PASSWORD" -v db="$db" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'pw' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
-- as Odoo creates its databases: UTF-8, C collation (better indexes)
CREATE DATABASE :"db" OWNER :"role" ENCODING 'UTF8' LC_COLLATE 'C' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
\connect :"db"
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
echo "role $role (no superuser) and database $db created"
