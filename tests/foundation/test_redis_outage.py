"""Redis is a cache, not a single point of failure (#11 item 4).

A real redis-server on a free loopback port is started, the site's cache, sessions and rate
limits are pointed at it, and it is killed and started again while a member is signed in.
"""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from config import env
from config.web import ratelimit
from forum.models import Answer
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed here"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One throw-away redis-server: no snapshots, so a restart comes back empty, as after a crash."""

    def __init__(self):
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _attempt in range(100):  # wait until it answers (a readiness wait, not a timing assertion)
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait()

    def keys(self) -> list[str]:
        import redis

        return [key.decode() for key in redis.Redis(port=self.port).keys("*")]


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


@pytest.fixture
def site_on_redis(settings, redis_server):
    """The production wiring of config/settings/base.py, pointed at this test's own Redis."""
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "flawsome.cache"
    settings.CACHES = env.redis_caches(redis_server.url)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.RATE_LIMIT_CACHE = "ratelimit"
    ratelimit.reset_local()
    for log_filter in logging.getLogger("flawsome.cache").filters:  # an earlier test's outage was logged
        log_filter.reset()
    yield redis_server
    ratelimit.reset_local()


def test_with_redis_down_pages_answer_sessions_survive_and_redis_is_used_again(site_on_redis, client_for,
                                                                               category, caplog):
    redis_server = site_on_redis
    asker = factories.make_member(username="asker")
    helper = factories.make_member(username="helper")
    factories.grant(helper, "bypass_new_member_limits")
    thread = factories.make_thread(author=asker, category=category, title="My parcel never arrived at home")
    signed_in = client_for(helper)
    visitor = client_for(None)

    def pages_answer(client) -> list[int]:
        """Home, the thread, and the sign-in page (which sends a signed-in member on, with a 302)."""
        return [client.get(url).status_code for url in ("/", thread.get_absolute_url(), reverse("account_login"))]

    # Redis up: pages answer and the cache is in use (the banner lookup, the session).
    assert pages_answer(visitor) == [200, 200, 200]
    assert signed_in.get(reverse("forum:settings")).status_code == 200
    session_key = signed_in.cookies["sessionid"].value
    assert any(session_key in key for key in redis_server.keys())

    redis_server.kill()

    # Redis down: every page still answers from the database ...
    assert pages_answer(visitor) == [200, 200, 200]
    assert pages_answer(signed_in) == [200, 200, 302]
    # ... the signed-in member is still signed in (the session is in the database) ...
    assert signed_in.get(reverse("forum:settings")).status_code == 200
    # ... can post (the rate limit counts in this process) ...
    response = signed_in.post(reverse("forum:answer", args=[thread.pk]),
                              {"body": "Ask at the pick-up point next door.", "submission_token": "t-1"})
    assert response.status_code == 302 and Answer.objects.filter(author=helper).count() == 1
    # ... and a visitor can sign in.
    response = visitor.post(reverse("account_login"), {"login": asker.email, "password": "password-123!"})
    assert response.status_code == 302
    assert visitor.get(reverse("forum:settings")).status_code == 200
    assert "Exception ignored" in caplog.text  # cache errors are logged, not raised
    health = visitor.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "degraded"
    assert health.json()["checks"]["cache"]["ok"] is False

    redis_server.start()  # empty, as after a crash

    # Redis back, no restart of the site: pages answer and fill the cache again.
    assert pages_answer(signed_in) == [200, 200, 302]
    assert signed_in.get(reverse("forum:settings")).status_code == 200
    keys = redis_server.keys()
    assert any(session_key in key for key in keys), keys  # the session is cached again
    assert any("blog:open-known-issues" in key for key in keys), keys  # so is the banner lookup
    assert any(":rl:" in key for key in keys) is False  # nothing rate-limited yet since the restart
    assert visitor.get("/healthz").json()["checks"]["cache"]["ok"] is True
    signed_in.post(reverse("forum:preview"), {"body": "*hi*"})
    assert any(":rl:preview:" in key for key in redis_server.keys())  # limits count in Redis again


def test_rate_limits_stay_on_while_redis_is_down(site_on_redis, settings, client_for, category):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": {"ip": (2, 60)}}
    site_on_redis.kill()
    client = client_for(None)
    url = reverse("search:results") + "?q=parcel"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
