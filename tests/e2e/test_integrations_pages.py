"""The integration pages in Chromium (issue #14): axe-core over the member's API tokens page (empty,
with a token just made and its secret shown once, with errors) and the staff's token and webhook
screens in the admin (lists, a new endpoint, an endpoint with its delivery log, a delivery with its
attempts), in English and Dutch at both widths, with the rules and reflow checks of
test_accessibility.py. And the head of a thread page as a crawler reads it after rendering:
canonical link, Open Graph tags and the QAPage JSON-LD."""

import json

import pytest

from config.integrations import tokens, webhooks
from config.integrations.models import ApiToken, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests import factories
from tests.e2e.test_accessibility import PASSWORD, Role, Visit, run_site_map, submit_empty

pytestmark = pytest.mark.django_db(transaction=True)


def make_token(page):
    """The token form filled in and sent: the page then shows the new secret, once."""
    form = page.locator("main form.form")
    form.locator("input[name=name]").fill("CRM sync")
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert page.locator("#token-secret").input_value().startswith(tokens.PREFIX)


def integration_pages() -> list[Role]:
    member = factories.make_member(username="sanne", email="sanne@example.com", password=PASSWORD)
    tokens.token_create(user=member, name="Old laptop script", scopes=[ApiToken.Scope.READ])
    admin = factories.make_member(username="ada", email="admin@example.com", password=PASSWORD,
                                  is_staff=True, is_superuser=True)
    integration = tokens.token_create(user=admin, name="Helpdesk", scopes=[ApiToken.Scope.READ]).token
    endpoint = WebhookEndpoint.objects.create(name="Helpdesk", url="https://helpdesk.example.com/hooks",
                                              events=["question.asked", "case.resolved"],
                                              secret=webhooks.new_secret())
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, message_id="msg_a11y", event_type="question.asked",
                                              payload={"type": "question.asked"}, status="retrying", attempts=1,
                                              last_status_code=503, last_response_ms=120, last_error="HTTP 503")
    WebhookAttempt.objects.create(delivery=delivery, number=1, status_code=503, response_ms=120, error="HTTP 503")
    token_page = "/settings/api-tokens/"
    return [
        Role("member", "sanne@example.com", [
            Visit(token_page, label="API tokens"),
            Visit(token_page, prepare=make_token, label="API tokens, a token just made"),
            Visit(token_page, prepare=submit_empty("main form.form"), label="API tokens with errors"),
        ]),
        Role("admin", "admin@example.com", [
            Visit("/admin/integrations/apitoken/", label="admin: API tokens"),
            Visit(f"/admin/integrations/apitoken/{integration.pk}/change/", label="admin: an API token"),
            Visit("/admin/integrations/webhookendpoint/", label="admin: webhook endpoints"),
            Visit("/admin/integrations/webhookendpoint/add/", label="admin: new webhook endpoint"),
            Visit(f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/", label="admin: endpoint and its log"),
            Visit("/admin/integrations/webhookdelivery/", label="admin: webhook deliveries"),
            Visit(f"/admin/integrations/webhookdelivery/{delivery.pk}/change/", label="admin: a delivery"),
        ]),
    ]


def test_the_token_and_webhook_pages_pass_axe_in_both_languages_at_both_widths(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    roles = integration_pages()
    failures, pages = run_site_map(browser, live_server, roles)
    assert pages == sum(len(role.visits) for role in roles) * 2
    assert not failures, f"{len(failures)} axe violations:\n" + "\n".join(failures)


def test_a_thread_pages_head_carries_canonical_open_graph_and_qapage(page, live_server):
    category = factories.make_category(name="Orders & delivery", slug="orders")
    thread = factories.make_thread(category=category, title="My parcel shows delivered but it is not here")
    factories.make_answer(thread=thread, body="Ask your neighbours first, then file a claim.")
    url = f"{live_server.url}{thread.get_absolute_url()}"
    page.goto(thread.get_absolute_url())
    head = page.evaluate("""() => ({
        canonical: document.querySelector('link[rel=canonical]')?.href,
        ogTitle: document.querySelector('meta[property="og:title"]')?.content,
        ogUrl: document.querySelector('meta[property="og:url"]')?.content,
        ogImage: document.querySelector('meta[property="og:image"]')?.content,
        twitter: document.querySelector('meta[name="twitter:card"]')?.content,
        robots: document.querySelector('meta[name=robots]')?.content ?? null,
        jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent),
    })""")
    assert head["canonical"] == url and head["ogUrl"] == url
    assert head["ogTitle"] == "My parcel shows delivered but it is not here"
    assert head["ogImage"].startswith(live_server.url) and head["twitter"] == "summary_large_image"
    assert head["robots"] is None  # an answered public thread is indexed
    found = {}
    for text in head["jsonld"]:
        data = json.loads(text)
        for item in data if isinstance(data, list) else [data]:
            found[item["@type"]] = item
    question = found["QAPage"]["mainEntity"]
    assert question["name"] == "My parcel shows delivered but it is not here"
    assert question["answerCount"] == 1
    assert question["suggestedAnswer"][0]["text"].startswith("Ask your neighbours first")
    assert [i["name"] for i in found["BreadcrumbList"]["itemListElement"]][-1] == thread.title
    assert page.console_errors == []
