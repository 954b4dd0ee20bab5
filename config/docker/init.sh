#!/bin/bash
# Database setup of docker-compose.yml (runs as user odoo in odoo:18.0; the
# configuration comes from $ODOO_RC, the database password from $PASSWORD):
#
#   init    (default; the odoo-init and demo-init services at every `up`):
#           installs the addons with German only when the database has not
#           been initialised yet, and then sets German and Europe/Berlin for
#           every user once; later runs change nothing.
#   update  (explicit, after new addon code:
#           `docker compose --profile production run --rm odoo-init update`):
#           odoo -u of the addons, nothing else.
#
# Both first install the OCA addons the manifests need from PyPI into the odoo
# user's site (kept in the data volume; pip does nothing when they are there).
set -euo pipefail
mode=${1:-init}
case "$mode" in init | update) ;; *) echo "usage: init.sh [init|update]" >&2; exit 2 ;; esac
: "${ODOO_RC:?ODOO_RC is not set}"
if [ -z "${PASSWORD:-}" ]; then
    echo "FATAL: no database password: set FM_DB_PASSWORD in .env (see .env.example)" >&2
    exit 1
fi

option() {  # the value of an [options] key in $ODOO_RC
    python3 - "$ODOO_RC" "$1" <<'PY'
import configparser, sys
parser = configparser.ConfigParser(interpolation=None)
parser.read(sys.argv[1])
print(parser.get("options", sys.argv[2], fallback=""))
PY
}
db=$(option db_name)
[ -n "$db" ] || { echo "FATAL: db_name missing in $ODOO_RC" >&2; exit 1; }
export PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
PGHOST=$(option db_host) PGPORT=$(option db_port) PGUSER=$(option db_user)
PGPASSWORD=$PASSWORD PGDATABASE=$db
demo=1
case "$(option without_demo)" in "" | False | false | 0) ;; *) demo=0 ;; esac

pip3 install --user --break-system-packages --no-warn-script-location -q \
    "odoo-addon-report_xlsx>=18.0,<18.1dev" \
    "odoo-addon-auth_session_timeout>=18.0,<18.1dev"

# fallmanagement and, where present, fallkonferenz: every addon under addons/
# but the test-data ones (fall_generate installs those where it is run).
addons=$(for m in /mnt/extra-addons/*/__manifest__.py; do basename "$(dirname "$m")"; done \
    | grep -v '_testdata$' | paste -sd, -)
addons=${addons:-fallmanagement}
# the password reaches Odoo (libpq) as PGPASSWORD, not on the command line
odoo_args=(-c "$ODOO_RC" -d "$db" --stop-after-init --no-http)

state=$(psql -XtAq -c "SELECT state FROM ir_module_module WHERE name = 'fallmanagement'" \
    2>/dev/null || true)

if [ "$mode" = update ]; then
    if [ "$state" != installed ]; then
        echo "FATAL: database $db is not initialised yet: run 'up' first" >&2
        exit 1
    fi
    odoo "${odoo_args[@]}" -u "$addons"
    echo "database $db updated ($addons)"
    exit 0
fi

if [ "$state" = installed ]; then
    echo "database $db is initialised: nothing to do" \
        "(after new addon code: docker compose run --rm ${FM_INIT_SERVICE:-odoo-init} update)"
    exit 0
fi

if [ "$demo" = 0 ]; then
    # production: the administrator gets a real password and e-mail address
    # before the server is reachable (Odoo's default is admin/admin)
    admin_pw=${FM_ADMIN_PASSWORD:-}
    if [ "${#admin_pw}" -lt 12 ] || [ -z "${FM_ADMIN_EMAIL:-}" ]; then
        echo "FATAL: set FM_ADMIN_PASSWORD (12 characters or more) and FM_ADMIN_EMAIL in .env" >&2
        exit 1
    fi
fi
odoo "${odoo_args[@]}" -i "$addons" --load-language de_DE

# once, after the first install: German and Berlin time for every user
odoo shell "${odoo_args[@]}" <<'PY'
import os

env["res.lang"]._activate_lang("de_DE")
users = env["res.users"].with_context(active_test=False).search([("share", "=", False)])
users.write({"lang": "de_DE", "tz": "Europe/Berlin"})
env["res.partner"].search([("lang", "!=", "de_DE")]).write({"lang": "de_DE"})
if os.environ.get("FM_ADMIN_PASSWORD"):
    admin = env.ref("base.user_admin")
    admin.write({"password": os.environ["FM_ADMIN_PASSWORD"], "email": os.environ["FM_ADMIN_EMAIL"]})
env.cr.commit()
PY
echo "database $db initialised"
