"""Odoo in prefork mode, as in production, with its live-notification
(gevent) process: alone and behind the shipped nginx template, a websocket
upgrade on /websocket answers 101 and the gevent process stays up.

Run by tests/run.sh through pytest-odoo on the installed test database: the
server is started on free ports on 127.0.0.1 with two HTTP workers and no
cron worker, every request loop is bounded, and the processes are stopped
(their whole process group) at the end.
"""

import base64
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import odoo

ROOT = Path(__file__).resolve().parent.parent.parent
NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
)
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
START_TIMEOUT = 120  # seconds: the workers load the registry of a full database


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_start_script():
    """Odoo's start script, as production runs it: Odoo starts its gevent
    process by running sys.argv[0] again (``python -m odoo`` cannot)."""
    source = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    if source.is_file():
        return [sys.executable, str(source)]
    script = Path(sys.executable).parent / "odoo"
    if script.is_file():
        return [sys.executable, str(script)]
    pytest.skip("no Odoo start script (odoo-bin or the odoo entry point) found")


def http_request(port, request, timeout=15):
    """Send a raw HTTP/1.1 request, return (status code, headers)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n")
    match = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    assert match, f"no HTTP answer: {head[:200]!r}"
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return int(match.group(1)), headers


def websocket_upgrade(port, host="fallmanagement.example"):
    """A browser's websocket handshake on /websocket: (status, headers, key)."""
    key = base64.b64encode(os.urandom(16)).decode()
    status, headers = http_request(
        port,
        "GET /websocket HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Origin: http://{host}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n",
    )
    return status, headers, key


def expected_accept(key):
    digest = hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()
    return base64.b64encode(digest).decode()


def get(port, path, host="fallmanagement.example"):
    return http_request(
        port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )


def wait_until(check, timeout, what, process=None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process ended with {process.returncode}")
        try:
            if check():
                return
        except OSError as exc:  # not listening yet
            last = exc
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout} s ({last})")


def stop(process, sig=signal.SIGTERM, timeout=60):
    """Stop a process and its whole process group (workers, gevent)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        except ProcessLookupError:
            pass
    try:  # a child left behind (e.g. the gevent process)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def prefork_server(tmp_path_factory):
    config = odoo.tools.config
    tmp = tmp_path_factory.mktemp("prefork")
    db = config["db_name"]
    http_port, gevent_port = free_port(), free_port()
    command = [
        *odoo_start_script(),
        "--addons-path",
        config["addons_path"],
        "--data-dir",
        config["data_dir"],
        "-d",
        db,
        "--db-filter",
        f"^{re.escape(db)}$",
        "--no-database-list",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(http_port),
        "--gevent-port",
        str(gevent_port),
        "--workers",
        "2",
        "--max-cron-threads",
        "0",
        "--proxy-mode",
        "--logfile",
        str(tmp / "odoo.log"),
    ]
    for option in ("db_host", "db_port", "db_user", "db_password"):
        if config[option]:
            command += [f"--{option}", str(config[option])]
    with open(tmp / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(
            command,
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        wait_until(
            lambda: get(http_port, "/web/health")[0] == 200,
            START_TIMEOUT,
            "Odoo's HTTP workers",
            process,
        )
        yield {
            "http_port": http_port,
            "gevent_port": gevent_port,
            "log": tmp / "odoo.log",
            "process": process,
        }
    finally:
        stop(process)


def test_gevent_port_upgrades_websocket(prefork_server):
    port = prefork_server["gevent_port"]
    # the gevent process starts after the workers; the first request loads
    # the registry there
    wait_until(
        lambda: websocket_upgrade(port)[0] == 101,
        START_TIMEOUT,
        "websocket upgrade on the gevent port",
        prefork_server["process"],
    )
    status, headers, key = websocket_upgrade(port)
    assert status == 101
    assert headers["upgrade"].lower() == "websocket"
    assert headers["sec-websocket-accept"] == expected_accept(key)


def test_http_workers_do_not_upgrade(prefork_server):
    """Why the proxy routes /websocket to the gevent port: the HTTP workers
    of prefork mode cannot hold a websocket."""
    status, _headers, _key = websocket_upgrade(prefork_server["http_port"])
    assert status != 101


def nginx_conf(tmp, listen_port, server):
    template = ROOT / "config" / "nginx" / "fallmanagement.conf.template"
    values = {
        "FM_ODOO_HTTP": f"127.0.0.1:{server['http_port']}",
        "FM_ODOO_GEVENT": f"127.0.0.1:{server['gevent_port']}",
        "FM_NGINX_LISTEN": f"127.0.0.1:{listen_port}",
    }
    site = template.read_text()
    for name, value in values.items():
        site = site.replace("${" + name + "}", value)
    (tmp / "site.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = tmp / "nginx.conf"
    main.write_text(
        f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 128; }}
http {{
    access_log {tmp}/access.log;
{temp}
    include {tmp}/site.conf;
}}
"""
    )
    return main


@pytest.mark.skipif(
    not NGINX, reason="nginx not installed (tests/setup.sh installs it)"
)
def test_behind_nginx(prefork_server, tmp_path):
    """The shipped nginx template in front: /websocket reaches the gevent
    process (101), everything else the HTTP workers."""
    port = free_port()
    main = nginx_conf(tmp_path, port, prefork_server)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(main)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_until(lambda: get(port, "/web/health")[0] == 200, 60, "nginx", process)
        wait_until(
            lambda: websocket_upgrade(port)[0] == 101,
            START_TIMEOUT,
            "websocket upgrade through nginx",
            process,
        )
        status, headers, key = websocket_upgrade(port)
        assert status == 101
        assert headers["sec-websocket-accept"] == expected_accept(key)
        # the login page comes from the HTTP workers through nginx
        status, headers = get(port, "/web/login")
        assert status == 200, status
    finally:
        stop(process, signal.SIGQUIT, timeout=20)


def test_gevent_process_stays_up(prefork_server):
    """One gevent process for the whole run, and no error from it: no crash
    loop (the DistributionNotFound of issue 16). (The upgrade refused by an
    HTTP worker above logs its error in that worker.)"""
    log = prefork_server["log"].read_text(errors="replace")
    assert "DistributionNotFound" not in log
    started = re.findall(
        r"^\S+ \S+ (\d+) INFO .*Evented Service \(longpolling\) running on",
        log,
        re.MULTILINE,
    )
    assert len(started) == 1, log[-3000:]
    gevent_errors = re.findall(
        rf"^\S+ \S+ {started[0]} (?:ERROR|CRITICAL) .*$", log, re.MULTILINE
    )
    assert not gevent_errors, gevent_errors
    assert prefork_server["process"].poll() is None
