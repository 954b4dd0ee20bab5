#!/usr/bin/env bash
# Backup of one database of a source install: the PostgreSQL dump and the
# filestore (attachments, documents), checked by SHA256SUMS (README "Backup
# and restore").
#
#   ops/backup.sh -c /etc/fallmanagement/odoo.conf -d fallmanagement [-o /var/backups/fallmanagement]
#
# Database connection and data_dir come from the Odoo configuration (-c),
# else from Odoo's defaults and the PG* environment. Writes
# <out>/<db>-<UTC time>/ with db.dump (pg_dump custom format), filestore.tar,
# SHA256SUMS and INFO, readable by its owner only (it holds personal data),
# and prints that folder. The dump comes first: every file it refers to is
# then in the filestore copy.
set -euo pipefail
umask 077

conf="" db="" out="backups"
while getopts "c:d:o:h" opt; do
    case "$opt" in
        c) conf=$OPTARG ;;
        d) db=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,14p' "$0" >&2; exit 2 ;;
    esac
done
[ -n "$db" ] || { echo "usage: $0 [-c odoo.conf] -d DATABASE [-o DIR]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=ops/odoo-conf.sh
. "$here/odoo-conf.sh"
read_odoo_conf "$conf"

filestore="$data_dir/filestore/$db"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dest="$out/$db-$stamp"
mkdir -p "$dest"
trap 'rm -rf "$dest"' ERR

pg_dump --format=custom --compress=6 --no-owner --no-privileges \
    --file="$dest/db.dump" "$db"
if [ -d "$filestore" ]; then
    tar -C "$filestore" -cf "$dest/filestore.tar" .
else
    tar -cf "$dest/filestore.tar" -T /dev/null  # a database without files yet
fi
{
    echo "database=$db"
    echo "created=$stamp"
    echo "filestore=$filestore"
    echo "pg_dump=$(pg_dump --version)"
} > "$dest/INFO"
(cd "$dest" && sha256sum db.dump filestore.tar INFO > SHA256SUMS)
trap - ERR
echo "$dest"
