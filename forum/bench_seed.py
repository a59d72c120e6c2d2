"""Generated community content for page benchmarks (`manage.py seed_bench`), inserted in bulk.

Deterministic for a seed and an end date: the same arguments make the same rows. Text is a
mix of English and Dutch (about one thread in five in Dutch, in its own category) drawn from
the search benchmark's word lists. Every row is what the services would have written for the
same history: one revision per post, the asker follows the thread, the stored counters equal
their definitions in forum/counters.py, status follows the answers (solved when one is
accepted), and a verified answer is an accepted one. Content is inserted one chunk of threads at
a time; each chunk is handed to the callbacks as plain rows (the badges app builds the ledger
from them), so memory stays flat however large the run.

On PostgreSQL the writes run on a thread of their own (`Writer`) while the next chunk is generated:
the database's half of a chunk (COPY, the deferred foreign-key checks at commit) and Python's half
(the text) then take a core each instead of taking turns. Nothing else changes: the chunks are
generated in the same order from the same random stream and written in the order they were made.

Timestamps are written as generated: `auto_now_add` is switched off for the duration of the run
(bulk_create would otherwise stamp every row with the moment of insertion).
"""

import itertools
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.models import Max
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


class Generator:
    def __init__(self, *, members: int, threads: int, answers_per_thread: float, seed: int, until=None):
        from scripts.bench import EN_WORDS, FILLER_EN, FILLER_NL, NL_WORDS

        self.words = {"en": (EN_WORDS, FILLER_EN), "nl": (NL_WORDS, FILLER_NL)}
        self.tag_words = {"en": EN_WORDS[:300], "nl": NL_WORDS[:200]}
        self.members, self.threads, self.per_thread = members, threads, answers_per_thread
        self.rng = random.Random(seed)
        self._cumulative: dict[int, list[float]] = {}
        self._mixed: dict[int, tuple[list[str], list[float]]] = {}
        day = until or timezone.localdate()
        self.end = timezone.make_aware(datetime.combine(day, time(23, 0)))
        self.start = self.end - timedelta(days=730)

    # text

    def _zipf_weights(self, count: int) -> list[float]:
        """Cumulative weights of a Zipf law over `count` ranks (scripts.bench's law), summed once."""
        weights = self._cumulative.get(count)
        if weights is None:
            weights = self._cumulative[count] = list(itertools.accumulate(1 / (r + 1) for r in range(count)))
        return weights

    def _zipf(self, rng, words, k):
        """Words by a Zipf law over their rank."""
        return rng.choices(words, cum_weights=self._zipf_weights(len(words)), k=k)

    def _sentence(self, rng, words, filler, length):
        """2 × length words, each a topic word (by the Zipf law) or a filler word with even odds.

        One draw from both lists at once: drawing each list apart and shuffling the two together
        was a third of the seed's Python time."""
        population, weights = self._mixed.get(id(words), (None, None))
        if population is None:
            zipf = self._zipf_weights(len(words))
            step = zipf[-1] / len(filler)
            weights = zipf + [zipf[-1] + step * (n + 1) for n in range(len(filler))]
            population = list(words) + list(filler)
            self._mixed[id(words)] = population, weights
        return " ".join(rng.choices(population, cum_weights=weights, k=2 * length))

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
        first_id = (User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        ids = list(range(first_id, first_id + self.members))
        for start in range(0, self.members, BATCH):
            users, profiles = [], []
            for n in range(start + 1, min(self.members, start + BATCH) + 1):
                user_id = first_id + n - 1
                users.append((user_id, f"bench{n}", f"bench{n}@example.com",
                              password if n <= SIGNED_IN_MEMBERS else unusable, self.start))
                dutch = self.rng.random() < 0.2
                profiles.append((user_id, "nl" if dutch else "en",
                                 f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                                 self.text("nl" if dutch else "en", 1)[0] if self.rng.random() < 0.1 else ""))
            with transaction.atomic():
                insert(User, ["id", "username", "email", "password", "date_joined"], users,
                       defaults={"is_superuser": False, "is_staff": False, "is_active": True, "first_name": "",
                                 "last_name": ""})
                insert(Profile, ["user_id", "language", "display_name", "bio"], profiles,
                       defaults={"avatar": "", "email_mode": Profile.EmailMode.EACH})
            if progress:
                progress.update(len(users))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [User, Profile]):
                cursor.execute(statement)
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

    def content(self, member_ids, category_ids, tag_ids, *, writer: "Writer", chunk_size: int = 1000, progress=None):
        """Generate threads in chunks and hand each chunk's writes to `writer`; yield each chunk's rows
        (generated and queued, written in order: on PostgreSQL while the next chunk is made)."""
        thread_type = ContentType.objects.get_for_model(Thread).pk
        step = (self.end - self.start - timedelta(days=31)) / max(1, self.threads)
        self.ids = {model: (model.objects.aggregate(m=Max("pk"))["m"] or 0) for model in (Thread, Answer, Kudo)}
        for start in range(0, self.threads, chunk_size):
            count = min(chunk_size, self.threads - start)
            chunk, rows = self._chunk(start, count, step, member_ids, category_ids, tag_ids, thread_type)
            writer.submit(_write_chunk, chunk, rows)
            if progress:
                progress.update(count)
            yield chunk

    def _next_id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model]

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

    def _chunk(self, start, count, step, member_ids, category_ids, tag_ids, thread_type) -> tuple[Chunk, dict]:
        """Generate a chunk completely in memory (ids allocated here): its rows, one list per table."""
        rng = self.rng
        chunk = Chunk()
        rows = {name: [] for name in ("thread", "answer", "kudo", "me_too", "revision", "follow", "tagging")}
        for index in range(start, start + count):
            language = "nl" if rng.random() < 0.2 else "en"
            kind = rng.choice(["question"] * 6 + ["problem"] * 3 + ["compliment"])
            created = self.start + step * index + timedelta(minutes=rng.randint(0, 59))
            body, html = self.text(language, rng.randint(1, 3))
            title = self.title(language)
            author = self._author(member_ids)
            thread_id = self._next_id(Thread)
            answers, moment = [], created
            for _ in range(0 if kind == "compliment" else self._answer_count(index)):
                moment = self._after(moment, 10, 5)
                answer_body, answer_html = self.text(language, rng.randint(1, 2))
                answers.append({"id": self._next_id(Answer), "thread_id": thread_id, "author_id": self._author(member_ids),
                                "deleted_at": None, "is_hidden": False, "is_accepted": False, "accepted_at": None,
                                "accepted_by_id": None, "verified_at": None, "verified_by_id": None,
                                "created_at": moment, "body": answer_body, "body_html": answer_html})
            if answers and kind != "compliment" and rng.random() < 0.45:
                chosen = rng.choice([a for a in answers if a["author_id"] != author] or answers)
                chosen.update(is_accepted=True, accepted_by_id=author,
                              accepted_at=self._after(chosen["created_at"], 24, 10))
                if rng.random() < 0.25:
                    chosen.update(verified_at=self._after(chosen["accepted_at"], 24, 5), verified_by_id=member_ids[0])
            me_too = self._kudo_givers(member_ids, int(rng.expovariate(1 / 2)), author) if kind == "problem" else []
            for user_id in me_too:
                rows["me_too"].append((user_id, thread_id, self._after(created, 48, 20)))
            thread_kudos = self._kudo_givers(member_ids, int(rng.expovariate(1)), author)
            for user_id in thread_kudos:
                kudo = {"id": self._next_id(Kudo), "user_id": user_id, "thread_id": thread_id, "answer_id": None,
                        "created_at": self._after(created, 24, 14)}
                chunk.kudos.append(kudo)
            status = (Thread.Status.SOLVED if any(a["is_accepted"] for a in answers)
                      else Thread.Status.ANSWERED if answers else Thread.Status.OPEN)
            last_activity = max([created, *(a["created_at"] for a in answers)])
            thread = {"id": thread_id, "author_id": author, "deleted_at": None, "is_hidden": False,
                      "created_at": created, "category_id": category_ids[-1] if language == "nl"
                      else rng.choice(category_ids[:-1])}
            chunk.threads.append(thread)
            rows["thread"].append((
                thread_id, author, kind, title, _slug(title), body, html, thread["category_id"], language, status,
                len(answers), len(me_too), len(thread_kudos), int(rng.expovariate(1 / 150)), created, last_activity,
            ))
            rows["revision"].append((thread_id, None, 1, title, body, author, created))
            rows["follow"].append((author, thread_id, created))
            for tag in sorted(set(self._zipf(rng, tag_ids[language], rng.randint(0, 3)))):
                rows["tagging"].append((tag, thread_type, thread_id))
            for answer in answers:
                givers = self._kudo_givers(member_ids, int(rng.expovariate(1 / 1.5)), answer["author_id"])
                for user_id in givers:
                    chunk.kudos.append({"id": self._next_id(Kudo), "user_id": user_id, "thread_id": None,
                                        "answer_id": answer["id"],
                                        "created_at": self._after(answer["created_at"], 24, 14)})
                rows["answer"].append((
                    answer["id"], thread_id, answer["author_id"], answer["body"], answer["body_html"], len(givers),
                    answer["created_at"], answer["is_accepted"], answer["accepted_at"], answer["accepted_by_id"],
                    answer["verified_at"], answer["verified_by_id"],
                ))
                rows["revision"].append((None, answer["id"], 1, "", answer["body"], answer["author_id"],
                                         answer["created_at"]))
                del answer["body"], answer["body_html"]
                chunk.answers.append(answer)
        return chunk, rows

    def finish(self) -> None:
        """Counters kept on other rows (threads per category and per tag, an UPDATE each); sequences past
        the ids used."""
        Category.objects.update(**counters._expressions(Category, ()))
        counters.synchronize_tag_usage()
        statements = connection.ops.sequence_reset_sql(no_style(), [Thread, Answer, Kudo, MeToo, Revision, Follow,
                                                                    TaggedItem])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                # Fresh statistics: without them the planner takes 20k threads for 13 and sorts them all.
                cursor.execute("ANALYZE")


