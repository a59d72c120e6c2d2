"""Service recovery writes. Views, receivers, commands and tasks call these; staff actions are audited.

Check, then do: views check staff permission (moderation.recovery.permissions); services enforce the
data rules, change rows atomically, write the audit entry in the same transaction and schedule
slow work (email) with transaction.on_commit.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.web.text import one_line
from forum import roles
from forum import services as forum_services
from forum.models import Thread
from moderation.audit import Field
from moderation.models import Team
from moderation.recovery import clock, selectors, signals
from moderation.recovery.models import (
    DEFAULT_FIRST_RESPONSE_MINUTES,
    Case,
    CaseEvent,
    Feedback,
    FeedbackRule,
    FollowUp,
    RecoveryReply,
    ResponsePolicy,
    StaffNote,
)
from moderation.recovery.templatetags.recovery import minutes_human
from moderation.services import audit

logger = logging.getLogger(__name__)
User = get_user_model()

MODERATE = roles.MODERATE

# What the audit log calls recovery's actions (registered in RecoveryConfig.ready()).
AUDIT_LABELS = {
    "recovery.policy_set": _("set a response target"),
    "recovery.case_taken": _("took a case"),
    "recovery.case_reassigned": _("passed a case on"),
    "recovery.case_status": _("changed a case's status"),
    "recovery.reply_sent": _("sent a recovery reply"),
    "recovery.note_added": _("added a staff note"),
    "recovery.note_deleted": _("deleted a staff note"),
    "recovery.feedback_handled": _("handled feedback"),
}

# What the audit log calls the keys of their before/after (registered in RecoveryConfig.ready()).
AUDIT_FIELDS = {
    "owner": Field(_("Owner"), "user"),
    "status": Field(_("Status"), "choice", choices=Case.Status),
    "gesture": Field(_("Gesture"), "choice", choices=RecoveryReply.Gesture),
    "value": Field(_("Amount"), "money"),
    "currency": Field(kind="hidden"),  # shown with the amount
    "note": Field(kind="hidden"),  # the staff note's id: the label says a note was added or deleted
    "minutes": Field(_("First-answer target"), "count", show=minutes_human),
    "business_hours": Field(kind="yes_no", now=_("The clock counts business hours only."),
                            no_longer=_("The clock counts every hour.")),
    "handled": Field(kind="yes_no", now=_("Now handled."), no_longer=_("No longer handled.")),
}

NOT_MODERATOR = _("Only moderators can own a case.")
ALREADY_OWNER = _("This case is already yours.")
SAME_OWNER = _("That person already owns this case.")
NOT_YOUR_CASE = _("This case belongs to someone else. Take it first if you want to answer it.")
BAD_STATUS = _("A case cannot go from “%(from)s” to “%(to)s”.")
NOT_A_PROBLEM = _("Only problems have a case.")
FOLLOW_UP_ANSWERED = _("You have already answered this follow-up. Thank you!")
COMMENT_EMPTY = _("Write a comment first, or leave it.")
NOTE_EMPTY = _("Write something in the note first.")
NOTE_GONE = _("This note was already deleted.")
FEEDBACK_HANDLED = _("This feedback was already marked as handled.")
PART_MISSING = _("The recovery reply needs every part. Missing: %(parts)s.")
GESTURE_VALUE_MISSING = _("Give the value of the gesture, or choose “no gesture”.")
SOLVED_BY_AN_ANSWER = _("An answer was accepted as the solution.")

REPLY_PARTS = [
    ("responsibility", _("taking responsibility")),
    ("regret", _("regret")),
    ("repair", _("the repair offered")),
    ("cause", _("the cause")),
    ("prevention", _("what will prevent a repeat")),
]

# Which status may follow which (staff move a case along; follow-ups reopen and close it).
TRANSITIONS = {
    Case.Status.NEW: {Case.Status.ACKNOWLEDGED, Case.Status.IN_PROGRESS, Case.Status.RESOLVED, Case.Status.CLOSED},
    Case.Status.ACKNOWLEDGED: {Case.Status.IN_PROGRESS, Case.Status.RESOLVED, Case.Status.CLOSED},
    Case.Status.IN_PROGRESS: {Case.Status.RESOLVED, Case.Status.CLOSED},
    Case.Status.RESOLVED: {Case.Status.IN_PROGRESS, Case.Status.CLOSED},
    Case.Status.CLOSED: {Case.Status.IN_PROGRESS},
}


def follow_up_delay() -> timedelta:
    return timedelta(days=getattr(settings, "RECOVERY_FOLLOW_UP_DAYS", 3))


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


# Response-time policies


def policy_set(*, category, by, first_response_minutes: int = DEFAULT_FIRST_RESPONSE_MINUTES,
               business_hours_only: bool = False, weekdays=(0, 1, 2, 3, 4), day_start=None,
               day_end=None) -> ResponsePolicy:
    with transaction.atomic():
        policy, _created = ResponsePolicy.objects.get_or_create(category=category)
        before = {"minutes": policy.first_response_minutes, "business_hours": policy.business_hours_only}
        policy.first_response_minutes = first_response_minutes
        policy.business_hours_only = business_hours_only
        policy.weekdays = sorted(int(day) for day in weekdays)
        if day_start is not None:
            policy.day_start = day_start
        if day_end is not None:
            policy.day_end = day_end
        policy.full_clean()
        policy.save()
        audit(actor=by, action="recovery.policy_set", reason=str(category),
              before=before, after={"minutes": first_response_minutes, "business_hours": business_hours_only})
    return policy


def due_for(*, category, start, policy: ResponsePolicy | None = None, use_lookup: bool = True):
    if policy is None and use_lookup:
        policy = selectors.policy_for(category)
    minutes = policy.first_response_minutes if policy else DEFAULT_FIRST_RESPONSE_MINUTES
    return clock.deadline(start, minutes, clock.hours_for(policy)), minutes


# Cases


def team_for(category) -> Team | None:
    return Team.objects.filter(categories=category).order_by("name", "pk").first()


def _next_in_rotation(team: Team):
    """Round-robin: the staff member after the one who got the team's last automatic case."""
    staff = [user for user in team.members.filter(is_active=True).order_by("pk") if user.has_perm(MODERATE)]
    if not staff:
        return None
    last_owner_id = (
        Case.objects.filter(team=team, auto_assigned=True, owner__isnull=False)
        .order_by("-created_at", "-pk").values_list("owner_id", flat=True).first()
    )
    ids = [user.pk for user in staff]
    if last_owner_id in ids:
        return staff[(ids.index(last_owner_id) + 1) % len(staff)]
    return staff[0]


