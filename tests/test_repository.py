"""Repository-level checks: layout, translations, Docker setup, CI wiring."""

import re
import subprocess
from pathlib import Path

import polib
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))


def read_manifest(addon):
    import ast

    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def test_layout():
    for path in ("addons/fallmanagement", "config", "tests", "README.md"):
        assert (ROOT / path).exists(), path
    assert (ROOT / "docker-compose.yml").is_file()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_manifest(addon):
    manifest = read_manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    for key in ("license", "author", "website", "development_status", "maintainers"):
        assert manifest.get(key), key
    assert "description" not in manifest
    for data in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / data).is_file(), data
    assert (addon / "readme" / "DESCRIPTION.md").is_file()
    assert (addon / "static" / "description" / "icon.png").is_file()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_german_translation_complete(addon):
    po = addon / "i18n" / "de.po"
    assert po.is_file(), f"{addon.name}: the UI must be German (i18n/de.po)"
    text = po.read_text(encoding="utf-8")
    blocks = text.split("\n\n")[1:]
    empty = [
        b.split("msgid", 1)[1].split("\n", 1)[0]
        for b in blocks
        if "msgid" in b
        and re.search(r'^msgstr ""\s*$', b, re.MULTILINE)
        and not re.search(r'^msgstr ""\n"', b, re.MULTILINE)
    ]
    assert not empty, f"{len(empty)} untranslated: {empty[:10]}"
    # every term of the template is in the German file (small addons such as
    # the test-data bridge have a handful of terms only)
    template = {e.msgid for e in polib.pofile(str(po.with_name(f"{addon.name}.pot")))}
    german = {e.msgid for e in polib.pofile(str(po))}
    assert template, f"{addon.name}: empty i18n/{addon.name}.pot"
    assert not template - german, sorted(template - german)[:10]


def test_docker_compose():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"] == "postgres:16"
    assert services["odoo"]["image"] == "odoo:18.0"
    assert services["odoo-init"]["image"] == "odoo:18.0"
    assert "8069:8069" in services["odoo"]["ports"]
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), source
    init = (ROOT / "config" / "docker-init.sh").read_text()
    assert "--load-language de_DE" in init
    assert "/mnt/extra-addons" in init and "-i " in init


def test_ci_runs_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash tests/run.sh" in readme
    assert "bash tests/setup.sh" in readme
    assert "bash tests/run.sh" in ci


def test_no_odoo_sources_tracked():
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [f for f in files if f.endswith(("odoo-bin", "odoo/release.py"))]
    assert not [f for f in files if f.startswith(("odoo/", "addons/base/"))]
