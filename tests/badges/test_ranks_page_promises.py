"""The ranks page promises only privileges the forum enforces (issue #12, item 1)."""

from django.urls import reverse

from badges import privileges
from forum.models import Thread


def test_the_ranks_page_does_not_promise_retagging_or_votes_to_close(client, db):
    html = client.get(reverse("badges:ranks")).content.decode()
    assert "Retag threads" not in html
    assert "Vote to close" not in html
    assert "retag threads and vote to close" not in html
    assert "no new-member limits, and your reports count double" in html
    assert "Upload images" in html


def test_every_privilege_the_page_may_show_is_a_forum_permission():
    codenames = {codename for codename, _label in Thread._meta.permissions}
    assert set(privileges.LABELS) <= codenames
    assert not {"retag", "vote_close"} & set(privileges.LABELS)
