"""Service recovery's URLs, namespace "recovery", included at the site's root (config/urls.py).

Customers' pages (the feedback form, the follow-up link in emails) live outside /moderation/;
staff pages live under /moderation/ beside moderation's own (so the staff areas' second-factor
rule covers them). The public pages' old addresses under /moderation/ redirect (308: a form posted
to the old address is posted again, and links in emails already sent keep working).
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import include, path, reverse

from moderation.recovery import views

app_name = "recovery"


class _MovedPermanently(HttpResponsePermanentRedirect):
    status_code = 308  # like 301, but the method and the body are kept


def _moved(name: str):
    def redirect(request, **kwargs):
        target = reverse(f"recovery:{name}", kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        return _MovedPermanently(f"{target}?{query}" if query else target)

    return redirect


staff_patterns = [
    path("feedback/inbox/", views.inbox, name="inbox"),
    path("feedback/<int:pk>/handled/", views.feedback_handled, name="feedback_handled"),
    path("compliments/", views.compliments, name="compliments"),
    path("waiting/", views.queue, name="waiting"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/take/", views.case_take, name="case_take"),
    path("cases/<int:pk>/reassign/", views.case_reassign, name="case_reassign"),
    path("cases/<int:pk>/status/", views.case_status, name="case_status"),
    path("cases/<int:pk>/reply/", views.recovery_reply, name="recovery_reply"),
    path("threads/<int:thread_pk>/case/", views.case_for_thread, name="case_for_thread"),
    path("threads/<int:thread_pk>/notes/", views.note_add, name="note_add"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    # The customers' pages lived here once.
    path("feedback/", _moved("feedback")),
    path("feedback/missing-page/", _moved("feedback_missing")),
    path("follow-up/<str:token>/", _moved("follow_up")),
]

urlpatterns = [
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/missing-page/", views.feedback_missing, name="feedback_missing"),
    path("follow-up/<str:token>/", views.follow_up, name="follow_up"),
    path("moderation/", include(staff_patterns)),
]