class Writer:
    """Runs the seed's writes in the order they are submitted, each job in a transaction of its own.

    On PostgreSQL (and outside a transaction: a test's transaction must see its own rows) a job runs
    on a thread with its own connection while the caller generates the next one; at most one job
    waits, so memory stays flat, and a job's error is raised by the next submit() or by close().
    Elsewhere a job runs at once. Commits do not wait for the disk (`synchronous_commit off`): a
    crash loses the last chunks of a benchmark's data, never its consistency. Where the role may
    (a superuser, as on the benchmark's database), the threaded jobs skip the deferred foreign-key
    checks, as `pg_restore --disable-triggers` does: the generator allocates every id it refers to,
    and those checks were 40 % of the writes (measured at 20k threads).
    """

    def __init__(self):
        self.threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self._pending: threading.Thread | None = None
        self._error: BaseException | None = None
        self._settings = []
        if connection.vendor == "postgresql":
            self._settings.append("SET synchronous_commit TO off")
            with connection.cursor() as cursor:
                cursor.execute(self._settings[0])
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                if self.threaded and cursor.fetchone()[0]:
                    self._settings.append("SET session_replication_role TO replica")

    def submit(self, job, *args, **kwargs) -> None:
        if not self.threaded:
            with transaction.atomic():
                job(*args, **kwargs)
            return
        self._wait()
        self._pending = threading.Thread(target=self._run, args=(job, args, kwargs), name="seed-writer")
        self._pending.start()

    def _run(self, job, args, kwargs) -> None:
        try:
            with connection.cursor() as cursor:
                for setting in self._settings:
                    cursor.execute(setting)
            with transaction.atomic():
                job(*args, **kwargs)
        except BaseException as error:  # handed to the caller's thread by _wait()
            self._error = error
        finally:
            connections.close_all()  # this thread's connection; the next job opens its own

    def _wait(self) -> None:
        if self._pending is not None:
            self._pending.join()
            self._pending = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def close(self) -> None:
        self._wait()


