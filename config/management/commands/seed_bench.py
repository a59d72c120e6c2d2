"""Generated community for page benchmarks: members, threads, answers, kudos, me too, tags, ledger, badges.

    manage.py seed_bench --members 2000 --threads 2000 --answers-per-thread 5 --seed 7
    manage.py seed_bench --members 250000 --threads 200000 --answers-per-thread 5   # the 1M-post target

Bulk inserts, one transaction per chunk of threads, into an empty database (after `migrate`).
The forum writes the content (forum/bench_seed.py); the badges app builds the reputation ledger,
standings, ranks and badges from the same rows (badges/bench_seed.py), so `rebuild_reputation`,
`synchronize_counters` and `award_badges --backfill` change nothing afterwards. Members bench1 …
bench10 sign in with the password `flawsome-bench`. Search is indexed afterwards with
`search_rebuild` (`--index` runs it here).
"""

import importlib
import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm


class Command(BaseCommand):
    help = "Fill an empty database with a generated community of the given size (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--threads", type=int, default=2000)
        parser.add_argument("--answers-per-thread", type=float, default=5.0, dest="answers_per_thread")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--until", type=date.fromisoformat, default=None,
                            help="the last day of the generated history (default today), YYYY-MM-DD")
        parser.add_argument("--chunk", type=int, default=1000, help="threads per transaction")
        parser.add_argument("--index", action="store_true", help="build the search index afterwards")

    def handle(self, *args, members, threads, answers_per_thread, seed, until, chunk, index, verbosity, **options):
        forum = importlib.import_module("forum.bench_seed")
        ledger_module = importlib.import_module("badges.bench_seed")
        quiet = verbosity == 0
        began = time.monotonic()
        generator = forum.Generator(members=members, threads=threads, answers_per_thread=answers_per_thread,
                                    seed=seed, until=until)
        with tqdm(total=members, desc="members", unit="member", disable=quiet, file=self.stderr) as bar:
            member_ids, category_ids, tag_ids = generator.members_and_categories(progress=bar)
        ledger = ledger_module.Ledger()
        counts = {"threads": 0, "answers": 0, "kudos": 0}
        writer = forum.Writer()
        try:
            with tqdm(total=threads, desc="threads", unit="thread", disable=quiet, file=self.stderr) as bar:
                for rows in generator.content(member_ids, category_ids, tag_ids, writer=writer, chunk_size=chunk,
                                              progress=bar):
                    ledger.add_chunk(rows, writer)
                    counts["threads"] += len(rows.threads)
                    counts["answers"] += len(rows.answers)
                    counts["kudos"] += len(rows.kudos)
                    bar.set_postfix(answers=counts["answers"], refresh=False)
        finally:
            writer.close()
        generator.finish()
        with tqdm(total=len(member_ids), desc="standings", unit="member", disable=quiet, file=self.stderr) as bar:
            result = ledger.finish(member_ids, progress=bar)
        seconds = time.monotonic() - began
        posts = counts["threads"] + counts["answers"]
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {members} members, {counts['threads']} threads, {counts['answers']} answers, "
            f"{counts['kudos']} kudos, {result['entries']} ledger entries, {result['awards']} awards "
            f"in {seconds:.1f} s ({posts / max(seconds, 0.001):,.0f} posts/s)."))
        if index:
            call_command("search_rebuild", verbosity=verbosity)