def case_open(*, thread: Thread) -> Case:
    """Open the case of a problem thread and assign it round-robin within the category's team.

    Locks the team row so two problems posted at once go to different people.
    """
    if thread.kind != Thread.Kind.PROBLEM:
        raise ValidationError(NOT_A_PROBLEM)
    existing = Case.objects.filter(thread=thread).first()
    if existing:
        return existing
    with transaction.atomic():
        team = team_for(thread.category)
        owner = None
        if team is not None:
            Team.objects.select_for_update().filter(pk=team.pk).first()
            owner = _next_in_rotation(team)
        start = thread.created_at or timezone.now()
        due_at, minutes = due_for(category=thread.category, start=start)
        case = Case.objects.create(thread=thread, team=team, owner=owner, auto_assigned=owner is not None,
                                   created_at=start, due_at=due_at, target_minutes=minutes)
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OPENED)
        if owner is not None:
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ASSIGNED, to_user=owner)
            url = reverse("recovery:case", kwargs={"pk": case.pk})
            forum_services.notify_member(
                recipient=owner, verb="case_assigned", thread=thread, url=url,
                text=gettext("A problem was assigned to you: %(title)s") % {"title": thread.title},
            )
    return case


def case_take(*, case: Case, by) -> Case:
    if not roles.is_moderator(by):
        raise ValidationError(NOT_MODERATOR)
    if case.owner_id == by.pk:
        raise ValidationError(ALREADY_OWNER)
    with transaction.atomic():
        previous = case.owner
        Case.objects.filter(pk=case.pk).update(owner=by, auto_assigned=False)
        case.owner, case.auto_assigned = by, False
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TAKEN, actor=by, from_user=previous, to_user=by)
        audit(actor=by, action="recovery.case_taken", thread=case.thread, member=previous,
              before={"owner": previous}, after={"owner": by})
    return case


