"""What the browser lets a person type is what the server accepts, for every field of every form
(#15 item 5: a title of 151-200 characters could be typed and was then refused).

tests/forum/test_form_limits.py follows the title and the body through the ask, edit and answer
pages; this file holds every other form to the same rule: each typed field's maxlength is where
the server starts refusing (text that long is accepted, one character more is not), a field
without one is never refused for its length, and the fields templates write by hand carry the
limit of the form or model the server checks them with."""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.forms.widgets import HiddenInput, Input, PasswordInput, Textarea

from badges.forms import RevokeForm
from blog.models import ArticleFeedback
from config.web.honeypot import HoneypotMixin
from forum.search.query import MAX_QUERY_LENGTH
from moderation.forms import ReasonForm, RequiredReasonForm
from moderation.recovery.forms import NoteForm
from tests import factories
from tests.blog.conftest import blog_index, dutch_blog_index, publish_article  # noqa: F401 (fixtures)
from tests.recovery.conftest import problem, second_moderator, team  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FORM_MODULES = ["forum.forms", "moderation.forms", "moderation.recovery.forms", "badges.forms",
                "config.integrations.forms", "config.integrations.admin"]
# What a form's keyword-only arguments need for its fields to be built.
FORM_ARGUMENTS = {"is_thread": True, "categories": (), "moderators": (), "may_moderate": True}
LONG = 25_000  # longer than any limit the site has (a post body is 20,000)


def project_forms():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _name, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == name:
                yield form_class


def build(form_class, data=None):
    wanted = inspect.signature(form_class.__init__).parameters
    return form_class(data, **{key: value for key, value in FORM_ARGUMENTS.items() if key in wanted})


def typed_fields(form) -> list[str]:
    """The fields a person types into: one-line inputs and text areas, not hidden fields, passwords
    or the honeypot nobody sees."""
    return [name for name, field in form.fields.items()
            if isinstance(field, forms.CharField) and isinstance(field.widget, (Input, Textarea))
            and not isinstance(field.widget, (HiddenInput, PasswordInput))
            and not (isinstance(form, HoneypotMixin) and name == "website")]


