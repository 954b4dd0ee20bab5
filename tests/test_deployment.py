"""Static checks of the deployment (README "Docker", "Source install:
production", "Backup and restore").

No Docker engine runs on the test machine: the compose file is validated
against the compose specification's JSON schema and read here service by
service; the nginx templates go through ``nginx -t``; the shell scripts
through ``bash -n`` and shellcheck. What runs for real (Odoo in prefork mode
behind nginx, backup and restore) is tested on the installed test database in
``tests/db/``.
"""

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config"
COMPOSE_FILE = ROOT / "docker-compose.yml"
NGINX_TEMPLATES = sorted((CONFIG / "nginx").glob("*.conf.template"))
SHELL_SCRIPTS = sorted(
    [*(ROOT / "tests").glob("*.sh"), *(CONFIG / "docker").glob("*.sh")]
    + [*(ROOT / "ops").glob("*.sh")]
)
VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


def interpolate(value, env=None):
    """Compose's ``${VAR:-default}`` with the given environment (default: an
    empty one, i.e. what an unconfigured checkout gets)."""
    env = env or {}
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value
    value = VARIABLE.sub(lambda m: env.get(m.group(1)) or m.group(2) or "", value)
    return value.replace("$$", "$")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return interpolate(compose["services"])


def profile(services, name):
    return {k: s for k, s in services.items() if name in s.get("profiles", [])}


def odoo_conf(path):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    return dict(parser["options"])


def conf_of(service):
    rc = service["environment"]["ODOO_RC"]
    assert rc.startswith("/opt/fallmanagement/config/"), rc
    return odoo_conf(CONFIG / rc.removeprefix("/opt/fallmanagement/config/"))


def run(*cmd, **kwargs):
    kwargs.setdefault("timeout", 120)
    return subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, check=False, **kwargs
    )


# --- compose specification ---------------------------------------------------


def test_compose_file_valid_against_compose_specification():
    """The compose specification's JSON schema, as bundled by
    check-jsonschema (``vendor.compose-spec``)."""
    proc = run(
        sys.executable,
        "-m",
        "check_jsonschema",
        "--builtin-schema",
        "vendor.compose-spec",
        str(COMPOSE_FILE),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def docker_compose_command():
    if shutil.which("docker-compose"):
        version = run("docker-compose", "version", "--short").stdout.strip()
        if version.lstrip("v").startswith("2"):
            return ["docker-compose"]
    if shutil.which("docker") and run("docker", "compose", "version").returncode == 0:
        return ["docker", "compose"]
    return None


@pytest.mark.parametrize("name", ["production", "demo", "test"])
def test_compose_config_resolves(name):
    """Where Docker Compose v2 is installed (not on the test machine), its
    own loader checks every profile too; it needs no engine for that."""
    command = docker_compose_command()
    if not command:
        pytest.skip("no Docker Compose v2 here")
    proc = run(*command, "--profile", name, "config", "--quiet")
    assert proc.returncode == 0, proc.stderr


def test_profiles(services):
    assert set(profile(services, "production")) == {"db", "odoo-init", "odoo", "nginx"}
    assert set(profile(services, "demo")) == {
        "demo-db",
        "demo-init",
        "demo-odoo",
        "mailpit",
    }
    assert set(profile(services, "test")) == {"test-db", "tests"}
    # every service belongs to a profile: `up` without one starts nothing
    assert all(s.get("profiles") for s in services.values())
    # production and demo share no volume
    volumes = {
        name: {
            v.split(":", 1)[0] for v in s.get("volumes", []) if not v.startswith(".")
        }
        for name, s in services.items()
    }
    production = set().union(*(volumes[n] for n in profile(services, "production")))
    demo = set().union(*(volumes[n] for n in profile(services, "demo")))
    assert production and demo and not production & demo


def test_official_images(services):
    for name, service in services.items():
        image = service["image"]
        assert image.split(":")[0] in {
            "odoo",
            "postgres",
            "nginx",
            "axllent/mailpit",
        }, name
        assert ":" in image and not image.endswith(":latest"), f"{name}: pin a tag"
    assert services["odoo"]["image"] == "odoo:18.0"
    assert services["db"]["image"] == "postgres:16"


def test_published_ports_on_loopback_by_default(services):
    for name, service in services.items():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), (name, port)
    # production: only nginx is published, Odoo and PostgreSQL are not
    published = {
        n for n, s in profile(services, "production").items() if s.get("ports")
    }
    assert published == {"nginx"}
    assert "127.0.0.1:8080:80" in services["nginx"]["ports"]
    assert "127.0.0.1:8069:8069" in services["demo-odoo"]["ports"]