def case_reassign(*, case: Case, by, to, reason: str = "") -> Case:
    if not roles.is_moderator(to):
        raise ValidationError(NOT_MODERATOR)
    if case.owner_id == to.pk:
        raise ValidationError(SAME_OWNER)
    with transaction.atomic():
        previous = case.owner
        Case.objects.filter(pk=case.pk).update(owner=to, auto_assigned=False)
        case.owner, case.auto_assigned = to, False
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.REASSIGNED, actor=by, from_user=previous,
                                 to_user=to, note=reason[:500])
        audit(actor=by, action="recovery.case_reassigned", thread=case.thread, member=to, reason=reason,
              before={"owner": previous}, after={"owner": to})
        if to.pk != by.pk:
            forum_services.notify_member(
                recipient=to, verb="case_assigned", actor=by, thread=case.thread,
                url=reverse("recovery:case", kwargs={"pk": case.pk}),
                text=gettext("%(name)s passed a problem to you: %(title)s")
                % {"name": forum_services.profile_for(by).name, "title": case.thread.title},
            )
    return case


def _move_status(case: Case, to: str, *, actor, note: str = "") -> str:
    """Change the status and keep the timeline; no audit here (callers decide)."""
    before = case.status
    now = timezone.now()
    fields = {"status": to}
    if to == Case.Status.RESOLVED:
        fields.update(resolved_at=now, round=case.round + 1)
    if to == Case.Status.CLOSED:
        fields["closed_at"] = now
    if to == Case.Status.IN_PROGRESS and before in (Case.Status.RESOLVED, Case.Status.CLOSED):
        fields.update(resolved_at=None, closed_at=None)
    Case.objects.filter(pk=case.pk).update(**fields)
    for name, value in fields.items():
        setattr(case, name, value)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.STATUS, actor=actor, from_status=before, to_status=to,
                             note=note[:500])
    if to == Case.Status.RESOLVED:
        signals.case_resolved.send(sender=Case, case=case, by=actor)
    return before


def case_set_status(*, case: Case, by, status: str, note: str = "") -> Case:
    if status not in TRANSITIONS.get(case.status, set()):
        raise ValidationError(BAD_STATUS % {"from": case.get_status_display(),
                                            "to": Case.Status(status).label if status in Case.Status.values
                                            else status})
    with transaction.atomic():
        before = _move_status(case, status, actor=by, note=note)
        audit(actor=by, action="recovery.case_status", thread=case.thread, member=case.thread.author,
              reason=note, before={"status": before}, after={"status": status})
        if status in (Case.Status.RESOLVED, Case.Status.IN_PROGRESS) and case.thread.author_id != by.pk:
            forum_services.notify_member(
                recipient=case.thread.author, verb="case_status", actor=by, thread=case.thread,
                url=case.thread.get_absolute_url(),
                text=gettext("Your problem “%(title)s” is now: %(status)s")
                % {"title": case.thread.title, "status": Case.Status(status).label},
            )
    return case


