"""gunicorn + whitenoise with the production settings, as the README's Production section runs them."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.foundation.test_settings_from_environment import PRODUCTION, clean_environment

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("production")
    env = clean_environment(data, **{**PRODUCTION, "ALLOWED_HOSTS": "127.0.0.1"})
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)
    port = free_port()
    log = open(data / "gunicorn.log", "wb")  # closed in the finally below
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # gunicorn listens before its worker has loaded Django: wait until a request is answered.
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited: {(data / 'gunicorn.log').read_text()}")
            try:
                fetch(f"{base}/healthz", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer within 90 seconds")
                time.sleep(0.5)
        yield base, data
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_collectstatic_writes_hashed_and_compressed_files_into_the_data_directory(production_server):
    _, data = production_server
    static = data / "static"
    assert (static / "staticfiles.json").exists()
    hashed = [p.name for p in (static / "css").glob("site.*.css")]
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.css", name) for name in hashed)
    assert any(name.endswith(".css.gz") for name in os.listdir(static / "css"))


def test_whitenoise_serves_hashed_static_files_compressed_and_cached_for_ever(production_server):
    base, data = production_server
    name = next(p.name for p in (data / "static" / "css").glob("site.*.css") if p.suffix == ".css")
    status, headers, body = fetch(f"{base}/static/css/{name}", **{"Accept-Encoding": "gzip",
                                                                 "X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_plain_http_is_redirected_to_https(production_server):
    base, _ = production_server
    status, headers, _ = fetch(f"{base}/healthz")
    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1")


def test_https_responses_carry_hsts_and_the_security_headers(production_server):
    base, _ = production_server
    status, headers, body = fetch(f"{base}/healthz", **{"X-Forwarded-Proto": "https"})
    assert status in (200, 503)  # the database of this scratch directory is not migrated
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert b'"database": {"ok": true' in body


def test_an_unknown_host_is_refused(production_server):
    base, _ = production_server
    status, _, _ = fetch(f"{base}/healthz", Host="evil.example.com", **{"X-Forwarded-Proto": "https"})
    assert status == 400
