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
    # published on the loopback interface only unless FM_BIND_ADDRESS is set
    # (issue 10; tests/test_deployment.py checks the rest of the setup)
    for service in services.values():
        for port in service.get("ports", []):
            assert str(port).startswith("${FM_BIND_ADDRESS:-127.0.0.1}:"), port
    for service in services.values():
        for volume in service.get("volumes", []):
            source = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", volume.split(":/", 1)[0])
            if source.startswith("./") and source != "./tls":
                assert (ROOT / source).exists(), source
    init = (ROOT / "config" / "docker" / "init.sh").read_text()
    assert "--load-language de_DE" in init
    assert "/mnt/extra-addons" in init and "-i " in init
    # the OCA addons the manifests depend on are installed from PyPI
    for requirement in read_requirements("odoo-addon-"):
        assert requirement in init, requirement


def read_requirements(prefix=""):
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [line for line in lines if line.startswith(prefix)]


SHIPPED_CONFIGS = sorted(
    p for p in (ROOT / "config").rglob("*.conf") if "[options]" in p.read_text()
)
PBKDF2_HASH = re.compile(r"\$pbkdf2-sha512\$\d+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+")


def read_odoo_config(path):
    import configparser

    parser = configparser.ConfigParser(inline_comment_prefixes=None)
    parser.read(path, encoding="utf-8")
    return dict(parser["options"])


@pytest.mark.parametrize(
    "path", SHIPPED_CONFIGS, ids=lambda p: str(p.relative_to(ROOT / "config"))
)
def test_shipped_config_has_no_database_manager(path):
    """No shipped config lists or manages databases, none has a usable
    master password: missing means Odoo's default "admin", plain text is
    readable by anyone with the repository. ``False`` (or empty) refuses every
    master-password operation; a pbkdf2 hash is what an administrator sets."""
    options = read_odoo_config(path)
    assert options.get("list_db", "True").strip().lower() in ("false", "0"), (
        f"{path.name}: list_db must be False"
    )
    assert "admin_passwd" in options, (
        f"{path.name}: without admin_passwd Odoo's master password is 'admin'"
    )
    passwd = options["admin_passwd"].strip()
    assert passwd in ("", "False") or PBKDF2_HASH.fullmatch(passwd), (
        f"{path.name}: admin_passwd must be False or a pbkdf2-sha512 hash"
    )


def test_shipped_configs_found():
    names = {str(p.relative_to(ROOT / "config")) for p in SHIPPED_CONFIGS}
    assert {
        "odoo.conf",
        "odoo.production.conf",
        "docker/odoo.production.conf",
        "docker/odoo.demo.conf",
    } <= names


def test_no_database_manager_on_the_command_line():
    """Options on a command line override the config: none may switch the
    database manager back on or carry a master password."""
    texts = [(ROOT / "docker-compose.yml").read_text()]
    texts += [p.read_text() for p in (ROOT / "config").rglob("*.sh")]
    texts += [p.read_text() for p in (ROOT / "ops").glob("*.sh")]
    texts += [(ROOT / "config" / "systemd" / "fallmanagement.service").read_text()]
    texts += [(ROOT / "tests" / "run.sh").read_text()]
    for text in texts:
        assert "--database-list" not in text
        assert "list_db" not in text
        assert "admin_passwd" not in text and "master_pw" not in text


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
