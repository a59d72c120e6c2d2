"""What search engines and link previews read on forum pages: canonical URL, noindex, Open Graph,
schema.org JSON-LD (QAPage, BreadcrumbList) and the feeds a page offers.

Built from what the page already loaded (the thread page's answers with their authors' profiles):
no query of its own, however many answers. Only what anyone may see goes into the markup: a
moderator's page leaves hidden and held answers out of the JSON-LD too.
"""

from html import unescape

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from config import seo
from config.web import pagecache
from forum import permissions, share_image, visibility
from forum.models import Thread

DESCRIPTION_LENGTH = 155
ANSWER_TEXT_LENGTH = 4000
# Question-and-answer pages are questions and problem reports; a compliment has no answer to mark.
QA_KINDS = {Thread.Kind.QUESTION, Thread.Kind.PROBLEM}


def text_of(html: str) -> str:
    return " ".join(unescape(strip_tags(html or "")).split())


def _author(user) -> dict:
    profile = getattr(user, "profile", None)
    name = profile.name if profile is not None else user.get_username()
    return seo.person(name, reverse("forum:profile", kwargs={"username": user.get_username()}))


def _answer(answer, thread_url: str) -> dict:
    entry = {
        "@type": "Answer",
        "text": Truncator(text_of(answer.body_html)).chars(ANSWER_TEXT_LENGTH),
        "dateCreated": answer.created_at.isoformat(),
        "upvoteCount": answer.kudos_count,
        "url": f"{thread_url}#answer-{answer.pk}",
        "author": _author(answer.author),
    }
    if answer.edited_at:
        entry["dateModified"] = answer.edited_at.isoformat()
    return entry


def public_answers(thread, answers) -> list:
    """The answers a visitor sees (answers already carry .thread, so this costs nothing)."""
    return [a for a in answers if visibility.answer_visible(None, a)]


def qa_page(thread, answers) -> dict:
    """schema.org QAPage: the accepted (or verified) answer as acceptedAnswer, others suggested."""
    url = seo.absolute(thread.get_absolute_url())
    accepted = [a for a in answers if a.is_accepted]
    suggested = [a for a in answers if not a.is_accepted]
    question = {
        "@type": "Question",
        "name": thread.title,
        "text": Truncator(text_of(thread.body_html)).chars(ANSWER_TEXT_LENGTH),
        "answerCount": len(answers),
        "upvoteCount": thread.kudos_count,
        "dateCreated": thread.created_at.isoformat(),
        "author": _author(thread.author),
        "url": url,
    }
    if thread.edited_at:
        question["dateModified"] = thread.edited_at.isoformat()
    if accepted:
        question["acceptedAnswer"] = _answer(accepted[0], url)
    if suggested:
        question["suggestedAnswer"] = [_answer(a, url) for a in suggested]
    return {"@context": "https://schema.org", "@type": "QAPage", "inLanguage": thread.language,
            "mainEntity": question}


def thread_crumbs(thread) -> list[tuple[str, str]]:
    return [(_("Community"), reverse("forum:home")), (thread.category.name, thread.category.get_absolute_url()),
            (thread.title, thread.get_absolute_url())]


def feed_links(url_name: str, title: str, **kwargs) -> list[dict]:
    """The <link rel="alternate"> pair (RSS and Atom) of one feed."""
    return [
        {"type": "application/rss+xml", "title": f"{title} (RSS)", "url": reverse(f"forum:{url_name}_rss", kwargs=kwargs)},
        {"type": "application/atom+xml", "title": f"{title} (Atom)",
         "url": reverse(f"forum:{url_name}_atom", kwargs=kwargs)},
    ]


def thread_seo(thread, answers) -> dict:
    """The thread page's head. Thin (no answer a visitor sees) or not public: noindex.

    Made once per content version and language for the thread and the answers on the page, and
    shared by every reader: stripping every answer's HTML to text was a sixth of a signed-in thread
    page. Sharing is safe because only what anyone may see goes in (visibility with no reader),
    and all of that is in the content version."""
    key = f"forum:seo:{thread.pk}:{','.join(str(answer.pk) for answer in answers)}"
    return pagecache.versioned(key, lambda: _thread_seo(thread, answers))


def _thread_seo(thread, answers) -> dict:
    public = visibility.thread_visible(None, thread)
    shown = public_answers(thread, answers) if public else []
    accepted = next((a for a in shown if a.is_accepted), None)
    structured = [seo.breadcrumb_list(thread_crumbs(thread))]
    if public and thread.kind in QA_KINDS:
        structured.insert(0, qa_page(thread, shown))
    head = {
        "title": thread.title,
        "description": Truncator(text_of(thread.body_html)).chars(DESCRIPTION_LENGTH),
        "type": "article",
        "canonical": seo.absolute(thread.get_absolute_url()),
        "noindex": not public or not shown,
        "jsonld": seo.json_ld(structured),
        "feeds": feed_links("feed_thread", _("Answers to “%(title)s”") % {"title": thread.title}, pk=thread.pk),
    }
    if public:
        head["image"] = seo.absolute(share_image.url_for(thread, verified=bool(accepted and accepted.is_verified)))
        head["image_alt"] = thread.title
    return head


def list_seo(*, view: str, category=None, tag=None, title: str = "") -> dict:
    """Category, tag and solved lists: their own feed and canonical URL (no breadcrumbs show there, so
    no BreadcrumbList either: structured data says what the page shows)."""
    head: dict = {"title": title}
    if category is not None:
        head["feeds"] = feed_links("feed_category", _("Threads in %(category)s") % {"category": category.name},
                                   slug=category.slug)
        head["description"] = category.description
        head["canonical"] = seo.absolute(category.get_absolute_url())
    elif tag is not None:
        head["feeds"] = feed_links("feed_tag", _("Threads tagged %(tag)s") % {"tag": tag.name}, slug=tag.slug)
        head["canonical"] = seo.absolute(reverse("forum:tag", kwargs={"slug": tag.slug}))
    elif view == "solved":
        head["feeds"] = feed_links("feed_solved", _("Solved threads"))
    return head


def profile_seo(member, stats: dict) -> dict:
    """A profile is indexed only for a member in good standing with something public to show."""
    thin = not (stats.get("questions") or stats.get("answers"))
    return {"noindex": thin or not permissions.can(permissions.check_may_act, member)}
