#!/usr/bin/env bash
# Benchmarks (issue 6), not part of the test suite:
#   bench/run.sh [CLIENTS] [SEED]      default: 50000 clients, seed 42
# Creates the database fm_bench_<CLIENTS> once (install every addon under
# addons/ without demo data, fallmanagement_testdata with its generator
# included, then `fall_generate`), and runs bench/run.py on it. The table goes
# to bench/results.md.
set -euo pipefail
export TZ=UTC
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clients=${1:-50000}
seed=${2:-42}
db=${BENCH_DB:-fm_bench_${clients}}
db_args=(--db_host "${PGHOST_ODOO:-127.0.0.1}" --db_port "${PGPORT_ODOO:-5432}" --db_user "${ODOO_DB_USER:-odoo}")
core=$(python3 -c 'import odoo, os; print(os.path.abspath(os.path.join(os.path.dirname(odoo.__file__), os.pardir, "addons")))')
addons_path="$core,$here/addons"
addons=$(cd "$here/addons" && ls -d */ | tr -d / | paste -sd,)

if ! psql -h "${PGHOST_ODOO:-127.0.0.1}" -U "${ODOO_DB_USER:-odoo}" -d "$db" -tAc 'select 1 from fall_case limit 1' >/dev/null 2>&1; then
    echo "== creating $db with $clients clients (seed $seed)"
    (cd /tmp && python3 -m odoo "${db_args[@]}" --addons-path "$addons_path" -d "$db" \
        -i "$addons" --without-demo all --stop-after-init --log-level warn --http-port 0)
    start=$(date +%s)
    (cd /tmp && python3 -m odoo --addons-path="$addons_path" fall_generate "${db_args[@]}" \
        -d "$db" --clients "$clients" --seed "$seed")
    echo "generated in $(( $(date +%s) - start )) s"
    # as a database in use would be: statistics and visibility map up to date
    psql -h "${PGHOST_ODOO:-127.0.0.1}" -U "${ODOO_DB_USER:-odoo}" -d "$db" -qc 'VACUUM ANALYZE' 2>/dev/null || true
fi
python3 "$here/bench/run.py" -d "$db" "${db_args[@]}" --addons-path "$addons_path"
