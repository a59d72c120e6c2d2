"""Service recovery is a Django app of its own (issue #12, item 2): its own AppConfig and label,
its models (with the tables and rows they had), templates, tags, static files and catalogue found
the way Django finds any app's, with no start-up settings hack."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.utils import translation

from moderation.recovery.models import Case, Feedback


def test_recovery_has_its_own_app_config_and_label():
    config = apps.get_app_config("recovery")
    assert config.name == "moderation.recovery"
    assert Case._meta.app_label == "recovery" and Feedback._meta.app_label == "recovery"
    assert Case._meta.db_table == "moderation_case"  # the table (and its rows) stayed where it was


def test_no_settings_are_changed_at_start_up_for_it():
    recovery = Path(apps.get_app_config("recovery").path)
    assert not (recovery / "setup.py").exists()
    assert all("recovery" not in str(path) for path in settings.LOCALE_PATHS)
    assert all("recovery" not in str(path) for path in getattr(settings, "STATICFILES_DIRS", []))
    for engine in settings.TEMPLATES:
        assert all("recovery" not in str(path) for path in engine.get("DIRS", []))
        assert "recovery" not in engine.get("OPTIONS", {}).get("libraries", {})


def test_its_templates_tags_static_files_and_dutch_are_found_like_any_apps():
    get_template("moderation/recovery/dashboard.html")  # loads {% load recovery %} too
    assert finders.find("css/recovery.css")
    with translation.override("nl"):
        assert str(apps.get_app_config("recovery").verbose_name) == "Klachtafhandeling"


def test_recovery_has_its_own_url_namespace_with_the_public_pages_outside_moderation():
    from django.urls import reverse

    assert reverse("recovery:feedback") == "/feedback/"
    assert reverse("recovery:feedback_missing") == "/feedback/missing-page/"
    assert reverse("recovery:follow_up", args=["abc"]) == "/follow-up/abc/"
    assert reverse("recovery:dashboard") == "/moderation/dashboard/"
    assert reverse("recovery:case_for_thread", args=[3]) == "/moderation/threads/3/case/"


def test_the_old_public_addresses_redirect_and_keep_the_method(client, db):
    response = client.get("/moderation/feedback/?page=/t/1/x/")
    assert (response.status_code, response["Location"]) == (308, "/feedback/?page=/t/1/x/")
    response = client.post("/moderation/feedback/missing-page/", {"message": "x"})
    assert (response.status_code, response["Location"]) == (308, "/feedback/missing-page/")
    response = client.get("/moderation/follow-up/some-token/")
    assert (response.status_code, response["Location"]) == (308, "/follow-up/some-token/")
