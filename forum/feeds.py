"""RSS and Atom feeds of the forum (django.contrib.syndication): latest threads, solved threads,
a category's, a tag's and one thread's answers. Only what anyone may see: public threads, and
answers a visitor sees in them. Links are absolute from SITE_URL."""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from config import seo
from forum import selectors
from forum.models import Answer, Category, Thread

FEED_SIZE = 30


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.get_username()


class ThreadFeed(Feed):
    """Threads, newest first; subclasses narrow the list and name it."""

    url_name = "feed_latest"
    title = gettext_lazy("Latest threads")
    description = gettext_lazy("New questions, problems and compliments in the community.")

    def threads(self, obj):
        return Thread.objects.public()

    def items(self, obj):
        return (self.threads(obj).select_related("category", "author__profile")
                .prefetch_related("tags").order_by("-created_at")[:FEED_SIZE])

    def feed_kwargs(self, obj) -> dict:
        return {}

    def link(self, obj):
        return seo.absolute(reverse("forum:home"))

    def feed_url(self, obj):
        suffix = "atom" if self.feed_type is Atom1Feed else "rss"
        return seo.absolute(reverse(f"forum:{self.url_name}_{suffix}", kwargs=self.feed_kwargs(obj)))

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return seo.absolute(item.get_absolute_url())

    def item_guid(self, item):
        return seo.absolute(reverse("forum:thread_short", kwargs={"pk": item.pk}))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_activity_at

    def item_author_name(self, item):
        return _name(item.author)

    def item_categories(self, item):
        return [item.category.name, *(tag.name for tag in item.tags.all())]


class SolvedFeed(ThreadFeed):
    url_name = "feed_solved"
    title = gettext_lazy("Solved threads")
    description = gettext_lazy("Threads with an accepted solution, most recently active first.")

    def threads(self, obj):
        return Thread.objects.public().filter(status=Thread.Status.SOLVED)

    def items(self, obj):
        return (self.threads(obj).select_related("category", "author__profile")
                .prefetch_related("tags").order_by("-last_activity_at")[:FEED_SIZE])

    def link(self, obj):
        return seo.absolute(reverse("forum:solved"))


class CategoryFeed(ThreadFeed):
    url_name = "feed_category"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def feed_kwargs(self, obj):
        return {"slug": obj.slug}

    def threads(self, obj):
        return Thread.objects.public().filter(Q(category=obj) | Q(category__parent=obj))

    def title(self, obj):
        return _("Threads in %(category)s") % {"category": obj.name}

    def description(self, obj):
        return obj.description or self.title(obj)

    def link(self, obj):
        return seo.absolute(obj.get_absolute_url())


class TagFeed(ThreadFeed):
    url_name = "feed_tag"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def feed_kwargs(self, obj):
        return {"slug": obj.slug}

    def threads(self, obj):
        return Thread.objects.public().filter(tags__slug=obj.slug)

    def title(self, obj):
        return _("Threads tagged %(tag)s") % {"tag": obj.name}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return seo.absolute(reverse("forum:tag", kwargs={"slug": obj.slug}))


class ThreadAnswersFeed(Feed):
    """One thread's answers, newest first: follow a question from a feed reader."""

    url_name = "feed_thread"

    def get_object(self, request, pk):
        try:
            return selectors.get_visible_thread(None, pk)
        except Http404:
            raise Http404(_("This thread is not public.")) from None

    def title(self, obj):
        return _("Answers to “%(title)s”") % {"title": obj.title}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return seo.absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        suffix = "atom" if self.feed_type is Atom1Feed else "rss"
        return seo.absolute(reverse(f"forum:{self.url_name}_{suffix}", kwargs={"pk": obj.pk}))

    def items(self, obj):
        answers = list(Answer.objects.visible_to(None).filter(thread=obj).select_related("author__profile")
                       .order_by("-created_at")[:FEED_SIZE])
        for answer in answers:
            answer.thread = obj  # links read answer.thread: no query per answer
        return answers

    def item_title(self, item):
        mark = _("Accepted solution") if item.is_accepted else _("Answer")
        return f"{mark}: {_name(item.author)}"

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return seo.absolute(f"{item.thread.get_absolute_url()}#answer-{item.pk}")

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at

    def item_author_name(self, item):
        return _name(item.author)


def atom(feed_class):
    """The same feed as Atom (RSS 2.0 is syndication's default)."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed,
                                                               "subtitle": feed_class.description})
