"""seed_demo step: after the demo content exists, rebuild the search index from it (idempotent)."""


def steps(context):
    def rebuild_index():
        from forum import search
        from forum.search.backends import whoosh_backend

        count = search.rebuild()
        whoosh_backend.wait_for_pending_writes()
        return f"{count} documents indexed"

    return [("Search index", rebuild_index)]