def case_resolve_when_solved(*, thread_id: int, by) -> Case | None:
    """An accepted answer solved the problem: its open case is resolved with it. Otherwise the thread
    said "Solved" beside a case panel still at "New" (#15 item 4); the follow-up still asks the
    customer a few days later whether all is good, and "not yet" reopens the case."""
    case = (Case.objects.select_related("thread").filter(thread_id=thread_id)
            .exclude(status__in=(Case.Status.RESOLVED, Case.Status.CLOSED)).first())
    if case is None:
        return None
    return case_set_status(case=case, by=by, status=Case.Status.RESOLVED, note=gettext(SOLVED_BY_AN_ANSWER))


def record_first_response(*, case: Case, by, at=None) -> bool:
    """The first staff answer on a case: keep when it came, whether the target was missed. Once only."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.first_response_at is not None:
            return False
        policy = selectors.policy_for(locked.thread.category)
        taken = clock.working_time_between(locked.created_at, at, clock.hours_for(policy))
        fields = {"first_response_at": at, "first_response_minutes": max(clock.minutes(taken), 0)}
        if at > locked.due_at and not locked.breached:
            fields.update(breached=True, breached_at=locked.due_at)
        if locked.status == Case.Status.NEW:
            fields["status"] = Case.Status.ACKNOWLEDGED
        Case.objects.filter(pk=locked.pk).update(**fields)
        for name, value in fields.items():
            setattr(case, name, value)
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.FIRST_RESPONSE, actor=by)
        if fields.get("breached"):
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.BREACHED)
            signals.response_target_breached.send(sender=Case, case=case)
        if fields.get("status"):
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.STATUS, actor=by, from_status=Case.Status.NEW,
                                     to_status=Case.Status.ACKNOWLEDGED)
    return True


def check_response_targets(*, now=None) -> int:
    """Mark cases whose first-response target passed without an answer. Safe to run again: returns new breaches."""
    now = now or timezone.now()
    count = 0
    late = Case.objects.filter(first_response_at__isnull=True, breached=False, due_at__lt=now)
    for case in late.iterator():
        with transaction.atomic():
            updated = Case.objects.filter(pk=case.pk, breached=False).update(breached=True, breached_at=case.due_at)
            if updated:
                case.breached, case.breached_at = True, case.due_at
                CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.BREACHED)
                signals.response_target_breached.send(sender=Case, case=case)
                count += 1
    return count


# The recovery reply


def missing_parts(parts: dict) -> list[str]:
    return [str(label) for name, label in REPLY_PARTS if not str(parts.get(name) or "").strip()]


def gesture_sentence(kind: str, value, currency: str) -> str:
    if not kind:
        return ""
    amount = ""
    if value is not None:
        amount = f"{currency} {number_format(Decimal(value), decimal_pos=2)}".strip()
    sentences = {
        RecoveryReply.Gesture.VOUCHER: gettext("To make up for it, we are sending you a voucher worth %(amount)s."),
        RecoveryReply.Gesture.REFUND: gettext("We are refunding %(amount)s to you."),
        RecoveryReply.Gesture.FREE_SHIPPING: gettext("Your next order ships free of charge."),
        RecoveryReply.Gesture.OTHER: gettext("As a small gesture, we are offering you %(amount)s."),
    }
    return sentences[kind] % {"amount": amount}


def compose_reply(*, parts: dict, gesture_kind: str = "", gesture_value=None, gesture_currency: str = "EUR",
                  signer: str = "", language: str = "en") -> str:
    """One natural Markdown reply from the five parts: apology first, then what happened and what we do."""
    with translation.override(language):
        paragraphs = [
            f"{parts['regret'].strip()} {parts['responsibility'].strip()}",
            parts["cause"].strip(),
            parts["repair"].strip(),
            gesture_sentence(gesture_kind, gesture_value, gesture_currency),
            parts["prevention"].strip(),
        ]
        if signer:
            paragraphs.append(f"— {signer}")
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def recovery_reply_send(*, case: Case, by, responsibility: str, regret: str, repair: str, cause: str,
                        prevention: str, gesture_kind: str = "", gesture_value=None, gesture_currency: str = "EUR",
                        submission_token: str = "") -> RecoveryReply:
    """Post the five-part reply as one forum answer by its owner, record it and move the case along."""
    parts = {"responsibility": responsibility, "regret": regret, "repair": repair, "cause": cause,
             "prevention": prevention}
    gesture_currency = (gesture_currency or "EUR").strip().upper()[:3]
    missing = missing_parts(parts)
    if missing:
        raise ValidationError(PART_MISSING % {"parts": ", ".join(missing)})
    if gesture_kind and gesture_kind != RecoveryReply.Gesture.FREE_SHIPPING and gesture_value in (None, ""):
        raise ValidationError(GESTURE_VALUE_MISSING)
    if case.owner_id and case.owner_id != by.pk:
        raise ValidationError(NOT_YOUR_CASE)
    with transaction.atomic():
        if case.owner_id is None:
            Case.objects.filter(pk=case.pk).update(owner=by)
            case.owner = by
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.TAKEN, actor=by, to_user=by)
        thread = case.thread
        body = compose_reply(parts=parts, gesture_kind=gesture_kind, gesture_value=gesture_value,
                             gesture_currency=gesture_currency, signer=forum_services.profile_for(by).name,
                             language=thread.language)
        answer = forum_services.answer_create(author=by, thread=thread, body=body, submission_token=submission_token)
        existing = RecoveryReply.objects.filter(answer=answer).first()
        if existing:
            return existing
        reply = RecoveryReply.objects.create(
            case=case, answer=answer, author=by, **{key: value.strip() for key, value in parts.items()},
            gesture_kind=gesture_kind or "", gesture_value=gesture_value if gesture_kind else None,
            gesture_currency=(gesture_currency or "EUR").upper()[:3],
        )
        case.refresh_from_db()
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RECOVERY_REPLY, actor=by)
        if case.status in (Case.Status.NEW, Case.Status.ACKNOWLEDGED):
            _move_status(case, Case.Status.IN_PROGRESS, actor=by)
        audit(actor=by, action="recovery.reply_sent", thread=thread, answer=answer, member=thread.author,
              after={"gesture": reply.gesture_kind, "value": str(reply.gesture_value or ""),
                     "currency": reply.gesture_currency})
    return reply


# Staff notes


def note_add(*, thread: Thread, by, body: str) -> StaffNote:
    if not body.strip():
        raise ValidationError(NOTE_EMPTY)
    with transaction.atomic():
        note = StaffNote.objects.create(thread=thread, author=by, body=body.strip())
        audit(actor=by, action="recovery.note_added", thread=thread, after={"note": note.pk})
    return note


def note_delete(*, note: StaffNote, by) -> None:
    """Soft delete: the note stays in the database and the audit log."""
    with transaction.atomic():
        updated = StaffNote.objects.filter(pk=note.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())
        if not updated:
            raise ValidationError(NOTE_GONE)
        audit(actor=by, action="recovery.note_deleted", thread=note.thread, before={"note": note.pk})


# Closing the loop


def follow_up_token(follow_up: FollowUp) -> str:
    return signing.dumps({"f": follow_up.pk}, salt=selectors.FOLLOW_UP_SALT)


def follow_up_send(*, case: Case) -> FollowUp | None:
    """Ask the customer whether all is good now; one follow-up per resolution (idempotent).

    The question goes out through forum.services.notify_member: in-app now, and by email as the
    member prefers. Its link carries a signed token, so it works from the email without signing in.
    """
    recipient = case.thread.author
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(case=case, round=case.round, recipient=recipient)
            url = reverse("recovery:follow_up", kwargs={"token": follow_up_token(follow_up)})
            with translation.override(forum_services.profile_for(recipient).language):
                text = gettext("Is everything all right now with “%(title)s”? One click tells us.") % {
                    "title": case.thread.title}
            forum_services.notify_member(recipient=recipient, verb="follow_up", text=text, url=url,
                                         thread=case.thread, actor=case.owner)
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.FOLLOW_UP_SENT)
    except IntegrityError:
        return None
    return follow_up


def send_follow_ups(*, now=None) -> int:
    """Send every follow-up that is due (resolved at least the configured days ago). Idempotent."""
    now = now or timezone.now()
    due = (Case.objects.filter(status=Case.Status.RESOLVED, resolved_at__lte=now - follow_up_delay())
           .select_related("thread__author", "owner")
           .exclude(follow_ups__round=F("round")))
    sent = 0
    for case in due:
        if follow_up_send(case=case) is not None:
            sent += 1
    return sent


def follow_up_answer(*, follow_up: FollowUp, all_good: bool, comment: str = "") -> FollowUp:
    """The customer's answer: yes closes the case, no reopens it to its owner."""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.answered_at is not None:
            raise ValidationError(FOLLOW_UP_ANSWERED)
        now = timezone.now()
        FollowUp.objects.filter(pk=locked.pk).update(answered_at=now, all_good=all_good, comment=comment.strip())
        follow_up.answered_at, follow_up.all_good, follow_up.comment = now, all_good, comment.strip()
        case = Case.objects.select_related("thread", "owner").get(pk=follow_up.case_id)
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.FOLLOW_UP_ANSWERED, actor=follow_up.recipient,
                                 note=(gettext("All good") if all_good else gettext("Not solved")) + (
                                     f": {comment.strip()}"[:480] if comment.strip() else ""))
        signals.follow_up_answered.send(sender=FollowUp, follow_up=follow_up, case=case)
        latest_round = follow_up.round == case.round
        if latest_round and case.status == Case.Status.RESOLVED:
            if all_good:
                _move_status(case, Case.Status.CLOSED, actor=follow_up.recipient)
            else:
                _move_status(case, Case.Status.IN_PROGRESS, actor=follow_up.recipient)
                CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.REOPENED, actor=follow_up.recipient,
                                         to_user=case.owner)
                if case.owner is not None:
                    forum_services.notify_member(
                        recipient=case.owner, verb="case_reopened", actor=follow_up.recipient, thread=case.thread,
                        url=reverse("recovery:case", kwargs={"pk": case.pk}),
                        text=gettext("The customer says “%(title)s” is not solved yet; the case is open again.")
                        % {"title": case.thread.title},
                    )
    return follow_up


