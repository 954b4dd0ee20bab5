#!/usr/bin/env bash
# One-time setup of a machine for the test command (README "Source install"):
# Odoo 18.0 itself when python3 cannot import it, test dependencies, Chromium
# for the web-client tours, LibreOffice, wkhtmltopdf, nginx and shellcheck for
# the deployment checks, and the database role.
#
#   bash tests/setup.sh                       everything
#   bash tests/setup.sh --odoo-only           step 1 only
#   bash tests/setup.sh --odoo-only --dry-run says what step 1 would do
# FM_SETUP_WITHOUT_BROWSER=1 skips Chromium (the tours are then skipped).
set -euo pipefail
cd "$(dirname "$0")/.."

odoo_only=0 dry_run=0
for arg in "$@"; do
    case "$arg" in
        --odoo-only) odoo_only=1 ;;
        --dry-run) dry_run=1 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

# --- 1. Odoo 18.0 ------------------------------------------------------------
# Odoo's own source release, pinned: the nightly build of the date the official
# odoo:18.0 image is built from, into the virtual environment .venv that
# tests/run.sh then uses. Skipped when python3 imports Odoo 18 (a source
# checkout, the official image) or .venv has it already.
ODOO_RELEASE=20260723
ODOO_URL="https://nightly.odoo.com/18.0/nightly/tgz/odoo_18.0.$ODOO_RELEASE.tar.gz"
# sha256 of that tarball, to be recorded on the first download (the test
# machine has no access to nightly.odoo.com); when set, a mismatch fails.
ODOO_SHA256=${ODOO_SHA256:-}
venv=.venv

is_odoo18() {
    "$1" -c 'import odoo.release as r; assert r.version_info[0] == 18' 2>/dev/null
}

# Keep build backends that still need pkg_resources working (old sdists), and
# the setuptools Odoo 18 supports.
constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
echo 'setuptools<70' > "$constraints"
export PIP_CONSTRAINT="$constraints"

install_odoo() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-dev \
            build-essential libpq-dev libldap2-dev libsasl2-dev libjpeg-dev zlib1g-dev \
            libxml2-dev libxslt1-dev >/dev/null
    fi
    local tarball src
    tarball=$(mktemp --suffix=.tar.gz)
    python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(*sys.argv[1:])' \
        "$ODOO_URL" "$tarball"
    if [ -n "$ODOO_SHA256" ]; then
        echo "$ODOO_SHA256  $tarball" | sha256sum --quiet -c -
    else
        echo "WARNING: $ODOO_URL not verified; its sha256: $(sha256sum "$tarball" | cut -d' ' -f1)" >&2
    fi
    python3 -m venv "$venv"
    mkdir -p "$venv/src"
    tar -C "$venv/src" -xzf "$tarball"
    rm -f "$tarball"
    src=$(find "$venv/src" -mindepth 1 -maxdepth 1 -type d -name 'odoo*' | head -n 1)
    "$venv/bin/python3" -m pip install -q --disable-pip-version-check -r "$src/requirements.txt"
    "$venv/bin/python3" -m pip install -q --disable-pip-version-check "$src"
}

if [ -x "$venv/bin/python3" ] && is_odoo18 "$venv/bin/python3"; then
    echo "Odoo 18 found in $venv: not installing it"
elif is_odoo18 python3; then
    echo "Odoo 18 importable by python3: not installing it"
elif [ "$dry_run" = 1 ]; then
    echo "would install Odoo 18.0 from $ODOO_URL into $venv"
else
    echo "installing Odoo 18.0 from $ODOO_URL into $venv"
    install_odoo
    is_odoo18 "$venv/bin/python3" || {
        echo "FATAL: Odoo 18.0 did not install into $venv" >&2
        exit 1
    }
fi
# tests/run.sh does the same: the virtual environment first, when it has Odoo
if [ -x "$venv/bin/python3" ] && is_odoo18 "$venv/bin/python3"; then
    export PATH="$PWD/$venv/bin:$PATH"
fi
if [ "$odoo_only" = 1 ]; then
    exit 0
fi

# --- 2. the rest -------------------------------------------------------------
python3 -m pip install -q --disable-pip-version-check -r requirements.txt -r test-requirements.txt

if [ -z "${FM_SETUP_WITHOUT_BROWSER:-}" ] && ! command -v chromium >/dev/null \
    && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
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

# nginx (the deployment's proxy config is checked with nginx -t and run in
# front of Odoo by tests/db), shellcheck (the shell scripts), git (the
# repository checks). Debian's nginx package starts a server on port 80 where
# services may start; the tests run their own on a free port.
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v shellcheck >/dev/null || missing+=(shellcheck)
command -v git >/dev/null || missing+=(git)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "FATAL: install ${missing[*]} (Debian packages)" >&2
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
echo "setup done: Odoo 18, test tools, Chromium, LibreOffice, wkhtmltopdf, nginx and shellcheck present, database role '$db_user' ready"
