"""Outgoing webhooks (issue #14): signed as Standard Webhooks says, sent by a task after commit,
retried with back-off, logged, switched off after repeated failure, never to private addresses
unless allowed, and never slowing the page that caused the event."""

import socket
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from config.integrations import webhooks
from config.integrations.models import WebhookDelivery, WebhookEndpoint
from config.ops.worker import ResilientWorker
from forum.models import Notification
from tests import factories
from tests.integrations.receiver import Receiver

QUESTION = {"kind": "question", "title": "My parcel never arrived at all", "body": "Tracking says delivered.",
            "tags": "", "submission_token": "t-1"}


@pytest.fixture
def allow_loopback(settings):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "ALLOW_PRIVATE_TARGETS": True, "TIMEOUT_SECONDS": 15}


@pytest.fixture
def queue(settings, allow_loopback):
    """The database queue and a worker that retries at once (back-off 0 s) up to three times."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_WORKER = {"MAX_ATTEMPTS": 3, "BACKOFF_SECONDS": 0, "BACKOFF_CAP_SECONDS": 0, "LEASE_SECONDS": 300}


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


def endpoint_for(receiver, *events, **fields):
    endpoint = WebhookEndpoint.objects.create(name="Helpdesk", url=receiver.url, events=list(events),
                                              secret=webhooks.new_secret(), **fields)
    receiver.secret = endpoint.secret
    return endpoint


def worker(**options) -> ResilientWorker:
    defaults = dict(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="worker-e", excluded_queue_names=[])
    return ResilientWorker(**{**defaults, **options})


# Signing, the payload and the log


@pytest.mark.django_db(transaction=True)
def test_a_question_reaches_the_receiver_signed_so_the_standard_library_verifies_it(queue, receiver, member,
                                                                                    category):
    endpoint = endpoint_for(receiver, "question.asked")
    thread = factories.make_thread(author=member, category=category, title="My parcel never arrived at all")
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.status == "pending" and receiver.received == []  # queued, not sent in the request
    worker().run()
    (got,) = receiver.received
    assert got.error == "" and got.payload["type"] == "question.asked"
    assert got.payload["data"]["thread"]["id"] == thread.pk
    assert got.payload["data"]["thread"]["title"] == "My parcel never arrived at all"
    assert got.headers["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.last_status_code == 200
    assert delivery.last_response_ms is not None
    (attempt,) = delivery.attempt_log.all()
    assert attempt.status_code == 200 and attempt.response_ms is not None
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_a_signature_made_with_another_secret_does_not_verify(receiver):
    from standardwebhooks.webhooks import Webhook, WebhookVerificationError

    secret, other = webhooks.new_secret(), webhooks.new_secret()
    body = '{"type":"webhook.test"}'
    signature = webhooks.sign(secret, "msg_1", int(timezone.now().timestamp()), body)
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(timezone.now().timestamp())),
               "webhook-signature": signature}
    assert Webhook(secret).verify(body, headers) == {"type": "webhook.test"}
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(body, headers)


def test_only_subscribed_active_endpoints_get_an_event(member, category, receiver, allow_loopback,
                                                       django_capture_on_commit_callbacks):
    endpoint_for(receiver, "answer.accepted")
    endpoint_for(receiver, "question.asked", is_active=False)
    with django_capture_on_commit_callbacks(execute=False):
        factories.make_thread(author=member, category=category, kind="question")
    assert WebhookDelivery.objects.count() == 0


def test_a_rolled_back_change_sends_nothing(member, category, receiver, allow_loopback):
    from django.db import transaction

    endpoint_for(receiver, "question.asked")
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_thread(author=member, category=category)
        raise RuntimeError("the request failed after the thread was made")
    assert WebhookDelivery.objects.count() == 0


# Failures: retried with back-off, logged, then the endpoint is switched off with a notification


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_is_retried_and_each_attempt_is_logged(queue, receiver, member, category):
    endpoint_for(receiver, "question.asked")
    receiver.statuses = [500, 503]
    factories.make_thread(author=member, category=category)
    worker().run()  # attempt 1 fails, the worker puts it back after the back-off (0 s here), and so on
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "succeeded" and delivery.attempts == 3
    assert [(a.number, a.status_code) for a in delivery.attempt_log.all()] == [(1, 500), (2, 503), (3, 200)]
    assert [a.error for a in delivery.attempt_log.all()] == ["HTTP 500", "HTTP 503", ""]
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert ids == {delivery.message_id}  # the same id on each retry, so a receiver can de-duplicate


@pytest.mark.django_db(transaction=True)
def test_retries_back_off_exponentially_with_the_workers_policy(queue, settings, receiver, member, category):
    import time_machine
    from django_tasks_db.models import DBTaskResult

    settings.TASK_WORKER = {"MAX_ATTEMPTS": 3, "BACKOFF_SECONDS": 10, "BACKOFF_CAP_SECONDS": 600,
                            "LEASE_SECONDS": 300}
    endpoint_for(receiver, "question.asked")
    receiver.statuses = [500, 500, 500]
    factories.make_thread(author=member, category=category)
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            worker().run()
            row = DBTaskResult.objects.get(task_path="config.integrations.tasks.deliver_webhook")
            if row.status == "READY":
                waits.append(round((row.run_after - timezone.now()).total_seconds()))
                clock.move_to(row.run_after)
    assert waits == [10, 20]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 3


def test_repeated_failure_switches_the_endpoint_off_and_tells_staff(receiver, member, category, admin_user,
                                                                   allow_loopback, settings):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "DISABLE_AFTER_FAILURES": 2}
    settings.TASK_WORKER = {"MAX_ATTEMPTS": 1}
    endpoint = endpoint_for(receiver, "question.asked")
    receiver.statuses = [500, 500]
    for n in range(2):
        factories.make_thread(author=member, category=category, title=f"Parcel number {n} never arrived")
    for delivery in WebhookDelivery.objects.order_by("pk"):
        assert webhooks.deliver(delivery.pk) == "failed"
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_reason == "HTTP 500"
    notification = Notification.objects.get(recipient=admin_user, verb="webhook_disabled")
    assert "Helpdesk" in notification.text and "2 failed deliveries" in notification.text
    factories.make_thread(author=member, category=category, title="A third parcel never arrived")
    assert WebhookDelivery.objects.count() == 2  # a switched-off endpoint gets nothing new


# The SSRF guard


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/hook", "http://localhost/hook", "http://10.1.2.3/",
                                 "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]/hook", "http://[::ffff:127.0.0.1]/", "ftp://example.com/",
                                 "http://0.0.0.0/"])
def test_private_and_loopback_targets_are_refused(url):
    with pytest.raises(ValidationError):
        webhooks.check_target(url)


def test_a_public_address_is_allowed_and_the_test_setting_opens_loopback(settings):
    webhooks.check_target("https://93.184.215.14/hooks")
    settings.WEBHOOKS = {**settings.WEBHOOKS, "ALLOW_PRIVATE_TARGETS": True}
    webhooks.check_target("http://127.0.0.1:8000/hook")


def test_a_delivery_to_a_private_address_is_refused_at_send_time_too(receiver, member, category):
    endpoint_for(receiver, "question.asked")  # saved while allowed, say; DNS may change later too
    factories.make_thread(author=member, category=category)
    delivery = WebhookDelivery.objects.get()
    with pytest.raises(webhooks.DeliveryFailed):
        webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert receiver.received == [] and "private" in delivery.last_error


def _rebinding_dns(monkeypatch, name: str, first: str, then: str) -> list[str]:
    """`name` resolves to `first` once, then to `then` (a DNS rebinding attack); other names as usual."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != name:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        address = first if len(asked) == 1 else then
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_that_rebinds_to_loopback_after_the_check_is_never_connected_to(receiver, member, category,
                                                                                monkeypatch):
    import urllib3.util.connection

    endpoint_for(receiver, "question.asked")
    WebhookEndpoint.objects.update(url=receiver.url.replace("127.0.0.1", "hooks.rebind.example"))
    asked = _rebinding_dns(monkeypatch, "hooks.rebind.example", first="93.184.215.14", then="127.0.0.1")
    connected = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise OSError("no network in the test")  # the vetted public address is not reachable here

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    factories.make_thread(author=member, category=category)
    delivery = WebhookDelivery.objects.get()
    with pytest.raises(webhooks.DeliveryFailed):
        webhooks.deliver(delivery.pk)
    assert connected == [("93.184.215.14", receiver.server.server_address[1])]  # the checked address, not a second lookup
    assert asked == ["hooks.rebind.example"] and receiver.received == []