def test_bind_address_configurable(compose):
    """One variable opens it to a network (README: only with TLS)."""
    nginx = interpolate(compose["services"]["nginx"], {"FM_BIND_ADDRESS": "0.0.0.0"})
    assert "0.0.0.0:8080:80" in nginx["ports"]


def test_postgres_healthcheck_over_tcp(services):
    """pg_isready on the socket answers while the image still initialises
    the data folder (TCP is off then): the check must use TCP."""
    for name in ("db", "demo-db", "test-db"):
        test = services[name]["healthcheck"]["test"]
        command = " ".join(test[1:]) if test[0] in ("CMD", "CMD-SHELL") else test
        assert "pg_isready" in command and "-h 127.0.0.1" in command, (name, command)


@pytest.mark.parametrize("name", ["db", "demo-db"])
def test_database_role_is_no_superuser(services, name):
    """The image's POSTGRES_USER is a superuser: Odoo must not be it. The
    init script creates Odoo's role without superuser rights."""
    db = services[name]
    env = db["environment"]
    assert env.get("POSTGRES_USER", "postgres") == "postgres"
    assert (
        "./config/docker/postgres-init.sh:/docker-entrypoint-initdb.d/10-fallmanagement.sh:ro"
        in db["volumes"]
    )
    script = (CONFIG / "docker" / "postgres-init.sh").read_text()
    assert "NOSUPERUSER NOCREATEDB NOCREATEROLE" in script
    assert 'OWNER :"role"' in script
    odoo = services[name.replace("db", "odoo") if name == "demo-db" else "odoo"]
    conf = conf_of(odoo)
    assert conf["db_user"] == env["FM_DB_USER"] != "postgres"
    assert conf["db_name"] == env["FM_DB_NAME"]
    assert conf["db_host"] == name
    assert odoo["environment"]["PASSWORD"] == env["FM_DB_PASSWORD"]


def test_production_secrets_from_env_file(compose):
    """Production carries no password of its own: each one is a variable
    from .env, and .env.example names each (empty), and git ignores .env."""
    example = (ROOT / ".env.example").read_text()
    example_vars = dict(re.findall(r"^(\w+)=(.*)$", example, re.MULTILINE))
    raw = yaml.safe_dump(
        {n: compose["services"][n] for n in ("db", "odoo-init", "odoo", "nginx")}
    )
    used = set(re.findall(r"\$\{(\w+)", raw))
    assert {"FM_POSTGRES_PASSWORD", "FM_DB_PASSWORD", "FM_ADMIN_PASSWORD"} <= used
    assert used <= set(example_vars), sorted(used - set(example_vars))
    for name in used:
        if "PASSWORD" in name:
            assert example_vars[name] == "", f"{name}: no value in the example"
    for service in ("db", "odoo-init", "odoo"):
        env = compose["services"][service]["environment"]
        for key, value in env.items():
            if "PASSWORD" in key:
                assert str(value).startswith("${FM_"), (service, key)
    ignored = run("git", "check-ignore", "-q", ".env")
    assert ignored.returncode == 0, ".env must be ignored by git"
    assert run("git", "check-ignore", "-q", ".env.example").returncode == 1


def test_odoo_reads_its_config_through_odoo_rc(services):
    """The image's entrypoint reads $ODOO_RC (not a -c file) and adds the
    database options missing there: so the config is given only as ODOO_RC,
    names the database host, port and user in the form the entrypoint
    recognises, and leaves the password to PASSWORD."""
    for name in ("odoo-init", "odoo", "demo-init", "demo-odoo"):
        service = services[name]
        assert "ODOO_RC" in service["environment"], name
        command = service.get("command", [])
        assert "-c" not in command and "--config" not in command, name
        assert not any("db_" in str(c) or "--db" in str(c) for c in command), name
        rc = service["environment"]["ODOO_RC"]
        text = (CONFIG / rc.removeprefix("/opt/fallmanagement/config/")).read_text()
        for option in ("db_host", "db_port", "db_user"):
            # the entrypoint's own test: grep -E "^\s*\b${param}\b\s*="
            assert re.search(rf"^\s*\b{option}\b\s*=", text, re.MULTILINE), (
                name,
                option,
            )
        assert not re.search(r"^\s*db_password\s*=", text, re.MULTILINE), name