def follow_up_comment(*, follow_up: FollowUp, comment: str) -> FollowUp:
    """Add the optional comment after a one-click answer (once)."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(COMMENT_EMPTY)
    with transaction.atomic():
        updated = FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=False, comment="").update(
            comment=comment)
        if not updated:
            raise ValidationError(FOLLOW_UP_ANSWERED)
        follow_up.comment = comment
        CaseEvent.objects.create(case_id=follow_up.case_id, kind=CaseEvent.Kind.FOLLOW_UP_ANSWERED,
                                 actor=follow_up.recipient, note=comment[:500])
    return follow_up


# Feedback


def route(*, kind: str, message: str, category=None) -> tuple[Team | None, FeedbackRule | None]:
    """The first active rule whose conditions all match; otherwise the team of the category."""
    text = message.lower()
    for rule in FeedbackRule.objects.filter(is_active=True).select_related("team"):
        if rule.category_id and (category is None or rule.category_id != category.pk):
            continue
        if rule.kind and rule.kind != kind:
            continue
        words = rule.keyword_list
        if words and not any(word in text for word in words):
            continue
        return rule.team, rule
    if category is not None:
        return team_for(category), None
    return None, None


def thread_for_path(path: str) -> Thread | None:
    """The forum thread a page path shows, if any (/t/<pk>/<slug>/)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    if match.view_name == "forum:thread":
        return Thread.objects.select_related("category").filter(pk=match.kwargs.get("pk")).first()
    return None


