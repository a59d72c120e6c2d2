"""Demo moderation for `manage.py seed_demo`: a verified answer, a couple of reports, one warning (idempotent)."""

from forum.models import Answer, Thread
from moderation import services
from moderation.models import AuditEntry

VERIFY_IN = "My parcel shows delivered but it is not here"
# (flagger, thread title, answer author or None for the thread itself, reason, text)
FLAGS = [
    ("priya", "My parcel shows delivered but it is not here", "lena", "off_topic",
     "A story, not an answer to the question."),
    ("tom", "Can I pay by bank transfer instead of credit card?", "joris", "incorrect",
     "Pay later is not offered for bank transfers any more."),
]
WARNING = ("lena", "Please keep answers about the question asked; share stories in a new thread. Thanks!")


def _verified(context):
    def run():
        moderator = context["people"]["moderator"]
        answer = Answer.objects.filter(thread__title=VERIFY_IN, is_accepted=True).first()
        if answer is not None and not answer.is_verified:
            services.answer_verify(answer=answer, by=moderator)

    return run


def _flags(context):
    def run():
        people = context["people"]
        for flagger, title, author, reason, text in FLAGS:
            thread = Thread.objects.filter(title=title).first()
            if thread is None:
                continue
            post = thread
            if author:
                post = Answer.objects.filter(thread=thread, author__username=author).first()
                if post is None:
                    continue
            if post.flags.filter(flagger=people[flagger]).exists():
                continue
            services.flag_create(flagger=people[flagger], post=post, reason=reason, text=text)

    return run


def _warning(context):
    def run():
        member = context["people"][WARNING[0]]
        if not AuditEntry.objects.filter(member=member, action=services.Action.WARN).exists():
            services.member_warn(member=member, by=context["people"]["moderator"], reason=WARNING[1])

    return run


def steps(context):
    return [
        ("verified answer", _verified(context)),
        ("reports", _flags(context)),
        ("a warning", _warning(context)),
    ]


