import pytest
from django.utils import translation

from badges import extensions, services
from badges.models import Badge
from forum import services as forum
from tests import factories


def _activity(n, category, helper):
    """n answered, accepted and thanked threads: ledger rows, awards and holders for every page."""
    for _ in range(n):
        asker = factories.make_member()
        thread = factories.make_thread(author=asker, category=category)
        answer = forum.answer_create(author=helper, thread=thread, body="Try this.")
        forum.kudo_give(user=asker, post=answer)
        forum.answer_accept(answer=answer, by=asker)


@pytest.mark.parametrize("rows", [1, 12])
def test_pages_cost_the_same_number_of_queries_for_one_or_many_rows(rows, category, helper, member, client_for,
                                                                    django_assert_max_num_queries):
    _activity(rows, category, helper)
    client = client_for(member)
    client.get("/badges/")  # warm the session and caches shared by every page
    for url, limit in (("/badges/", 8), ("/badges/b/first-answer/", 10), ("/badges/b/fast-responder/", 10),
                       ("/badges/ranks/", 10), ("/badges/leaderboard/?period=all", 10),
                       (f"/badges/leaderboard/?period=week&category={category.slug}", 10),
                       ("/badges/members/helper/reputation/", 15)):
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_reputation_page_lists_entries_and_draws_an_svg_chart(answer, helper, asker, client_for):
    forum.answer_accept(answer=answer, by=asker)
    html = client_for(helper).get("/badges/members/helper/reputation/").content.decode()
    chart = html.split('<figure class="chart rep-chart">', 1)[1].split("</figure>", 1)[0]
    assert '<svg' in chart and 'role="img"' in chart and "pygal-chart" in chart  # drawn by pygal
    assert "Reputation over the last 90 days, now 15" in chart
    assert "<script" not in chart  # nothing the CSP would block
    assert "<table>" in chart and ">15</td>" in chart  # the same numbers as a table
    assert "+15" in html and "Answer accepted" in html
    assert 'data-testid="reputation-total">15<' in html
    assert "<script" not in html.split("<body", 1)[1].split("</body>")[0] or "site.js" in html


def test_the_ranks_page_shows_progress_to_the_next_rank(answer, helper, asker, client_for):
    forum.answer_accept(answer=answer, by=asker)
    html = client_for(helper).get("/badges/ranks/").content.decode()
    assert "185 more points to reach Regular." in html
    assert "Upload images" in html and "Edit others&#x27; posts" in html
    assert "Moderator" in html  # staff ranks shown separately


def test_the_ranks_page_for_visitors_has_no_progress(client, db):
    html = client.get("/badges/ranks/").content.decode()
    assert "Your progress" not in html and "Newcomer" in html


def test_the_badge_page_lists_holders_and_rarity(answer, helper, asker, client):
    forum.answer_accept(answer=answer, by=asker)
    html = client.get("/badges/b/first-accepted-answer/").content.decode()
    assert "Hugo Helper" in html
    assert "% of members" in html


def test_pages_speak_dutch(client, db):
    client.cookies["django_language"] = "nl"
    html = client.get("/badges/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Probleemoplosser" in html and "Goud" in html


def test_author_flair_costs_one_query_for_all_authors(category, helper, member, moderator, editor,
                                                      django_assert_num_queries):
    _activity(2, category, helper)
    for person in (member, moderator, editor):
        services.standing_for(person)
    with translation.override("en"), django_assert_num_queries(1):
        flair = extensions.author_flair({helper.pk, member.pk, moderator.pk, editor.pk, 999999})
    assert "Member" in flair[helper.pk] and ">50<" in flair[helper.pk]
    assert "Newcomer" in flair[member.pk]
    # Staff show their role, not the Newcomer rank their reputation alone would give them.
    assert "Moderator" in flair[moderator.pk] and "Newcomer" not in flair[moderator.pk]
    assert "Editor" in flair[editor.pk]
    assert 999999 not in flair


def test_the_profile_panel_groups_badges_by_tier(answer, helper, asker, rf, django_assert_max_num_queries):
    forum.answer_accept(answer=answer, by=asker)
    Badge.objects.filter(slug="first-answer").update(tier="gold")
    with django_assert_max_num_queries(3):
        panels = extensions.profile_panel(rf.get("/"), helper)
    context = panels[0]["context"]
    tiers = dict(context["tiers"])
    assert [b.slug for b in tiers["gold"]] == ["first-answer"]
    assert "first-accepted-answer" in [b.slug for b in tiers["bronze"]]
    assert panels[0]["template"] == "badges/panels/profile.html"
    with translation.override("en"):
        from django.template.loader import render_to_string

        html = render_to_string(panels[0]["template"], context)
    assert "Problem solver" in html and "Gold" in html


def test_badges_registers_its_forum_extensions(db):
    from forum import extensions as forum_extensions

    assert extensions.author_flair in forum_extensions.author_flair
    assert extensions.profile_panel in forum_extensions.profile_panels
