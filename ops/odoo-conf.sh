# shellcheck shell=bash
# Sourced by ops/backup.sh and ops/restore.sh: read_odoo_conf [FILE] exports
# the database connection of an Odoo configuration file as PGHOST, PGPORT,
# PGUSER, PGPASSWORD (only the options that are set; the rest keeps the PG*
# environment and libpq's defaults) and sets data_dir (Odoo's default:
# ~/.local/share/Odoo).
read_odoo_conf() {
    local conf=${1:-} key value
    data_dir="$HOME/.local/share/Odoo"
    [ -n "$conf" ] || return 0
    [ -r "$conf" ] || { echo "cannot read $conf" >&2; return 1; }
    while IFS='=' read -r key value; do
        case "$key" in
            db_host) export PGHOST=$value ;;
            db_port) export PGPORT=$value ;;
            db_user) export PGUSER=$value ;;
            db_password) export PGPASSWORD=$value ;;
            data_dir) data_dir=$value ;;
        esac
    done < <(python3 - "$conf" <<'PY'
import configparser, sys
parser = configparser.ConfigParser(interpolation=None)
parser.read(sys.argv[1])
for key in ("db_host", "db_port", "db_user", "db_password", "data_dir"):
    value = parser.get("options", key, fallback="").strip()
    if value and value != "False":
        print(f"{key}={value}")
PY
    )
    data_dir=${data_dir/#\~/$HOME}
    export data_dir
}