def test_the_delivery_goes_to_the_vetted_address_with_the_urls_host_name(receiver, member, category, monkeypatch):
    # Say 127.0.0.1 were a public address: the check passes it, then DNS "rebinds" to an inside
    # address. The request still reaches the vetted address, signed, with the URL's host name.
    monkeypatch.setattr(webhooks, "_public", lambda address: address == "127.0.0.1")
    endpoint_for(receiver, "question.asked")
    WebhookEndpoint.objects.update(url=receiver.url.replace("127.0.0.1", "hooks.rebind.example"))
    _rebinding_dns(monkeypatch, "hooks.rebind.example", first="127.0.0.1", then="10.9.9.9")
    factories.make_thread(author=member, category=category, title="My parcel never arrived at all")
    assert webhooks.deliver(WebhookDelivery.objects.get().pk) == "succeeded"
    (got,) = receiver.received
    assert got.error == "" and got.payload["type"] == "question.asked"
    assert got.headers["host"] == f"hooks.rebind.example:{receiver.server.server_address[1]}"


# A slow receiver never slows a page


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_sleeps_ten_seconds_does_not_slow_the_page(queue, receiver, member, category, client_for):
    if connection.vendor != "postgresql":
        # A worker thread beside the test on SQLite's shared in-memory test database locks its
        # tables ("database table is locked"); the no-worker path below covers SQLite.
        pytest.skip("a worker in a thread needs a database server (CI runs this on PostgreSQL)")
    endpoint_for(receiver, "question.asked")
    receiver.hold = threading.Event()  # the receiver sleeps up to 10 s (released at the end)
    running = worker(batch=False, interval=0.01, worker_id="worker-bg")

    def work():
        try:
            running.run()
        finally:
            connections.close_all()

    background = threading.Thread(target=work, daemon=True)
    background.start()
    try:
        page = client_for(member).post("/ask/", {**QUESTION, "category": category.pk})
        assert page.status_code == 302
        assert not receiver.finished.is_set()  # the page is back while the receiver has not answered
        assert receiver.arrived.wait(30)  # …and the event did go out, from the worker
        assert not receiver.finished.is_set()  # the receiver is still asleep
    finally:
        receiver.hold.set()
        assert receiver.finished.wait(30)
        running.running = False
        background.join(30)
    assert receiver.received[0].payload["data"]["thread"]["title"] == QUESTION["title"]


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_sending_runs_beside_the_page_not_in_it(settings, allow_loopback, receiver, member,
                                                                    category, client_for):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    endpoint_for(receiver, "question.asked")
    receiver.hold = threading.Event()
    try:
        page = client_for(member).post("/ask/", {**QUESTION, "category": category.pk})
        assert page.status_code == 302
        assert not receiver.finished.is_set()
        assert receiver.arrived.wait(30)
    finally:
        receiver.hold.set()
    assert receiver.finished.wait(30)


