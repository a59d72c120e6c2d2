"""#15 item 7: a Dutch visitor reads the company's Dutch category names and descriptions (home page,
category page, thread breadcrumbs, search facets), an English visitor the English ones, and a
category without a Dutch name shows its English one, never a blank."""

import pytest
from django.urls import reverse

from forum.models import Category
from tests import factories

pytestmark = pytest.mark.django_db


def _get(client, url, language, **params):
    client.cookies["django_language"] = language
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def bilingual():
    return Category.objects.create(
        slug="orders-delivery", icon="📦",
        name_en="Orders & delivery", name_nl="Bestellingen & bezorging",
        description_en="Tracking, delivery times, missing parcels.",
        description_nl="Track & trace, levertijden, zoekgeraakte pakketten.",
    )


@pytest.fixture
def english_only():
    return Category.objects.create(slug="mobile-app", name_en="Mobile app", description_en="The iOS and Android apps.")


@pytest.fixture
def thread(bilingual):
    return factories.make_thread(category=bilingual, title="My parcel shows delivered but it is not here")


def test_the_home_page_lists_categories_in_the_visitors_language(client, bilingual, english_only, thread):
    dutch = _get(client, "/", "nl")
    assert "Bestellingen &amp; bezorging" in dutch
    assert "Orders &amp; delivery" not in dutch
    assert "Mobile app" in dutch  # no Dutch name: the English one, not a blank ...
    assert '<span lang="en">Mobile app</span>' in dutch  # ... marked, so a screen reader reads it as English
    assert "<span>Bestellingen &amp; bezorging</span>" in dutch
    english = _get(client, "/", "en")
    assert "Orders &amp; delivery" in english
    assert "Bestellingen" not in english
    # English on an English page: nothing to mark
    assert '<a href="/c/orders-delivery/">Orders &amp; delivery</a>' in english
    assert "<span>Mobile app</span>" in english


def test_the_category_page_has_the_dutch_name_and_description(client, bilingual, english_only):
    dutch = _get(client, bilingual.get_absolute_url(), "nl")
    assert "Bestellingen &amp; bezorging" in dutch.split("</title>")[0]
    assert "Bestellingen &amp; bezorging" in dutch.split("<h1", 1)[1].split("</h1>")[0]
    assert "Track &amp; trace, levertijden, zoekgeraakte pakketten." in dutch
    assert "missing parcels" not in dutch
    english = _get(client, bilingual.get_absolute_url(), "en")
    assert "Tracking, delivery times, missing parcels." in english
    fallback = _get(client, english_only.get_absolute_url(), "nl")
    assert '<span lang="en">Mobile app</span></h1>' in fallback
    assert '<p lang="en">The iOS and Android apps.</p>' in fallback


def test_the_thread_page_breadcrumbs_name_the_category_in_the_visitors_language(client, thread):
    dutch = _get(client, thread.get_absolute_url(), "nl")
    crumbs = dutch.split('class="crumbs', 1)[1].split("</nav>", 1)[0]
    assert "Bestellingen &amp; bezorging" in crumbs
    assert "Orders" not in crumbs and "lang=" not in crumbs
    english = _get(client, thread.get_absolute_url(), "en")
    assert "Orders &amp; delivery" in english.split('class="crumbs', 1)[1].split("</nav>", 1)[0]


def test_an_empty_dutch_name_falls_back_to_english_and_blank_dutch_text_counts_as_empty(english_only):
    from django.utils import translation

    english_only.name_nl = ""
    english_only.save()
    with translation.override("nl"):
        refreshed = Category.objects.get(pk=english_only.pk)
        assert (refreshed.name, refreshed.description, str(refreshed)) == (
            "Mobile app", "The iOS and Android apps.", "Mobile app")
        assert dict(Category.objects.values_list("slug", "name")) == {"mobile-app": "Mobile app"}


def test_search_facets_and_hits_name_categories_in_the_visitors_language(
        client, bilingual, django_capture_on_commit_callbacks, settings):
    from forum.search.backends import whoosh_backend

    settings.SEARCH_BACKEND = "whoosh"
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_thread(category=bilingual, title="Parcel delivered to the wrong address")
    whoosh_backend.wait_for_pending_writes()
    dutch = _get(client, reverse("search:results"), "nl", q="parcel")
    facets = dutch.split('class="search-facets"', 1)[1]
    assert "Bestellingen &amp; bezorging" in facets
    assert "Orders &amp; delivery" not in dutch
    active = _get(client, reverse("search:results"), "nl", q="parcel", category="orders-delivery")
    assert "Bestellingen &amp; bezorging" in active.split('class="search-facets"', 1)[0]  # the filter chip
    english = _get(client, reverse("search:results"), "en", q="parcel")
    assert "Orders &amp; delivery" in english.split('class="search-facets"', 1)[1]


def test_the_admin_edits_the_name_and_description_in_both_languages(client_for, admin_user):
    client = client_for(admin_user)
    form = client.get(reverse("admin:forum_category_add")).content.decode()
    for field in ("name_en", "name_nl", "description_en", "description_nl"):
        assert f'name="{field}"' in form
    assert "googleapis" not in form  # plain TranslationAdmin: no script from another site (the CSP)
    response = client.post(reverse("admin:forum_category_add"), {
        "name_en": "Billing & payments", "name_nl": "Facturen & betalen", "slug": "billing",
        "description_en": "Invoices and refunds.", "description_nl": "", "icon": "", "position": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Category.objects.get(slug="billing")
    assert (saved.name_en, saved.name_nl, saved.description_en) == ("Billing & payments", "Facturen & betalen",
                                                                      "Invoices and refunds.")
    refused = client.post(reverse("admin:forum_category_add"), {
        "name_en": "", "name_nl": "Alleen Nederlands", "slug": "only-dutch", "position": "0"})
    assert refused.status_code == 200  # English is required: it is what every fallback shows
    assert not Category.objects.filter(slug="only-dutch").exists()
