"""The blog's bootstrap data (index pages, the roles' CMS rights) comes from one idempotent installer
(issue #12, item 11): the same rights the migrations give, put back on an emptied database."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, Page

from blog import bootstrap
from blog.models import BlogIndexPage, KnownIssueIndexPage
from forum import roles


def _rights():
    return sorted(GroupPagePermission.objects.values_list("group__name", "page__slug", "permission__codename"))


def test_the_installer_gives_what_the_migrations_gave(db):
    before = _rights()
    bootstrap.install()
    assert _rights() == before
    assert (roles.EDITORS, "blog", "publish_page") in before
    assert not [right for right in before if right[0] == roles.MODERATORS]


def test_installing_twice_changes_nothing(db):
    bootstrap.install()
    state = (_rights(), Page.objects.count(), GroupCollectionPermission.objects.count())
    bootstrap.install()
    assert (_rights(), Page.objects.count(), GroupCollectionPermission.objects.count()) == state


def test_on_an_emptied_database_the_indexes_and_rights_come_back(db, editor, moderator):
    GroupPagePermission.objects.all().delete()
    for index in (*BlogIndexPage.objects.all(), *KnownIssueIndexPage.objects.all()):
        index.delete()
    indexes = bootstrap.install()
    blog_index, known_issue_index = indexes["blog"], indexes["known-issues"]
    assert blog_index.url_path.endswith("/blog/") and known_issue_index.url_path.endswith("/known-issues/")
    for index in (blog_index, known_issue_index):
        assert index.permissions_for_user(editor).can_publish_subpage()
        assert not index.permissions_for_user(moderator).can_publish_subpage()
        assert not index.permissions_for_user(moderator).can_add_subpage()


def test_moderators_lose_cms_rights_someone_gave_them_and_wagtails_approval_goes_to_editors(db, blog_index):
    moderators = Group.objects.get(name=roles.MODERATORS)
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    GroupPagePermission.objects.create(group=moderators, page=blog_index, permission=publish)
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    wagtail_moderators, _created = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.add(wagtail_moderators)
    bootstrap.install()
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not moderators.permissions.filter(codename="access_admin").exists()
    task.refresh_from_db()
    assert list(task.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert task.name == "Editors approval"
