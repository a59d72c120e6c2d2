"""Every task, run twice, has the effect of running it once.

A task may run twice: a worker killed after the work but before it saved the result runs it
again once the lease expires, and staff may retry it. So for every task in the apps' task
modules there is a case below. A case sets the scene with the database queue on (so the
tasks the scene causes wait in the queue), runs the task once and snapshots everything a
user could notice — every row of every table, the emails sent, the search index — then runs
it again and expects the very same snapshot.

Adding a task? test_every_task_has_an_idempotency_case fails until CASES has one: write a
`setup(request)` that returns the calls to make (or QUEUED, to run what the scene queued).
"""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from forum import search
from forum import services as forum_services
from forum.models import Category, Profile, TagUsage
from moderation.models import Team
from moderation.recovery import services as recovery_services
from moderation.recovery.models import Case, FeedbackRule
from tests import factories
from tests.blog.conftest import add_update, known_issue_index, publish_known_issue  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_tasks")]

TASK_MODULES = ["forum.tasks", "badges.tasks", "moderation.recovery.tasks", "blog.tasks"]
QUEUED = object()  # run the calls the scene left in the queue for this task


def on_commit():
    return TestCase.captureOnCommitCallbacks(execute=True)


def _question_with_answer(request, *, asker_mode=Profile.EmailMode.EACH):
    asker, helper = request.getfixturevalue("member"), request.getfixturevalue("other_member")
    Profile.objects.filter(user=asker).update(email_mode=asker_mode)
    with on_commit():
        thread = factories.make_thread(author=asker, category=request.getfixturevalue("category"))
        answer = factories.make_answer(thread=thread, author=helper)
    return thread, answer


def _run_queued(path: str) -> None:
    for row in DBTaskResult.objects.filter(task_path=path, status="READY"):
        with on_commit():
            row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])


def index_thread(request):
    _question_with_answer(request)
    return QUEUED


def index_document(request):
    thread, _ = _question_with_answer(request)
    return [("thread", str(thread.pk))]


def embed_document(request):
    thread, _ = _question_with_answer(request)
    return [("thread", str(thread.pk))]


def recount_tags(request):
    with on_commit():
        thread = factories.make_thread(category=request.getfixturevalue("category"), tags=["lamp", "wifi"])
    TagUsage.objects.filter(tag__slug="lamp").update(thread_count=7)  # drifted: the run must put it right
    tag_ids = sorted(thread.tags.values_list("pk", flat=True))
    return [(tag_ids,)]


def recount_categories(request):
    category = request.getfixturevalue("category")
    with on_commit():
        factories.make_thread(category=category)
    Category.objects.filter(pk=category.pk).update(thread_count=7)  # drifted: the run must put it right
    return [([category.pk],)]


def notify(request):
    _question_with_answer(request)
    return QUEUED


def email_notification(request):
    _question_with_answer(request)
    _run_queued("forum.tasks.notify")  # the answer's notification queues its email
    return QUEUED


def send_digests(request):
    _question_with_answer(request, asker_mode=Profile.EmailMode.DIGEST)
    _run_queued("forum.tasks.notify")
    return [()]


def send_accept_reminders(request):
    _question_with_answer(request)
    request.getfixturevalue("clock").shift(timedelta(days=8))
    return [()]


def flush_view_counts(request):
    from forum import viewcounts

    thread, _answer = _question_with_answer(request)
    viewcounts.record(thread.pk)
    return [()]


def evaluate_members(request):
    thread, answer = _question_with_answer(request)
    with on_commit():
        forum_services.answer_accept(answer=answer, by=thread.author)
    return QUEUED


def forward_compliment(request):
    team = Team.objects.create(name="Billing", email="billing@example.com")
    FeedbackRule.objects.create(name="Thanks", kind="compliment", team=team)
    with on_commit():
        recovery_services.feedback_create(kind="compliment", message="Priya from billing was wonderful")
    return QUEUED


def _case(request) -> Case:
    team = Team.objects.create(name="Customer care", email="care@example.com")
    team.members.add(request.getfixturevalue("moderator"))
    team.categories.add(request.getfixturevalue("category"))
    with on_commit():
        thread = factories.make_thread(author=request.getfixturevalue("member"), kind="problem",
                                       category=request.getfixturevalue("category"), title="My order arrived broken")
    return thread.case


