#!/bin/bash
# One-shot init for docker-compose.yml (runs as user odoo in odoo:18.0):
# installs the OCA dependencies from PyPI into the odoo user's site (kept in the
# odoo-data volume), then installs or updates the addons with German and demo
# data, and makes German the language of every user.
set -euo pipefail
conf=/opt/fallmanagement/config/odoo.docker.conf
db=${FM_DB:-fallmanagement}

pip3 install --user --break-system-packages --no-warn-script-location -q \
    "odoo-addon-report_xlsx>=18.0,<18.1dev" \
    "odoo-addon-auth_session_timeout>=18.0,<18.1dev"

# fallmanagement and, where present, fallkonferenz: every addon under addons/
# but the test-data ones (fall_generate installs those where it is run).
addons=$(cd /mnt/extra-addons && ls -d */__manifest__.py | cut -d/ -f1 \
    | grep -v '_testdata$' | paste -sd, -)
odoo -c "$conf" -d "$db" -i "${addons:-fallmanagement}" --load-language de_DE \
    --stop-after-init --no-http

odoo shell -c "$conf" -d "$db" --no-http <<'PY'
env["res.lang"]._activate_lang("de_DE")
users = env["res.users"].with_context(active_test=False).search([("share", "=", False)])
users.write({"lang": "de_DE", "tz": "Europe/Berlin"})
env["res.partner"].search([("lang", "!=", "de_DE")]).write({"lang": "de_DE"})
env.cr.commit()
PY
echo "database $db ready: http://localhost:8069"
