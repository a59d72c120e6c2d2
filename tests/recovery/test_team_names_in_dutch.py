"""#15 item 7: team names in English and Dutch: a Dutch moderator reads the Dutch team and category
names on the case page and the dashboard, an English one the English names, and a team without a
Dutch name shows its English one. The Django admin edits both."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from forum.models import Category
from moderation.models import Team
from moderation.recovery import selectors

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def dutch_names(team, category):
    Team.objects.filter(pk=team.pk).update(name_nl="Klantenservice")
    Category.objects.filter(pk=category.pk).update(name_nl="Bestellingen")


def test_the_case_page_names_the_team_in_the_moderators_language(case, moderator, client_for, dutch_names):
    client = client_for(moderator)
    url = reverse("recovery:case", args=[case.pk])
    assert "<dd>Klantenservice</dd>" in _get(client, url, "nl")
    assert "<dd>Customer care</dd>" in _get(client, url, "en")
    Team.objects.filter(pk=case.team_id).update(name_nl=None)
    assert "<dd>Customer care</dd>" in _get(client, url, "nl")  # no Dutch name: the English one


def test_the_dashboard_groups_by_team_and_category_in_the_readers_language(case, dutch_names):
    now = timezone.now()

    def labels():
        data = selectors.dashboard(start=now - timezone.timedelta(days=1), end=now + timezone.timedelta(days=1))
        return [s.label for s in data["teams"]], [s.label for s in data["categories"]]

    with translation.override("nl"):
        assert labels() == (["Klantenservice"], ["Bestellingen"])
    with translation.override("en"):
        assert labels() == (["Customer care"], ["Orders"])
    Team.objects.filter(pk=case.team_id).update(name_nl=None)
    Category.objects.filter(pk=case.thread.category_id).update(name_nl="")
    with translation.override("nl"):
        assert labels() == (["Customer care"], ["Orders"])


def test_teams_without_a_dutch_name_can_coexist(team):
    other = Team.objects.create(name="Billing")  # its Dutch name is NULL, not "", so the unique name holds
    assert (other.name_en, other.name_nl) == ("Billing", None)
    assert (team.name_en, team.name_nl) == ("Customer care", None)


def test_the_admin_adds_and_edits_teams_in_both_languages(client_for, admin_user, team, category):
    client = client_for(admin_user)
    html = client.get(reverse("admin:moderation_team_change", args=[team.pk])).content.decode()
    assert 'name="name_en"' in html and 'name="name_nl"' in html
    response = client.post(reverse("admin:moderation_team_add"), {
        "name_en": "Billing", "name_nl": "", "email": "billing@example.com", "categories": [category.pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Team.objects.get(name_en="Billing")
    assert created.name_nl is None
    assert list(created.categories.all()) == [category]
    assert client.get(reverse("admin:moderation_team_changelist"), {"q": "bill"}).status_code == 200


def test_members_cannot_open_the_team_admin(client_for, member):
    assert client_for(member).get(reverse("admin:moderation_team_changelist")).status_code == 302
