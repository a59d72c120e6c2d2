from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from forum.models import Thread


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_loads_once_prints_the_sign_ins_and_sends_no_email(caplog):
    with caplog.at_level("INFO"):
        first = seed()
    # Wagtail's "Page created" / "Page published" lines were smeared through the progress bar.
    assert [r.getMessage() for r in caplog.records if r.name.startswith("wagtail") and r.levelname == "INFO"] == []
    assert "moderator@example.com" in first
    assert "editor@example.com" in first
    assert "admin@example.com" in first
    assert mail.outbox == []
    users, threads = get_user_model().objects.count(), Thread.objects.count()
    assert threads > 0
    _assert_the_demo_names_its_company_content_in_dutch()
    second = seed()
    assert (get_user_model().objects.count(), Thread.objects.count()) == (users, threads)
    assert "were not sent" not in second


def _assert_the_demo_names_its_company_content_in_dutch():
    """#15 item 7: the demo's categories, team, ranks and badges have Dutch names of their own."""
    from django.utils import translation

    from badges.models import Badge, Rank
    from forum.models import Category
    from moderation.models import Team

    with translation.override("nl"):
        assert Category.objects.get(slug="orders-delivery").name == "Bestellingen & bezorging"
        assert Category.objects.get(slug="mobile-app").description == "De apps voor iOS en Android."
        assert [team.name for team in Team.objects.all()] == ["Klantenservice"]
        assert Rank.objects.get(slug="newcomer").name_nl == "Nieuwkomer"
        assert Badge.objects.get(slug="first-answer").name_nl == "Helpende hand"
    with translation.override("en"):
        assert Category.objects.get(slug="orders-delivery").name == "Orders & delivery"
        assert Badge.objects.get(slug="first-answer").name == "Helping hand"
    assert all(category.name_nl for category in Category.objects.all())