def text_of(length: int) -> str:
    """Words of `length` characters that end in a letter (a trailing space would be stripped)."""
    text = ("word " * length)[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def refused(form_class, name: str, length: int) -> bool:
    form = build(form_class, {name: text_of(length)})
    form.is_valid()
    return name in form.errors


def browser_limits(form) -> dict[str, dict[str, int]]:
    found = {}
    for name in typed_fields(form):
        tag = str(form[name])
        found[name] = {attribute: int(value) for attribute, value in re.findall(r'\b(maxlength|minlength)="(\d+)"', tag)}
    return found


@pytest.mark.parametrize("form_class", list(project_forms()), ids=lambda form_class: form_class.__name__)
def test_every_typed_field_stops_in_the_browser_where_the_server_does(form_class):
    form = build(form_class)
    for name, limits in browser_limits(form).items():
        shortest = max(limits.get("minlength", 0), 20)
        if refused(form_class, name, min(shortest, limits.get("maxlength", shortest))):
            continue  # refused whatever its length (a username that must exist, a thread reference): not a limit
        if "maxlength" in limits:
            most = limits["maxlength"]
            assert not refused(form_class, name, most), f"{form_class.__name__}.{name}: {most} characters refused"
            assert refused(form_class, name, most + 1), f"{form_class.__name__}.{name}: accepts more than {most}"
        else:
            assert not refused(form_class, name, LONG), (
                f"{form_class.__name__}.{name} has no maxlength but the server refuses {LONG} characters")


def test_the_forms_were_found():
    names = {form_class.__name__ for form_class in project_forms()}
    assert {"ThreadForm", "EditForm", "ProfileForm", "FlagForm", "RecoveryReplyForm", "FeedbackForm", "GrantForm",
            "TokenForm"} <= names
    assert sum(len(typed_fields(build(form_class))) for form_class in project_forms()) >= 35


def test_the_title_limit_is_found_where_the_server_checks_it(settings):
    # The rule the test above applies, on the field that broke: the form's own max_length (1000) is
    # not the limit, the FORUM setting the server checks is.
    from forum.forms import ThreadForm

    limit = settings.FORUM["MAX_TITLE_LENGTH"]
    assert browser_limits(build(ThreadForm))["title"]["maxlength"] == limit
    assert not refused(ThreadForm, "title", limit) and refused(ThreadForm, "title", limit + 1)


def test_the_sign_up_form_limits_the_username_where_the_server_does(client):
    page = client.get("/accounts/signup/").content.decode()
    tag = re.search(r'<input[^>]*name="username"[^>]*>', page).group(0)
    most = int(re.search(r'maxlength="(\d+)"', tag).group(1))

    def sign_up(username):
        response = client.post("/accounts/signup/", {"username": username, "email": f"u{len(username)}@example.org",
                                                     "password1": "a-Strong-pass-42", "password2": "a-Strong-pass-42"})
        return response.status_code == 200 and "username" in response.context["form"].errors

    assert not sign_up("a" * most)
    assert sign_up("b" * (most + 1))


# Fields written by hand in templates, and the limit the server checks them with.
def maxlengths(html: str, name: str, marked: str = "") -> set[int]:
    tags = re.findall(rf'<(?:input|textarea)\b[^>]*\bname="{name}"[^>]*{marked}[^>]*>', html)
    assert tags, name
    return {int(re.search(r'maxlength="(\d+)"', tag).group(1)) if "maxlength" in tag else None for tag in tags}


def test_the_review_queues_reasons_stop_at_the_reason_forms_limit(client_for, moderator, member, category):
    assert ReasonForm.base_fields["reason"].max_length == RequiredReasonForm.base_fields["reason"].max_length
    held = factories.make_thread(author=member, category=category, body="See https://example.com/cheap")
    assert held.is_pending_review
    reported = factories.make_thread(category=category, title="A question someone reported")
    client_for(member).post(f"/moderation/report/thread/{reported.pk}/", {"reason": "spam"})
    html = client_for(moderator).get("/moderation/review/").content.decode()
    assert len(re.findall(r'name="reason" data-reason', html)) == 2  # one held post, one reported
    assert maxlengths(html, "reason", marked="data-reason") == {ReasonForm.base_fields["reason"].max_length}


def test_a_staff_note_stops_at_the_note_forms_limit(client_for, moderator, problem):  # noqa: F811
    html = client_for(moderator).get(problem.get_absolute_url()).content.decode()
    assert maxlengths(html, "body") >= {NoteForm.base_fields["body"].max_length}
    case_page = client_for(moderator).get(f"/moderation/cases/{problem.case.pk}/").content.decode()
    assert maxlengths(case_page, "body") >= {NoteForm.base_fields["body"].max_length}


def test_revoking_a_badge_stops_at_the_revoke_forms_limit(client_for, moderator, member):
    from badges.models import Award, Badge

    badge = Badge.objects.get(slug="community-hero")
    Award.objects.create(badge=badge, member=member)
    html = client_for(moderator).get(f"/badges/b/{badge.slug}/").content.decode()
    assert maxlengths(html, "reason") >= {RevokeForm.base_fields["reason"].max_length}


def test_an_articles_feedback_comment_stops_at_the_models_limit(client, publish_article):  # noqa: F811
    article = publish_article(title="Reset your router", slug="reset-your-router", summary="Hold the button.")
    html = client.get(article.url).content.decode()
    assert maxlengths(html, "comment") == {ArticleFeedback._meta.get_field("comment").max_length}


def test_every_search_box_stops_where_search_stops_reading(client):
    home = client.get("/").content.decode()
    assert 'id="hero-search"' in home and 'id="site-search"' in home
    assert maxlengths(home, "q") == {MAX_QUERY_LENGTH}
    assert maxlengths(client.get("/no-such-page/").content.decode(), "q") == {MAX_QUERY_LENGTH}
    assert maxlengths(client.get("/search/?q=router").content.decode(), "q") == {MAX_QUERY_LENGTH}


def test_no_template_writes_a_typed_field_without_a_limit():
    # A new hand-written field without maxlength (or with a number typed in) fails here.
    templates = [path for folder in ("forum", "moderation", "badges", "blog", "templates", "config")
                 for path in (ROOT / folder).rglob("*.html")]
    missing = []
    for path in templates:
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", path.read_text()):
            kind = re.search(r'\btype="([^"]+)"', tag)
            if tag.startswith("<input") and kind and kind.group(1) not in ("text", "search"):
                continue
            if "attrs." in tag or "field.html_name" in tag or " readonly" in tag or 'name="' not in tag:
                continue  # the allauth element and the honeypot render form fields; a read-only box
            if not re.search(r'maxlength="(\{% max_length [^%]+%\}|\{\{ [^}]+ \}\}|1)"', tag):
                missing.append(f"{path.relative_to(ROOT)}: {tag[:90]}")
    assert not missing, "\n".join(missing)