# The staff screens


def test_staff_register_an_endpoint_and_send_a_test_event(client_for, admin_user, receiver, queue,
                                                          django_capture_on_commit_callbacks):
    client = client_for(admin_user)
    response = client.post("/admin/integrations/webhookendpoint/add/", {
        "name": "CRM", "url": receiver.url, "events": ["question.asked", "case.resolved"], "is_active": "on",
        "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_") and endpoint.events == ["question.asked", "case.resolved"]
    receiver.secret = endpoint.secret
    page = client.get(f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert "Send test event" in page and endpoint.secret in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/integrations/webhookendpoint/{endpoint.pk}/send-test/")
    delivery = WebhookDelivery.objects.get(event_type="webhook.test")
    assert webhooks.deliver(delivery.pk) == "succeeded"  # what the worker runs
    assert receiver.received[0].payload["type"] == "webhook.test"
    log = client.get(f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert "webhook.test" in log and "200" in log


def test_staff_cannot_register_a_private_address_in_production(client_for, admin_user):
    response = client_for(admin_user).post("/admin/integrations/webhookendpoint/add/", {
        "name": "Inside", "url": "http://10.0.0.5/hook", "events": ["question.asked"], "is_active": "on",
        "deliveries-TOTAL_FORMS": "0", "deliveries-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and WebhookEndpoint.objects.count() == 0
    assert "private, loopback or reserved" in response.content.decode()


def test_only_admins_open_the_webhook_and_token_screens_or_send_a_test_event(client_for, member, moderator, editor,
                                                                            admin_user):
    endpoint = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.com/hooks",
                                              events=["question.asked"], secret=webhooks.new_secret())
    screens = ["/admin/integrations/webhookendpoint/", f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/",
               "/admin/integrations/webhookdelivery/", "/admin/integrations/apitoken/"]
    send_test = f"/admin/integrations/webhookendpoint/{endpoint.pk}/send-test/"
    for user in (None, member, moderator, editor):  # staff flag or not: no model rights, no screen
        client = client_for(user)
        for url in screens:
            assert client.get(url).status_code in (302, 403), (user, url)
        assert client.post(send_test).status_code in (302, 403), user
    assert WebhookDelivery.objects.count() == 0
    admin = client_for(admin_user)
    assert all(admin.get(url).status_code == 200 for url in screens)
    assert admin.get(send_test).status_code == 405  # a button, not a link


def test_the_webhook_screens_speak_dutch(client_for, admin_user):
    client = client_for(admin_user)
    html = client.get("/admin/integrations/webhookendpoint/add/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Er werd een vraag gesteld" in html

