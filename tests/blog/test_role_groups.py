"""The project's staff roles have groups of their own, with the CMS rights the design gives them:
editors publish (under the blog's indexes); moderators link threads on the site and do not publish."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, Page

from forum import roles
from tests import factories


def test_the_projects_groups_are_not_wagtails_default_groups(db):
    assert roles.MODERATORS not in ("Moderators", "Editors")
    assert roles.EDITORS not in ("Moderators", "Editors")
    moderators = Group.objects.get(name=roles.MODERATORS)
    assert moderators.permissions.filter(codename="moderate", content_type__app_label="forum").exists()
    wagtail_moderators = Group.objects.filter(name="Moderators").first()
    if wagtail_moderators is not None:
        assert not wagtail_moderators.permissions.filter(content_type__app_label="forum").exists()


def test_a_moderator_cannot_publish_or_add_pages_anywhere(moderator, blog_index):
    home = blog_index.get_parent()
    for page in (home, blog_index, Page.get_first_root_node()):
        permissions = page.permissions_for_user(moderator)
        assert not permissions.can_publish()
        assert not permissions.can_add_subpage()
        assert not permissions.can_publish_subpage()


def test_a_moderator_has_no_document_or_image_rights(moderator):
    assert not GroupCollectionPermission.objects.filter(group__user=moderator).exists()
    assert not moderator.has_perm("wagtaildocs.add_document")


def test_a_moderator_does_not_enter_the_cms_but_still_links_articles_on_the_site(client_for, moderator):
    response = client_for(moderator).get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")


def test_an_editor_publishes_under_the_indexes_and_adds_images(editor, blog_index, known_issue_index):
    for index in (blog_index, known_issue_index):
        assert index.permissions_for_user(editor).can_publish_subpage()
    root = Collection.get_first_root_node()
    assert GroupCollectionPermission.objects.filter(group__name=roles.EDITORS, collection=root,
                                                    permission__codename="add_image").exists()


def test_moving_to_the_projects_groups_keeps_every_membership(db):
    """The data migration run again on a site whose staff are still in Wagtail's groups."""
    wagtail_moderators, _created = Group.objects.get_or_create(name="Moderators")
    wagtail_editors, _created = Group.objects.get_or_create(name="Editors")
    old_moderator = factories.make_member(username="oldmod")
    old_editor = factories.make_member(username="olded")
    old_moderator.groups.add(wagtail_moderators)
    old_editor.groups.add(wagtail_editors)
    migration = importlib.import_module("badges.migrations.0003_own_staff_groups")
    migration.move_to_own_groups(apps, None)
    assert list(old_moderator.groups.values_list("name", flat=True)) == [roles.MODERATORS]
    assert list(old_editor.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert old_moderator.has_perm("forum.moderate")
    assert not wagtail_moderators.user_set.exists()
