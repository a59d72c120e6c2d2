from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchLog(models.Model):
    """One search as typed on the site: no user, no IP, so it holds no personal data."""

    query = models.CharField(_("query"), max_length=200)
    normalized = models.CharField(_("normalised query"), max_length=200, db_index=True)
    result_count = models.PositiveIntegerField(_("results"))
    took_ms = models.PositiveIntegerField(_("time (ms)"))
    language = models.CharField(_("language"), max_length=8, default="en")
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "forum"
        ordering = ["-created_at"]
        verbose_name = _("search")
        verbose_name_plural = _("search log")

    def __str__(self):
        return self.normalized


class SearchEntry(models.Model):
    """One indexed document for the PostgreSQL backend: its text, facets and a tsvector.

    The GIN indexes (tsvector, trigram) are created by a migration that only runs on PostgreSQL.
    """

    doc_type = models.CharField(max_length=20)
    doc_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    language = models.CharField(max_length=8, default="en")
    category = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    tags = models.CharField(max_length=500, blank=True)
    solved = models.BooleanField(default=False)
    verified = models.BooleanField(default=False)
    kudos = models.IntegerField(default=0)
    boost = models.FloatField(default=1.0)
    created_at = models.DateTimeField(null=True)
    fingerprint = models.CharField(max_length=40)
    translation_group = models.CharField(max_length=100, blank=True, default="")  # SearchDocument's
    vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)  # title and tags only: similar and related questions

    class Meta:
        app_label = "forum"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["doc_type", "doc_id"], name="searchentry_unique_doc")]

    def __str__(self):
        return f"{self.doc_type}:{self.doc_id}"


class SearchWord(models.Model):
    """The unstemmed vocabulary of the index, for "did you mean" by trigram similarity (PostgreSQL)."""

    word = models.CharField(max_length=40, unique=True)

    class Meta:
        app_label = "forum"
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class SearchVector(models.Model):
    """One document's sentence embedding (semantic search), shared by every app server.

    Every change writes a new row (a new id) and removes the old one, and a removed document
    leaves a row without a vector: a server keeps its vectors in memory and only reads the rows
    with ids above the last one it saw (forum.search.semantic.VectorIndex).
    """

    key = models.CharField(max_length=100, unique=True)  # "type:id", as in the index
    model = models.CharField(max_length=40)
    text_hash = models.CharField(max_length=40)
    vector = models.BinaryField(null=True)  # float16, L2-normalised; NULL: the document is gone
    language = models.CharField(max_length=8, default="en")
    category = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    solved = models.BooleanField(default=False)
    verified = models.BooleanField(default=False)
    translation_group = models.CharField(max_length=100, blank=True, default="")  # SearchDocument's

    class Meta:
        app_label = "forum"
        verbose_name = _("search vector")
        verbose_name_plural = _("search vectors")

    def __str__(self):
        return self.key
