from django.core.management.base import BaseCommand
from tqdm import tqdm

from forum import search
from forum.search import semantic
from forum.search.backends import whoosh_backend


class Command(BaseCommand):
    help = ("Rebuild the search index beside the live one, then swap it in (search keeps working); "
            "then embed every document whose vector is missing or stale (resumable).")

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument("--embeddings-only", action="store_true",
                            help="Keep the lexical index; only compute missing or stale embeddings.")

    def handle(self, *args, no_progress=False, embeddings_only=False, **options):
        active = search.backend()
        total = search.count_documents()
        if not embeddings_only:
            self.stdout.write(f"Rebuilding the {active.name} search index ({total} documents)…")
            with tqdm(total=total, unit="doc", disable=no_progress, file=self.stderr._out) as bar:
                count = active.rebuild(search.all_documents(), progress=bar.update)
            whoosh_backend.wait_for_pending_writes()
            self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents; the new index is live."))
        if not semantic.enabled():
            return
        self.stdout.write("Embedding documents for semantic search (an interrupted run resumes here)…")
        with tqdm(total=total, unit="doc", disable=no_progress, file=self.stderr._out) as bar:
            embedded = search.embed_all(progress=bar.update)
        ok, detail = semantic.health()
        if not ok:
            self.stdout.write(self.style.WARNING(f"Semantic search is unavailable: {detail}. Search stays lexical."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Embedded {embedded} new or changed documents."))