def test_production_odoo_settings(services):
    conf = conf_of(services["odoo"])
    assert conf["without_demo"] == "all"
    assert conf["list_db"] == "False"
    assert conf["proxy_mode"] == "True"
    assert conf["dbfilter"] == f"^{conf['db_name']}$"
    # prefork, sized for 2 cores: (2 x cores) + 1 HTTP workers, one cron
    assert int(conf["workers"]) == 2 * 2 + 1
    assert int(conf["max_cron_threads"]) == 1
    # nginx reaches the HTTP workers and the gevent port of this very config
    nginx_env = services["nginx"]["environment"]
    assert nginx_env["FM_ODOO_HTTP"] == f"odoo:{conf['http_port']}"
    assert nginx_env["FM_ODOO_GEVENT"] == f"odoo:{conf['gevent_port']}"
    assert nginx_env["NGINX_ENVSUBST_FILTER"] == "^FM_"
    assert services["nginx"]["depends_on"]["odoo"]["condition"] == "service_healthy"
    template = services["nginx"]["volumes"][0].split(":")
    assert template[0] == "./config/nginx/fallmanagement.conf.template"
    assert template[1] == "/etc/nginx/templates/default.conf.template"


def test_demo_odoo_settings(services):
    conf = conf_of(services["demo-odoo"])
    assert conf["without_demo"] == "False"
    assert conf["list_db"] == "False"
    assert conf["smtp_server"] == "mailpit"


def test_init_only_when_needed_and_explicit_update(services):
    """Every `up` runs the init service: it installs only into a database
    that is not initialised yet; updating is its own command."""
    for name in ("odoo-init", "demo-init"):
        service = services[name]
        assert service["entrypoint"] == [
            "/bin/bash",
            "/opt/fallmanagement/config/docker/init.sh",
        ]
        assert service["command"] == ["init"]
        assert service["restart"] == "no"
        assert service["environment"]["FM_INIT_SERVICE"] == name
    odoo = services["odoo"]["depends_on"]["odoo-init"]["condition"]
    assert odoo == "service_completed_successfully"
    init = (CONFIG / "docker" / "init.sh").read_text()
    # the state of the addon decides, read before anything is installed
    assert "SELECT state FROM ir_module_module WHERE name = 'fallmanagement'" in init
    install = init.index('-i "$addons"')
    assert init.index('if [ "$state" = installed ]') < install
    assert init.index('-u "$addons"') < init.index('if [ "$state" = installed ]')
    # the language and time zone of the users are set after the install only
    assert init.index("users.write") > install
    assert "--load-language de_DE" in init


def test_init_script_modes():
    """The init script rejects unknown modes and a missing password before
    it touches anything (no Docker needed for these paths)."""
    script = CONFIG / "docker" / "init.sh"
    proc = run("bash", str(script), "upgrade", env={"PATH": os.environ["PATH"]})
    assert proc.returncode == 2 and "usage" in proc.stderr
    proc = run(
        "bash",
        str(script),
        "init",
        env={"PATH": os.environ["PATH"], "ODOO_RC": "/nonexistent"},
    )
    assert proc.returncode == 1 and "FM_DB_PASSWORD" in proc.stderr


def test_test_route_runs_the_suite_in_the_official_image(services):
    """One line: docker compose --profile test run --rm tests."""
    tests = services["tests"]
    assert tests["image"] == "odoo:18.0"
    command = " ".join(tests["entrypoint"])
    assert "bash tests/setup.sh" in command and "bash tests/run.sh" in command
    assert tests["environment"]["PGHOST_ODOO"] == "test-db"
    assert tests["depends_on"]["test-db"]["condition"] == "service_healthy"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker compose --profile test run --rm tests" in readme


def test_readme_says_what_is_not_exercised_here():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "No Docker engine runs on the test machine" in readme
    assert "cannot be exercised on the test machine" in readme


# --- line endings ---------------------------------------------------------------


