from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from forum import search

SHOWN = 20


class Command(BaseCommand):
    help = "Compare the search index with the database and report drift (missing, stale, extra)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument("--fix", action="store_true", help="Re-index what drifted.")

    def handle(self, *args, no_progress=False, fix=False, **options):
        total = search.count_documents()
        try:
            with tqdm(total=total, unit="doc", disable=no_progress, file=self.stderr._out) as bar:
                drift = search.check(progress=bar.update)
        except search.SearchUnavailable as exc:
            raise CommandError(f"The search index cannot be read ({exc}); run manage.py search_rebuild.") from exc
        for label, keys in (("missing", drift.missing), ("stale", drift.stale), ("extra", drift.extra)):
            line = f"{label}: {len(keys)}"
            if keys:
                line += "  " + ", ".join(keys[:SHOWN]) + (" …" if len(keys) > SHOWN else "")
            self.stdout.write(line)
        if drift.clean:
            self.stdout.write(self.style.SUCCESS(f"The index matches the database ({total} documents)."))
            return
        if fix:
            for doc_key in drift.missing + drift.stale + drift.extra:
                doc_type, _sep, doc_id = doc_key.partition(":")
                search.index_document(doc_type, doc_id)
            self.stdout.write(self.style.SUCCESS("Re-indexed the documents that drifted."))
            return
        raise CommandError("The search index has drifted from the database (run with --fix or search_rebuild).")
