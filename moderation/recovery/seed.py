"""Demo service recovery for `manage.py seed_demo`: a team, response policies, cases, feedback, compliments.

Idempotent: every step looks for what it made last time before making it again.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from forum.models import Category, Thread
from moderation.models import Team
from moderation.recovery import services
from moderation.recovery.models import Case, Feedback, FeedbackRule, FollowUp, ResponsePolicy

TEAM_NAME = "Customer care"
TEAM_NAME_NL = "Klantenservice"
BREACHED_TITLE = "Two-factor codes are always rejected"
RESOLVED_TITLE = "Factuur klopt niet: dubbel afgeschreven"

REPLY_NL = {
    "regret": "Wat vervelend dat je deze maand twee keer hebt betaald, Sanne — dat had niet mogen gebeuren.",
    "responsibility": "De fout ligt bij ons: jij hoeft hier niets voor te doen.",
    "cause": "Bij het verlengen van abonnementen is een betaalopdracht per ongeluk twee keer verstuurd.",
    "repair": "Ik heb het dubbele bedrag vandaag teruggestort; het staat binnen twee werkdagen op je rekening.",
    "prevention": "We controleren betaalopdrachten nu eerst op dubbele regels voordat ze naar de bank gaan.",
}

FEEDBACK = [
    ("page_problem", "The delivery times table on this page is cut off on my phone.", "/c/orders-delivery/", ""),
    ("suggestion", "Could you add a filter for unanswered questions?", "/", "visitor@example.com"),
    ("missing_page", "The warranty conditions for smart thermostats", "/warranty/thermostat/", ""),
    ("compliment", "Lena's tip about the pick-up point saved my day. Great community!", "/", ""),
    ("other", "Kunnen jullie ook een factuur per e-mail sturen?", "/c/billing-payments/", "klant@example.com"),
]


def _team(context):
    def run():
        team, _created = Team.objects.get_or_create(name_en=TEAM_NAME, defaults={"email": "care@example.com"})
        if not team.name_nl:
            team.name_nl = TEAM_NAME_NL
            team.save(update_fields=["name_nl"])
        moderator = context["people"].get("moderator")
        if moderator is not None:
            team.members.add(moderator)
        team.categories.add(*Category.objects.all())
        context["team"] = team
        FeedbackRule.objects.get_or_create(name="Compliments to customer care",
                                           defaults={"kind": "compliment", "team": team, "position": 1})
        FeedbackRule.objects.get_or_create(name="Billing words", defaults={
            "keywords": "invoice, factuur, refund, terugbetaling", "team": team, "position": 2})

    return run


def _policies(context):
    def run():
        for category in Category.objects.all():
            defaults = {"first_response_minutes": 180}
            if category.slug == "billing-payments":
                defaults.update(business_hours_only=True, day_start=time(9), day_end=time(17),
                                weekdays=[0, 1, 2, 3, 4], first_response_minutes=240)
            ResponsePolicy.objects.get_or_create(category=category, defaults=defaults)

    return run


def _cases(context):
    def run():
        moderator = context["people"].get("moderator")
        team = Team.objects.get(name_en=TEAM_NAME)
        for thread in Thread.objects.filter(kind=Thread.Kind.PROBLEM, deleted_at__isnull=True):
            case = services.case_open(thread=thread)
            if case.owner_id is None and moderator is not None:
                Case.objects.filter(pk=case.pk).update(owner=moderator, team=team, auto_assigned=True)
        breached = Case.objects.filter(thread__title=BREACHED_TITLE, breached=False,
                                       first_response_at__isnull=True).first()
        if breached is not None:
            opened = timezone.now() - timedelta(hours=5)
            Case.objects.filter(pk=breached.pk).update(created_at=opened, due_at=opened + timedelta(hours=3))
            services.check_response_targets()

    return run


def _resolved_case(context):
    def run():
        moderator = context["people"].get("moderator")
        case = Case.objects.select_related("thread").filter(thread__title=RESOLVED_TITLE).first()
        if case is None or moderator is None or case.replies.exists():
            return
        opened = timezone.now() - timedelta(minutes=95)  # answered an hour and a half after the problem was posted
        Case.objects.filter(pk=case.pk).update(created_at=opened, due_at=opened + timedelta(hours=3))
        case.refresh_from_db()
        services.recovery_reply_send(case=case, by=moderator, gesture_kind="refund", gesture_value=Decimal("12.50"),
                                     gesture_currency="EUR", **REPLY_NL)
        case.refresh_from_db()
        services.case_set_status(case=case, by=moderator, status=Case.Status.RESOLVED)
        case.refresh_from_db()
        follow_up = FollowUp.objects.filter(case=case, round=case.round).first() or services.follow_up_send(case=case)
        if follow_up is not None and follow_up.answered_at is None:
            services.follow_up_answer(follow_up=follow_up, all_good=True,
                                      comment="Het geld staat er weer op. Bedankt voor de snelle hulp!")

    return run


def _feedback(context):
    def run():
        people = context["people"]
        for kind, message, page, email in FEEDBACK:
            if Feedback.objects.filter(message=message).exists():
                continue
            services.feedback_create(kind=kind, message=message, page=page, email=email,
                                     author=people.get("tom") if kind == "compliment" else None)
        team = Team.objects.get(name_en=TEAM_NAME)
        # The forum seed posts its compliment thread before this team exists: route it now and pass it on.
        Feedback.objects.filter(kind=Feedback.Kind.COMPLIMENT, team__isnull=True).update(team=team)
        for pk in Feedback.objects.filter(kind=Feedback.Kind.COMPLIMENT, forwarded_at__isnull=True).values_list(
                "pk", flat=True):
            services.compliment_forward(pk)

    return run


def steps(context):
    return [
        ("recovery team", _team(context)),
        ("response policies", _policies(context)),
        ("cases", _cases(context)),
        ("a resolved case", _resolved_case(context)),
        ("feedback and compliments", _feedback(context)),
    ]