def _write_chunk(chunk: Chunk, rows: dict) -> None:
    """Each table of a chunk in one statement (run by the Writer, inside its transaction)."""
    insert(Thread, ["id", "author_id", "kind", "title", "slug", "body", "body_html", "category_id", "language",
                    "status", "answer_count", "me_too_count", "kudos_count", "view_count", "created_at",
                    "last_activity_at"], rows["thread"],
           defaults={"is_hidden": False, "is_pending_review": False, "close_reason": "", "close_note": "",
                     "is_pinned": False, "submission_token": ""})
    insert(Answer, ["id", "thread_id", "author_id", "body", "body_html", "kudos_count", "created_at",
                    "is_accepted", "accepted_at", "accepted_by_id", "verified_at", "verified_by_id"],
           rows["answer"], defaults={"is_hidden": False, "is_pending_review": False, "submission_token": ""})
    insert(Kudo, ["id", "user_id", "thread_id", "answer_id", "created_at"],
           [(k["id"], k["user_id"], k["thread_id"], k["answer_id"], k["created_at"]) for k in chunk.kudos])
    insert(MeToo, ["user_id", "thread_id", "created_at"], rows["me_too"])
    insert(Revision, ["thread_id", "answer_id", "number", "title", "body", "editor_id", "created_at"],
           rows["revision"], defaults={"note": ""})
    insert(Follow, ["user_id", "thread_id", "created_at"], rows["follow"])
    insert(TaggedItem, ["tag_id", "content_type_id", "object_id"], rows["tagging"])


def insert(model, columns: list[str], rows: list[tuple], *, defaults: dict | None = None) -> None:
    """Write rows into the model's table as fast as the database takes them: COPY on PostgreSQL,
    executemany elsewhere. Values are what the columns store (ids, not objects); `defaults` fills
    the NOT NULL columns every row shares."""
    if not rows:
        return
    defaults = defaults or {}
    names = [*columns, *defaults]
    fields = [_field(model, n) for n in names]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    extra = tuple(defaults.values())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + extra)
        else:
            adapt = [_adapter(f) for f in fields]
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})",
                               [tuple(a(v) for a, v in zip(adapt, row + extra, strict=True)) for row in rows])


def _field(model, name: str):
    """The field stored in column-ish `name` ("author_id" is the author foreign key's column)."""
    for candidate in model._meta.concrete_fields:
        if candidate.attname == name:
            return candidate
    raise LookupError(f"{model.__name__} stores no {name}")


def _adapter(field_object):
    internal = field_object.get_internal_type()
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: value


def _slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:200] or "thread"
