from django.core.files.storage import default_storage
from PIL import Image

from badges import services
from badges.models import Badge


def test_saving_a_badge_renders_two_icon_sizes_in_media_storage(db):
    badge = Badge.objects.get(slug="first-answer")
    services.badge_save(badge=badge)
    assert default_storage.exists(badge.icon_small) and default_storage.exists(badge.icon_large)
    with default_storage.open(badge.icon_small) as small, default_storage.open(badge.icon_large) as large:
        assert Image.open(small).size == (48, 48)
        assert Image.open(large).size[0] == 160


def test_icons_are_redrawn_only_when_the_badge_changes(db):
    badge = Badge.objects.get(slug="first-answer")
    services.badge_save(badge=badge)
    first = badge.icon_large
    services.badge_save(badge=badge)
    assert badge.icon_large == first
    badge.tier = "gold"
    services.badge_save(badge=badge)
    assert badge.icon_large != first
    assert Badge.objects.get(pk=badge.pk).icon_large == badge.icon_large


def test_every_tier_and_glyph_renders(db):
    from badges import art

    for tier in ("gold", "silver", "bronze"):
        for glyph, _label in Badge.Glyph.choices:
            data = art.render(name="A rather long badge name", tier=tier, glyph=glyph, size=48, with_name=False)
            assert data.startswith(b"\x89PNG")


def test_the_admin_saves_badges_through_the_service(client_for, admin_user):
    response = client_for(admin_user).post("/admin/badges/badge/add/", {
        "name_en": "Night owl", "name_nl": "Nachtuil", "slug": "night-owl", "description_en": "Answered at night.",
        "description_nl": "", "tier": "silver", "glyph": "star", "rule": "answers_posted",
        "parameters": '{"count": 3}', "enabled": "on", "position": 5,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    badge = Badge.objects.get(slug="night-owl")
    assert badge.icon_small and default_storage.exists(badge.icon_small)
    assert (badge.name_en, badge.name_nl, badge.description_en) == ("Night owl", "Nachtuil", "Answered at night.")


def test_the_admin_refuses_an_unknown_rule_or_bad_parameters(client_for, admin_user):
    response = client_for(admin_user).post("/admin/badges/badge/add/", {
        "name_en": "Odd", "slug": "odd", "description_en": "Odd.", "tier": "silver", "glyph": "star",
        "rule": "answers_posted", "parameters": '{"count": "many"}', "position": 5,
    })
    assert response.status_code == 200
    assert "Rule parameters must be a JSON object of whole numbers" in response.content.decode()
    assert not Badge.objects.filter(slug="odd").exists()
