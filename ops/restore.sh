#!/usr/bin/env bash
# Restore of a backup made by ops/backup.sh into a database that does not
# exist yet or is empty, with its filestore (README "Backup and restore").
#
#   ops/restore.sh -c /etc/fallmanagement/odoo.conf -d fallmanagement_restored BACKUP_DIR
#
# Checks SHA256SUMS first. Refuses a database that has tables and a filestore
# folder that exists: a restore never overwrites. The database is created when
# missing (the role needs CREATEDB; else create it empty as the PostgreSQL
# superuser: createdb -O odoo NAME). On any error the half-restored database
# (when this script created it) and filestore are removed again.
set -euo pipefail
umask 077

conf="" db=""
while getopts "c:d:h" opt; do
    case "$opt" in
        c) conf=$OPTARG ;;
        d) db=$OPTARG ;;
        *) sed -n '2,11p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
src=${1:-}
if [ -z "$db" ] || [ ! -d "$src" ]; then
    echo "usage: $0 [-c odoo.conf] -d NEW_DATABASE BACKUP_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ops/odoo-conf.sh
. "$here/odoo-conf.sh"
read_odoo_conf "$conf"
src=$(cd "$src" && pwd)
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || {
    echo "FATAL: $src does not match its SHA256SUMS" >&2
    exit 1
}

filestore="$data_dir/filestore/$db"
if [ -e "$filestore" ]; then
    echo "FATAL: $filestore exists; a restore does not overwrite" >&2
    exit 1
fi
created=0
# (psql interpolates :'db' in its input, not in -c)
exists=$(psql -XtAq -d postgres -v db="$db" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")
if [ "$exists" = 1 ]; then
    tables=$(psql -XtAq -d "$db" \
        -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    if [ "$tables" != 0 ]; then
        echo "FATAL: database $db exists and has tables; a restore does not overwrite" >&2
        exit 1
    fi
else
    createdb "$db"
    created=1
fi
cleanup() {
    echo "restore failed: removing the half-restored $db" >&2
    rm -rf "$filestore"
    if [ "$created" = 1 ]; then dropdb --if-exists "$db"; fi
}
trap cleanup ERR

pg_restore --no-owner --no-privileges --exit-on-error --jobs=2 \
    --dbname="$db" "$src/db.dump"
mkdir -p "$filestore"
tar -C "$filestore" -xf "$src/filestore.tar"
trap - ERR
echo "restored $(grep '^database=' "$src/INFO" | cut -d= -f2) of $(grep '^created=' "$src/INFO" | cut -d= -f2) into $db ($filestore)"
