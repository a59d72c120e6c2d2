"""Outgoing webhooks, signed as the Standard Webhooks specification says (standardwebhooks.com):

    webhook-id: msg_…            the delivery's id, the same on every retry (receivers de-duplicate on it)
    webhook-timestamp: 1733050000  seconds since the epoch, of this attempt
    webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>" with the secret's bytes>

The secret is "whsec_" + base64 of 32 random bytes, shown to staff on the endpoint's page.
`emit` is called by receivers inside the service's transaction and only writes delivery rows; the
request goes out from a task after commit (integrations.tasks), so a slow or dead receiver never
slows a page and a rolled-back change sends nothing. Retries use the worker's back-off
(config/ops/worker.py); an endpoint that fails WEBHOOKS["DISABLE_AFTER_FAILURES"] times in a row is
switched off and staff are told.
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import threading
import time
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from config.integrations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

EVENTS = {
    "question.asked": _("A question was asked"),
    "problem_report.filed": _("A problem was posted"),
    "answer.accepted": _("An answer was accepted"),
    "answer.verified": _("An answer was verified"),
    "response_target.breached": _("A response target was missed"),
    "case.resolved": _("A case was resolved"),
    "follow_up.answered": _("A customer answered a follow-up"),
    "feedback.received": _("Feedback was received"),
    "compliment.received": _("A compliment was received"),
    "known_issue.updated": _("A known issue was published or updated"),
}
TEST_EVENT = "webhook.test"

TARGET_NOT_HTTP = _("The URL must start with https:// or http://.")
TARGET_UNRESOLVED = _("The URL's host name does not resolve.")
TARGET_PRIVATE = _("The URL points at a private, loopback or reserved address; webhooks go to public addresses only.")
DISABLED_NOTICE = _("Webhook endpoint “%(name)s” was switched off after %(count)s failed deliveries in a row. "
                    "Last error: %(error)s")

DEFAULTS = {"TIMEOUT_SECONDS": 5, "DISABLE_AFTER_FAILURES": 10, "ALLOW_PRIVATE_TARGETS": False}


def policy() -> dict:
    return {**DEFAULTS, **getattr(settings, "WEBHOOKS", {})}


# Signing


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _secret_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    content = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers_for(delivery: WebhookDelivery, body: str, *, now: int | None = None) -> dict:
    timestamp = int(now if now is not None else time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": f"{settings.SITE_NAME}-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(delivery.endpoint.secret, delivery.message_id, timestamp, body),
    }


def body_of(delivery: WebhookDelivery) -> str:
    return json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


# The SSRF guard


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_target(url: str) -> list[str]:
    """Refuse a URL whose host is (or resolves to) a private, loopback, link-local, multicast or
    reserved address, so staff cannot point the server at the inside network. Checked when an
    endpoint is saved and again before every attempt; returns the vetted addresses, and the attempt
    connects to those only (`_post`), so a DNS answer that changes after the check (rebinding)
    cannot reach inside. WEBHOOKS["ALLOW_PRIVATE_TARGETS"] lets tests and an all-internal
    installation send anywhere (then [] is returned and the name is resolved as usual)."""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(TARGET_NOT_HTTP)
    if policy()["ALLOW_PRIVATE_TARGETS"]:
        return []
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(TARGET_UNRESOLVED) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses or not all(_public(address) for address in addresses):
        raise ValidationError(TARGET_PRIVATE)
    return addresses


def _pinned_session(addresses: list[str]):
    """A requests session whose connections go to `addresses` only, never asking DNS again; the Host
    header, TLS's server name and the certificate check still use the URL's host name. No proxy from
    the environment (a proxy would make its own DNS lookup)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
    from urllib3.util import connection as urllib3_connection

    def pinned(connection_class):
        class PinnedConnection(connection_class):
            def _new_conn(self):
                # urllib3's own, with the vetted addresses in place of a DNS lookup of self.host
                # (which stays the URL's name, for the Host header and TLS).
                failure = None
                for address in addresses:
                    try:
                        return urllib3_connection.create_connection(
                            (address, self.port), self.timeout, source_address=self.source_address,
                            socket_options=self.socket_options)
                    except TimeoutError:
                        failure = ConnectTimeoutError(self, f"Connection to {self.host} ({address}) timed out.")
                    except OSError as error:
                        failure = NewConnectionError(self, f"Failed to connect to {self.host} ({address}): {error}")
                raise failure
        return PinnedConnection

    class PinnedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": type("PinnedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": pinned(HTTPConnection)}),
                "https": type("PinnedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": pinned(HTTPSConnection)}),
            }

    session = requests.Session()
    session.trust_env = False
    if addresses:
        session.mount("http://", PinnedAdapter())
        session.mount("https://", PinnedAdapter())
    return session


# Emitting


