"""Shared template parts (issue #12, item 9): one pagination partial with one ?page= parameter,
stylesheets only in <head> and each once, one chart partial."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from moderation.recovery.models import Feedback
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
APPS = ("forum", "badges", "moderation", "blog", "templates", "config")


def _templates():
    for app in APPS:
        yield from (path for path in (ROOT / app).rglob("*.html") if ".venv" not in path.parts)


def test_there_is_one_pagination_partial_and_every_list_uses_it():
    navs = [str(path.relative_to(ROOT)) for path in _templates() if 'class="pagination"' in path.read_text()]
    # Search pages its results in the search backend (no Django Page); its links use ?page= too.
    assert navs == ["forum/templates/forum/search/results.html", "templates/includes/pagination.html"]


def test_no_template_links_a_stylesheet_outside_the_head_blocks():
    found = []
    for path in _templates():
        text = path.read_text()
        if path.name in ("base.html", "error_standalone.html"):
            continue
        for match in re.finditer(r'<link rel="stylesheet"', text):
            before = text[:match.start()]
            # Our head blocks, and the Django admin's (templates/admin/base_site.html adds admin.css there).
            opened = max(before.rfind("{% block extra_head %}"), before.rfind("{% block stylesheets %}"),
                         before.rfind("{% block extrastyle %}"))
            if opened == -1 or "{% endblock %}" in before[opened:]:
                found.append(str(path.relative_to(ROOT)))
    assert found == []


@pytest.mark.django_db
def test_a_moderators_problem_thread_links_each_stylesheet_once_and_only_in_the_head(client_for, moderator,
                                                                                        member, category):
    thread = factories.make_thread(author=member, category=category, kind="problem")
    html = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    head, body = html.split("</head>", 1)
    assert "recovery-case-panel" in body  # the case panel is shown, its stylesheet in the head
    assert 'rel="stylesheet"' not in body
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)
    assert len(links) == len(set(links))
    assert sum("recovery" in href for href in links) == 1


@pytest.mark.django_db
def test_the_feedback_inbox_pages_with_the_same_page_parameter_as_every_list(client_for, moderator):
    for n in range(31):
        Feedback.objects.create(kind="other", message=f"Message number {n}")
    client = client_for(moderator)
    first = client.get(reverse("recovery:inbox"), {"kind": "other"}).content.decode()
    assert 'href="?kind=other&amp;page=2"' in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("recovery:inbox"), {"kind": "other", "page": 2}).content.decode()
    assert "Page 2 of 2" in second and 'href="?kind=other&amp;page=1" rel="prev"' in second


def test_every_member_picture_comes_from_the_one_avatar_tag():
    """A member's picture is their upload or the initials drawn for them, the same on every page."""
    found = [str(path.relative_to(ROOT)) for path in _templates()
             if re.search(r'<img[^>]*class="avatar', path.read_text())]
    assert found == []


@pytest.mark.django_db
def test_the_moderators_member_page_and_a_leaderboard_row_show_the_drawn_avatar(client_for, moderator, member):
    from forum.templatetags.forum_tags import avatar

    drawn = reverse("forum:avatar", kwargs={"username": member.username})
    page = client_for(moderator).get(reverse("moderation:member", args=[member.username])).content.decode()
    assert f'<img class="avatar avatar--lg" src="{drawn}" alt="" width="96" height="96">' in page
    assert f'src="{drawn}"' in avatar({"username": member.username, "avatar": ""})
    assert 'src="/media/a.png"' in avatar({"username": member.username, "avatar": "/media/a.png"})
