"""`make run` shows the product as visitors see it (#15 item 12: a dead link showed Django's debug 404)
and links emails to the address it serves on (#15 item 1: HOST=…:8101 sent links to :8000).

The Makefile's recipe runs here for real, with a stand-in virtualenv whose `python` and `honcho`
write down the environment they were started with; the dev settings read DEBUG from it (in a
fresh process), and with DEBUG off a dead link gets the site's own 404 page."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.foundation.test_settings_from_environment import settings_with

ROOT = Path(__file__).resolve().parents[2]
RECORDER = """#!/bin/sh
printf '%s\\n' "{\\"argv\\": \\"$*\\", \\"DEBUG\\": \\"$DEBUG\\", \\"SITE_URL\\": \\"$SITE_URL\\", \\"HOST\\": \\"$HOST\\"}" >> "$RECORD"
"""


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_run(tmp_path, **variables) -> list[dict]:
    """Run `make run` with a stand-in virtualenv; what each command it started was given."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for tool in ("python", "honcho"):
        (venv / "bin" / tool).write_text(RECORDER)
        (venv / "bin" / tool).chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml: nothing to install
    os.utime(venv / ".installed", (ROOT.joinpath("pyproject.toml").stat().st_mtime + 60,) * 2)
    record = tmp_path / "record.jsonl"
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SITE_URL", "HOST")}
    env.update(RECORD=str(record), **variables)
    subprocess.run(["make", "--no-print-directory", "run", f"VENV={venv}"], cwd=ROOT, env=env, check=True,
                   capture_output=True, text=True, timeout=60)
    return [json.loads(line) for line in record.read_text().splitlines()]


@needs_make
def test_make_run_serves_with_debug_off_and_links_to_the_host_it_serves_on(tmp_path):
    calls = make_run(tmp_path, HOST="127.0.0.1:8101")
    assert [call["argv"].split()[:2] for call in calls] == [["manage.py", "migrate"], ["manage.py", "seed_demo"],
                                                            ["-f", "config/deploy/Procfile.dev"]]
    for call in calls:  # the migration, the demo and the three processes under honcho
        assert (call["DEBUG"], call["SITE_URL"]) == ("0", "http://127.0.0.1:8101"), call
    assert calls[-1]["HOST"] == "127.0.0.1:8101"


@needs_make
def test_a_developer_gets_the_debug_pages_and_keeps_a_site_url_they_set(tmp_path):
    calls = make_run(tmp_path, DEBUG="1", SITE_URL="https://demo.example.org")
    assert {(call["DEBUG"], call["SITE_URL"]) for call in calls} == {("1", "https://demo.example.org")}


@pytest.mark.parametrize(("variable", "debug"), [("0", False), ("1", True)])
def test_the_settings_make_run_starts_read_debug_from_it(tmp_path, variable, debug):
    # `make run` exports DEBUG=0 (above); config.settings.dev on its own would turn DEBUG on.
    assert settings_with(tmp_path, DEBUG=variable)["debug"] is debug


@pytest.mark.django_db
def test_with_debug_off_a_dead_link_shows_the_products_own_404(client, settings):
    settings.DEBUG = False
    response = client.get("/t/999999/no-such-thread/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'id="notfound-search"' in html and 'class="site-header"' in html  # the site's page, with its search
    assert "Using the URLconf" not in html


@pytest.mark.django_db
def test_with_debug_on_a_developer_gets_djangos_debug_404(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Using the URLconf defined in" in response.content.decode()


def test_the_readme_says_how_to_get_the_debug_pages():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"`DEBUG=1 make run`[^.]*debug pages", readme)