def feedback_create(*, kind: str, message: str, page: str = "", author=None, email: str = "",
                    thread: Thread | None = None) -> Feedback:
    if thread is None and page:
        thread = thread_for_path(page)
    category = thread.category if thread is not None else None
    team, rule = route(kind=kind, message=message, category=category)
    with transaction.atomic():
        feedback = Feedback.objects.create(
            kind=kind, message=message.strip(), page=page[:500], author=author if author and author.is_authenticated
            else None, email=email, category=category, thread=thread, team=team, rule=rule,
        )
        signals.feedback_received.send(sender=Feedback, feedback=feedback)
        if kind == Feedback.Kind.COMPLIMENT and team is not None and team.email:
            transaction.on_commit(lambda: _enqueue_forward(feedback.pk))
    return feedback


def compliment_from_thread(*, thread: Thread) -> Feedback | None:
    """A compliment thread is collected with the compliments and forwarded like one."""
    if thread.kind != Thread.Kind.COMPLIMENT:
        return None
    if Feedback.objects.filter(thread=thread, kind=Feedback.Kind.COMPLIMENT).exists():
        return None
    return feedback_create(kind=Feedback.Kind.COMPLIMENT, message=f"{thread.title}\n\n{thread.body}",
                           page=thread.get_absolute_url(), author=thread.author, thread=thread)


