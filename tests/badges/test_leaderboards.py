from badges import selectors
from forum import services as forum
from tests import factories


def _help(helper, category, times=1):
    for _ in range(times):
        asker = factories.make_member()
        thread = factories.make_thread(author=asker, category=category)
        forum.answer_accept(answer=forum.answer_create(author=helper, thread=thread, body="Try this."), by=asker)


def test_top_helpers_are_ranked_by_points_for_week_month_and_all_time(category, helper, member):
    _help(helper, category, 2)
    _help(member, category, 1)
    for period in ("week", "month", "all"):
        rows = selectors.leaderboard(period=period)
        assert [(r["username"], r["points"]) for r in rows][:2] == [("helper", 30), ("mia", 15)]


def test_staff_are_left_out_unless_asked_for(category, helper, moderator):
    _help(moderator, category, 3)
    _help(helper, category, 1)
    members_only = [r["username"] for r in selectors.leaderboard(period="all")]
    assert members_only[0] == "helper" and "mod" not in members_only
    assert [r["username"] for r in selectors.leaderboard(period="all", include_staff=True)][:2] == ["mod", "helper"]


def test_a_category_board_counts_only_points_earned_there(category, helper, member):
    elsewhere = factories.make_category(name="Billing", slug="billing")
    _help(helper, category, 1)
    _help(member, elsewhere, 2)
    here = [r["username"] for r in selectors.leaderboard(period="all", category=category)]
    there = [r["username"] for r in selectors.leaderboard(period="month", category=elsewhere)]
    assert here[0] == "helper" and "mia" not in here
    assert there[0] == "mia" and "helper" not in there


def test_leaderboards_are_cached(category, helper, django_assert_num_queries):
    _help(helper, category, 1)
    selectors.leaderboard(period="all")
    with django_assert_num_queries(0):
        selectors.leaderboard(period="all")
