"""Lint like OCA's CI: ruff (+format), pylint-odoo, odoo-pre-commit-hooks."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))


def run(*cmd):
    proc = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_addons_found():
    assert {a.name for a in ADDONS} >= {"fallmanagement"}


def test_ruff_check():
    rc, out = run(sys.executable, "-m", "ruff", "check", "--no-fix", "addons", "tests")
    assert rc == 0, out


def test_ruff_format():
    rc, out = run(sys.executable, "-m", "ruff", "format", "--check", "addons", "tests")
    assert rc == 0, out


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_pylint_odoo(addon):
    rc, out = run(
        sys.executable,
        "-m",
        "pylint",
        "--rcfile=.pylintrc",
        "--output-format=text",
        str(addon.relative_to(ROOT)),
    )
    assert rc == 0, out


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_oca_checks_odoo_module(addon):
    rc, out = run("oca-checks-odoo-module", str(addon / "__manifest__.py"))
    assert rc == 0, out


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_oca_checks_po(addon):
    po_files = sorted(str(p) for p in (addon / "i18n").glob("*.po*"))
    assert po_files, f"{addon.name} has no translations"
    # po-pretty-format wants msgstr left empty where German equals English
    # ("Assessment", "Minijob", ...); Odoo's own de.po files fill them in, and
    # test_german_translation_complete forbids empty msgstr.
    rc, out = run("oca-checks-po", "--disable=po-pretty-format", *po_files)
    assert rc == 0, out
