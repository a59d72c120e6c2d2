"""Thread-page panels (forum.extensions.thread_panels): case status for everyone, staff notes for staff.

Fixed queries: the case (with owner) once per content version for every reader (a case's every
change is a saved row, which moves the version) and, for staff, one for the notes.
"""

from config.web import pagecache
from forum.models import Thread
from forum.roles import is_moderator
from moderation.recovery import selectors
from moderation.recovery.models import Case

STYLESHEETS = ["css/recovery.css"]  # linked once in the thread page's <head> (forum_tags.panel_stylesheets)


def thread_panels(request, thread) -> list[dict]:
    panels = []
    staff = is_moderator(request.user)  # who works service recovery
    if thread.kind == Thread.Kind.PROBLEM:
        case = pagecache.versioned(f"recovery:case-of:{thread.pk}", lambda: (
            Case.objects.select_related("owner__profile").filter(thread=thread).first() or False))
        if case:
            panels.append({"template": "moderation/recovery/panels/case_status.html", "stylesheets": STYLESHEETS,
                           "context": {"case": case, "staff": staff, "statuses": Case.Status.choices,
                                       "is_author": request.user.is_authenticated
                                       and request.user.pk == thread.author_id}})
    if staff:
        panels.append({"template": "moderation/recovery/panels/staff_notes.html", "stylesheets": STYLESHEETS,
                       "context": {"notes": list(selectors.staff_notes(thread)), "thread": thread}})
    return panels
