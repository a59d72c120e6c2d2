"""axe-core over the site map of roles, in English and Dutch, at desktop and phone width.

The demo (`seed_demo`) is loaded once per test, so every page has realistic content: threads in two
languages, cases, reports, badges, articles. Each role signs in once, in one browser context per
language; each page is loaded once and checked at 1280 px, then again at 390 px without reloading.
Fails on any serious or critical violation, and on moderate ones on pages a visitor can open.

axe-core ships inside `axe-playwright-python` (axe.min.js in the wheel): nothing is fetched.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

# Wagtail's page tree and groups come from migrations: seed_demo needs them (see the Makefile).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "flawsome-demo"
WIDTHS = (1280, 390)
LANGUAGES = ("en", "nl")
FAIL_EVERYWHERE = {"serious", "critical"}
FAIL_ON_PUBLIC = FAIL_EVERYWHERE | {"moderate"}
# Reflow (WCAG 1.4.10) and text resize (1.4.4): a 320 px screen, and text at 200 % on a desktop and on
# a desktop zoomed to 200 % (640 px). Nothing may need sideways scrolling of the whole page.
REFLOW = ((320, "100%"), (1280, "200%"), (640, "200%"))
AXE = Axe()
# Off by default in axe-core 4.12, but WCAG 2.5.3 (A): a visible label must be part of the name.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}


@dataclass
class Visit:
    url: str
    public: bool = False
    # Runs after the page loads, before axe (e.g. submit an empty form to check the error state).
    prepare: Callable | None = None
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.url


@dataclass
class Role:
    name: str
    email: str | None
    visits: list[Visit] = field(default_factory=list)


def submit_empty(selector: str) -> Callable:
    def run(page):
        form = page.locator(selector).first
        form.evaluate("form => form.setAttribute('novalidate', '')")
        form.locator("[type=submit]").last.click()
        page.wait_for_load_state("load")
    return run


def site_map() -> list[Role]:
    """Every kind of page each role sees, found in the demo's data."""
    from badges.models import Badge
    from blog.models import ArticlePage, KnownIssuePage
    from forum.models import Answer, Category, Thread
    from moderation.recovery import services as recovery_services
    from moderation.recovery.models import Case, FollowUp

    solved = Thread.objects.filter(status=Thread.Status.SOLVED, language="en").order_by("pk").first()
    dutch = Thread.objects.filter(language="nl").order_by("pk").first()
    category = Category.objects.order_by("pk").first()
    tag = solved.tags.order_by("pk").first()
    badge = Badge.objects.order_by("pk").first()
    article = ArticlePage.objects.live().order_by("pk").first()
    known_issue = KnownIssuePage.objects.live().order_by("pk").first()
    case = Case.objects.order_by("pk").first()
    follow_up = FollowUp.objects.order_by("pk").first()
    own = Thread.objects.filter(author__username="sanne").order_by("pk").first()
    own_answer = Answer.objects.filter(author__username="sanne").order_by("pk").first()
    someone_else = Answer.objects.exclude(author__username="sanne").order_by("pk").first()

    public = [
        Visit("/", True), Visit("/unanswered/", True), Visit("/solved/", True),
        Visit(f"/c/{category.slug}/", True), Visit(f"/tags/{tag.slug}/", True),
        Visit(solved.get_absolute_url(), True, label="thread (solved, English)"),
        Visit(dutch.get_absolute_url(), True, label="thread (Dutch)"),
        Visit(f"/thread/{solved.pk}/history/", True),
        Visit("/members/tom/", True), Visit("/badges/", True), Visit("/badges/ranks/", True),
        Visit("/badges/leaderboard/", True), Visit(f"/badges/b/{badge.slug}/", True),
        Visit("/badges/members/tom/reputation/", True),
        Visit("/search/?q=parcel", True), Visit("/search/?q=zzqqxx", True, label="search, no results"),
        Visit("/blog/", True), Visit(article.url, True, label="how-to article"),
        Visit("/known-issues/", True), Visit(known_issue.url, True, label="known issue"),
        Visit("/feedback/", True),
        Visit("/feedback/", True, submit_empty("main form"), "feedback form with errors"),
        Visit("/no-such-page-here/", True, label="404"),
        Visit("/accounts/login/", True), Visit("/accounts/signup/", True),
        Visit("/accounts/signup/", True, submit_empty("main form"), "sign-up form with errors"),
        Visit("/accounts/password/reset/", True),
    ]
    if follow_up is not None:
        public.append(Visit(f"/follow-up/{recovery_services.follow_up_token(follow_up)}/", True,
                            label="follow-up"))
    member = [
        Visit("/"), Visit("/ask/"), Visit("/ask/", prepare=submit_empty("main form.ask-form, main form"),
                                          label="ask form with errors"),
        Visit("/mine/"), Visit("/notifications/"), Visit("/settings/"), Visit("/members/sanne/"),
        Visit(solved.get_absolute_url(), label="thread as a member"),
        Visit(f"/moderation/report/answer/{someone_else.pk}/"), Visit("/moderation/me/"),
        Visit("/accounts/email/"), Visit("/accounts/password/change/"), Visit("/accounts/2fa/"),
    ]
    author = [Visit(own.get_absolute_url(), label="own thread (accept buttons)")]
    if own_answer is not None:
        author.append(Visit(f"/answer/{own_answer.pk}/edit/", label="edit own answer"))
    author.append(Visit(f"/thread/{own.pk}/edit/", label="edit own thread"))
    moderator = [
        Visit("/moderation/"), Visit("/moderation/verification/"), Visit("/moderation/review/"),
        Visit("/moderation/log/"), Visit("/moderation/members/tom/"), Visit("/moderation/members/tom/warn/"),
        Visit("/moderation/waiting/"), Visit("/moderation/dashboard/"), Visit("/moderation/feedback/inbox/"),
        Visit("/moderation/compliments/"), Visit(solved.get_absolute_url(), label="thread with moderator tools"),
        Visit(f"/moderation/threads/{solved.pk}/close/"), Visit(f"/moderation/threads/{solved.pk}/move/"),
    ]
    if case is not None:
        moderator.append(Visit(f"/moderation/cases/{case.pk}/", label="case"))
    editor = [Visit(solved.get_absolute_url(), label="thread with the article links panel"),
              Visit(article.url, label="article as an editor")]
    return [
        Role("visitor", None, public),
        Role("member", "sanne@example.com", member),
        Role("author", "sanne@example.com", author),
        Role("moderator", "moderator@example.com", moderator),
        Role("editor", "editor@example.com", editor),
    ]


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_selector(".user-menu")