def _enqueue_forward(feedback_id: int) -> None:
    from moderation.recovery import tasks

    try:
        tasks.forward_compliment.enqueue(feedback_id)
    except Exception:
        logger.exception("Could not forward compliment %s", feedback_id)


def compliment_forward(feedback_id: int) -> bool:
    """Email a compliment to the team it concerns (branded HTML and text, the site's language). Once only."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    feedback = Feedback.objects.select_related("team", "author__profile", "thread").filter(pk=feedback_id).first()
    if feedback is None or feedback.forwarded_at or feedback.team is None or not feedback.team.email:
        return False
    with transaction.atomic():  # the claim commits with the send: a failed send is retried, not lost
        if not Feedback.objects.filter(pk=feedback.pk, forwarded_at__isnull=True).update(forwarded_at=timezone.now()):
            return False
        context = {
            "feedback": feedback, "team": feedback.team, "site_name": settings.SITE_NAME,
            "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL.rstrip("/"),
            "LANGUAGE_CODE": translation.get_language(),
            "page_url": _site_url(feedback.page) if feedback.page.startswith("/") else feedback.page,
        }
        subject = f"[{settings.SITE_NAME}] " + gettext("A compliment for %(team)s") % {"team": feedback.team.name}
        message = EmailMultiAlternatives(one_line(subject), render_to_string(
            "moderation/recovery/email/compliment.txt", context), None, [feedback.team.email])
        message.attach_alternative(render_to_string("moderation/recovery/email/compliment.html", context), "text/html")
        message.send()
    return True


def feedback_mark_handled(*, feedback: Feedback, by) -> Feedback:
    with transaction.atomic():
        updated = Feedback.objects.filter(pk=feedback.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=by)
        if not updated:
            raise ValidationError(FEEDBACK_HANDLED)
        feedback.refresh_from_db()
        audit(actor=by, action="recovery.feedback_handled", thread=feedback.thread, member=feedback.author,
              reason=feedback.message[:200], before={"handled": False}, after={"handled": True})
    return feedback


def count_missing_page(path: str) -> None:
    """Count one 404 hit for a path (atomic)."""
    from moderation.models import NotFoundPath

    path = path[:500]
    updated = NotFoundPath.objects.filter(path=path).update(hits=F("hits") + 1, last_seen_at=timezone.now())
    if not updated:
        try:
            with transaction.atomic():
                NotFoundPath.objects.create(path=path, hits=1)
        except IntegrityError:
            NotFoundPath.objects.filter(path=path).update(hits=F("hits") + 1, last_seen_at=timezone.now())
