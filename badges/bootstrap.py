"""The badges app's bootstrap data, installed idempotently: default ranks (each a group holding its
forum privileges), the staff ranks on the forum's role groups, the default badges and the settings row.

Strings are marked for translation so the Dutch catalogue carries them; pages translate names and
descriptions of rows when shown. The data migration badges/0002 holds a frozen copy; seeding
(badges.seed) and tests whose database was flushed call install() with the live models."""

from django.utils.translation import gettext_noop

from forum.roles import EDITORS, MODERATORS

# slug, name, threshold, colour, description, privileges (forum.<codename>)
RANKS = [
    ("newcomer", gettext_noop("Newcomer"), 0, "#767387", gettext_noop("Welcome! You can ask, answer and give kudos."),
     ["upload_images", "flag_posts"]),
    ("member", gettext_noop("Member"), 15, "#0f9d76", gettext_noop("You have helped a little: links in posts are unlocked."),
     ["upload_images", "flag_posts", "post_links"]),
    ("regular", gettext_noop("Regular"), 200, "#2f6fdb", gettext_noop("A trusted helper: no new-member limits, and your reports count double."),
     ["upload_images", "flag_posts", "post_links", "retag", "vote_close", "bypass_new_member_limits"]),
    ("expert", gettext_noop("Expert"), 1000, "#5b3fd6", gettext_noop("Improve anyone's post with edits."),
     ["upload_images", "flag_posts", "post_links", "retag", "vote_close", "bypass_new_member_limits",
      "edit_others_posts"]),
    ("champion", gettext_noop("Champion"), 5000, "#c99a06", gettext_noop("The community's best: everything an Expert can do."),
     ["upload_images", "flag_posts", "post_links", "retag", "vote_close", "bypass_new_member_limits",
      "edit_others_posts"]),
]
# slug, name, group name, colour, description
STAFF_RANKS = [
    ("moderator", gettext_noop("Moderator"), MODERATORS, "#c2283a", gettext_noop("Company staff who keep the community safe.")),
    ("editor", gettext_noop("Editor"), EDITORS, "#b45309", gettext_noop("Company staff who write how-to articles.")),
]

# slug, name, description, tier, glyph, rule, parameters, multiple, revoke
BADGES = [
    ("first-question", gettext_noop("Curious"), gettext_noop("Asked a first question."), "bronze", "question",
     "questions_asked", {"count": 1}, False, False),
    ("first-answer", gettext_noop("Helping hand"), gettext_noop("Posted a first answer."), "bronze", "bubble",
     "answers_posted", {"count": 1}, False, False),
    ("first-accepted-answer", gettext_noop("Problem solver"), gettext_noop("A first answer accepted as the solution."), "bronze",
     "check", "accepted_answers", {"count": 1}, False, False),
    ("accepted-10", gettext_noop("Troubleshooter"), gettext_noop("Ten answers accepted as the solution."), "silver", "check",
     "accepted_answers", {"count": 10}, False, False),
    ("accepted-50", gettext_noop("Guru"), gettext_noop("Fifty answers accepted as the solution."), "gold", "check",
     "accepted_answers", {"count": 50}, False, False),
    ("first-verified", gettext_noop("Verified"), gettext_noop("A first answer verified as correct by a moderator."), "bronze",
     "shield", "verified_answers", {"count": 1}, False, False),
    ("verified-10", gettext_noop("Reliable"), gettext_noop("Ten answers verified as correct by a moderator."), "gold", "shield",
     "verified_answers", {"count": 10}, False, False),
    ("nice-answer", gettext_noop("Nice answer"), gettext_noop("An answer that received 5 kudos."), "bronze", "heart",
     "answer_kudos", {"count": 5}, True, True),
    ("great-answer", gettext_noop("Great answer"), gettext_noop("An answer that received 15 kudos."), "silver", "heart",
     "answer_kudos", {"count": 15}, True, True),
    ("appreciated", gettext_noop("Appreciated"), gettext_noop("Received 25 kudos in total."), "silver", "star",
     "kudos_received", {"count": 25}, False, False),
    ("fast-responder", gettext_noop("Fast responder"), gettext_noop("Gave the first answer within an hour of the question."),
     "bronze", "bolt", "fast_responder", {"minutes": 60}, True, False),
    ("revival", gettext_noop("Revival"), gettext_noop("Solved a thread that had waited 30 days or more for an answer."), "silver",
     "sun", "revival", {"days": 30}, False, False),
    ("thankful", gettext_noop("Thankful"), gettext_noop("Posted a compliment."), "bronze", "heart", "compliments_given",
     {"count": 1}, False, False),
    ("complimented", gettext_noop("Complimented"), gettext_noop("Named in a compliment by another member."), "silver", "star",
     "compliments_received", {"count": 1}, False, False),
    ("streak-7", gettext_noop("On a roll"), gettext_noop("Active seven days in a row."), "silver", "flame", "streak", {"days": 7},
     False, False),
    ("streak-30", gettext_noop("Unstoppable"), gettext_noop("Active thirty days in a row."), "gold", "flame", "streak", {"days": 30},
     False, False),
    ("profile-completed", gettext_noop("Autobiographer"), gettext_noop("Completed the profile: display name, photo and bio."),
     "bronze", "person", "profile_completed", {}, False, True),
    ("good-question", gettext_noop("Good question"), gettext_noop("A question five other members also had."), "silver", "question",
     "good_question", {"count": 5}, True, True),
    ("community-hero", gettext_noop("Community hero"), gettext_noop("Granted by staff for exceptional help."), "gold", "sun",
     "manual", {}, False, False),
]


def install(apps=None) -> None:
    """Create whatever default ranks, groups, badges and settings are missing (idempotent).

    The data migration calls it with historical models; tests that flush the database call it
    again with the live ones. Existing users get a standing and the Newcomer group.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Rank = apps.get_model("badges", "Rank")
    Badge = apps.get_model("badges", "Badge")
    Standing = apps.get_model("badges", "Standing")
    Settings = apps.get_model("badges", "ReputationSettings")
    User = apps.get_model("auth", "User")
    Settings.objects.get_or_create(pk=1)
    newcomer = None
    for slug, name, threshold, colour, description, privileges in RANKS:
        group, _ = Group.objects.get_or_create(name=f"Rank: {name}")
        group.permissions.add(*Permission.objects.filter(content_type__app_label="forum", codename__in=privileges))
        rank, _ = Rank.objects.get_or_create(slug=slug, defaults={
            "name": name, "threshold": threshold, "colour": colour, "description": description, "group": group})
        if threshold == 0:
            newcomer = rank
    for slug, name, group_name, colour, description in STAFF_RANKS:
        group, _ = Group.objects.get_or_create(name=group_name)
        Rank.objects.get_or_create(slug=slug, defaults={
            "name": name, "threshold": None, "is_staff_rank": True, "colour": colour,
            "description": description, "group": group})
    for position, (slug, name, description, tier, glyph, rule, parameters, multiple, revoke) in enumerate(BADGES):
        Badge.objects.get_or_create(slug=slug, defaults={
            "name": name, "description": description, "tier": tier, "glyph": glyph, "rule": rule,
            "parameters": parameters, "multiple": multiple, "revoke_when_rule_fails": revoke,
            "position": position})
    for user in User.objects.filter(standing__isnull=True).iterator():
        Standing.objects.get_or_create(member=user, defaults={"rank": newcomer})
        user.groups.add(newcomer.group)