def test_line_endings_lf():
    """A Windows checkout keeps LF: a CRLF init script fails in the container."""
    files = ["config/docker/init.sh", "config/docker/postgres-init.sh", "ops/backup.sh"]
    files += ["docker-compose.yml", "config/nginx/fallmanagement.conf.template"]
    proc = run("git", "check-attr", "eol", "text", "--", *files)
    attrs = proc.stdout.splitlines()
    for name in files:
        assert f"{name}: eol: lf" in attrs, proc.stdout
    index = run("git", "ls-files", "--eol").stdout.splitlines()
    assert not [line for line in index if line.startswith("i/crlf")]


# --- nginx ----------------------------------------------------------------------

NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
)


def render_template(path, values):
    """What the official image (envsubst over the defined FM_ variables) and
    the README's envsubst line do."""
    text = path.read_text()
    names = set(re.findall(r"\$\{(FM_\w+)\}", text))
    assert names <= set(values), names - set(values)
    for name in names:
        text = text.replace("${" + name + "}", values[name])
    code = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code if "${" in line]
    return text


def nginx_main_conf(tmp_path, site):
    """A minimal nginx.conf around a site file, everything in tmp_path."""
    (tmp_path / "site.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp_path}/access.log;
{temp}
    include {tmp_path}/site.conf;
}}
"""
    )
    return main


def self_signed_certificate(folder):
    folder.mkdir()
    proc = run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-keyout",
        str(folder / "privkey.pem"),
        "-out",
        str(folder / "fullchain.pem"),
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(
    not NGINX, reason="nginx not installed (tests/setup.sh installs it)"
)
@pytest.mark.parametrize("template", NGINX_TEMPLATES, ids=lambda p: p.name)
def test_nginx_config(template, tmp_path):
    """nginx -t on the rendered template (Debian's nginx; the certificate
    path of the TLS variant points at a throwaway self-signed one)."""
    values = {
        "FM_ODOO_HTTP": "127.0.0.1:8069",
        "FM_ODOO_GEVENT": "127.0.0.1:8072",
        "FM_NGINX_LISTEN": "80",
        "FM_NGINX_LISTEN_TLS": "443",
    }
    site = render_template(template, values)
    if "ssl_certificate" in site:
        self_signed_certificate(tmp_path / "certs")
        site = site.replace("/etc/nginx/certs/", f"{tmp_path}/certs/")
    main = nginx_main_conf(tmp_path, site)
    proc = run(NGINX, "-t", "-p", str(tmp_path), "-c", str(main))
    assert proc.returncode == 0, proc.stderr
    assert "test is successful" in proc.stderr


def test_nginx_routes_websocket_to_gevent():
    for template in NGINX_TEMPLATES:
        text = template.read_text()
        ws = text.split("location /websocket {", 1)[1].split("}", 1)[0]
        assert "proxy_pass http://fallmanagement_gevent;" in ws
        assert "proxy_set_header Upgrade $http_upgrade;" in ws
        assert "proxy_http_version 1.1;" in ws
        assert "server ${FM_ODOO_GEVENT};" in text
        root = text.split("location / {", 1)[1].split("}", 1)[0]
        assert "proxy_pass http://fallmanagement_http;" in root
        # what Odoo's proxy_mode reads
        for header in ("X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto"):
            assert header in ws and header in root, (template.name, header)


# --- source install: configs, unit --------------------------------------------------

ODOO_CONFS = sorted(p for p in CONFIG.rglob("*.conf") if "[options]" in p.read_text())


@pytest.mark.parametrize("path", ODOO_CONFS, ids=lambda p: str(p.relative_to(CONFIG)))
def test_odoo_conf_options_exist(path):
    """Every option of a shipped Odoo config is one Odoo 18 knows (a typo
    would be ignored silently)."""
    tools = pytest.importorskip("odoo.tools")
    known = set(tools.config.options)
    unknown = set(odoo_conf(path)) - known
    assert not unknown, sorted(unknown)


def test_source_production_conf():
    conf = odoo_conf(CONFIG / "odoo.production.conf")
    assert conf["without_demo"] == "all"
    assert conf["proxy_mode"] == "True"
    assert conf["http_interface"] == "127.0.0.1"
    assert int(conf["workers"]) == 5
    assert conf["gevent_port"] == "8072" and conf["http_port"] == "8069"
    assert conf["data_dir"] == "/var/lib/fallmanagement"
    docker = odoo_conf(CONFIG / "docker" / "odoo.production.conf")
    for option in ("workers", "max_cron_threads", "limit_time_cpu", "limit_time_real"):
        assert conf[option] == docker[option], option


def test_systemd_unit():
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read(CONFIG / "systemd" / "fallmanagement.service")
    service = unit["Service"]
    exec_start = service["ExecStart"]
    # the start script, not `python -m odoo`: Odoo starts its gevent process
    # by running sys.argv[0] again
    assert " -m odoo" not in exec_start
    assert exec_start.split()[0].endswith("/odoo")
    assert "-c /etc/fallmanagement/odoo.conf" in exec_start
    assert service["User"] == "odoo"
    assert service["StateDirectory"] == "fallmanagement"
    assert service["KillMode"] == "mixed"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    conf = odoo_conf(CONFIG / "odoo.production.conf")
    assert conf["data_dir"] == "/var/lib/" + service["StateDirectory"]
    assert conf["logfile"].startswith("/var/log/" + service["LogsDirectory"] + "/")
    if shutil.which("systemd-analyze"):
        proc = run(
            "systemd-analyze",
            "verify",
            str(CONFIG / "systemd" / "fallmanagement.service"),
        )
        assert "Unknown key" not in proc.stderr and "Unknown section" not in proc.stderr


# --- shell scripts, setup ----------------------------------------------------------


@pytest.mark.parametrize(
    "script", SHELL_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT))
)
def test_shell_script_syntax(script):
    proc = run("bash", "-n", str(script))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck not installed")
def test_shellcheck():
    proc = run(
        "shellcheck",
        "-x",
        "-S",
        "warning",
        *(str(p.relative_to(ROOT)) for p in SHELL_SCRIPTS),
    )
    assert proc.returncode == 0, proc.stdout


def test_setup_skips_odoo_when_importable():
    """Here python3 imports Odoo 18: the setup installs nothing."""
    venv_before = (ROOT / ".venv").exists()
    proc = run("bash", "tests/setup.sh", "--odoo-only", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "not installing it" in proc.stdout
    assert "would install" not in proc.stdout
    assert (ROOT / ".venv").exists() == venv_before


def test_setup_would_install_pinned_odoo_when_missing(tmp_path):
    """A python3 that cannot import Odoo: the setup would download Odoo's own
    pinned 18.0 source release into .venv (--dry-run: it only says so)."""
    if (ROOT / ".venv").exists():
        pytest.skip(".venv exists here: the setup uses that one")
    fake = tmp_path / "fake"
    (fake / "odoo").mkdir(parents=True)
    (fake / "odoo" / "__init__.py").write_text("raise ImportError('no Odoo here')\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "python3"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH={fake} exec {sys.executable} "$@"\n')
    shim.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
    proc = run("bash", "tests/setup.sh", "--odoo-only", "--dry-run", env=env)
    assert proc.returncode == 0, proc.stderr
    match = re.search(r"would install Odoo 18\.0 from (\S+) into \.venv", proc.stdout)
    assert match, proc.stdout
    assert re.fullmatch(
        r"https://nightly\.odoo\.com/18\.0/nightly/tgz/odoo_18\.0\.\d{8}\.tar\.gz",
        match.group(1),
    )
    assert not (ROOT / ".venv").exists()


def test_run_uses_the_setup_venv():
    run_sh = (ROOT / "tests" / "run.sh").read_text()
    head = run_sh.split("# --- 1.", 1)[0]
    assert ".venv/bin/python3" in head and 'PATH="$here/.venv/bin:$PATH"' in head


def test_backup_scripts_refuse_bad_usage(tmp_path):
    assert run("bash", "ops/backup.sh").returncode == 2
    assert run("bash", "ops/restore.sh", "-d", "x").returncode == 2
    # a backup that does not match its checksums is not restored
    (tmp_path / "db.dump").write_text("x")
    (tmp_path / "SHA256SUMS").write_text("0" * 64 + "  db.dump\n")
    proc = run("bash", "ops/restore.sh", "-d", "fm_never_created", str(tmp_path))
    assert proc.returncode == 1 and "SHA256SUMS" in proc.stderr
