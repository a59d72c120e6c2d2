"""Generated community content for page benchmarks (`manage.py seed_bench`), inserted in bulk.

Deterministic for a seed and an end date: the same arguments make the same rows. Text is a
mix of English and Dutch (about one thread in five in Dutch, in its own category) drawn from
the search benchmark's word lists. Every row is what the services would have written for the
same history: one revision per post, the asker follows the thread, the stored counters equal
their definitions in forum/counters.py, status follows the answers (solved when one is
accepted), and a verified answer is an accepted one. Content is inserted one chunk of threads at
a time; each chunk is handed to the callbacks as plain rows (the badges app builds the ledger
from them), so memory stays flat however large the run.

Timestamps are written as generated: `auto_now_add` is switched off for the duration of the run
(bulk_create would otherwise stamp every row with the moment of insertion).
"""

import contextlib
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from forum import counters
from forum.models import Answer, Category, Follow, Kudo, MeToo, Profile, Revision, Thread

User = get_user_model()

BENCH_PASSWORD = "flawsome-bench"  # members bench1 … bench10 can sign in with it (the page benchmark does)
SIGNED_IN_MEMBERS = 10
BATCH = 2000

CATEGORIES = [
    ("Orders & delivery", "bench-orders"), ("Billing & payments", "bench-billing"), ("Account & login", "bench-account"),
    ("Mobile app", "bench-app"), ("Smart home", "bench-smart-home"), ("Kitchen", "bench-kitchen"),
    ("Audio & TV", "bench-audio"), ("Nederlandstalig", "bench-nederlands"),
]
FIRST_NAMES = "Anna Bram Chloe Daan Eva Finn Gina Hugo Iris Jan Kim Lars Mia Noah Olga Pim Quinn Rosa Sem Tess".split()
LAST_NAMES = "Jansen Smith de Vries Baker Bakker Khan Visser Meijer Mulder Brown de Boer Peters Dekker Wilson".split()


@dataclass
class Chunk:
    """The rows one chunk of threads inserted (plain dicts, the shapes badges.services reads)."""

    threads: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    kudos: list[dict] = field(default_factory=list)


