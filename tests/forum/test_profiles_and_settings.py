"""Profiles: public page with generated or uploaded avatar; settings for profile, language and email."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forum import uploads, views
from forum.models import Profile
from tests import factories
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db


def settings_data(**overrides):
    data = {"display_name": "Mia M.", "bio": "I fix things.", "language": "nl", "email_mode": "digest"}
    data.update(overrides)
    return data


def test_the_public_profile_shows_name_join_date_questions_and_answers(client_for, thread, answer, member,
                                                                      other_member):
    html = page_text(client_for().get(reverse("forum:profile", args=[other_member.username])))
    assert "Otto Other" in html and "Member since" in html and thread.title in html
    assert reverse("forum:avatar", args=[other_member.username]) in html


def test_the_generated_avatar_is_an_svg_with_initials(client_for, member):
    response = client_for().get(reverse("forum:avatar", args=[member.username]))
    assert response["Content-Type"] == "image/svg+xml" and ">MM</text>" in page_text(response)


def test_a_member_updates_profile_language_and_email_choice(client_for, member):
    response = client_for(member).post(reverse("forum:settings"), settings_data())
    assert response.status_code == 302 and response.cookies["django_language"].value == "nl"
    profile = Profile.objects.get(user=member)
    assert (profile.display_name, profile.bio, profile.language, profile.email_mode) == (
        "Mia M.", "I fix things.", "nl", "digest")


def test_an_uploaded_avatar_is_resized_to_a_square(client_for, member):
    out = io.BytesIO()
    Image.new("RGB", (800, 500), "teal").save(out, format="JPEG")
    upload = SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")
    client_for(member).post(reverse("forum:settings"), {**settings_data(), "avatar": upload})
    profile = Profile.objects.get(user=member)
    with Image.open(profile.avatar.path) as stored:
        assert stored.size == (uploads.AVATAR_SIZE, uploads.AVATAR_SIZE)
    assert profile.avatar.url in page_text(client_for().get(reverse("forum:profile", args=[member.username])))


def test_a_bad_avatar_is_refused_and_nothing_else_changes(client_for, member):
    upload = SimpleUploadedFile("me.jpg", b"not an image", content_type="image/jpeg")
    response = client_for(member).post(reverse("forum:settings"), {**settings_data(), "avatar": upload})
    assert response.status_code == 400 and shows(response, uploads.NOT_AN_IMAGE)
    assert Profile.objects.get(user=member).display_name == "Mia Member"
    assert 'value="Mia M."' in page_text(response)


def test_settings_need_a_signed_in_member(client_for):
    assert client_for().get(reverse("forum:settings")).status_code == 302


def test_the_saved_message_is_in_the_chosen_language(client_for, member):
    response = client_for(member).post(reverse("forum:settings"), settings_data(language="en"), follow=True)
    assert shows(response, views.SETTINGS_SAVED)


def test_an_unknown_member_is_not_found(client_for):
    assert client_for().get(reverse("forum:profile", args=["nobody"])).status_code == 404


def test_profile_lists_hide_deleted_posts(client_for, member, category):
    from forum import services

    gone = factories.make_thread(author=member, category=category, title="A thread the member deleted")
    services.post_delete(post=gone, by=member)
    assert gone.title not in page_text(client_for().get(reverse("forum:profile", args=[member.username])))
