import logging
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language, get_language_info
from django.views.decorators.cache import never_cache

from config.ops import selectors as ops_selectors
from config.web import outage
from forum import search

logger = logging.getLogger(__name__)

def _check_database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def _check_cache() -> tuple[bool, str]:
    key = "healthz:probe"
    token = str(time.time())
    cache.set(key, token, 10)
    if cache.get(key) != token:
        return False, "cache did not return what was written"
    return True, cache.__class__.__name__


CHECKS = {"database": _check_database, "cache": _check_cache, "search": search.health}
# Parts the site serves without (pages come from the database while Redis is down): a failure is a
# warning and "degraded", not a 503, or a load balancer would take every app server out at once.
DEGRADED_ONLY = {"cache"}


@never_cache
def healthz(request):
    """Machine-readable health: 200 when everything answers, 503 with the failing part otherwise."""
    results = {}
    healthy = True
    warnings = []
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as exc:  # a health check reports failures, it never raises them
            ok, detail = False, f"{exc.__class__.__name__}: {exc}"
        results[name] = {"ok": ok, "detail": detail}
        if not ok and name in DEGRADED_ONLY:
            warnings.append(f"{name}: {detail}")
        else:
            healthy = healthy and ok
    status = "unavailable" if not healthy else "degraded" if warnings else "ok"
    payload = {"status": status, "checks": results}
    if warnings:
        payload["warnings"] = warnings
    try:  # scheduled jobs and the task queue: informative, they never make the answer a 503
        payload.update(ops_selectors.health())
    except Exception as exc:
        payload["jobs"] = {"error": f"{exc.__class__.__name__}: {exc}"}
    # Without the embedding model search still answers (lexically): a warning, not a 503.
    semantic_ok, semantic_detail = search.semantic_health()
    payload["semantic_search"] = {"ok": semantic_ok, "detail": semantic_detail}
    if not semantic_ok:
        payload.setdefault("warnings", []).append(f"semantic search: {semantic_detail}")
    return JsonResponse(payload, status=200 if healthy else 503)


def error_403(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def _count_missing_page(path: str) -> None:
    """Count the 404 by path (moderation.NotFoundPath). Never raises: the 404 page must always render."""
    try:
        from moderation.recovery.services import count_missing_page

        count_missing_page(path)
    except Exception:
        logger.exception("Could not count the missing page %s", path)


SUGGESTIONS = 5


def _suggestions(path: str, language: str) -> list[dict]:
    """Pages that may be what the visitor wanted, as {"title", "url", "language"}, those in the
    visitor's language first: search on the words of the path, else the latest solved threads.
    Both sources are reduced to the same shape here so the template never has to guess which one
    it got. (The search ranks; this only puts the visitor's language first among what it found.)"""
    try:
        hits = search.for_missing_page(path, limit=2 * SUGGESTIONS, language=language)
        if hits:
            hits = sorted(hits, key=lambda hit: hit.language != language)[:SUGGESTIONS]  # stable
            return [{"title": hit.title, "url": hit.url, "language": hit.language} for hit in hits]
    except Exception:
        logger.exception("404 suggestions: search failed for %s", path)
    try:
        from django.db.models import Case, IntegerField, Value, When

        from forum.models import Thread

        same_language = Case(When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField())
        threads = (Thread.objects.public().filter(status=Thread.Status.SOLVED)
                   .only("pk", "slug", "title", "language")
                   .order_by(same_language, "-last_activity_at")[:SUGGESTIONS])
        return [{"title": thread.title, "url": thread.get_absolute_url(), "language": thread.language}
                for thread in threads]
    except Exception:
        logger.exception("404 suggestions: could not read solved threads")
        return []


def _mark_other_languages(suggestions: list[dict], language: str) -> list[dict]:
    """A suggestion in another language than the visitor's says which (`other_language`, the
    language's own name, as the blog marks its articles), so a Dutch visitor knows before clicking
    that an English page is English."""
    for item in suggestions:
        code = item.get("language") or ""
        other = code != language and code in dict(settings.LANGUAGES)
        item["other_language"] = get_language_info(code)["name_local"] if other else ""
    return suggestions


def error_404(request, exception=None):
    _count_missing_page(request.path)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    suggestions = _mark_other_languages(_suggestions(request.path, language), language)
    context = {"requested_path": request.path, "suggestions": suggestions}
    try:
        from moderation.recovery.forms import MissingPageForm

        context["missing_form"] = MissingPageForm(initial={"page": request.path})
    except Exception:
        logger.exception("404: the missing-page form is not available")
    try:
        return render(request, "404.html", context, status=404)
    except Exception:
        # A suggestion that cannot be shown must not turn a 404 into a 500.
        logger.exception("404: rendering the suggestions failed for %s", request.path)
        context["suggestions"] = []
        return render(request, "404.html", context, status=404)


def error_500(request):
    # Called inside Django's `except` block: a database that did not answer is a 503 that says so
    # (and keeps what was sent), not "something went wrong".
    unavailable = outage.outage_response(request, sys.exc_info()[1])
    if unavailable is not None:
        return unavailable
    # No request context (context processors query the database, which may be what failed).
    return HttpResponseServerError(loader.get_template("500.html").render({"site_name": settings.SITE_NAME}))
