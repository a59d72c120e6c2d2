"""The header, footer and the headers every public page carries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from config import registry


def header_for(rf, path, user=None):
    request = rf.get(path)
    request.user = user or AnonymousUser()
    return render_to_string("includes/header.html", request=request)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "current"), [
    ("/", "Questions"), ("/blog/how-to-pair/", "How-to articles"), ("/known-issues/outage/", "Known issues"),
])
def test_the_main_navigation_marks_the_section_you_are_in(rf, path, current):
    html = header_for(rf, path)
    marked = [part.split(">", 1)[1].split("<", 1)[0] for part in html.split('aria-current="page"')[1:]]
    assert marked == [current]


@pytest.mark.django_db
def test_a_signed_in_member_sees_the_counters_and_a_user_menu(rf, member, monkeypatch):
    monkeypatch.setattr(registry, "_header_counters", [
        lambda request: {"name": "notifications", "count": 3, "url": "/notifications/", "icon": "bell",
                         "label": "Unread notifications"},
        lambda request: {},
    ])
    html = header_for(rf, "/", member)
    assert '<span class="counter-badge" data-counter="notifications">3</span>' in html
    # Its name is its content: the label, then the number that is shown.
    assert '<span class="visually-hidden">Unread notifications: </span>' in html
    assert '<details class="user-menu">' in html
    assert member.email in html
    assert "Sign out" in html
    assert "Content admin" not in html


@pytest.mark.django_db
def test_staff_find_the_content_admin_in_their_menu(rf, editor):
    assert "Content admin" in header_for(rf, "/", editor)


@pytest.mark.django_db
def test_a_visitor_sees_sign_in_and_join(rf):
    html = header_for(rf, "/questions/")
    assert "/accounts/login/?next=/questions/" in html
    assert 'href="/accounts/signup/"' in html


@pytest.mark.django_db
def test_every_page_starts_with_a_skip_link_and_ends_with_feedback_and_languages(client):
    html = client.get("/").content.decode()
    body = html.split("<body", 1)[1]
    assert body.split("<a ", 1)[1].startswith('class="skip-link" href="#main"')
    assert 'id="main"' in html
    assert 'href="/feedback/?page=/"' in html
    assert 'action="/i18n/setlang/"' in html
    assert "data-autosubmit" in html
    # Without JavaScript the switcher has its own button.
    assert '<noscript><button class="btn btn--secondary btn--sm" type="submit">Change</button></noscript>' in html


@pytest.mark.django_db
def test_choosing_dutch_without_javascript_returns_to_the_same_page_in_dutch(client):
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert '<option value="nl" selected lang="nl">Nederlands</option>' in html


@pytest.mark.django_db
def test_public_pages_carry_the_standard_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_admin_keeps_its_inline_scripts_working_without_our_csp(client_for, admin_user):
    response = client_for(admin_user).get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_each_header_counter_of_a_moderator_has_its_own_icon(client_for, moderator):
    """#15 item 11: the review queue and the recovery inbox were two identical shields, told apart
    only by a tooltip."""
    import re

    html = client_for(moderator).get("/").content.decode()
    links = re.findall(r'<a class="counter-link"[^>]*title="([^"]+)">(.*?)</a>', html, re.S)
    icons = {title: re.search(r"<svg.*?</svg>", body, re.S).group(0) for title, body in links}
    assert len(icons) >= 3  # notifications, review queue, recovery inbox
    assert len(set(icons.values())) == len(icons)
