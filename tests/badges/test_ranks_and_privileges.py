from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from badges import services
from badges.models import Rank, ReputationSettings, Standing
from forum import services as forum
from tests import factories

User = get_user_model()


def fresh(user):
    return User.objects.get(pk=user.pk)  # permissions are cached per user object


def rank_groups(user) -> list[str]:
    return sorted(fresh(user).groups.filter(rank__isnull=False, rank__is_staff_rank=False).values_list("name", flat=True))


def test_default_ranks_exist_with_their_thresholds(db):
    assert list(Rank.objects.filter(is_staff_rank=False).values_list("name", "threshold")) == [
        ("Newcomer", 0), ("Member", 15), ("Regular", 200), ("Expert", 1000), ("Champion", 5000)]
    assert set(Rank.objects.filter(is_staff_rank=True).values_list("name", flat=True)) == {"Moderator", "Editor"}


def test_rank_groups_hold_the_forum_privileges_of_their_rank(db):
    def privileges(slug):
        return set(Rank.objects.get(slug=slug).group.permissions.values_list("codename", flat=True))

    assert privileges("newcomer") == {"upload_images", "flag_posts"}
    assert privileges("member") == {"upload_images", "flag_posts", "post_links"}
    assert privileges("regular") == privileges("member") | {"retag", "vote_close", "bypass_new_member_limits"}
    assert privileges("expert") == privileges("regular") | {"edit_others_posts"}
    assert privileges("champion") == privileges("expert")


def test_a_member_who_never_earned_anything_gets_the_newcomer_group_on_first_sign_in(member, client_for):
    assert not fresh(member).has_perm("forum.upload_images")
    client_for(member)  # force_login sends user_logged_in
    assert rank_groups(member) == ["Rank: Newcomer"]
    assert fresh(member).has_perm("forum.upload_images")
    assert not fresh(member).has_perm("forum.post_links")


def test_posting_gives_a_new_member_the_newcomer_group(member, category):
    factories.make_thread(author=member, category=category)
    assert rank_groups(member) == ["Rank: Newcomer"]


def test_standing_for_is_the_service_fallback(member):
    standing = services.standing_for(member)
    assert standing.rank.slug == "newcomer"
    assert services.standing_for(member).pk == standing.pk
    assert rank_groups(member) == ["Rank: Newcomer"]


def test_signing_up_gives_the_newcomer_group(client, db):
    response = client.post("/accounts/signup/", {
        "email": "new@example.com", "username": "newbie", "password1": "a-Strong-pass-42",
        "password2": "a-Strong-pass-42"})
    assert response.status_code == 302
    assert rank_groups(User.objects.get(username="newbie")) == ["Rank: Newcomer"]


def test_the_rank_group_follows_reputation_up_and_down(category, asker, helper):
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=helper, thread=thread, body="Try this.")
    forum.answer_accept(answer=answer, by=asker)
    assert Standing.objects.get(member=helper).total == 15
    assert rank_groups(helper) == ["Rank: Member"]
    assert fresh(helper).has_perm("forum.post_links")
    forum.answer_unaccept(answer=answer, by=asker)
    assert rank_groups(helper) == ["Rank: Newcomer"]
    assert not fresh(helper).has_perm("forum.post_links")
    assert fresh(helper).has_perm("forum.upload_images")


def test_reaching_regular_unlocks_retagging(category, asker, helper):
    settings = ReputationSettings.objects.get()
    settings.answer_accepted = 200
    services.settings_save(instance=settings)
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=helper, thread=thread, body="Try this.")
    assert not fresh(helper).has_perm("forum.retag")
    forum.answer_accept(answer=answer, by=asker)
    assert rank_groups(helper) == ["Rank: Regular"]
    assert fresh(helper).has_perm("forum.retag")
    assert not fresh(helper).has_perm("forum.edit_others_posts")


def test_administrators_adjust_privileges_by_editing_the_rank_group(member, client_for):
    client_for(member)
    group = Group.objects.get(name="Rank: Newcomer")
    group.permissions.remove(*group.permissions.filter(codename="upload_images"))
    assert not fresh(member).has_perm("forum.upload_images")