def _message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def emit(event_type: str, data: dict, *, endpoints=None) -> list[WebhookDelivery]:
    """Queue `event_type` for every active endpoint that wants it (one query when none does).

    Call inside the transaction of the change: the rows commit with it and the sending starts
    after commit; a rollback sends nothing."""
    if endpoints is None:
        endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if event_type in e.events]
    payload = {"type": event_type, "timestamp": timezone.now().isoformat(), "data": data}
    deliveries = [WebhookDelivery.objects.create(endpoint=endpoint, message_id=_message_id(), event_type=event_type,
                                                 payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)))
                  for endpoint in endpoints]
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))
    return deliveries


def send_test_event(*, endpoint: WebhookEndpoint, by) -> WebhookDelivery:
    """The admin's "send test event" button: a signed ping to this endpoint only (even if inactive)."""
    with transaction.atomic():
        (delivery,) = emit(TEST_EVENT, {"endpoint": endpoint.name, "sent_by": by.get_username()},
                           endpoints=[endpoint])
    return delivery


def enqueue(delivery_id: int) -> None:
    """Hand the delivery to the task queue. The in-process backend (no worker) would send inside
    the request, so there the task runs in a thread of its own: no page waits for a receiver."""
    from django_tasks import default_task_backend

    from config.integrations import tasks

    if default_task_backend.supports_defer:
        tasks.deliver_webhook.enqueue(delivery_id)
        return

    def run():
        try:
            tasks.deliver_webhook.call(delivery_id)
        except Exception:
            logger.exception("Webhook delivery %s failed", delivery_id)
        finally:
            close_old_connections()

    threading.Thread(target=run, name=f"webhook-{delivery_id}", daemon=True).start()


# Sending


class DeliveryFailed(Exception):
    """Raised so the worker tries again later (config/ops/worker.py back-off)."""


def _record(delivery, *, status_code, response_ms, error):
    WebhookAttempt.objects.create(delivery=delivery, number=delivery.attempts, status_code=status_code,
                                  response_ms=response_ms, error=error[:300])


def deliver(delivery_id: int) -> str:
    """One attempt at one delivery; the task calls this. Returns the delivery's status."""
    import requests

    from config.ops.worker import policy as worker_policy

    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (WebhookDelivery.Status.SUCCEEDED, WebhookDelivery.Status.SKIPPED):
        return delivery.status if delivery else "gone"
    endpoint = delivery.endpoint
    if not endpoint.is_active and delivery.event_type != TEST_EVENT:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.SKIPPED)
        return WebhookDelivery.Status.SKIPPED
    delivery.attempts += 1
    body = body_of(delivery)
    status_code = response_ms = None
    error = ""
    try:
        addresses = check_target(endpoint.url)
        started = time.monotonic()
        with _pinned_session(addresses) as session:
            response = session.post(endpoint.url, data=body.encode(), headers=headers_for(delivery, body),
                                    timeout=policy()["TIMEOUT_SECONDS"], allow_redirects=False)
        response_ms = int((time.monotonic() - started) * 1000)
        status_code = response.status_code
        ok = 200 <= status_code < 300
        if not ok:
            error = f"HTTP {status_code}"
    except ValidationError as refused:
        ok, error = False, str(refused.messages[0])
    except requests.RequestException as failure:
        ok, error = False, f"{type(failure).__name__}: {failure}"
    _record(delivery, status_code=status_code, response_ms=response_ms, error=error)
    fields = {"attempts": delivery.attempts, "last_status_code": status_code, "last_response_ms": response_ms,
              "last_error": error[:300]}
    if ok:
        fields.update(status=WebhookDelivery.Status.SUCCEEDED, delivered_at=timezone.now())
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return WebhookDelivery.Status.SUCCEEDED
    retry = delivery.attempts < worker_policy()["MAX_ATTEMPTS"]
    fields["status"] = WebhookDelivery.Status.RETRYING if retry else WebhookDelivery.Status.FAILED
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    _count_failure(endpoint, error)
    logger.warning("Webhook %s to %s failed (attempt %d): %s", delivery.message_id, endpoint.url,
                   delivery.attempts, error)
    if retry:
        raise DeliveryFailed(error)
    return WebhookDelivery.Status.FAILED


def _count_failure(endpoint: WebhookEndpoint, error: str) -> None:
    limit = policy()["DISABLE_AFTER_FAILURES"]
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=F("consecutive_failures") + 1)
        switched = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True, consecutive_failures__gte=limit).update(
            is_active=False, disabled_at=timezone.now(), disabled_reason=error[:300])
        if switched:
            _tell_staff(endpoint, limit, error)


def _tell_staff(endpoint: WebhookEndpoint, count: int, error: str) -> None:
    """An in-app notification (and email, as each prefers) to everyone who manages webhooks."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.urls import reverse

    from forum import services as forum_services

    managers = get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(user_permissions__codename="change_webhookendpoint")
        | Q(groups__permissions__codename="change_webhookendpoint")).distinct().select_related("profile")
    url = reverse("admin:integrations_webhookendpoint_change", args=[endpoint.pk])
    for manager in managers:
        with override(getattr(getattr(manager, "profile", None), "language", "en")):
            text = str(DISABLED_NOTICE) % {"name": endpoint.name, "count": count, "error": error}
        forum_services.notify_member(recipient=manager, verb="webhook_disabled", text=text, url=url)
