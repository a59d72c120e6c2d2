"""`make run` (config.settings.dev) serves the site's CSS and JavaScript with DEBUG off too."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.foundation.test_settings_from_environment import clean_environment

ROOT = Path(__file__).resolve().parents[2]

# A fresh process, because whitenoise reads its settings once, when the middleware is built.
PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
print(json.dumps({path: [response.status_code, response.get("Content-Type", "")]
                  for path in ("/static/css/site.css", "/static/js/site.js", "/static/css/forum.css")
                  for response in [client.get(path)]}))
"""


@pytest.mark.parametrize("debug", ["0", "1"])
def test_the_demo_serves_static_files_without_collectstatic_whatever_debug_is(tmp_path, debug):
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=clean_environment(tmp_path, DEBUG=debug))
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert not list((tmp_path / "static").rglob("*.css"))  # nothing was collected
    assert found["/static/css/site.css"][0] == 200 and found["/static/css/site.css"][1].startswith("text/css")
    assert found["/static/css/forum.css"][0] == 200
    assert found["/static/js/site.js"][0] == 200 and "javascript" in found["/static/js/site.js"][1]
