#!/usr/bin/env bash
# One-time setup for a machine with an Odoo 18.0 source install (README):
# test dependencies, Chromium for the web-client tours, and the database role.
# Odoo itself is not installed here: it is a prerequisite, like PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import odoo.release as r; assert r.version_info[0] == 18' 2>/dev/null || {
    echo "FATAL: python3 cannot import Odoo 18.0 - install it first (README 'Source install')." >&2
    exit 1
}

# Keep build backends that still need pkg_resources working (old sdists).
constraints=$(mktemp)
echo 'setuptools<70' > "$constraints"
PIP_CONSTRAINT="$constraints" python3 -m pip install -q --disable-pip-version-check \
    -r requirements.txt -r test-requirements.txt
rm -f "$constraints"

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
    && ! command -v google-chrome >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "FATAL: Chromium is needed for the web-client tours: install the chromium package." >&2
        exit 1
    fi
fi

# LibreOffice: the county workbook must convert cleanly (test_county_report).
if ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
    else
        echo "FATAL: LibreOffice is needed to check the Excel reports: install libreoffice-calc-nogui." >&2
        exit 1
    fi
fi

# wkhtmltopdf: Odoo prints its PDF reports (cooperation plan, referral
# letter, consent form, minutes) with it.
if ! command -v wkhtmltopdf >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wkhtmltopdf >/dev/null
    else
        echo "FATAL: wkhtmltopdf is needed to print PDF reports: install the wkhtmltopdf package." >&2
        exit 1
    fi
fi

db_host=${PGHOST_ODOO:-127.0.0.1}
db_port=${PGPORT_ODOO:-5432}
db_user=${ODOO_DB_USER:-odoo}
if ! pg_isready -q -h "$db_host" -p "$db_port" 2>/dev/null \
    && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    ver=$(ls /etc/postgresql | sort -n | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start
    for _ in $(seq 1 30); do pg_isready -q -h "$db_host" -p "$db_port" && break; sleep 1; done
fi
if ! psql -h "$db_host" -p "$db_port" -U "$db_user" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    psql -h "$db_host" -p "$db_port" -U postgres -d postgres -qc \
        "CREATE ROLE \"$db_user\" LOGIN CREATEDB"
fi
echo "setup done: test tools installed, Chromium, LibreOffice and wkhtmltopdf present, database role '$db_user' ready"