@contextlib.contextmanager
def _own_timestamps():
    fields = [f for model in (Thread, Answer, Kudo, MeToo, Revision, Follow) for f in model._meta.concrete_fields
              if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


class Generator:
    def __init__(self, *, members: int, threads: int, answers_per_thread: float, seed: int, until=None):
        from scripts.bench import EN_WORDS, FILLER_EN, FILLER_NL, NL_WORDS, _sentence, _zipf_choices

        self._sentence, self._zipf = _sentence, _zipf_choices
        self.words = {"en": (EN_WORDS, FILLER_EN), "nl": (NL_WORDS, FILLER_NL)}
        self.tag_words = {"en": EN_WORDS[:300], "nl": NL_WORDS[:200]}
        self.members, self.threads, self.per_thread = members, threads, answers_per_thread
        self.rng = random.Random(seed)
        day = until or timezone.localdate()
        self.end = timezone.make_aware(datetime.combine(day, time(23, 0)))
        self.start = self.end - timedelta(days=730)

    # text

    def text(self, language: str, paragraphs: int) -> tuple[str, str]:
        words, filler = self.words[language]
        paras = [". ".join(self._sentence(self.rng, words, filler, self.rng.randint(5, 12)).capitalize()
                           for _ in range(self.rng.randint(1, 3))) + "." for _ in range(paragraphs)]
        return "\n\n".join(paras), "".join(f"<p>{p}</p>\n" for p in paras)

    def title(self, language: str) -> str:
        words, filler = self.words[language]
        return self._sentence(self.rng, words, filler, self.rng.randint(3, 5)).capitalize()[:150] + "?"

    # people

    def _author(self, member_ids: list[int]) -> int:
        # A few members write most posts, as in real communities (and so ranks and badges are reached).
        return member_ids[int(len(member_ids) * self.rng.random() ** 3)]

    def _kudo_givers(self, member_ids, count: int, exclude: int) -> list[int]:
        chosen = {member_ids[self.rng.randrange(len(member_ids))] for _ in range(count)}
        chosen.discard(exclude)
        return sorted(chosen)

    def _after(self, moment, mean_hours: float, cap_days: int):
        delay = timedelta(hours=min(self.rng.expovariate(1 / mean_hours), cap_days * 24))
        return min(moment + delay, self.end)

    # inserting

    def members_and_categories(self, progress=None) -> tuple[list[int], list[int], dict[str, list]]:
        password = make_password(BENCH_PASSWORD)
        unusable = "!bench"
        first = User.objects.filter(username__startswith="bench").count()
        if first:
            raise RuntimeError("bench members exist already: seed into an empty database (or flush it first)")
        ids: list[int] = []
        for start in range(0, self.members, BATCH):
            users, profiles = [], []
            for n in range(start + 1, min(self.members, start + BATCH) + 1):
                users.append(User(username=f"bench{n}", email=f"bench{n}@example.com",
                                  password=password if n <= SIGNED_IN_MEMBERS else unusable,
                                  date_joined=self.start))
            with transaction.atomic():
                made = User.objects.bulk_create(users, batch_size=BATCH)
                for user in made:
                    dutch = self.rng.random() < 0.2
                    profiles.append(Profile(
                        user_id=user.pk, language="nl" if dutch else "en",
                        display_name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                        bio=self.text("nl" if dutch else "en", 1)[0] if self.rng.random() < 0.1 else "",
                    ))
                Profile.objects.bulk_create(profiles, batch_size=BATCH)
            ids.extend(u.pk for u in made)
            if progress:
                progress.update(len(made))
        categories = []
        for position, (name, slug) in enumerate(CATEGORIES):
            category, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": 100 + position})
            categories.append(category.pk)
        tags = {}
        for language, words in self.tag_words.items():
            existing = {t.name: t for t in Tag.objects.filter(name__in=words)}
            Tag.objects.bulk_create([Tag(name=w, slug=w) for w in words if w not in existing], ignore_conflicts=True)
            by_name = {t.name: t.pk for t in Tag.objects.filter(name__in=words)}
            tags[language] = [by_name[w] for w in words]
        return ids, categories, tags

    def content(self, member_ids, category_ids, tag_ids, *, chunk_size: int = 1000, progress=None):
        """Insert threads in chunks; yield each chunk's rows after it is committed."""
        thread_type = ContentType.objects.get_for_model(Thread).pk
        step = (self.end - self.start - timedelta(days=31)) / max(1, self.threads)
        with _own_timestamps():
            for start in range(0, self.threads, chunk_size):
                count = min(chunk_size, self.threads - start)
                with transaction.atomic():
                    chunk = self._chunk(start, count, step, member_ids, category_ids, tag_ids, thread_type)
                if progress:
                    progress.update(count)
                yield chunk

    def _answer_count(self, index: int) -> int:
        # Thread 1 has 200 answers and every 100th has 20 (the pages the benchmark opens); the rest
        # follow a geometric spread around the asked mean, some with none.
        if index == 0:
            return 200
        if index % 100 == 1:
            return 20
        if self.per_thread <= 0:
            return 0
        return min(60, int(self.rng.expovariate(1 / self.per_thread) + 0.5))

    def _chunk(self, start, count, step, member_ids, category_ids, tag_ids, thread_type) -> Chunk:
        rng = self.rng
        threads, plans = [], []
        for index in range(start, start + count):
            language = "nl" if rng.random() < 0.2 else "en"
            kind = rng.choice(["question"] * 6 + ["problem"] * 3 + ["compliment"])
            created = self.start + step * index + timedelta(minutes=rng.randint(0, 59))
            body, html = self.text(language, rng.randint(1, 3))
            title = self.title(language)
            author = self._author(member_ids)
            threads.append(Thread(
                author_id=author, kind=kind, title=title, slug=_slug(title), body=body, body_html=html,
                category_id=category_ids[-1] if language == "nl" else rng.choice(category_ids[:-1]),
                language=language, created_at=created, last_activity_at=created,
                view_count=int(rng.expovariate(1 / 150)),
            ))
            plans.append((language, kind, self._answer_count(index)))
        Thread.objects.bulk_create(threads, batch_size=BATCH)

        answers, taggings, me_toos, revisions, follows = [], [], [], [], []
        for thread, (language, kind, n_answers) in zip(threads, plans, strict=True):
            revisions.append(Revision(thread_id=thread.pk, number=1, title=thread.title, body=thread.body,
                                      editor_id=thread.author_id, created_at=thread.created_at))
            follows.append(Follow(user_id=thread.author_id, thread_id=thread.pk, created_at=thread.created_at))
            for tag in sorted(set(self._zipf(rng, tag_ids[language], rng.randint(0, 3)))):
                taggings.append(TaggedItem(tag_id=tag, content_type_id=thread_type, object_id=thread.pk))
            moment = thread.created_at
            for _ in range(0 if kind == "compliment" else n_answers):
                moment = self._after(moment, 10, 5)
                body, html = self.text(language, rng.randint(1, 2))
                answers.append(Answer(thread_id=thread.pk, author_id=self._author(member_ids), body=body,
                                      body_html=html, created_at=moment))
            if kind == "problem":
                for user_id in self._kudo_givers(member_ids, int(rng.expovariate(1 / 2)), thread.author_id):
                    me_toos.append(MeToo(user_id=user_id, thread_id=thread.pk,
                                         created_at=self._after(thread.created_at, 48, 20)))
        me_too_counts = Counter(m.thread_id for m in me_toos)
        by_thread: dict[int, list[Answer]] = {}
        for answer in answers:
            by_thread.setdefault(answer.thread_id, []).append(answer)
        for thread in threads:
            rows = by_thread.get(thread.pk, [])
            if rows and thread.kind != "compliment" and rng.random() < 0.45:
                others = [a for a in rows if a.author_id != thread.author_id] or rows
                chosen = rng.choice(others)
                chosen.is_accepted, chosen.accepted_by_id = True, thread.author_id
                chosen.accepted_at = self._after(chosen.created_at, 24, 10)
                if rng.random() < 0.25:
                    chosen.verified_at = self._after(chosen.accepted_at, 24, 5)
                    chosen.verified_by_id = member_ids[0]
            thread.answer_count = len(rows)
            thread.status = (Thread.Status.SOLVED if any(a.is_accepted for a in rows)
                             else Thread.Status.ANSWERED if rows else Thread.Status.OPEN)
            thread.last_activity_at = max([thread.created_at, *(a.created_at for a in rows)])
            thread.me_too_count = me_too_counts[thread.pk]
        Answer.objects.bulk_create(answers, batch_size=BATCH)

        kudos = []
        for post, field_name in [*((t, "thread_id") for t in threads), *((a, "answer_id") for a in answers)]:
            givers = self._kudo_givers(member_ids, int(rng.expovariate(1 / (1.5 if field_name == "answer_id" else 1))),
                                       post.author_id)
            post.kudos_count = len(givers)
            for user_id in givers:
                kudos.append(Kudo(user_id=user_id, created_at=self._after(post.created_at, 24, 14),
                                  **{field_name: post.pk}))
        Kudo.objects.bulk_create(kudos, batch_size=BATCH)
        for answer in answers:
            revisions.append(Revision(answer_id=answer.pk, number=1, body=answer.body, editor_id=answer.author_id,
                                      created_at=answer.created_at))
        Answer.objects.bulk_update([a for a in answers if a.kudos_count], ["kudos_count"], batch_size=BATCH)
        Thread.objects.bulk_update(threads, ["answer_count", "status", "last_activity_at", "me_too_count",
                                             "kudos_count"], batch_size=BATCH)
        MeToo.objects.bulk_create(me_toos, batch_size=BATCH)
        Revision.objects.bulk_create(revisions, batch_size=BATCH)
        Follow.objects.bulk_create(follows, batch_size=BATCH)
        TaggedItem.objects.bulk_create(taggings, batch_size=BATCH)
        return Chunk(
            threads=[{"id": t.pk, "author_id": t.author_id, "deleted_at": None, "is_hidden": False,
                      "created_at": t.created_at, "category_id": t.category_id} for t in threads],
            answers=[{"id": a.pk, "thread_id": a.thread_id, "author_id": a.author_id, "deleted_at": None,
                      "is_hidden": False, "is_accepted": a.is_accepted, "accepted_at": a.accepted_at,
                      "verified_at": a.verified_at} for a in answers],
            kudos=[{"id": k.pk, "user_id": k.user_id, "thread_id": k.thread_id, "answer_id": k.answer_id,
                    "created_at": k.created_at} for k in kudos],
        )

    def finish(self) -> None:
        """Counters kept on other rows: threads per category (one UPDATE)."""
        Category.objects.update(**counters._expressions(Category, ()))


def _slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:200] or "thread"