def send_follow_ups(request):
    case = _case(request)
    with on_commit():
        recovery_services.case_set_status(case=case, by=request.getfixturevalue("moderator"),
                                          status=Case.Status.RESOLVED)
    request.getfixturevalue("clock").shift(timedelta(days=4))
    return [()]


def check_response_targets(request):
    _case(request)
    request.getfixturevalue("clock").shift(timedelta(days=3))
    return [()]


def _followed_known_issue(request):
    member, category = request.getfixturevalue("member"), request.getfixturevalue("category")
    thread = factories.make_thread(category=category)
    forum_services.follow(user=member, thread=thread)
    from blog import services as blog_services

    known_issue = request.getfixturevalue("publish_known_issue")(categories=[category])
    blog_services.link_known_issue(known_issue=known_issue, thread=thread, by=request.getfixturevalue("moderator"))
    return known_issue


def notify_known_issue_followers(request):
    known_issue = _followed_known_issue(request)
    with on_commit():
        add_update(known_issue, "We found the cause.", status="identified")
    return QUEUED


def notify_notice_followers(request):
    """The old name, kept for tasks queued before the rename: called with a known issue's id."""
    known_issue = _followed_known_issue(request)
    add_update(known_issue, "We found the cause.", status="identified")  # claimed; nothing queued (no commit)
    return [(known_issue.pk,)]


# task path -> (scene, must the first run change something?)
CASES = {
    "forum.tasks.index_thread": (index_thread, True),
    "forum.tasks.index_document": (index_document, True),
    # Semantic search may have no model in a test run; then the first run changes nothing either.
    "forum.tasks.embed_document": (embed_document, False),
    "forum.tasks.notify": (notify, True),
    "forum.tasks.recount_tags": (recount_tags, True),
    "forum.tasks.recount_categories": (recount_categories, True),
    "forum.tasks.email_notification": (email_notification, True),
    "forum.tasks.send_digests": (send_digests, True),
    "forum.tasks.send_accept_reminders": (send_accept_reminders, True),
    "forum.tasks.flush_view_counts": (flush_view_counts, True),
    "badges.tasks.evaluate_members": (evaluate_members, True),
    "moderation.recovery.tasks.forward_compliment": (forward_compliment, True),
    "moderation.recovery.tasks.send_follow_ups": (send_follow_ups, True),
    "moderation.recovery.tasks.check_response_targets": (check_response_targets, True),
    "blog.tasks.notify_known_issue_followers": (notify_known_issue_followers, True),
    "blog.tasks.notify_notice_followers": (notify_notice_followers, True),
}


def existing_tasks() -> dict[str, Task]:
    found = {}
    for module_name in TASK_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, Task) and value.func.__module__ == module_name:
                found[value.module_path] = value
    return found


def snapshot() -> dict:
    """All a user could notice: every row of every table, the emails sent, the search index."""
    state = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            state[model._meta.label] = repr(list(model._base_manager.order_by("pk").values_list()))
    state["outbox"] = [(message.to, message.subject, message.body) for message in mail.outbox]
    state["search"] = search.backend().fingerprints()
    return state


def changed(before: dict, after: dict) -> list[str]:
    return [key for key in after if before.get(key) != after[key]]


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_every_task_has_an_idempotency_case():
    assert set(existing_tasks()) <= set(CASES), "add a case for each new task to CASES"


@pytest.mark.parametrize("path", sorted(CASES))
def test_running_a_task_twice_has_the_effect_of_running_it_once(path, request, clock):
    task = existing_tasks().get(path)
    if task is None:
        pytest.skip(f"{path} does not exist (yet)")
    scene, must_change = CASES[path]
    calls = scene(request)
    if calls is QUEUED:
        rows = list(DBTaskResult.objects.filter(task_path=path, status="READY"))
        assert rows, f"the scene queued no {path}"
        calls = [(*row.args_kwargs["args"],) for row in rows]
        kwargs = [row.args_kwargs["kwargs"] for row in rows]
    else:
        kwargs = [{} for _ in calls]

    def run_all():
        for args, extra in zip(calls, kwargs, strict=True):
            with on_commit():
                task.call(*args, **extra)

    before = snapshot()
    run_all()
    once = snapshot()
    if must_change:
        assert changed(before, once), f"{path}: the first run changed nothing, so the case proves nothing"
    run_all()
    twice = snapshot()
    assert changed(once, twice) == [], f"{path}: the second run changed {changed(once, twice)}"
