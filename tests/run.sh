#!/usr/bin/env bash
# The project's test command (README "Testing"; .ci/run calls exactly this).
#
# 1. fails loudly when python3 cannot import Odoo 18 (the one in .venv that
#    tests/setup.sh installs where none was, else the machine's);
# 2. makes sure PostgreSQL runs and the project's database role exists;
# 3. creates a throwaway database, installs every addon under addons/ with
#    German loaded and its tests enabled (unit tests and web-client tours);
# 4. upgrades the addons once more (an upgrade must be clean too);
# 5. runs the repository-level checks in tests/ with pytest (lint, i18n, ...);
# 6. fails on any ERROR, CRITICAL or WARNING line in the Odoo log;
# 7. ends with the summary line "N passed, N failed".
#
# Options: --keep-db (leave the database for inspection), --odoo-only,
#          --tags TAGS (Odoo --test-tags, default: all tests of our addons).
set -uo pipefail
export TZ=UTC  # as odoo-bin does: the server runs in UTC

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here" || exit 1
# Odoo 18 that tests/setup.sh installed into .venv (where python3 had none)
if [ -x .venv/bin/python3 ] && .venv/bin/python3 -c 'import odoo.release as r
assert r.version_info[0] == 18' 2>/dev/null; then
    export PATH="$here/.venv/bin:$PATH"
fi

keep_db=0
odoo_only=0
tags=""
while [ $# -gt 0 ]; do
    case "$1" in
        --keep-db) keep_db=1 ;;
        --odoo-only) odoo_only=1 ;;
        --tags) tags="$2"; shift ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

fail() {
    echo "FATAL: $*" >&2
    echo "0 passed, 1 failed"
    exit 1
}

# --- 1. Odoo 18 must be importable ---------------------------------------
odoo_info=$(python3 - <<'PY' 2>&1
import os
import odoo.release
import odoo
if odoo.release.version_info[0] != 18:
    raise SystemExit("python3 imports Odoo %s, not 18.0" % odoo.release.version)
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [p for p in (os.path.join(root, "addons"), os.path.join(root, os.pardir, "addons"))
         if os.path.isdir(os.path.join(p, "mail"))]
print(os.path.abspath(paths[0]) if paths else "")
PY
) || fail "python3 cannot import Odoo 18 (install Odoo 18.0 from source, see README 'Source install'):
$odoo_info"
core_addons=$(printf '%s\n' "$odoo_info" | tail -n 1)
[ -n "$core_addons" ] || fail "Odoo 18 imports, but its addons (mail, calendar, ...) were not found"

# --- 2. PostgreSQL and the project's role ---------------------------------
db_host=${PGHOST_ODOO:-127.0.0.1}
db_port=${PGPORT_ODOO:-5432}
db_user=${ODOO_DB_USER:-odoo}
if ! pg_isready -q -h "$db_host" -p "$db_port" 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        ver=$(ls /etc/postgresql | sort -n | tail -n 1)
        echo "starting PostgreSQL cluster $ver/main"
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start \
            || fail "could not start PostgreSQL $ver/main"
        for _ in $(seq 1 30); do
            pg_isready -q -h "$db_host" -p "$db_port" && break
            sleep 1
        done
    fi
    pg_isready -q -h "$db_host" -p "$db_port" || fail "PostgreSQL does not answer on $db_host:$db_port"
fi
if ! psql -h "$db_host" -p "$db_port" -U "$db_user" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    psql -h "$db_host" -p "$db_port" -U postgres -d postgres -qc \
        "CREATE ROLE \"$db_user\" LOGIN CREATEDB" \
        || fail "database role $db_user is missing; run tests/setup.sh"
fi

# --- 3. install with tests -------------------------------------------------
addons=$(for m in addons/*/__manifest__.py; do basename "$(dirname "$m")"; done | paste -sd, -)
[ -n "$addons" ] || fail "no addons found under addons/"
[ -n "$tags" ] || tags=$(printf '/%s,' ${addons//,/ } | sed 's/,$//')
db="fm_test_$(date +%Y%m%d%H%M%S)_$$"
logdir="$here/test-logs"
mkdir -p "$logdir"
log="$logdir/odoo.log"
: > "$log"
# a free port: several runs may share the machine
http_port=${ODOO_TEST_HTTP_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
odoo_cmd=(python3 -m odoo --db_host "$db_host" --db_port "$db_port" --db_user "$db_user"
    --addons-path "$core_addons,$here/addons" -d "$db" --http-port "$http_port"
    --http-interface 127.0.0.1 --max-cron-threads 0 --workers 0 --stop-after-init)

cleanup() {
    if [ "$keep_db" = 0 ]; then
        dropdb -h "$db_host" -p "$db_port" -U "$db_user" --if-exists "$db" >/dev/null 2>&1
    else
        echo "database kept: $db"
    fi
}
trap cleanup EXIT

echo "== installing $addons into $db with tests ($tags)"
"${odoo_cmd[@]}" -i "$addons" --load-language de_DE --test-tags "$tags" \
    --log-level test >> "$log" 2>&1
install_rc=$?
echo "== upgrading $addons"
"${odoo_cmd[@]}" -u "$addons" --log-level info >> "$log" 2>&1
upgrade_rc=$?

# --- 4. read the Odoo log ---------------------------------------------------
# passed, failed and total in one unit (test methods), see the script
read -r odoo_passed odoo_failed odoo_total < <(python3 tests/odoo_log_summary.py "$log")
bad_lines=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log")
extra_failed=0
if [ "$bad_lines" -gt 0 ]; then
    echo "== $bad_lines ERROR/WARNING/CRITICAL line(s) in the Odoo log:"
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" | head -n 40
    extra_failed=$((extra_failed + 1))
fi
if [ "$install_rc" -ne 0 ] || [ "$upgrade_rc" -ne 0 ]; then
    echo "== Odoo exited with install=$install_rc upgrade=$upgrade_rc"
    tail -n 30 "$log"
    extra_failed=$((extra_failed + 1))
fi
if [ "$odoo_total" -eq 0 ]; then
    echo "== no Odoo test ran"
    extra_failed=$((extra_failed + 1))
fi
echo "== Odoo: $odoo_total tests, $odoo_failed failed (log: $log)"

# --- 5. repository-level checks ------------------------------------------
py_passed=0
py_failed=0
if [ "$odoo_only" = 0 ]; then
    echo "== repository checks (pytest tests/)"
    python3 -m pytest -p no:cacheprovider -p no:odoo -q --ignore=tests/db tests/ \
        2>&1 | tee "$logdir/pytest.log"
    echo "== installed database checks (pytest-odoo tests/db)"
    python3 -m pytest -p no:cacheprovider -o addopts= -q tests/db \
        --odoo-database="$db" --odoo-addons-path="$core_addons,$here/addons" \
        --odoo-extra "db_host=$db_host" --odoo-extra "db_port=$db_port" \
        --odoo-extra "db_user=$db_user" 2>&1 | tee "$logdir/pytest-db.log"
    for f in "$logdir/pytest.log" "$logdir/pytest-db.log"; do
        summary=$(tail -n 1 "$f")
        p=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
        x=0
        for n in $(grep -oE '[0-9]+ (failed|errors?)' <<<"$summary" | grep -oE '^[0-9]+'); do
            x=$((x + n))
        done
        if [ "$p" -eq 0 ] && [ "$x" -eq 0 ]; then x=1; fi
        py_passed=$((py_passed + p))
        py_failed=$((py_failed + x))
    done
fi

passed=$((odoo_passed + py_passed))
failed=$((odoo_failed + extra_failed + py_failed))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
