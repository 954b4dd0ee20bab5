"""Backup and restore of a source install (ops/backup.sh, ops/restore.sh;
README "Backup and restore") on the installed test database: back up, restore
into a new database, compare the row count of every table and the checksum of
every filestore file, then remove the copy.

Run by tests/run.sh through pytest-odoo (``--odoo-database``).
"""

import hashlib
import os
import shutil
import subprocess
import uuid
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

import odoo

ROOT = Path(__file__).resolve().parent.parent.parent
# Odoo tables that hold the project's records besides the fall_* ones
RECORD_TABLES = {
    "res_partner",
    "res_users",
    "res_company",
    "mail_message",
    "mail_followers",
    "ir_attachment",
}


def connect(dbname):
    config = odoo.tools.config
    params = {"dbname": dbname}
    for option in ("host", "port", "user", "password"):
        if config[f"db_{option}"]:
            params[option] = config[f"db_{option}"]
    return closing(psycopg2.connect(**params))


def row_counts(dbname):
    with connect(dbname) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        )
        tables = [row[0] for row in cr.fetchall()]
        counts = {}
        for table in tables:
            cr.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cr.fetchone()[0]
        cr.execute(
            "SELECT DISTINCT store_fname FROM ir_attachment"
            " WHERE store_fname IS NOT NULL"
        )
        stored = {row[0] for row in cr.fetchall()}
    return counts, stored


def checksums(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def database_exists(dbname):
    with connect("postgres") as cnx, cnx.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,))
        return bool(cr.fetchone())


def drop_database(dbname):
    with connect("postgres") as cnx:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    config = odoo.tools.config
    tmp = tmp_path_factory.mktemp("backup")
    conf = tmp / "odoo.conf"
    lines = ["[options]"]
    for option in ("db_host", "db_port", "db_user", "db_password", "data_dir"):
        value = config[option]
        lines.append(f"{option} = {value if value else False}")
    conf.write_text("\n".join(lines) + "\n")
    source = config["db_name"]
    copies = []

    def new_name():
        name = f"{source[:40]}_restore_{uuid.uuid4().hex[:8]}"
        copies.append(name)
        return name

    data_dir = Path(config["data_dir"])
    try:
        yield {
            "conf": conf,
            "tmp": tmp,
            "source": source,
            "new_name": new_name,
            "filestore": data_dir / "filestore",
        }
    finally:
        for name in copies:
            drop_database(name)
            shutil.rmtree(data_dir / "filestore" / name, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def script(*args, timeout=240):
    return subprocess.run(
        ["bash", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=dict(os.environ, LC_ALL="C"),
    )


@pytest.fixture(scope="module")
def backup(setup):
    proc = script(
        "ops/backup.sh",
        "-c",
        str(setup["conf"]),
        "-d",
        setup["source"],
        "-o",
        str(setup["tmp"] / "out"),
    )
    assert proc.returncode == 0, proc.stderr
    folder = Path(proc.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {
        "db.dump",
        "filestore.tar",
        "INFO",
        "SHA256SUMS",
    }
    # personal data: readable by its owner only
    assert folder.stat().st_mode & 0o077 == 0
    assert (folder / "db.dump").stat().st_mode & 0o077 == 0
    return folder


def test_backup_restores_every_row_and_file(setup, backup):
    source = setup["source"]
    counts_before, stored = row_counts(source)
    copy = setup["new_name"]()
    proc = script("ops/restore.sh", "-c", str(setup["conf"]), "-d", copy, str(backup))
    assert proc.returncode == 0, proc.stderr
    counts_source, _stored = row_counts(source)
    assert counts_source == counts_before, "the test database changed meanwhile"
    counts_copy, stored_copy = row_counts(copy)

    fall_tables = {t for t in counts_source if t.startswith("fall_")}
    assert len(fall_tables) >= 20, sorted(fall_tables)
    assert RECORD_TABLES <= set(counts_source)
    for table in ("fall_case", "res_partner", "mail_message", "ir_attachment"):
        assert counts_source[table] > 0, table
    differing = {
        table: (counts_source.get(table), counts_copy.get(table))
        for table in set(counts_source) | set(counts_copy)
        if counts_source.get(table) != counts_copy.get(table)
    }
    assert not differing, differing

    original = checksums(setup["filestore"] / source)
    restored = checksums(setup["filestore"] / copy)
    assert original, "the test database has no files in its filestore"
    assert restored == original
    # every file an attachment of the copy names is there
    present = {
        name for name in stored if (setup["filestore"] / source / name).is_file()
    }
    assert present and stored_copy == stored
    missing = [n for n in present if not (setup["filestore"] / copy / n).is_file()]
    assert not missing, missing[:10]


def test_restore_never_overwrites(setup, backup):
    # an existing filestore folder
    proc = script(
        "ops/restore.sh", "-c", str(setup["conf"]), "-d", setup["source"], str(backup)
    )
    assert proc.returncode == 1 and "exists" in proc.stderr
    # a database with tables (its filestore elsewhere)
    other = setup["tmp"] / "other.conf"
    empty_data = setup["tmp"] / "empty-data"
    text = setup["conf"].read_text().splitlines()
    text = [line for line in text if not line.startswith("data_dir")]
    other.write_text("\n".join([*text, f"data_dir = {empty_data}"]) + "\n")
    proc = script(
        "ops/restore.sh", "-c", str(other), "-d", setup["source"], str(backup)
    )
    assert proc.returncode == 1 and "has tables" in proc.stderr
    assert not (empty_data / "filestore" / setup["source"]).exists()


def test_failed_restore_leaves_nothing(setup, backup):
    """A dump that does not restore (here: cut short, with matching
    checksums): the new database and its filestore are removed again."""
    broken = setup["tmp"] / "broken"
    shutil.copytree(backup, broken)
    dump = broken / "db.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    subprocess.run(
        "sha256sum db.dump filestore.tar INFO > SHA256SUMS",
        shell=True,
        cwd=broken,
        check=True,
    )
    copy = setup["new_name"]()
    proc = script("ops/restore.sh", "-c", str(setup["conf"]), "-d", copy, str(broken))
    assert proc.returncode != 0
    assert "removing the half-restored" in proc.stderr
    assert not database_exists(copy)
    assert not (setup["filestore"] / copy).exists()