def context_for(browser, live_server, role: Role, language: str):
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    if role.email:
        sign_in(page, role.email)
    # After sign-in the member's profile language is put in the cookie: set the one under test.
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return context, page


def audit(page, visit: Visit) -> list[dict]:
    """The violations at each width, each as {impact, id, help, targets, width}."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        result = AXE.run(page, options=AXE_OPTIONS)
        for violation in result.response["violations"]:
            found.append({"impact": violation["impact"], "id": violation["id"], "help": violation["help"],
                          "targets": [" ".join(node["target"]) for node in violation["nodes"]][:5],
                          "width": width})
    for width, text_size in REFLOW:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
        wider = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.evaluate("document.documentElement.style.fontSize = ''")
        if wider > 0:
            found.append({"impact": "serious", "id": "reflow", "help": f"text at {text_size}: {wider}px too wide",
                          "targets": [], "width": width})
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return found


def run_site_map(browser, live_server, roles: list[Role]) -> tuple[list[str], int]:
    failures, pages = [], 0
    for role in roles:
        for language in LANGUAGES:
            context, page = context_for(browser, live_server, role, language)
            try:
                for visit in role.visits:
                    page.goto(visit.url)
                    if visit.prepare:
                        visit.prepare(page)
                    assert page.evaluate("document.documentElement.lang") == language, visit.name
                    pages += 1
                    failing = FAIL_ON_PUBLIC if visit.public else FAIL_EVERYWHERE
                    for item in audit(page, visit):
                        if item["impact"] in failing:
                            failures.append(f"{role.name} {language} {item['width']}px {visit.name}: "
                                            f"{item['impact']} {item['id']} ({item['help']}) {item['targets']}")
            finally:
                context.close()
    return failures, pages


def test_every_page_of_every_role_passes_axe_in_both_languages_at_both_widths(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    roles = site_map()
    failures, pages = run_site_map(browser, live_server, roles)
    assert pages == sum(len(role.visits) for role in roles) * len(LANGUAGES)
    assert not failures, f"{len(failures)} axe violations:\n" + "\n".join(failures)


def test_axe_finds_what_it_must_on_a_broken_page(browser, live_server):
    """The check itself works: a page with a known serious violation fails it."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.evaluate("document.querySelector('label[for=id_login]').remove()")
    result = AXE.run(page)
    context.close()
    ids = {violation["id"]: violation["impact"] for violation in result.response["violations"]}
    assert ids.get("label") == "critical", ids
