"""The ledger, standings, ranks and badges for generated benchmark content (`manage.py seed_bench`).

Built in bulk from the rows forum.bench_seed inserted, with the same rules the services apply one
event at a time (`_desired`: what a thread's kudos, acceptance and verification are worth; the daily
kudos cap; rank thresholds; badge rules), so `rebuild_reputation` and `award_badges --backfill`
find nothing to change afterwards.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from badges import periods, rules, selectors, services
from badges.models import Award, Badge, ReputationEntry, Standing
from forum.bench_seed import insert

User = get_user_model()
BATCH = 2000


class Ledger:
    def __init__(self):
        self.config = services.reputation_settings()
        self.ranks = selectors.member_ranks()
        self.day_raw: dict[tuple[int, object], int] = defaultdict(int)  # (member, day) -> uncapped kudo points
        self.totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.week, self.month = periods.week_start(), periods.month_start()
        self.entries = 0

    def add_chunk(self, chunk, writer) -> None:
        """The chunk's ledger rows, computed here and written by `writer` (forum.bench_seed.Writer)
        after the chunk's own rows."""
        answers_by_thread, kudos_by_thread = defaultdict(list), defaultdict(list)
        answer_thread = {}
        for answer in chunk.answers:
            answers_by_thread[answer["thread_id"]].append(answer)
            answer_thread[answer["id"]] = answer["thread_id"]
        for kudo in chunk.kudos:
            kudos_by_thread[kudo["thread_id"] or answer_thread[kudo["answer_id"]]].append(kudo)
        rows = []
        cap = self.config.daily_kudo_cap
        for thread in chunk.threads:
            wants = services._desired(thread, answers_by_thread[thread["id"]], kudos_by_thread[thread["id"]],
                                      self.config)
            for want in sorted(wants.values(), key=lambda w: (w.occurred_at, w.source)):
                day = periods.local_day(want.occurred_at)
                points, raw = want.points, 0
                if want.kudo:  # as services._credit: the day's kudo points are min(cap, uncapped sum)
                    before = self.day_raw[(want.member_id, day)]
                    raw = want.points
                    points = min(cap, before + raw) - min(cap, before)
                    self.day_raw[(want.member_id, day)] = before + raw
                rows.append((want.member_id, want.reason, want.source, points, raw, want.thread_id, want.answer_id,
                             want.occurred_at, day, want.occurred_at))
                total = self.totals[want.member_id]
                total[0] += points
                if day >= self.week:
                    total[1] += points
                if day >= self.month:
                    total[2] += points
        writer.submit(insert, ReputationEntry, ["member_id", "reason", "source", "points", "raw_points", "thread_id",
                                                "answer_id", "occurred_at", "day", "created_at"], rows,
                      defaults={"seq": 1})
        self.entries += len(rows)

    def finish(self, member_ids: list[int], progress=None) -> dict:
        """Standings and rank groups for every member, then every badge rule over everyone."""
        now = timezone.now()
        memberships = User.groups.through
        for start in range(0, len(member_ids), BATCH):
            standings, groups = [], []
            for member_id in member_ids[start:start + BATCH]:
                total, week, month = self.totals.get(member_id, (0, 0, 0))
                rank = services.rank_for(total, self.ranks)
                standings.append((member_id, total, week, self.week, month, self.month,
                                  rank.pk if rank else None, now))
                if rank is not None:
                    groups.append((member_id, rank.group_id))
            with transaction.atomic():
                insert(Standing, ["member_id", "total", "week_points", "week_of", "month_points", "month_of",
                                  "rank_id", "updated_at"], standings)
                insert(memberships, ["user_id", "group_id"], groups)
            if progress:
                progress.update(len(standings))
        awarded = 0
        touched = []
        for badge in Badge.objects.filter(enabled=True).order_by("position", "pk"):
            rule = rules.RULES.get(badge.rule)
            if rule is None or rule.slug == "manual":
                continue
            awards = []
            for member_id, sources in rule.evaluate(badge.parameters, None).items():
                if badge.multiple:
                    chosen = sorted(sources.items())
                elif sources:
                    chosen = [("", sorted(sources.items())[0][1])]
                else:
                    chosen = []
                for source, (thread_id, answer_id) in chosen:
                    awards.append((badge.pk, member_id, source, thread_id, answer_id, now))
            with transaction.atomic():
                insert(Award, ["badge_id", "member_id", "source", "thread_id", "answer_id", "awarded_at"], awards)
            awarded += len(awards)
            touched.append(badge.pk)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [ReputationEntry, Award, memberships]):
                cursor.execute(statement)
        services._recount_badges(touched)
        services.leaderboard_changed()
        return {"entries": self.entries, "awards": awarded}
