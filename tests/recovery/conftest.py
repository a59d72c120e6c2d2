"""Service-recovery fixtures: a team over a category, a second moderator, a problem thread with its case."""

import pytest

from forum import roles
from moderation.models import Team
from tests import factories


@pytest.fixture
def second_moderator(db):
    return factories.make_member(username="mod2", display_name="Max Moderator", groups=(roles.MODERATORS,),
                                 is_staff=True)


@pytest.fixture
def team(db, category, moderator, second_moderator):
    created = Team.objects.create(name="Customer care", email="care@example.com")
    created.members.add(moderator, second_moderator)
    created.categories.add(category)
    return created


@pytest.fixture
def problem(db, team, category, member):
    return factories.make_thread(author=member, category=category, kind="problem",
                                 title="My order arrived broken", body="The screen was cracked when I opened the box.")


@pytest.fixture
def case(problem):
    return problem.case


@pytest.fixture
def reply_parts():
    return {
        "responsibility": "This is our mistake: the parcel was packed badly.",
        "regret": "I am really sorry your new screen arrived cracked.",
        "repair": "A replacement leaves our warehouse today by express delivery.",
        "cause": "The box was packed without the foam corners.",
        "prevention": "We have added a packing check for screens at the warehouse.",
    }
