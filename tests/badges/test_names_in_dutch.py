"""#15 item 7: badge and rank names and descriptions the company wrote in Dutch show to a Dutch visitor
(badge pages, the profile's rank, the flair beside a moderator's answer, the ranks page); an English
visitor reads the English ones; an empty Dutch text shows the English one."""

import pytest
from django.urls import reverse

from badges.models import Badge, Rank, Standing
from forum import roles
from tests import factories

pytestmark = pytest.mark.django_db


def _get(client, url, language, **params):
    client.cookies["django_language"] = language
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def own_badge():
    """A badge the company added itself: the catalogue knows nothing of it."""
    return Badge.objects.create(slug="early-bird", name_en="Early bird", name_nl="Vroege vogel",
                                description_en="Answered before eight in the morning.",
                                description_nl="Antwoordde voor acht uur 's ochtends.", rule="manual", position=99)


def test_the_badge_page_and_list_show_the_dutch_name_and_description(client, own_badge):
    dutch = _get(client, own_badge.get_absolute_url(), "nl")
    assert "<h1>Vroege vogel</h1>" in dutch
    assert "Antwoordde voor acht uur" in dutch
    assert "Early bird" not in dutch
    assert "Vroege vogel" in _get(client, reverse("badges:index"), "nl")
    english = _get(client, own_badge.get_absolute_url(), "en")
    assert "<h1>Early bird</h1>" in english and "Answered before eight in the morning." in english


def test_a_badge_without_dutch_text_shows_its_english_text(client, own_badge):
    Badge.objects.filter(pk=own_badge.pk).update(name_nl="", description_nl=None)
    dutch = _get(client, own_badge.get_absolute_url(), "nl")
    assert "<h1>Early bird</h1>" in dutch
    assert "Answered before eight in the morning." in dutch


def test_a_shipped_badge_without_a_dutch_column_still_reads_dutch_from_the_catalogue(client):
    badge = Badge.objects.get(slug="first-answer")
    assert badge.name_nl in (None, "")
    assert "<h1>Helpende hand</h1>" in _get(client, badge.get_absolute_url(), "nl")


def test_the_profile_shows_the_rank_in_the_visitors_language(client, member):
    Rank.objects.filter(slug="newcomer").update(name_en="New here", name_nl="Net binnen",
                                                description_nl="Welkom bij de community.")
    Standing.objects.update_or_create(member=member, defaults={"rank": Rank.objects.get(slug="newcomer")})
    url = reverse("forum:profile", args=[member.username])
    assert '<span class="rank-chip"' in _get(client, url, "nl")
    assert "Net binnen" in _get(client, url, "nl")
    english = _get(client, url, "en")
    assert "New here" in english and "Net binnen" not in english
    ranks = _get(client, reverse("badges:ranks"), "nl")
    assert "Net binnen" in ranks and "Welkom bij de community." in ranks


def test_a_moderators_flair_names_the_staff_rank_in_the_visitors_language(client, category):
    moderator = factories.make_member(username="mila", groups=(roles.MODERATORS,), is_staff=True)
    Rank.objects.filter(slug="moderator").update(name_en="Community team", name_nl="Communityteam")
    thread = factories.make_thread(category=category)
    factories.make_answer(thread=thread, author=moderator)
    dutch = _get(client, thread.get_absolute_url(), "nl")
    assert '<span class="rep-flair__rank" style="--rank-colour: #c2283a">Communityteam</span>' in dutch
    english = _get(client, thread.get_absolute_url(), "en")
    assert '<span class="rep-flair__rank" style="--rank-colour: #c2283a">Community team</span>' in english
    Rank.objects.filter(slug="moderator").update(name_nl="")
    from django.core.cache import cache

    cache.clear()
    fallback = _get(client, thread.get_absolute_url(), "nl")
    assert '<span class="rep-flair__rank" style="--rank-colour: #c2283a">Community team</span>' in fallback


@pytest.mark.parametrize("model", ["badge", "rank"])
def test_the_admin_edits_names_and_descriptions_in_both_languages(client_for, admin_user, model):
    obj = Badge.objects.get(slug="first-answer") if model == "badge" else Rank.objects.get(slug="member")
    html = client_for(admin_user).get(reverse(f"admin:badges_{model}_change", args=[obj.pk])).content.decode()
    for field in ("name_en", "name_nl", "description_en", "description_nl"):
        assert f'name="{field}"' in html


def test_the_leaderboard_names_ranks_in_each_visitors_language_whoever_looked_first(client, helper, category):
    """Its rows are cached for a few minutes: a Dutch visitor's rows must not be an English one's."""
    from forum import services as forum

    Rank.objects.filter(slug="newcomer").update(name_en="New here", name_nl="Net binnen")
    Rank.objects.filter(slug="member").update(name_en="Helper", name_nl="Helper-nl")
    asker = factories.make_member()
    thread = factories.make_thread(author=asker, category=category)
    forum.answer_accept(answer=forum.answer_create(author=helper, thread=thread, body="Try this."), by=asker)
    url = reverse("badges:leaderboard") + "?period=all"
    dutch = _get(client, url, "nl").split("<main", 1)[1]
    english = _get(client, url, "en").split("<main", 1)[1]
    assert "Hugo Helper" in dutch and "Hugo Helper" in english
    assert ("Net binnen" in dutch or "Helper-nl" in dutch) and "New here" not in dutch
    assert "Net binnen" not in english and "Helper-nl" not in english
